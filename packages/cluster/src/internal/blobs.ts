/**
 * Content-addressed blobs in Redis: a blob is stored under its SHA-256, cut
 * into chunks (Redis strings are best kept well below their 512 MB limit),
 * once per run. Nodes fetch a blob once and keep it, by hash, in a bounded
 * cache of shared buffers.
 *
 * @internal
 */
import type { Redis } from "ioredis"
import { hashBytes } from "../Codec.js"
import type { RunKeys } from "./keys.js"

export const CHUNK_BYTES = 8 * 1024 * 1024

/** Stores every blob not yet stored by this run; `ttlSeconds` bounds how long an abandoned run's data lingers. */
export const putBlobs = async (
  redis: Redis,
  run: RunKeys,
  blobs: ReadonlyMap<string, Uint8Array>,
  stored: Set<string>,
  ttlSeconds: number
): Promise<number> => {
  let bytes = 0
  for (const [hash, data] of blobs) {
    if (stored.has(hash)) continue
    const chunks = Math.max(1, Math.ceil(data.byteLength / CHUNK_BYTES))
    const multi = redis.multi()
    for (let i = 0; i < chunks; i++) {
      const part = data.subarray(i * CHUNK_BYTES, Math.min(data.byteLength, (i + 1) * CHUNK_BYTES))
      // Buffer.from copies: a view of a SharedArrayBuffer cannot go to the socket as it is.
      multi.set(run.blobChunk(hash, i), Buffer.from(part), "EX", ttlSeconds)
    }
    // The count last: a node that sees it sees every chunk.
    multi.set(run.blob(hash), String(chunks), "EX", ttlSeconds)
    await multi.exec()
    stored.add(hash)
    bytes += data.byteLength
  }
  return bytes
}

/** Reads a blob into a new shared buffer, checking its hash; throws when it is missing or corrupt. */
export const getBlob = async (redis: Redis, run: RunKeys, hash: string): Promise<SharedArrayBuffer> => {
  const count = await redis.get(run.blob(hash))
  if (count === null) throw new Error(`blob ${hash.slice(0, 12)} is not in Redis (the run ended, or its data expired)`)
  const n = Number(count)
  const parts = await redis.mgetBuffer(...Array.from({ length: n }, (_, i) => run.blobChunk(hash, i)))
  let total = 0
  for (const [i, p] of parts.entries()) {
    if (p === null) throw new Error(`chunk ${i} of blob ${hash.slice(0, 12)} is missing`)
    total += p.byteLength
  }
  const shared = new SharedArrayBuffer(total)
  const view = new Uint8Array(shared)
  let at = 0
  for (const p of parts) {
    view.set(p!, at)
    at += p!.byteLength
  }
  if (hashBytes(view) !== hash) throw new Error(`blob ${hash.slice(0, 12)} does not match its hash`)
  return shared
}

/** A least-recently-used cache of blobs by hash, bounded in bytes. */
export class BlobCache {
  private readonly entries = new Map<string, SharedArrayBuffer>()
  private bytes = 0
  hits = 0
  misses = 0
  constructor(readonly maxBytes: number) {}

  get(hash: string): SharedArrayBuffer | undefined {
    const b = this.entries.get(hash)
    if (b !== undefined) {
      this.entries.delete(hash)
      this.entries.set(hash, b)
      this.hits++
    }
    return b
  }

  set(hash: string, buffer: SharedArrayBuffer): void {
    if (this.entries.has(hash)) return
    this.misses++
    this.entries.set(hash, buffer)
    this.bytes += buffer.byteLength
    for (const [h, b] of this.entries) {
      if (this.bytes <= this.maxBytes || this.entries.size === 1) break
      this.entries.delete(h)
      this.bytes -= b.byteLength
    }
  }

  get size(): number {
    return this.bytes
  }
}
