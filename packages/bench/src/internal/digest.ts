/**
 * Fingerprints of results: SHA-256 of the exact bit patterns of the numbers,
 * so that two results match only when every double is identical.
 */
import { createHash, type Hash } from "node:crypto"

/** Feeds numbers and typed arrays into a hash, bit for bit (NaN payloads and -0 included). */
export class Digest {
  private readonly hash: Hash = createHash("sha256")
  private readonly scratch = new Float64Array(1)

  numbers(values: ArrayLike<number>): this {
    const f = values instanceof Float64Array ? values : Float64Array.from(values)
    this.hash.update(new Uint8Array(f.buffer, f.byteOffset, f.byteLength))
    // The length separates [1, 2] + [3] from [1] + [2, 3].
    return this.number(f.length)
  }

  number(value: number): this {
    this.scratch[0] = value
    this.hash.update(new Uint8Array(this.scratch.buffer))
    return this
  }

  text(value: string): this {
    this.hash.update(value).update("\u0000")
    return this
  }

  hex(): string {
    return this.hash.digest("hex")
  }
}
