/**
 * How task arguments, items and results cross machines. Values are written
 * with V8's serializer (plain data and typed arrays, never code). Shared
 * matrices and large typed arrays are taken out and stored as
 * content-addressed blobs (SHA-256 of their bytes), so that a dataset travels
 * once per run however many jobs use it; a node rebuilds them in shared
 * memory, where its own worker threads read them without a copy.
 *
 * @since 0.1.0
 */
import { SharedMatrix } from "@weft/core/SharedMatrix"
import { createHash } from "node:crypto"
import * as v8 from "node:v8"

const REF = "__weft_blob__"
const INLINE_MATRIX = "__weft_matrix__"

/**
 * Typed arrays at least this large (bytes) travel as blobs.
 * @since 0.1.0
 * @category constants
 */
export const BLOB_THRESHOLD_BYTES = 64 * 1024

/**
 * The typed arrays the codec carries, inline or as blobs, with their class.
 *
 * @since 0.1.0
 * @category models
 */
type TypedArray =
  | Float64Array
  | Float32Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | BigInt64Array
  | BigUint64Array

const TYPED = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  BigInt64Array,
  BigUint64Array
} as const
type TypedName = keyof typeof TYPED

interface BlobRef {
  readonly [REF]: "matrix" | TypedName
  readonly hash: string
  readonly rows?: number
  readonly columns?: number
}

const isPlainObject = (u: unknown): u is Record<string, unknown> => {
  if (u === null || typeof u !== "object") return false
  const proto = Object.getPrototypeOf(u)
  return proto === Object.prototype || proto === null
}

const typedName = (u: ArrayBufferView): TypedName | undefined => {
  const name = u.constructor?.name
  return name !== undefined && name in TYPED ? (name as TypedName) : undefined
}

/** The bytes of a view, as a Uint8Array over the same memory. */
const bytesOf = (view: ArrayBufferView): Uint8Array => new Uint8Array(view.buffer, view.byteOffset, view.byteLength)

/**
 * @since 0.1.0
 * @category encoding
 */
export const hashBytes = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex")

/** A copy of a view on an ordinary (transferable, serializable) buffer. */
const unshared = <T extends ArrayBufferView>(view: T): T => {
  if (!(view.buffer instanceof SharedArrayBuffer)) return view
  const name = typedName(view)
  if (name === undefined) return new DataView(view.buffer.slice(0)) as unknown as T
  return (TYPED[name] as unknown as { from: (a: T) => T }).from(view)
}

/**
 * Walks arrays and plain objects, replacing what `replace` returns something for.
 * Copies only the containers on the path to a replaced value.
 */
const walk = (value: unknown, replace: (u: object) => unknown): unknown => {
  if (value === null || typeof value !== "object") return value
  const r = replace(value)
  if (r !== undefined) return r
  if (Array.isArray(value)) {
    let out: Array<unknown> | undefined
    for (let i = 0; i < value.length; i++) {
      const e = walk(value[i], replace)
      if (e !== value[i]) (out ??= value.slice())[i] = e
    }
    return out ?? value
  }
  if (isPlainObject(value)) {
    let out: Record<string, unknown> | undefined
    for (const key of Object.keys(value)) {
      const e = walk(value[key], replace)
      if (e !== value[key]) (out ??= { ...value })[key] = e
    }
    return out ?? value
  }
  return value
}

/**
 * Encodes `value` for a job: shared matrices and typed arrays of at least
 * `threshold` bytes become blob references, whose bytes are added to `blobs`
 * (by hash); the rest is serialized.
 *
 * @since 0.1.0
 * @category encoding
 */
export const encodeWithBlobs = (
  value: unknown,
  blobs: Map<string, Uint8Array>,
  threshold: number = BLOB_THRESHOLD_BYTES
): Buffer => {
  const out = walk(value, (u) => {
    if (SharedMatrix.isSharedMatrix(u)) {
      const bytes = bytesOf(u.data)
      const hash = hashBytes(bytes)
      blobs.set(hash, bytes)
      const ref: BlobRef = { [REF]: "matrix", hash, rows: u.rows, columns: u.columns }
      return ref
    }
    if (ArrayBuffer.isView(u)) {
      const name = typedName(u)
      if (name !== undefined && u.byteLength >= threshold) {
        const bytes = bytesOf(u)
        const hash = hashBytes(bytes)
        blobs.set(hash, bytes)
        const ref: BlobRef = { [REF]: name, hash }
        return ref
      }
      return unshared(u)
    }
    if (u instanceof SharedArrayBuffer) return u.slice(0) as unknown as ArrayBuffer
    return undefined
  })
  return v8.serialize(out)
}

/**
 * Decodes what {@link encodeWithBlobs} made: each blob reference is rebuilt
 * by `resolve` (which returns shared bytes, usually cached by hash).
 *
 * @since 0.1.0
 * @category encoding
 */
export const decodeWithBlobs = (buffer: Uint8Array, resolve: (hash: string) => SharedArrayBuffer): unknown =>
  rebuild(v8.deserialize(buffer), resolve)

const isRef = (u: unknown): u is BlobRef => isPlainObject(u) && typeof u[REF] === "string" && typeof u.hash === "string"

/** The blob hashes referenced inside a deserialized value. */
const refsIn = (value: unknown): Array<string> => {
  const hashes: Array<string> = []
  walk(value, (u) => {
    if (!isRef(u)) return undefined
    hashes.push(u.hash)
    return u
  })
  return hashes
}

/** Replaces the blob references inside a deserialized value by what their bytes rebuild. */
const rebuild = (value: unknown, resolve: (hash: string) => SharedArrayBuffer): unknown =>
  walk(value, (u) => {
    if (!isRef(u)) return undefined
    const bytes = resolve(u.hash)
    if (u[REF] === "matrix") return SharedMatrix.fromBuffer(bytes, u.rows!, u.columns!)
    const Ctor = TYPED[u[REF] as TypedName]
    if (Ctor === undefined) throw new TypeError(`unknown typed array "${String(u[REF])}" in a job`)
    return new Ctor(bytes as unknown as ArrayBuffer)
  })

/**
 * Every blob hash referenced by an encoded value (a node fetches them before decoding).
 * @since 0.1.0
 * @category encoding
 */
export const blobHashes = (buffer: Uint8Array): Array<string> => refsIn(v8.deserialize(buffer))

/**
 * Decodes an encoded value once: fetches each blob it references with
 * `fetch` (one at a time, in order), then rebuilds the value around them.
 *
 * @since 0.1.0
 * @category encoding
 */
export const decodeWithBlobsFetched = async (buffer: Uint8Array, fetch: (hash: string) => Promise<SharedArrayBuffer>): Promise<unknown> => {
  const value = v8.deserialize(buffer)
  const buffers = new Map<string, SharedArrayBuffer>()
  for (const hash of refsIn(value)) if (!buffers.has(hash)) buffers.set(hash, await fetch(hash))
  return rebuild(value, (hash) => buffers.get(hash)!)
}

/**
 * Encodes a value with everything inline (results, small items): shared
 * matrices travel as their values, shared typed arrays as copies.
 *
 * @since 0.1.0
 * @category encoding
 */
export const encodeInline = (value: unknown): Buffer =>
  v8.serialize(
    walk(value, (u) => {
      if (SharedMatrix.isSharedMatrix(u)) return { [INLINE_MATRIX]: true, rows: u.rows, columns: u.columns, data: Float64Array.from(u.data) }
      if (ArrayBuffer.isView(u)) return unshared(u)
      if (u instanceof SharedArrayBuffer) return u.slice(0) as unknown as ArrayBuffer
      return undefined
    })
  )

/**
 * Decodes what {@link encodeInline} made; matrices come back as shared matrices.
 * @since 0.1.0
 * @category encoding
 */
export const decodeInline = (buffer: Uint8Array): unknown =>
  walk(v8.deserialize(buffer), (u) => {
    if (isPlainObject(u) && u[INLINE_MATRIX] === true) {
      return SharedMatrix.fromFlat(u.data as Float64Array, u.rows as number, u.columns as number)
    }
    return undefined
  })

export type { TypedArray }
