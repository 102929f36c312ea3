/**
 * The solve of a ridge or least-squares fit, `(A + shift·I) w = b` for a
 * symmetric positive definite `A + shift·I`, by Cholesky factorisation `LLᵀ`
 * (Golub & Van Loan, "Matrix Computations", Algorithm 4.2.1) and two
 * triangular substitutions.
 *
 * Why a kernel (issue 12): a 200-alpha ridge search solves one p x p system
 * per (alpha, fold), a thousand for 5 folds; in JavaScript they cost about a
 * third of what the predictions on the test rows cost. Here two rows of a
 * column of L share an f64x2, each lane summing its own row's products in
 * increasing k, so every entry has the bits of {@link choleskySolveReference}
 * (the loop `fit` used before), on every machine.
 *
 * @since 0.2.0
 */
import { addr, at, heap, wasm } from "./internal/wasm.js"

/**
 * The solution `w` of `(A + shift·I) w = b` (A p x p, row-major, only its
 * lower triangle read; b of length p), or `undefined` when a pivot falls to
 * or below `pivotTolerance` times its diagonal entry (the matrix is not
 * numerically positive definite). The shift is added to each diagonal entry
 * as it is read: `A` is neither copied nor changed.
 *
 * @example
 * const w = choleskySolve(XtX, alpha, Xty, p, 1e-14) // undefined: not positive definite, so solve another way
 * @since 0.2.0
 * @category solvers
 */
export const choleskySolve = (A: Float64Array, shift: number, b: Float64Array, p: number, pivotTolerance: number): Float64Array | undefined => {
  if (A.length < p * p || b.length < p) throw new RangeError(`@weft/kernels choleskySolve: A needs ${p * p} values and b ${p}, got ${A.length} and ${b.length}`)
  const offA = 0
  const offB = p * p
  const offL = offB + p + (p & 1)
  const offT = offL + p * p
  const offW = offT + p * p
  let h = heap(offW + p)
  h.set(A.subarray(0, p * p), at(offA))
  h.set(b.subarray(0, p), at(offB))
  const ok = wasm.choleskySolve(addr(offA), shift, addr(offB), p, pivotTolerance, addr(offL), addr(offT), addr(offW))
  if (ok === 0) return undefined
  h = heap(0)
  return h.slice(at(offW), at(offW) + p)
}

/**
 * {@link choleskySolve} in plain JavaScript, the same operations in the same
 * order (the test oracle).
 *
 * @since 0.2.0
 * @category references
 */
export const choleskySolveReference = (
  A: Float64Array,
  shift: number,
  b: Float64Array,
  p: number,
  pivotTolerance: number
): Float64Array | undefined => {
  const L = new Float64Array(p * p)
  for (let j = 0; j < p; j++) {
    const rj = j * p
    const ajj = shift === 0 ? A[rj + j] : A[rj + j] + shift
    let d = ajj
    for (let k = 0; k < j; k++) d -= L[rj + k] * L[rj + k]
    if (!(d > ajj * pivotTolerance)) return undefined
    const ljj = Math.sqrt(d)
    L[rj + j] = ljj
    for (let i = j + 1; i < p; i++) {
      const ri = i * p
      let s = A[ri + j]
      for (let k = 0; k < j; k++) s -= L[ri + k] * L[rj + k]
      L[ri + j] = s / ljj
    }
  }
  const w = new Float64Array(p)
  for (let i = 0; i < p; i++) {
    const ri = i * p
    let s = b[i]
    for (let k = 0; k < i; k++) s -= L[ri + k] * w[k]
    w[i] = s / L[ri + i]
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = w[i]
    for (let k = i + 1; k < p; k++) s -= L[k * p + i] * w[k]
    w[i] = s / L[i * p + i]
  }
  return w
}
