// The codec recognises a SharedMatrix made by another copy of @weft/core (the `weft` bundle
// has its own copy; @weft/cluster, outside the bundle, imports the installed one) by its brand
// (SharedMatrix.isSharedMatrix), so a cluster run of the bundled command line sends matrices
// as matrices, not as plain objects.
import { SharedMatrix } from "@weft/core/SharedMatrix"
import { createRequire } from "node:module"
import { pathToFileURL } from "node:url"
import { describe, expect, it } from "vitest"
import { decodeInline, decodeWithBlobs, encodeInline, encodeWithBlobs } from "../src/Codec.js"

/** A second copy of @weft/core's SharedMatrix module: the same file under another URL. */
const otherCopy = async (): Promise<typeof SharedMatrix> => {
  const file = createRequire(import.meta.url).resolve("@weft/core/SharedMatrix")
  return ((await import(/* @vite-ignore */ `${pathToFileURL(file).href}?copy=cluster`)) as { SharedMatrix: typeof SharedMatrix }).SharedMatrix
}

describe("Codec and a SharedMatrix of another copy of @weft/core", () => {
  it("encodes it as a matrix, inline and as a blob", async () => {
    const Other = await otherCopy()
    const m = Other.fromRows([[1, 2, 3], [4, 5, 6]])
    expect(m instanceof SharedMatrix).toBe(false)
    const inline = decodeInline(encodeInline({ X: m })) as { X: SharedMatrix }
    expect(SharedMatrix.isSharedMatrix(inline.X)).toBe(true)
    expect([inline.X.rows, inline.X.columns, Array.from(inline.X.data)]).toEqual([2, 3, [1, 2, 3, 4, 5, 6]])
    const blobs = new Map<string, Uint8Array>()
    const encoded = encodeWithBlobs({ X: m }, blobs)
    expect(blobs.size).toBe(1)
    const back = decodeWithBlobs(encoded, (hash) => {
      const bytes = blobs.get(hash)!
      const shared = new SharedArrayBuffer(bytes.byteLength)
      new Uint8Array(shared).set(bytes)
      return shared
    }) as { X: SharedMatrix }
    expect(Array.from(back.X.data)).toEqual([1, 2, 3, 4, 5, 6])
  })
})
