// `SharedMatrix.isSharedMatrix` reads a brand (a Symbol.for key on the prototype), so a matrix
// made by another copy of the module (a bundle's, beside the installed package) is recognised,
// where `instanceof` is not.
import { describe, expect, it } from "vitest"
import { SharedMatrix, TypeId } from "../src/SharedMatrix.js"
import { decode, encode } from "../src/Wire.js"

/** A second copy of the module: the same file under another URL is another module instance. */
const otherCopy = async (): Promise<typeof SharedMatrix> =>
  ((await import(/* @vite-ignore */ `${new URL("../src/SharedMatrix.ts", import.meta.url).href}?copy=2`)) as { SharedMatrix: typeof SharedMatrix }).SharedMatrix

describe("SharedMatrix.isSharedMatrix", () => {
  it("is true for a matrix of another copy of the module, where instanceof is false", async () => {
    const Other = await otherCopy()
    expect(Other).not.toBe(SharedMatrix)
    const m = Other.fromRows([[1, 2], [3, 4]])
    expect(m instanceof SharedMatrix).toBe(false)
    expect(SharedMatrix.isSharedMatrix(m)).toBe(true)
    expect(Other.isSharedMatrix(SharedMatrix.zeros(1, 1))).toBe(true)
    // Wire (here: this copy's) sends it as a matrix, not as a plain object.
    const wire = encode({ X: m }) as { X: unknown }
    const back = decode(wire) as { X: SharedMatrix }
    expect(back.X instanceof SharedMatrix).toBe(true)
    expect(back.X.buffer).toBe(m.buffer)
  })

  it("is false for look-alikes and non-objects, and the brand adds no own property", () => {
    for (const u of [null, undefined, 1, "m", { rows: 1, columns: 1, data: new Float64Array(1) }, new Float64Array(4), { [TypeId]: false }]) {
      expect(SharedMatrix.isSharedMatrix(u)).toBe(false)
    }
    const m = SharedMatrix.zeros(2, 2)
    expect(Object.getOwnPropertySymbols(m)).toEqual([])
    expect(TypeId).toBe(Symbol.for("@weft/core/SharedMatrix"))
  })
})
