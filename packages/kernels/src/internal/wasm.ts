/**
 * The kernels' WebAssembly instance: one per thread, instantiated
 * synchronously on the first kernel call (on the main thread and in every
 * worker; importing the package compiles nothing), and the staging area of
 * its memory where the wrappers copy blocks of their operands.
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
  choleskySolve(a: number, shift: number, b: number, p: number, pivotTolerance: number, l: number, lt: number, w: number): number
  residualSums(x: number, rows: number, cols: number, t: number, pw: number, bias: number, models: number, sq: number, ab: number): void
}

const decode = (base64: string): Uint8Array => {
  // Buffer on Node; atob elsewhere (browsers, other runtimes).
  if (typeof Buffer !== "undefined") return new Uint8Array(Buffer.from(base64, "base64"))
  const s = atob(base64)
  const bytes = new Uint8Array(s.length)
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i)
  return bytes
}

// V8 (Node 20: V8 11.3) compiles WebAssembly lazily, each function on its
// first call, with its baseline compiler (Liftoff, 4-8x slower on these
// loops), and optimises hot functions later on a background thread; there is
// no on-stack replacement, so a long call that started in Liftoff code (the
// first 500x500 product: 100-190 ms of CPU instead of 13) finishes in it.
// Switching Liftoff off alone does not help: the functions are still
// compiled lazily, after the flag is restored. So on Node compile the whole
// (small) module optimised and eagerly, then restore both flags: 30-45 ms more
// CPU once per thread, paid on the first kernel call rather than at import.
// (Measured with --print-wasm-code, which names the compiler of each function.)
const EAGER = ["--no-liftoff", "--no-wasm-lazy-compilation"]

/**
 * The flags of {@link EAGER} the user already set for the whole process
 * (`node --no-liftoff`, or in `NODE_OPTIONS`): those are left set after the
 * compilation instead of being turned back to V8's defaults. @internal
 */
export const setByUser = (proc: { execArgv?: ReadonlyArray<string>; env?: Record<string, string | undefined> }): ReadonlySet<string> => {
  const given = [...(proc.execArgv ?? []), ...(proc.env?.NODE_OPTIONS ?? "").split(/\s+/)].map((f) => f.replace(/_/g, "-"))
  return new Set(EAGER.filter((flag) => given.includes(flag)))
}

const compile = (bytes: Uint8Array): object => {
  const proc = (globalThis as {
    process?: {
      getBuiltinModule?: (id: string) => unknown
      execArgv?: ReadonlyArray<string>
      env?: Record<string, string | undefined>
    }
  }).process
  const v8 = proc?.getBuiltinModule?.("node:v8") as { setFlagsFromString(flags: string): void } | undefined
  if (proc === undefined || v8 === undefined) return new WebAssembly.Module(bytes)
  const keep = setByUser(proc)
  for (const flag of EAGER) v8.setFlagsFromString(flag)
  try {
    return new WebAssembly.Module(bytes)
  } finally {
    // Back to V8's default, `--x` for `--no-x`, unless the user set it.
    for (const flag of EAGER) if (!keep.has(flag)) v8.setFlagsFromString(flag.replace(/^--no-/, "--"))
  }
}

const EXPORTS = ["stagingBase", "heapBase", "gemm", "subtractColumns", "xtyAccumulate", "rowDots", "fillRows", "relu", "activationBackward", "residualSums", "choleskySolve"] as const

let instance: Exports | undefined
let staging = 0
let view = new Float64Array(0)

const load = (): Exports => {
  if (instance !== undefined) return instance
  const exports = new WebAssembly.Instance(compile(decode(wasmBase64)), {
    env: {
      abort: () => {
        throw new Error("@weft/kernels: WebAssembly abort")
      }
    }
  }).exports as unknown as Exports
  if (exports.heapBase() > 65536) throw new Error("@weft/kernels: static data overlaps the packing buffers")
  staging = exports.stagingBase()
  view = new Float64Array(exports.memory.buffer)
  // From now on the kernels are the instance's own functions (no indirection).
  for (const name of EXPORTS) (wasm as unknown as Record<string, unknown>)[name] = exports[name]
  instance = exports
  return exports
}

/**
 * The instance's exports; the first call of any of them instantiates the
 * module (every other entry point of this file does too).
 */
export const wasm: Exports = Object.fromEntries(
  EXPORTS.map((name) => [name, (...args: Array<number>) => (load()[name] as (...a: Array<number>) => unknown)(...args)])
) as unknown as Exports
Object.defineProperty(wasm, "memory", { get: () => load().memory })

// Doubles reserved below the staging area by live {@link reserve} calls
// (a stack: the last reserved is the first released).
let reserved = 0

/**
 * The module's memory as doubles, grown so that `doubles` doubles fit past the
 * staging base. Call again after anything that may grow it.
 */
export const heap = (doubles: number): Float64Array => {
  const memory = load().memory
  const needed = staging + (reserved + doubles) * 8
  const have = memory.buffer.byteLength
  if (needed > have) {
    memory.grow(Math.ceil((needed - have) / 65536))
  }
  if (view.buffer !== memory.buffer) view = new Float64Array(memory.buffer)
  return view
}

/** Index in {@link heap} of the double at staging offset `doubles`. */
export const at = (doubles: number): number => {
  if (instance === undefined) load()
  return staging / 8 + reserved + doubles
}

/** Byte address of the double at staging offset `doubles`. */
export const addr = (doubles: number): number => {
  if (instance === undefined) load()
  return staging + (reserved + doubles) * 8
}

/**
 * Reserves `doubles` doubles of the module's memory until `release` (which
 * must come in the reverse order of the reservations); returns the index in
 * {@link heap} of the first one.
 */
export const reserve = (doubles: number): { readonly index: number; readonly release: () => void } => {
  load()
  const index = staging / 8 + reserved
  const size = doubles + (doubles & 1)
  heap(size)
  reserved += size
  let released = false
  return {
    index,
    release: () => {
      if (released) return
      if (staging / 8 + reserved - size !== index) throw new Error("@weft/kernels: reservations released out of order")
      reserved -= size
      released = true
    }
  }
}

/**
 * Copies rows [t0, t0 + count) of the selection `rows` of X (null: rows t0..)
 * to heap index `dst`, each run of consecutive indices in one copy.
 */
export const copyRows = (
  h: Float64Array,
  dst: number,
  X: Float64Array,
  cols: number,
  rows: Int32Array | Uint32Array | null,
  t0: number,
  count: number
): void => {
  if (rows === null) {
    h.set(X.subarray(t0 * cols, (t0 + count) * cols), dst)
    return
  }
  for (let t = t0; t < t0 + count; t++) {
    let run = 1
    while (t + run < t0 + count && rows[t + run] === rows[t] + run) run++
    h.set(X.subarray(rows[t] * cols, (rows[t] + run) * cols), dst)
    dst += run * cols
    t += run - 1
  }
}
