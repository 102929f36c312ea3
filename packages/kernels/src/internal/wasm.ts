/**
 * The kernels' WebAssembly instance: one per thread, instantiated
 * synchronously when this module is first imported (on the main thread and in
 * every worker), and the staging area of its memory where the wrappers copy
 * blocks of their operands.
 *
 * The module owns no heap: memory past `stagingBase()` belongs to the caller
 * of one kernel call at a time (JavaScript is single-threaded per instance),
 * and grows on demand. Growing detaches old views, so every access goes
 * through {@link heap}.
 */
import { wasmBase64 } from "./wasmBytes.generated.js"

// The few WebAssembly JS-API types used here (the ES2022 lib has none).
interface Memory {
  readonly buffer: ArrayBuffer
  grow(pages: number): number
}
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object, imports: object) => { readonly exports: object }
}

interface Exports {
  readonly memory: Memory
  stagingBase(): number
  heapBase(): number
  gemm(
    m: number, n: number, k: number,
    a: number, lda: number, transA: number,
    b: number, ldb: number, transB: number,
    c: number, ldc: number, accumulate: number, upper: number
  ): void
  subtractColumns(x: number, rows: number, cols: number, center: number): void
  xtyAccumulate(x: number, rows: number, cols: number, y: number, out: number): void
  rowDots(x: number, rows: number, cols: number, w: number, out: number): void
  fillRows(c: number, rows: number, cols: number, v: number): void
  relu(x: number, count: number, pre: number): void
  activationBackward(d: number, h: number, m: number, count: number, tanh: number): void
}

const decode = (base64: string): Uint8Array => {
  // Buffer on Node; atob elsewhere (browsers, other runtimes).
  if (typeof Buffer !== "undefined") return new Uint8Array(Buffer.from(base64, "base64"))
  const s = atob(base64)
  const bytes = new Uint8Array(s.length)
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i)
  return bytes
}

// V8 first compiles WebAssembly with its baseline compiler (Liftoff, several
// times slower on these loops) and optimises hot functions later on a
// background thread, which on a loaded machine can take seconds. The module is
// small, so compile it optimised at once: switch Liftoff off for this one
// compilation on Node, where the flag can be set at run time.
const compile = (bytes: Uint8Array): object => {
  const v8 = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.("node:v8") as
    | { setFlagsFromString(flags: string): void }
    | undefined
  if (v8 === undefined) return new WebAssembly.Module(bytes)
  v8.setFlagsFromString("--no-liftoff")
  try {
    return new WebAssembly.Module(bytes)
  } finally {
    v8.setFlagsFromString("--liftoff")
  }
}

/** The instance's exports. */
export const wasm: Exports = new WebAssembly.Instance(compile(decode(wasmBase64)), {
  env: {
    abort: () => {
      throw new Error("@weft/kernels: WebAssembly abort")
    }
  }
}).exports as unknown as Exports

/** First byte of the staging area (a multiple of 64 KiB). */
export const STAGING = wasm.stagingBase()

if (wasm.heapBase() > 65536) throw new Error("@weft/kernels: static data overlaps the packing buffers")

let view = new Float64Array(wasm.memory.buffer)

// Doubles reserved below the staging area by live {@link reserve} calls
// (a stack: the last reserved is the first released).
let reserved = 0

/**
 * The module's memory as doubles, grown so that `doubles` doubles fit past the
 * staging base. Call again after anything that may grow it.
 */
export const heap = (doubles: number): Float64Array => {
  const needed = STAGING + (reserved + doubles) * 8
  const have = wasm.memory.buffer.byteLength
  if (needed > have) {
    wasm.memory.grow(Math.ceil((needed - have) / 65536))
  }
  if (view.buffer !== wasm.memory.buffer) view = new Float64Array(wasm.memory.buffer)
  return view
}

/** Index in {@link heap} of the double at staging offset `doubles`. */
export const at = (doubles: number): number => STAGING / 8 + reserved + doubles

/** Byte address of the double at staging offset `doubles`. */
export const addr = (doubles: number): number => STAGING + (reserved + doubles) * 8

/**
 * Reserves `doubles` doubles of the module's memory until `release` (which
 * must come in the reverse order of the reservations); returns the index in
 * {@link heap} of the first one.
 */
export const reserve = (doubles: number): { readonly index: number; readonly release: () => void } => {
  const index = STAGING / 8 + reserved
  const size = doubles + (doubles & 1)
  heap(size)
  reserved += size
  let released = false
  return {
    index,
    release: () => {
      if (released) return
      if (STAGING / 8 + reserved - size !== index) throw new Error("@weft/kernels: reservations released out of order")
      reserved -= size
      released = true
    }
  }
}
