/**
 * How values cross a thread boundary. Structured cloning keeps a
 * `SharedArrayBuffer` shared but drops class prototypes, so a `SharedMatrix`
 * travels as a small descriptor (buffer, offset, shape) and is rebuilt on the
 * other side around the same memory.
 *
 * @since 0.1.0
 */
import { SharedMatrix } from "./SharedMatrix.js"

const TAG = "__weft_shared_matrix__"

interface SharedMatrixWire {
  readonly [TAG]: true
  readonly buffer: SharedArrayBuffer
  readonly offset: number
  readonly rows: number
  readonly columns: number
}

const isPlainObject = (u: unknown): u is Record<string, unknown> => {
  if (u === null || typeof u !== "object") return false
  const proto = Object.getPrototypeOf(u)
  return proto === Object.prototype || proto === null
}

/**
 * Replaces every `SharedMatrix` inside `value` (walking arrays and plain
 * objects) with its descriptor. Other values are returned as they are.
 *
 * @since 0.1.0
 * @category encoding
 */
export const encode = (value: unknown): unknown => {
  if (SharedMatrix.isSharedMatrix(value)) {
    const wire: SharedMatrixWire = { [TAG]: true, buffer: value.buffer, offset: value.offset, rows: value.rows, columns: value.columns }
    return wire
  }
  if (Array.isArray(value)) {
    let out: Array<unknown> | undefined
    for (let i = 0; i < value.length; i++) {
      const v = value[i]
      if (v === null || typeof v !== "object") continue
      const e = encode(v)
      if (e !== v) {
        out ??= value.slice()
        out[i] = e
      }
    }
    return out ?? value
  }
  if (isPlainObject(value)) {
    let out: Record<string, unknown> | undefined
    for (const key in value) {
      const v = value[key]
      if (v === null || typeof v !== "object") continue
      const e = encode(v)
      if (e !== v) {
        out ??= { ...value }
        out[key] = e
      }
    }
    return out ?? value
  }
  return value
}

/**
 * Rebuilds the `SharedMatrix` descriptors inside `value` made by {@link encode}.
 *
 * @since 0.1.0
 * @category encoding
 */
export const decode = (value: unknown): unknown => {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v = value[i]
      if (v !== null && typeof v === "object") value[i] = decode(v)
    }
    return value
  }
  if (isPlainObject(value)) {
    if (value[TAG] === true) {
      const w = value as unknown as SharedMatrixWire
      return SharedMatrix.fromBuffer(w.buffer, w.rows, w.columns, w.offset)
    }
    for (const key in value) {
      const v = value[key]
      if (v !== null && typeof v === "object") value[key] = decode(v)
    }
    return value
  }
  return value
}

/**
 * The `ArrayBuffer`s inside `value` that can be transferred (moved, not copied)
 * to another thread. Shared buffers are left out: they are shared anyway.
 *
 * @since 0.1.0
 * @category encoding
 */
export const transferables = (value: unknown, out: Array<ArrayBuffer> = []): Array<ArrayBuffer> => {
  if (value === null || typeof value !== "object") return out
  if (ArrayBuffer.isView(value)) {
    const b = value.buffer
    if (b instanceof ArrayBuffer && b.byteLength > 0 && !out.includes(b)) out.push(b)
    return out
  }
  if (value instanceof ArrayBuffer) {
    if (!out.includes(value)) out.push(value)
    return out
  }
  if (Array.isArray(value)) {
    for (const v of value) if (v !== null && typeof v === "object") transferables(v, out)
    return out
  }
  if (isPlainObject(value)) {
    for (const key in value) transferables(value[key], out)
  }
  return out
}
