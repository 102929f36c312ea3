/**
 * Least-squares linear regression and ridge regression, fitted in closed form
 * on the normal equations, as scikit-learn's `LinearRegression` and
 * `Ridge(solver="cholesky")`.
 *
 * Fitting reads the training rows straight from the shared matrix by index and
 * accumulates `XᵀX` there (p x p): the dataset is never copied.
 *
 * @since 0.1.0
 */
import type { SharedMatrix } from "@weft/core/SharedMatrix"
import { ShapeMismatch } from "@weft/core/Errors"
import { choleskySolve, gemm, gram, xty } from "@weft/kernels"
import type { Estimator, FitInput, SufficientStatistics } from "../Estimator.js"
import { checkColumns, checkFitInput, checkKnownParams, readBoolean, readNumber, resolveRows } from "../internal/ModelInput.js"

/**
 * A fitted linear model: `ŷ = intercept + Σ_j coef[j]·x[j]`.
 *
 * @since 0.1.0
 * @category models
 */
export type LinearState = {
  readonly coef: ReadonlyArray<number>
  readonly intercept: number
}

/**
 * @since 0.1.0
 * @category models
 */
export type LinearRegressionParams = {
  /** Fit an intercept (centre X and y over the training rows). Default true. */
  readonly fitIntercept: boolean
}

/**
 * @since 0.1.0
 * @category models
 */
export type RidgeParams = {
  /** Strength of the L2 penalty `alpha·‖w‖²` (not applied to the intercept), >= 0. Default 1. */
  readonly alpha: number
  /** Fit an intercept (centre X and y over the training rows). Default true. */
  readonly fitIntercept: boolean
}

/** Sums over the training rows that the normal equations need. */
interface NormalEquations {
  readonly p: number
  readonly xMean: Float64Array
  readonly yMean: number
  /** `XcᵀXc`, p x p row-major (full, symmetric). */
  readonly gram: Float64Array
  /** `Xcᵀyc`, length p. */
  readonly xty: Float64Array
}

/**
 * The centred normal equations `XcᵀXc` and `Xcᵀyc` over `rows`, in two passes
 * (means first, then products of centred values) for accuracy; without an
 * intercept, the plain `XᵀX` and `Xᵀy`.
 */
const normalEquations = (X: SharedMatrix, y: Float64Array, rows: Int32Array, fitIntercept: boolean): NormalEquations => {
  const p = X.columns
  const data = X.data
  const n = rows.length
  const xMean = new Float64Array(p)
  let yMean = 0
  if (fitIntercept) {
    for (let k = 0; k < n; k++) {
      const i = rows[k]
      const base = i * p
      for (let j = 0; j < p; j++) xMean[j] += data[base + j]
      yMean += y[i]
    }
    for (let j = 0; j < p; j++) xMean[j] /= n
    yMean /= n
  }
  // The products run in @weft/kernels (WebAssembly SIMD, a fixed summation
  // order): the rows are centred while they are packed, so X is never copied.
  const xx = new Float64Array(p * p)
  const xy = new Float64Array(p)
  gram(data, p, rows, xx, fitIntercept ? xMean : null)
  xty(data, p, rows, y, xy, fitIntercept ? xMean : null, yMean)
  return { p, xMean, yMean, gram: xx, xty: xy }
}

/**
 * Eigenvalues and eigenvectors of the symmetric matrix `A` (p x p, row-major)
 * by the cyclic Jacobi method (Golub & Van Loan, "Matrix Computations",
 * Algorithm 8.5.3): column `k` of `vectors` (row-major) belongs to `values[k]`.
 */
const symmetricEigen = (A: Float64Array, p: number): { values: Float64Array; vectors: Float64Array } => {
  const a = A.slice()
  const V = new Float64Array(p * p)
  for (let j = 0; j < p; j++) V[j * p + j] = 1
  let scale = 0
  for (let k = 0; k < p * p; k++) scale += a[k] * a[k]
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0
    for (let j = 0; j < p; j++) for (let l = j + 1; l < p; l++) off += a[j * p + l] * a[j * p + l]
    if (off <= scale * 1e-32) break
    for (let j = 0; j < p - 1; j++) {
      for (let l = j + 1; l < p; l++) {
        const ajl = a[j * p + l]
        if (ajl === 0) continue
        // The rotation that zeroes a[j][l] (Golub & Van Loan's sym.schur2).
        const tau = (a[l * p + l] - a[j * p + j]) / (2 * ajl)
        const t = (tau >= 0 ? 1 : -1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau))
        const c = 1 / Math.sqrt(1 + t * t)
        const s = t * c
        for (let i = 0; i < p; i++) {
          const aij = a[i * p + j]
          const ail = a[i * p + l]
          a[i * p + j] = c * aij - s * ail
          a[i * p + l] = s * aij + c * ail
        }
        for (let i = 0; i < p; i++) {
          const aji = a[j * p + i]
          const ali = a[l * p + i]
          a[j * p + i] = c * aji - s * ali
          a[l * p + i] = s * aji + c * ali
        }
        for (let i = 0; i < p; i++) {
          const vij = V[i * p + j]
          const vil = V[i * p + l]
          V[i * p + j] = c * vij - s * vil
          V[i * p + l] = s * vij + c * vil
        }
      }
    }
  }
  const values = new Float64Array(p)
  for (let j = 0; j < p; j++) values[j] = a[j * p + j]
  return { values, vectors: V }
}

/**
 * The minimum-norm solution of the symmetric positive semi-definite system
 * `A w = b`, `w = A⁺ b`, from the eigendecomposition of `A`. Eigenvalues below
 * `16 · p · ε · λmax` count as zero: for `A = XᵀX` that is the least-squares
 * solution of least norm, as LAPACK's `gelsd` (scikit-learn's
 * `LinearRegression`) gives for a rank-deficient `X`.
 */
const pseudoInverseSolve = (A: Float64Array, b: Float64Array, p: number): Float64Array => {
  const { values, vectors } = symmetricEigen(A, p)
  let largest = 0
  for (let k = 0; k < p; k++) if (values[k] > largest) largest = values[k]
  const cutoff = largest * p * Number.EPSILON * 16
  const w = new Float64Array(p)
  for (let k = 0; k < p; k++) {
    if (!(values[k] > cutoff)) continue
    // w += v_k (v_kᵀ b) / λ_k
    let projection = 0
    for (let j = 0; j < p; j++) projection += vectors[j * p + k] * b[j]
    projection /= values[k]
    for (let j = 0; j < p; j++) w[j] += vectors[j * p + k] * projection
  }
  return w
}

/**
 * The solution `w` of `(G + alpha·I) w = b` (G p x p, symmetric positive
 * semi-definite): Cholesky (`choleskySolve` of `@weft/kernels`, Golub & Van
 * Loan's Algorithm 4.2.1 in WebAssembly, the bits of the JavaScript loop it
 * replaced), else the least-norm solution.
 */
const solveNormal = (G: Float64Array, b: Float64Array, p: number, alpha: number): Float64Array => {
  if (alpha > 0) {
    const w = choleskySolve(G, alpha, b, p, 1e-14)
    if (w !== undefined) return w
    const A = G.slice()
    for (let j = 0; j < p; j++) A[j * p + j] += alpha
    return pseudoInverseSolve(A, b, p)
  }
  // Cholesky while X has full rank; a pivot lost below 1e-10 of its
  // diagonal means (near) rank deficiency: then the least-norm solution.
  return choleskySolve(G, 0, b, p, 1e-10) ?? pseudoInverseSolve(G, b, p)
}

/** The model `w` with intercept `ȳ − x̄ᵀw` (0 without intercept). */
const linearState = (w: Float64Array, xMean: Float64Array, yMean: number, fitIntercept: boolean): LinearState => {
  let intercept = 0
  if (fitIntercept) {
    intercept = yMean
    for (let j = 0; j < w.length; j++) intercept -= xMean[j] * w[j]
  }
  return { coef: Array.from(w), intercept }
}

/** Coefficients `w` (and intercept `ȳ − x̄ᵀw`) of the ridge problem with strength `alpha` (0: least squares). */
const fitLinear = (input: FitInput, alpha: number, fitIntercept: boolean): LinearState => {
  const rows = checkFitInput(input.X, input.y, input.rows)
  const eq = normalEquations(input.X, input.y, rows, fitIntercept)
  return linearState(solveNormal(eq.gram, eq.xty, eq.p, alpha), eq.xMean, eq.yMean, fitIntercept)
}

/**
 * The sufficient statistics of least squares over a set of rows: their
 * `count`, column means `xMean`, target mean `yMean`, and the centred
 * co-moments `xx = XcᵀXc` (p x p, row-major, full), `xy = Xcᵀyc` and
 * `yy = ycᵀyc`. Plain data: it crosses to workers and cluster nodes.
 *
 * @since 0.1.0
 * @category models
 */
export interface LinearStatistics {
  readonly count: number
  readonly columns: number
  readonly xMean: Float64Array
  readonly yMean: number
  readonly xx: Float64Array
  readonly xy: Float64Array
  readonly yy: number
}

/**
 * The {@link LinearStatistics} of `rows` of (X, y), in two passes over them
 * (means first, then products of centred values). Throws as `fit` does for
 * non-finite values or a `y` of the wrong length.
 *
 * @example
 * const a = linearStatistics(X, y, rowsA)
 * const both = mergeLinearStatistics(a, linearStatistics(X, y, rowsB))
 * @since 0.1.0
 * @category statistics
 */
export const linearStatistics = (X: SharedMatrix, y: Float64Array, rows: Int32Array): LinearStatistics => {
  checkFitInput(X, y, rows)
  const p = X.columns
  const data = X.data
  const n = rows.length
  const xMean = new Float64Array(p)
  let yMean = 0
  for (let k = 0; k < n; k++) {
    const i = rows[k]
    const base = i * p
    for (let j = 0; j < p; j++) xMean[j] += data[base + j]
    yMean += y[i]
  }
  if (n > 0) {
    for (let j = 0; j < p; j++) xMean[j] /= n
    yMean /= n
  }
  const xx = new Float64Array(p * p)
  const xy = new Float64Array(p)
  gram(data, p, rows, xx, xMean)
  xty(data, p, rows, y, xy, xMean, yMean)
  let yy = 0
  for (let k = 0; k < n; k++) {
    const d = y[rows[k]] - yMean
    yy += d * d
  }
  return { count: n, columns: p, xMean, yMean, xx, xy, yy }
}

/**
 * The statistics of the rows of `a` and of `b` together, by Chan, Golub &
 * LeVeque's pairwise update (1979) extended to co-moments:
 * `C = Ca + Cb + (na·nb/n)·δδᵀ` with `δ` the difference of the means. Never a
 * subtraction of one set from another. Throws `ShapeMismatch` when the
 * column counts differ.
 *
 * @since 0.1.0
 * @category statistics
 */
export const mergeLinearStatistics = (a: LinearStatistics, b: LinearStatistics): LinearStatistics => {
  if (a.columns !== b.columns) {
    throw new ShapeMismatch({ what: "linear statistics to merge", expected: `${a.columns} columns`, actual: `${b.columns} columns` })
  }
  if (b.count === 0) return a
  if (a.count === 0) return b
  const p = a.columns
  const n = a.count + b.count
  const wb = b.count / n
  const f = (a.count * b.count) / n
  const dx = new Float64Array(p)
  const xMean = new Float64Array(p)
  for (let j = 0; j < p; j++) {
    dx[j] = b.xMean[j] - a.xMean[j]
    xMean[j] = a.xMean[j] + dx[j] * wb
  }
  const dy = b.yMean - a.yMean
  const xx = new Float64Array(p * p)
  const xy = new Float64Array(p)
  for (let j = 0; j < p; j++) {
    const fdj = f * dx[j]
    const gj = j * p
    for (let l = 0; l < p; l++) xx[gj + l] = a.xx[gj + l] + b.xx[gj + l] + fdj * dx[l]
    xy[j] = a.xy[j] + b.xy[j] + fdj * dy
  }
  // f·δj·δl is rounded differently from f·δl·δj: keep the result exactly symmetric.
  for (let j = 0; j < p; j++) for (let l = 0; l < j; l++) xx[j * p + l] = xx[l * p + j]
  return { count: n, columns: p, xMean, yMean: a.yMean + dy * wb, xx, xy, yy: a.yy + b.yy + f * dy * dy }
}

/** The normal equations `G w = b` of merged statistics: centred, or (without an intercept) the uncentred `XᵀX = XcᵀXc + n·x̄x̄ᵀ`, `Xᵀy = Xcᵀyc + n·x̄ȳ`. */
const systemOf = (stats: LinearStatistics, fitIntercept: boolean): { readonly G: Float64Array; readonly b: Float64Array } => {
  if (fitIntercept) return { G: stats.xx, b: stats.xy }
  const p = stats.columns
  const n = stats.count
  const G = new Float64Array(p * p)
  const b = new Float64Array(p)
  for (let j = 0; j < p; j++) {
    const nmj = n * stats.xMean[j]
    for (let l = j; l < p; l++) G[j * p + l] = stats.xx[j * p + l] + nmj * stats.xMean[l]
    b[j] = stats.xy[j] + nmj * stats.yMean
  }
  for (let j = 0; j < p; j++) for (let l = 0; l < j; l++) G[j * p + l] = G[l * p + j]
  return { G, b }
}

/**
 * The ridge model of strength `alpha` (0: least squares) fitted from merged
 * statistics: the same solve as `fit` on the same rows.
 *
 * @since 0.1.0
 * @category statistics
 */
export const fitLinearFromStatistics = (stats: LinearStatistics, alpha: number, fitIntercept: boolean): LinearState => {
  const { G, b } = systemOf(stats, fitIntercept)
  return linearState(solveNormal(G, b, stats.columns, alpha), stats.xMean, stats.yMean, fitIntercept)
}

const LINEAR_STATISTICS: SufficientStatistics<LinearStatistics> = { compute: linearStatistics, merge: mergeLinearStatistics }

/** Doubles of gathered rows per block of {@link predictLinearBlocks} (256 KiB) ... */
const PREDICT_BLOCK_DOUBLES = 1 << 15
/** ... and of predictions (models x rows, 512 KiB): both stay in a core's cache. */
const PREDICT_OUT_DOUBLES = 1 << 16

/**
 * Predictions `intercept + X w` of several linear models for `rows` of `X`
 * (all rows when absent), handed to `visit` a block of rows at a time, in row
 * order: `block[g · length + i]` is model g's prediction for row
 * `rows[start + i]`. The rows of a block are gathered once and multiplied by
 * all the coefficient vectors at once (`gemm` of `@weft/kernels`). Each
 * prediction sums `intercept + x₀w₀ + x₁w₁ + ...` in that order, as
 * `predictLinear` does, so a model's predictions depend neither on which
 * other models share the pass nor on the blocks. `block` is reused after
 * `visit` returns.
 *
 * @example
 * predictLinearBlocks(states, X, testRows, (block, start, length) => console.log(start, length, block[0]))
 * @since 0.1.0
 * @category predictions
 */
export const predictLinearBlocks = (
  states: ReadonlyArray<LinearState>,
  X: SharedMatrix,
  rows: Int32Array | undefined,
  visit: (block: Float64Array, start: number, length: number) => void
): void => {
  const p = X.columns
  for (const state of states) checkColumns(X, state.coef.length, "X")
  const which = resolveRows(X, rows)
  const n = which.length
  const G = states.length
  if (G === 0) return
  const W = new Float64Array(G * p)
  states.forEach((state, g) => W.set(state.coef, g * p))
  const block = Math.max(1, Math.min(n, Math.floor(PREDICT_BLOCK_DOUBLES / Math.max(1, p)), Math.max(64, Math.floor(PREDICT_OUT_DOUBLES / G))))
  const A = new Float64Array(block * p)
  // C = W · Aᵀ (models x rows): row g holds model g's predictions, started at its intercept.
  const C = new Float64Array(G * block)
  const data = X.data
  for (let start = 0; start < n; start += block) {
    const m = Math.min(block, n - start)
    // A run of consecutive rows (every block of an unshuffled k-fold's test
    // rows) is read in place; other rows are gathered. Same values either way.
    const first = which[start]
    let consecutive = true
    for (let k = 1; k < m && consecutive; k++) consecutive = which[start + k] === first + k
    let rowsBlock: Float64Array
    if (consecutive) rowsBlock = data.subarray(first * p, (first + m) * p)
    else {
      for (let k = 0; k < m; k++) {
        const base = which[start + k] * p
        const to = k * p
        for (let j = 0; j < p; j++) A[to + j] = data[base + j]
      }
      rowsBlock = A.subarray(0, m * p)
    }
    const Cm = C.subarray(0, G * m)
    for (let g = 0; g < G; g++) Cm.fill(states[g].intercept, g * m, (g + 1) * m)
    gemm(G, m, p, W, rowsBlock, Cm, { transB: true, accumulate: true })
    visit(Cm, start, m)
  }
}

/**
 * Predictions `intercept + X w` of several linear models for `rows` of `X`
 * (all rows when absent), one array per model, in one pass over the rows (see
 * {@link predictLinearBlocks}): the bits `predictLinear` gives one model at a
 * time.
 *
 * @example
 * const [a, b] = predictLinearMany([stateA, stateB], X, testRows)
 * @since 0.1.0
 * @category predictions
 */
export const predictLinearMany = (states: ReadonlyArray<LinearState>, X: SharedMatrix, rows?: Int32Array): Array<Float64Array> => {
  const n = rows === undefined ? X.rows : rows.length
  const outs = states.map(() => new Float64Array(n))
  predictLinearBlocks(states, X, rows, (block, start, m) => {
    for (let g = 0; g < outs.length; g++) outs[g].set(block.subarray(g * m, (g + 1) * m), start)
  })
  return outs
}

/**
 * Predictions `intercept + X w` for `rows` of `X` (all rows when absent).
 *
 * @example
 * const yHat = predictLinear(state, X)
 * @since 0.1.0
 * @category predictions
 */
export const predictLinear = (state: LinearState, X: SharedMatrix, rows?: Int32Array): Float64Array => predictLinearMany([state], X, rows)[0]

const LINEAR_DEFAULTS: LinearRegressionParams = { fitIntercept: true }
const RIDGE_DEFAULTS: RidgeParams = { alpha: 1, fitIntercept: true }

/**
 * Ordinary least squares, `min ‖y − Xw − b‖²`, as scikit-learn's
 * `LinearRegression`: the least-norm solution when `X` is rank-deficient.
 *
 * @example
 * const state = LinearRegression.fit({ X, y, seed: 0 }, LinearRegression.params({}))
 * const yHat = LinearRegression.predict(state, X)
 * @since 0.1.0
 * @category estimators
 */
export const LinearRegression: Estimator<LinearRegressionParams, LinearState> = {
  name: "linear",
  kind: "regressor",
  defaults: LINEAR_DEFAULTS,
  params: (input) => {
    checkKnownParams("linear", input, Object.keys(LINEAR_DEFAULTS))
    return { fitIntercept: readBoolean(input, "fitIntercept", LINEAR_DEFAULTS.fitIntercept) }
  },
  // Partial parameters (from JavaScript) are completed with the defaults, as scikit-learn's constructor defaults do.
  fit: (input, params) => fitLinear(input, 0, LinearRegression.params(params).fitIntercept),
  predict: predictLinear,
  predictMany: predictLinearMany,
  predictManyBlocks: predictLinearBlocks,
  linearModel: (state) => state,
  sufficientStatistics: LINEAR_STATISTICS,
  fitFromStatistics: (stats: LinearStatistics, params) => fitLinearFromStatistics(stats, 0, LinearRegression.params(params).fitIntercept)
}

/**
 * Ridge regression, `min ‖y − Xw − b‖² + alpha·‖w‖²`, solved as scikit-learn's
 * `Ridge(solver="cholesky")`: `(XcᵀXc + alpha·I) w = Xcᵀyc` on centred data.
 *
 * @example
 * const params = Ridge.params({ alpha: 0.5 })
 * const state = Ridge.fit({ X, y, rows: trainRows, seed: 0 }, params)
 * @since 0.1.0
 * @category estimators
 */
export const Ridge: Estimator<RidgeParams, LinearState> = {
  name: "ridge",
  kind: "regressor",
  defaults: RIDGE_DEFAULTS,
  params: (input) => {
    checkKnownParams("ridge", input, Object.keys(RIDGE_DEFAULTS))
    return {
      alpha: readNumber(input, "alpha", RIDGE_DEFAULTS.alpha, { min: 0 }),
      fitIntercept: readBoolean(input, "fitIntercept", RIDGE_DEFAULTS.fitIntercept)
    }
  },
  // Partial parameters (from JavaScript: `Ridge.fit(input, { alpha: 0.5 })`) are completed with the defaults.
  fit: (input, params) => {
    const p = Ridge.params(params)
    return fitLinear(input, p.alpha, p.fitIntercept)
  },
  predict: predictLinear,
  predictMany: predictLinearMany,
  predictManyBlocks: predictLinearBlocks,
  linearModel: (state) => state,
  sufficientStatistics: LINEAR_STATISTICS,
  fitFromStatistics: (stats: LinearStatistics, params) => {
    const p = Ridge.params(params)
    return fitLinearFromStatistics(stats, p.alpha, p.fitIntercept)
  }
}
