/**
 * General matrix product C = op(A) · op(B) in WebAssembly SIMD128: packed
 * panels and a 4 x 4 register-blocked micro-kernel of f64x2 accumulators
 * (see assembly/kernels.ts). Each C element is summed over k in increasing
 * order from 0 (or from C), exactly as {@link gemmReference}: same bits, at
 * any blocking, on any machine.
 *
 * @since 0.2.0
 */
import { addr, heap, at, wasm } from "./internal/wasm.js"
import { gemmReference, type GemmOptions } from "./Reference.js"

export type { GemmOptions } from "./Reference.js"

/**
 * Below this many multiply-adds (m·n·k) the plain-JavaScript loop is faster
 * than copying into the module and calling it (measured by
 * bench/threshold.mjs; see the README).
 *
 * @since 0.2.0
 * @category constants
 */
export const GEMM_WASM_MIN = 512

// Doubles of operand staged per call (16 MiB): bounds the module's memory.
const CHUNK = 1 << 21

const checkSize = (what: string, array: Float64Array, needed: number): void => {
  if (array.length < needed) throw new RangeError(`@weft/kernels gemm: ${what} has ${array.length} elements, needs ${needed}`)
}

const checkDims = (m: number, n: number, k: number): void => {
  for (const [name, v] of [["m", m], ["n", n], ["k", k]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`@weft/kernels gemm: ${name} must be an integer >= 0, got ${v}`)
  }
}

/**
 * C = op(A) · op(B), or C += op(A) · op(B) with `accumulate`; op(A) is m x k,
 * op(B) k x n, C m x n, all row-major and contiguous (pass a `subarray` for
 * an offset). A is stored k x m when `transA`, B n x k when `transB`. The
 * arrays may live on a SharedArrayBuffer; they are read block by block, never
 * copied whole (except B when it is the transposed operand of a transposed A).
 *
 * @example
 * const C = new Float64Array(2 * 2)
 * gemm(2, 2, 3, A, B, C) // A 2x3, B 3x2
 * @since 0.2.0
 * @category products
 */
export const gemm = (
  m: number,
  n: number,
  k: number,
  A: Float64Array,
  B: Float64Array,
  C: Float64Array,
  options: GemmOptions = {}
): void => {
  checkDims(m, n, k)
  checkSize("A", A, m * k)
  checkSize("B", B, k * n)
  checkSize("C", C, m * n)
  if (m === 0 || n === 0) return
  if (m * n * k < GEMM_WASM_MIN) return gemmReference(m, n, k, A, B, C, options)
  gemmWasm(m, n, k, A, B, C, options)
}

/**
 * {@link gemm} always through WebAssembly, whatever the size (for tests and
 * benchmarks); shapes are not checked.
 *
 * @since 0.2.0
 * @category products
 */
export const gemmWasm = (
  m: number,
  n: number,
  k: number,
  A: Float64Array,
  B: Float64Array,
  C: Float64Array,
  options: GemmOptions = {}
): void => {
  if (m === 0 || n === 0) return
  const tA = options.transA === true
  const tB = options.transB === true
  const acc = options.accumulate === true
  if (!tA) {
    // Blocks of rows of A and C; B whole.
    const mb = Math.max(1, Math.min(m, Math.floor(CHUNK / Math.max(1, k + n))))
    const offA = k * n
    const offC = offA + mb * k
    let h = heap(offC + mb * n)
    h.set(B.subarray(0, k * n), at(0))
    for (let i0 = 0; i0 < m; i0 += mb) {
      const rows = Math.min(mb, m - i0)
      h.set(A.subarray(i0 * k, (i0 + rows) * k), at(offA))
      if (acc) h.set(C.subarray(i0 * n, (i0 + rows) * n), at(offC))
      wasm.gemm(rows, n, k, addr(offA), k, 0, addr(0), tB ? k : n, tB ? 1 : 0, addr(offC), n, acc ? 1 : 0, 0)
      h = heap(0)
      C.set(h.subarray(at(offC), at(offC) + rows * n), i0 * n)
    }
    return
  }
  // A stored k x m: blocks of k (rows of A, and of B unless B is transposed,
  // then B whole); C whole, accumulated block after block in k order.
  const kb = Math.max(1, Math.min(Math.max(k, 1), Math.floor(CHUNK / Math.max(1, m + (tB ? 0 : n)))))
  const offC = 0
  const offB = m * n
  const offA = offB + (tB ? n * k : kb * n)
  let h = heap(offA + kb * m)
  if (acc) h.set(C.subarray(0, m * n), at(offC))
  else h.fill(0, at(offC), at(offC) + m * n)
  if (tB) h.set(B.subarray(0, n * k), at(offB))
  for (let p0 = 0; p0 < k; p0 += kb) {
    const ks = Math.min(kb, k - p0)
    h.set(A.subarray(p0 * m, (p0 + ks) * m), at(offA))
    if (tB) {
      wasm.gemm(m, n, ks, addr(offA), m, 1, addr(offB + p0), k, 1, addr(offC), n, 1, 0)
    } else {
      h.set(B.subarray(p0 * n, (p0 + ks) * n), at(offB))
      wasm.gemm(m, n, ks, addr(offA), m, 1, addr(offB), n, 0, addr(offC), n, 1, 0)
    }
    h = heap(0)
  }
  C.set(h.subarray(at(offC), at(offC) + m * n), 0)
}
