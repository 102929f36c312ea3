/**
 * L2-penalised logistic regression: binary (one logistic vector) for two
 * classes and multinomial (softmax) for more, with scikit-learn's
 * parameterisation (`LogisticRegression(C, solver="lbfgs")`): minimise
 * `Σ_i log-loss_i + ‖W‖² / (2C)`, the intercepts unpenalised, by L-BFGS.
 *
 * Classes absent from the training rows get probability 0, so a fold missing
 * a class still yields probabilities for all `nClasses` labels.
 *
 * @since 0.1.0
 */
import { InvalidOption } from "@weft/core/Errors"
import type { SharedMatrix } from "@weft/core/SharedMatrix"
import { linearModelPass, stageRows, type Residual, type StagedRows } from "@weft/kernels"
import type { Estimator, FitInput } from "../Estimator.js"
import { minimize } from "../internal/Lbfgs.js"
import {
  checkColumns,
  checkFitInput,
  checkKnownParams,
  classCount,
  readBoolean,
  readNumber,
  resolveRows
} from "../internal/ModelInput.js"

/**
 * A fitted logistic regression. `coef` holds `V` row-major vectors of
 * `nFeatures` weights: `V = 1` when two classes were seen (the vector scores
 * `classes[1]` against `classes[0]`), `V = classes.length` for more (one per
 * class, softmax). A fit on one class fails (as scikit-learn's); a state with
 * `V = 0` (saved by an older version) always predicts its one class.
 *
 * @since 0.1.0
 * @category models
 */
export type LogisticState = {
  readonly nClasses: number
  readonly nFeatures: number
  /** The labels present in the training rows, ascending. */
  readonly classes: ReadonlyArray<number>
  readonly coef: ReadonlyArray<number>
  readonly intercept: ReadonlyArray<number>
}

/**
 * @since 0.1.0
 * @category models
 */
export type LogisticParams = {
  /** Inverse of the L2 penalty strength (scikit-learn's `C`), > 0. Default 1. */
  readonly C: number
  /** Fit unpenalised intercepts. Default true. */
  readonly fitIntercept: boolean
  /** Stop when every gradient component of the objective is at most `tol`. Default 1e-4 (scikit-learn's). */
  readonly tol: number
  /** Largest number of L-BFGS iterations. Default 100 (scikit-learn's). */
  readonly maxIter: number
}

const DEFAULTS: LogisticParams = { C: 1, fitIntercept: true, tol: 1e-4, maxIter: 100 }

/** Labels seen in `rows`, ascending, and each row's index into them. */
const presentClasses = (y: Float64Array, rows: Int32Array, nClasses: number): { classes: Array<number>; index: Int32Array } => {
  const seen = new Int32Array(nClasses).fill(-1)
  for (let k = 0; k < rows.length; k++) seen[y[rows[k]]] = 0
  const classes: Array<number> = []
  for (let c = 0; c < nClasses; c++) if (seen[c] === 0) seen[c] = classes.push(c) - 1
  const index = new Int32Array(rows.length)
  for (let k = 0; k < rows.length; k++) index[k] = seen[y[rows[k]]]
  return { classes, index }
}

/**
 * The penalised objective `Σ log-loss + ‖W‖²/(2C)` and its gradient for
 * parameters `w = [W (V x p, row-major), b (V)]` (scikit-learn's
 * `LinearModelLoss` with `HalfBinomialLoss` or `HalfMultinomialLoss`).
 */
const objective = (
  X: SharedMatrix,
  rows: Int32Array,
  target: Int32Array,
  vectors: number,
  C: number,
  fitIntercept: boolean,
  staged: StagedRows | undefined
) => {
  const p = X.columns
  const data = X.data
  const biasAt = vectors * p
  const bias = new Float64Array(vectors)
  const weightGradient = new Float64Array(vectors * p)
  const biasGradient = new Float64Array(vectors)
  // Running sums over the rows in order, whatever the kernel's blocks.
  let loss = 0
  // Scores of a block of rows -> residuals ∂loss/∂score (in place).
  const residual: Residual = (z, count, start) => {
    for (let t = 0; t < count; t++) {
      const tk = target[start + t]
      if (vectors === 1) {
        // log(1 + e^z) − t·z, computed without overflow; its derivative is σ(z) − t.
        // One exponential serves both: e = exp(−|z|) is exp(−z) or exp(z).
        const s = z[t]
        const e = Math.exp(-Math.abs(s))
        loss += Math.max(s, 0) + Math.log1p(e) - tk * s
        const r = (s >= 0 ? 1 / (1 + e) : e / (1 + e)) - tk
        z[t] = r
        biasGradient[0] += r
        continue
      }
      // log Σ e^z − z_t, shifted by the largest score against overflow.
      const row = t * vectors
      let largest = z[row]
      for (let v = 1; v < vectors; v++) if (z[row + v] > largest) largest = z[row + v]
      const shifted = z[row + tk] - largest
      let total = 0
      for (let v = 0; v < vectors; v++) {
        const e = Math.exp(z[row + v] - largest)
        total += e
        z[row + v] = e
      }
      loss += Math.log(total) - shifted
      for (let v = 0; v < vectors; v++) z[row + v] /= total
      z[row + tk] -= 1
      for (let v = 0; v < vectors; v++) biasGradient[v] += z[row + v]
    }
    return 0
  }
  return (w: Float64Array, gradient: Float64Array): number => {
    loss = 0
    biasGradient.fill(0)
    for (let v = 0; v < vectors; v++) bias[v] = fitIntercept ? w[biasAt + v] : 0
    // Scores X·Wᵀ + b and the gradient Rᵀ·X by blocks of rows in WebAssembly (@weft/kernels).
    linearModelPass(data, p, rows, w, vectors, fitIntercept ? bias : null, residual, weightGradient, staged)
    gradient.set(weightGradient)
    if (fitIntercept) gradient.set(biasGradient, biasAt)
    let penalty = 0
    for (let q = 0; q < biasAt; q++) {
      penalty += w[q] * w[q]
      gradient[q] += w[q] / C
    }
    return loss + penalty / (2 * C)
  }
}

const fitLogistic = (input: FitInput, params: LogisticParams): LogisticState => {
  const { X, y } = input
  const rows = checkFitInput(X, y, input.rows)
  const nClasses = classCount(y, rows, input.nClasses)
  const p = X.columns
  const { classes, index } = presentClasses(y, rows, nClasses)
  const vectors = classes.length === 1 ? 0 : classes.length === 2 ? 1 : classes.length
  if (vectors === 0) {
    // As scikit-learn's LogisticRegression: a model that has seen one class has learnt nothing.
    throw new InvalidOption({
      option: "y",
      value: classes[0],
      reason: "this solver needs samples of at least 2 classes in the data, but the training rows hold only this one"
    })
  }
  const size = vectors * p + (params.fitIntercept ? vectors : 0)
  // The training rows go into the kernels' memory once for all iterations.
  const staged = stageRows(X.data, p, rows)
  let result: ReturnType<typeof minimize>
  try {
    const f = objective(X, rows, index, vectors, params.C, params.fitIntercept, staged)
    result = minimize(f, new Float64Array(size), { maxIter: params.maxIter, tol: params.tol })
  } finally {
    staged?.release()
  }
  const w = result.x
  const coef = Array.from(w.subarray(0, vectors * p))
  const intercept = params.fitIntercept ? Array.from(w.subarray(vectors * p)) : new Array<number>(vectors).fill(0)
  if (vectors > 1 && params.fitIntercept) {
    // Softmax is unchanged by a common shift of the intercepts; fix the one
    // whose intercepts sum to zero, as scikit-learn's solution from zero does.
    let mean = 0
    for (let v = 0; v < vectors; v++) mean += intercept[v]
    mean /= vectors
    for (let v = 0; v < vectors; v++) intercept[v] -= mean
  }
  return { nClasses, nFeatures: p, classes, coef, intercept }
}

/**
 * Scores of each fitted vector for `rows` of `X`, row-major (rows x V).
 */
const decision = (state: LogisticState, X: SharedMatrix, rows: Int32Array): Float64Array => {
  const p = state.nFeatures
  const vectors = state.intercept.length
  const w = Float64Array.from(state.coef)
  const b = Float64Array.from(state.intercept)
  const data = X.data
  const out = new Float64Array(rows.length * vectors)
  for (let k = 0; k < rows.length; k++) {
    const base = rows[k] * p
    for (let v = 0; v < vectors; v++) {
      let s = b[v]
      const wv = v * p
      for (let j = 0; j < p; j++) s += data[base + j] * w[wv + j]
      out[k * vectors + v] = s
    }
  }
  return out
}

/**
 * Class probabilities (rows x nClasses, row-major) for `rows` of `X`: the
 * logistic function for two classes, softmax for more.
 *
 * @example
 * const proba = predictProbaLogistic(state, X, Int32Array.of(0, 1))
 * @since 0.1.0
 * @category predictions
 */
export const predictProbaLogistic = (state: LogisticState, X: SharedMatrix, rows?: Int32Array): Float64Array => {
  checkColumns(X, state.nFeatures, "X")
  const which = resolveRows(X, rows)
  const K = state.nClasses
  const classes = state.classes
  const vectors = state.intercept.length
  const out = new Float64Array(which.length * K)
  if (vectors === 0) {
    for (let k = 0; k < which.length; k++) out[k * K + classes[0]] = 1
    return out
  }
  const z = decision(state, X, which)
  for (let k = 0; k < which.length; k++) {
    if (vectors === 1) {
      const s = z[k]
      const positive = s >= 0 ? 1 / (1 + Math.exp(-s)) : Math.exp(s) / (1 + Math.exp(s))
      out[k * K + classes[1]] = positive
      out[k * K + classes[0]] = 1 - positive
      continue
    }
    const row = k * vectors
    let largest = z[row]
    for (let v = 1; v < vectors; v++) if (z[row + v] > largest) largest = z[row + v]
    let total = 0
    for (let v = 0; v < vectors; v++) total += Math.exp(z[row + v] - largest)
    for (let v = 0; v < vectors; v++) out[k * K + classes[v]] = Math.exp(z[row + v] - largest) / total
  }
  return out
}

/**
 * Predicted labels for `rows` of `X`: the class of largest score (ties to the
 * lower label), as scikit-learn's `predict`.
 *
 * @since 0.1.0
 * @category predictions
 */
export const predictLogistic = (state: LogisticState, X: SharedMatrix, rows?: Int32Array): Float64Array => {
  checkColumns(X, state.nFeatures, "X")
  const which = resolveRows(X, rows)
  const classes = state.classes
  const vectors = state.intercept.length
  const out = new Float64Array(which.length)
  if (vectors === 0) return out.fill(classes[0])
  const z = decision(state, X, which)
  for (let k = 0; k < which.length; k++) {
    if (vectors === 1) {
      out[k] = z[k] > 0 ? classes[1] : classes[0]
      continue
    }
    const row = k * vectors
    let best = 0
    for (let v = 1; v < vectors; v++) if (z[row + v] > z[row + best]) best = v
    out[k] = classes[best]
  }
  return out
}

/**
 * Logistic regression as scikit-learn's `LogisticRegression(C, solver="lbfgs")`
 * (binary for two classes, multinomial for more).
 *
 * @example
 * const params = LogisticRegression.params({ C: 0.5 })
 * const state = LogisticRegression.fit({ X, y, nClasses: 3, seed: 0 }, params)
 * const proba = LogisticRegression.predictProba!(state, X)
 * @since 0.1.0
 * @category estimators
 */
export const LogisticRegression: Estimator<LogisticParams, LogisticState> = {
  name: "logistic",
  kind: "classifier",
  defaults: DEFAULTS,
  params: (input) => {
    checkKnownParams("logistic", input, Object.keys(DEFAULTS))
    return {
      C: readNumber(input, "C", DEFAULTS.C, { above: 0 }),
      fitIntercept: readBoolean(input, "fitIntercept", DEFAULTS.fitIntercept),
      tol: readNumber(input, "tol", DEFAULTS.tol, { min: 0 }),
      maxIter: readNumber(input, "maxIter", DEFAULTS.maxIter, { integer: true, min: 1 })
    }
  },
  // Partial parameters (from JavaScript) are completed with the defaults, as scikit-learn's constructor defaults do.
  fit: (input, params) => fitLogistic(input, LogisticRegression.params(params)),
  predict: predictLogistic,
  predictProba: predictProbaLogistic
}
