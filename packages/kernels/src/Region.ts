/**
 * Operands that stay in the kernels' WebAssembly memory from one call to the
 * next: a chain of products (the layers of a network, forward and backward)
 * runs there without copying its operands in and its results out at every
 * call, as {@link gemm} must for arrays that live in JavaScript.
 *
 * A {@link Workspace} is one reservation of the module's memory, carved into
 * regions. Reservations are a stack (the last reserved is the first
 * released), so a workspace is for the duration of one pass: reserve it, run
 * the pass, release it in a `finally`. The kernels here read and write the
 * regions in place; JavaScript reads and writes them through
 * {@link Region.array}, a view that must be taken again after any kernel call
 * (a call may grow the memory, which detaches older views).
 *
 * The arithmetic is that of the copying kernels: {@link gemmRegions} gives
 * the bits of {@link gemm} and of its reference.
 *
 * @since 0.2.0
 */
import type { GemmOptions } from "./Reference.js"
import { heap, reserve, wasm } from "./internal/wasm.js"

/**
 * `length` doubles of the module's memory.
 *
 * @since 0.2.0
 * @category models
 */
export interface Region {
  readonly length: number
  /** Byte address in the module's memory (a multiple of 16 when the region starts at an even offset of its workspace). */
  readonly address: number
  /** The region as doubles: a fresh view, valid until the next kernel call. */
  readonly array: () => Float64Array
  /** The `length` doubles from `offset` of this region. */
  readonly sub: (offset: number, length: number) => Region
}

/**
 * A reservation of the module's memory until {@link Workspace.release}.
 *
 * @since 0.2.0
 * @category models
 */
export interface Workspace extends Region {
  /** Gives the memory back (reservations are released in the reverse order of theirs). */
  readonly release: () => void
}

const makeRegion = (index: number, length: number): Region => ({
  length,
  address: index * 8,
  array: () => heap(0).subarray(index, index + length),
  sub: (offset, n) => {
    if (!(Number.isInteger(offset) && Number.isInteger(n) && offset >= 0 && n >= 0 && offset + n <= length)) {
      throw new RangeError(`@weft/kernels region: [${offset}, ${offset + n}) is outside [0, ${length})`)
    }
    return makeRegion(index + offset, n)
  }
})

/**
 * Reserves `length` doubles of the module's memory (contents unspecified).
 *
 * @example
 * const ws = workspace(1024)
 * try {
 *   const [a, b] = [ws.sub(0, 512), ws.sub(512, 512)]
 *   a.array().set(values)
 * } finally {
 *   ws.release()
 * }
 * @since 0.2.0
 * @category constructors
 */
export const workspace = (length: number): Workspace => {
  if (!(Number.isInteger(length) && length >= 0)) throw new RangeError(`@weft/kernels workspace: length must be an integer >= 0, got ${length}`)
  const { index, release } = reserve(length)
  return { ...makeRegion(index, length), release }
}

const need = (what: string, region: Region, needed: number): void => {
  if (region.length < needed) throw new RangeError(`@weft/kernels gemmRegions: ${what} has ${region.length} elements, needs ${needed}`)
}

/**
 * {@link gemm} on operands in the module's memory: C = op(A) · op(B), or
 * C += op(A) · op(B) with `accumulate`, in place, copying nothing. Same
 * shapes, layout and bits as {@link gemm}.
 *
 * @since 0.2.0
 * @category products
 */
export const gemmRegions = (m: number, n: number, k: number, A: Region, B: Region, C: Region, options: GemmOptions = {}): void => {
  for (const [name, v] of [["m", m], ["n", n], ["k", k]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`@weft/kernels gemmRegions: ${name} must be an integer >= 0, got ${v}`)
  }
  need("A", A, m * k)
  need("B", B, k * n)
  need("C", C, m * n)
  if (m === 0 || n === 0) return
  const tA = options.transA === true
  const tB = options.transB === true
  wasm.gemm(m, n, k, A.address, tA ? m : k, tA ? 1 : 0, B.address, tB ? k : n, tB ? 1 : 0, C.address, n, options.accumulate === true ? 1 : 0, 0)
}

/**
 * Every row of the `rows` x `values.length` block C := `values` (a layer's
 * biases, before C += A · W).
 *
 * @since 0.2.0
 * @category elementwise
 */
export const fillRows = (C: Region, rows: number, values: Region): void => {
  if (C.length < rows * values.length) throw new RangeError(`@weft/kernels fillRows: C has ${C.length} elements, needs ${rows * values.length}`)
  wasm.fillRows(C.address, rows, values.length, values.address)
}

/**
 * x := max(x, 0) elementwise, as `x > 0 ? x : 0` (NaN and −0 give +0), and
 * the result also into `copy` when given.
 *
 * @since 0.2.0
 * @category elementwise
 */
export const reluRegion = (x: Region, copy?: Region): void => {
  if (copy !== undefined && copy.length < x.length) throw new RangeError(`@weft/kernels reluRegion: copy has ${copy.length} elements, needs ${x.length}`)
  wasm.relu(x.address, x.length, copy === undefined ? 0 : copy.address)
}

/**
 * d := (d · slope) · mask elementwise (mask only when given), slope =
 * `h > 0 ? 1 : 0` for ReLU, `1 − h·h` for tanh, h being the layer's outputs:
 * backpropagation through an activation and its dropout factors.
 *
 * @since 0.2.0
 * @category elementwise
 */
export const activationBackward = (d: Region, h: Region, activation: "relu" | "tanh", mask?: Region): void => {
  if (h.length < d.length || (mask !== undefined && mask.length < d.length)) {
    throw new RangeError(`@weft/kernels activationBackward: h and mask need ${d.length} elements`)
  }
  wasm.activationBackward(d.address, h.address, mask === undefined ? 0 : mask.address, d.length, activation === "tanh" ? 1 : 0)
}
