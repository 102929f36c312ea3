import { SharedMatrix } from "@weft/core"
import { createHash } from "node:crypto"
import { describe, expect, it } from "vitest"
import { Codec, ModuleId } from "@weft/cluster"

const resolveFrom = (blobs: Map<string, Uint8Array>) => (hash: string) => {
  const bytes = blobs.get(hash)!
  const shared = new SharedArrayBuffer(bytes.byteLength)
  new Uint8Array(shared).set(bytes)
  return shared
}

describe("Codec", () => {
  it("takes shared matrices and large typed arrays out as blobs and rebuilds them in shared memory", () => {
    const X = SharedMatrix.fromRows([[1, 2, 3], [4, 5, 6]])
    const big = new Float64Array(new SharedArrayBuffer(8 * 10_000)).map((_, i) => i / 7)
    const small = new Int32Array(new SharedArrayBuffer(16)).fill(3)
    const blobs = new Map<string, Uint8Array>()
    const encoded = Codec.encodeWithBlobs([{ X, big, small, name: "ridge", nested: [X] }, 42], blobs)
    // X twice, one blob; big is another.
    expect(blobs.size).toBe(2)
    expect(Codec.blobHashes(encoded).length).toBe(3)
    const [ctx, n] = Codec.decodeWithBlobs(encoded, resolveFrom(blobs)) as [any, number]
    expect(n).toBe(42)
    expect(ctx.X).toBeInstanceOf(SharedMatrix)
    expect(ctx.X.toRows()).toEqual([[1, 2, 3], [4, 5, 6]])
    expect(ctx.X.buffer).toBeInstanceOf(SharedArrayBuffer)
    expect(ctx.nested[0].toRows()).toEqual(ctx.X.toRows())
    expect(ctx.big).toBeInstanceOf(Float64Array)
    expect(ctx.big.buffer).toBeInstanceOf(SharedArrayBuffer)
    expect(Array.from(ctx.big)).toEqual(Array.from(big))
    expect(Array.from(ctx.small)).toEqual([3, 3, 3, 3])
    expect(ctx.name).toBe("ridge")
  })

  it("names a blob by the SHA-256 of its bytes, so equal data is one blob and different data two", () => {
    const a = new Map<string, Uint8Array>()
    Codec.encodeWithBlobs([SharedMatrix.fromRows([[1, 2]]), SharedMatrix.fromRows([[1, 2]])], a, 0)
    expect(a.size).toBe(1)
    const b = new Map<string, Uint8Array>()
    Codec.encodeWithBlobs([SharedMatrix.fromRows([[1, 2]]), SharedMatrix.fromRows([[1, 3]])], b, 0)
    expect(b.size).toBe(2)
    // An independent hash of the same bytes.
    const bytes = new Uint8Array(new Float64Array([1, 2]).buffer)
    expect([...a.keys()][0]).toBe(createHash("sha256").update(bytes).digest("hex"))
  })

  it("inlines results: shared matrices and shared typed arrays come back as values", () => {
    const M = SharedMatrix.fromRows([[1.5, -2], [0, 1e-300]])
    const shared = new Float64Array(new SharedArrayBuffer(24)).fill(0.1)
    const back = Codec.decodeInline(Codec.encodeInline({ M, shared, list: [1, "a", null], nan: Number.NaN })) as any
    expect(back.M.toRows()).toEqual([[1.5, -2], [0, 1e-300]])
    expect(Array.from(back.shared)).toEqual([0.1, 0.1, 0.1])
    expect(back.list).toEqual([1, "a", null])
    expect(Number.isNaN(back.nan)).toBe(true)
  })
})

describe("ModuleId", () => {
  it("names a module by its package, version and path inside the package", () => {
    const id = ModuleId.moduleId(new URL("./support/tasks.mjs", import.meta.url).href)
    expect(id).toBe("@weft/cluster@0.1.0/test/support/tasks.mjs")
  })

  it("refuses a module in no named package", () => {
    expect(() => ModuleId.moduleId("file:///tmp/nowhere/tasks.mjs")).toThrow(/in no named package/)
  })
})
