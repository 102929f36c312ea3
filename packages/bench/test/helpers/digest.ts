/** SHA-256 of the bit patterns of numbers, written here independently of the package's own digest. */
import { createHash } from "node:crypto"

export class Digest {
  private readonly hash = createHash("sha256")

  numbers(values: Float64Array): this {
    this.hash.update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength))
    this.hash.update(new Uint8Array(Float64Array.of(values.length).buffer))
    return this
  }

  hex(): string {
    return this.hash.digest("hex")
  }
}
