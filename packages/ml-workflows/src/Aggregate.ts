/**
 * Combining predictions: the ensemble of m models' predictions for the same n
 * rows into one prediction per row, and s Monte-Carlo samples of n outputs
 * into per-output summaries.
 *
 * Every reduction runs over the models (or samples) in index order, so the
 * result does not depend on which worker produced which prediction first.
 *
 * @since 0.1.0
 */
import { EmptyInput, InvalidOption, NonFiniteValue, ShapeMismatch } from "@weft/core/Errors"
import type { SharedMatrix } from "@weft/core/SharedMatrix"
import { quantiles as quantilesOf } from "./Stats.js"

/**
 * Per-row mean of the models' predictions (sum in model order, divided by m).
 *
 * Throws `EmptyInput` for no models, `ShapeMismatch` when lengths differ.
 *
 * @example
 * ensembleMean([Float64Array.of(1, 2), Float64Array.of(3, 6)]) // [2, 4]
 * @since 0.1.0
 * @category aggregation
 */
export const ensembleMean = (predictions: ReadonlyArray<Float64Array>): Float64Array => {
  const n = checkPredictions(predictions)
  const m = predictions.length
  const out = new Float64Array(n)
  for (let k = 0; k < m; k++) {
    const p = predictions[k]
    for (let i = 0; i < n; i++) out[i] += p[i]
  }
  for (let i = 0; i < n; i++) out[i] /= m
  return out
}

/**
 * Per-row median of the models' predictions: the middle value, or the mean
 * of the two middle values for an even number of models (numpy's `median`).
 * A NaN prediction makes that row's median NaN.
 *
 * Throws `EmptyInput` for no models, `ShapeMismatch` when lengths differ.
 *
 * @example
 * ensembleMedian([Float64Array.of(1), Float64Array.of(5), Float64Array.of(2), Float64Array.of(9)]) // [3.5]
 * @since 0.1.0
 * @category aggregation
 */
export const ensembleMedian = (predictions: ReadonlyArray<Float64Array>): Float64Array => {
  const n = checkPredictions(predictions)
  const m = predictions.length
  const out = new Float64Array(n)
  const column = new Float64Array(m)
  const half = m >> 1
  for (let i = 0; i < n; i++) {
    let nan = false
    for (let k = 0; k < m; k++) {
      const v = predictions[k][i]
      if (v !== v) nan = true
      column[k] = v
    }
    if (nan) {
      out[i] = Number.NaN
      continue
    }
    column.sort()
    out[i] = m % 2 === 1 ? column[half] : (column[half - 1] + column[half]) / 2
  }
  return out
}

/**
 * Per-row weighted mean `sum_k w_k p_k / sum_k w_k` of the models' predictions.
 *
 * Throws `EmptyInput` for no models; `ShapeMismatch` when prediction lengths
 * differ or there is not one weight per model; `InvalidOption` for a
 * negative or non-finite weight, or weights that are all zero.
 *
 * @example
 * ensembleWeightedMean([Float64Array.of(0), Float64Array.of(10)], [1, 3]) // [7.5]
 * @since 0.1.0
 * @category aggregation
 */
export const ensembleWeightedMean = (predictions: ReadonlyArray<Float64Array>, weights: ArrayLike<number>): Float64Array => {
  const n = checkPredictions(predictions)
  const m = predictions.length
  if (weights.length !== m) {
    throw new ShapeMismatch({ what: "ensemble weights", expected: `${m} weights (one per model)`, actual: `${weights.length} weights` })
  }
  let total = 0
  for (let k = 0; k < m; k++) {
    const w = weights[k]
    if (!Number.isFinite(w) || w < 0) {
      throw new InvalidOption({ option: `weights[${k}]`, value: w, reason: "weights must be finite and non-negative" })
    }
    total += w
  }
  if (total === 0) throw new InvalidOption({ option: "weights", value: Array.from(weights), reason: "at least one weight must be positive" })
  const out = new Float64Array(n)
  for (let k = 0; k < m; k++) {
    const w = weights[k] / total
    const p = predictions[k]
    for (let i = 0; i < n; i++) out[i] += w * p[i]
  }
  return out
}

/**
 * Per-row most frequent class label among the models' predictions (hard
 * voting). A tie goes to the smallest label, as scikit-learn's
 * `VotingClassifier` (`argmax` of the vote counts) breaks it for labels 0..K-1.
 *
 * Throws `EmptyInput` for no models, `ShapeMismatch` when lengths differ,
 * `NonFiniteValue` for a NaN or infinite label.
 *
 * @example
 * majorityVote([Float64Array.of(0, 2), Float64Array.of(1, 2), Float64Array.of(1, 0)]) // [1, 2]
 * @since 0.1.0
 * @category aggregation
 */
export const majorityVote = (predictions: ReadonlyArray<Float64Array>): Float64Array => {
  const n = checkPredictions(predictions)
  const m = predictions.length
  const out = new Float64Array(n)
  const labels = new Float64Array(m)
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < m; k++) {
      const v = predictions[k][i]
      if (!Number.isFinite(v)) throw new NonFiniteValue({ what: `predictions of model ${k}`, row: i, column: -1, value: v })
      labels[k] = v
    }
    labels.sort()
    // The longest run of equal labels; the first (smallest) on a tie.
    let best = labels[0]
    let bestCount = 0
    for (let k = 0; k < m; ) {
      let e = k + 1
      while (e < m && labels[e] === labels[k]) e++
      if (e - k > bestCount) {
        best = labels[k]
        bestCount = e - k
      }
      k = e
    }
    out[i] = best
  }
  return out
}

/**
 * Per-output summary of Monte-Carlo samples.
 *
 * @since 0.1.0
 * @category models
 */
export interface SampleSummary {
  readonly mean: Float64Array
  /** Population standard deviation (ddof 0). */
  readonly std: Float64Array
  /** The probabilities asked for, in the order given. */
  readonly q: ReadonlyArray<number>
  /** `quantiles[k][j]`: the `q[k]`-quantile of output j. */
  readonly quantiles: ReadonlyArray<Float64Array>
}

/**
 * @since 0.1.0
 * @category models
 */
export interface SummaryOptions {
  /** Probabilities of the quantiles to report (default [0.025, 0.5, 0.975]). */
  readonly quantiles?: ReadonlyArray<number> | undefined
}

/**
 * The mean, standard deviation (ddof 0, two-pass) and quantiles (numpy's
 * linear interpolation) of each output over `samples`, a matrix of s samples
 * (rows) by n outputs (columns). A NaN in an output's samples makes its
 * summary NaN.
 *
 * Throws `EmptyInput` for no samples, `InvalidOption` for a probability
 * outside [0, 1].
 *
 * @example
 * const { mean, std, quantiles } = summarizeSamples(draws, { quantiles: [0.05, 0.95] })
 * @since 0.1.0
 * @category statistics
 */
export const summarizeSamples = (samples: SharedMatrix, options: SummaryOptions = {}): SampleSummary => {
  const q = [...(options.quantiles ?? [0.025, 0.5, 0.975])]
  for (const p of q) {
    if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
      throw new InvalidOption({ option: "quantiles", value: p, reason: "a quantile must be between 0 and 1" })
    }
  }
  const s = samples.rows
  const n = samples.columns
  if (s === 0) throw new EmptyInput({ what: "Monte-Carlo samples" })
  const d = samples.data
  const mean = new Float64Array(n)
  const std = new Float64Array(n)
  const quantiles = q.map(() => new Float64Array(n))
  for (let i = 0; i < s; i++) {
    const offset = i * n
    for (let j = 0; j < n; j++) mean[j] += d[offset + j]
  }
  for (let j = 0; j < n; j++) mean[j] /= s
  for (let i = 0; i < s; i++) {
    const offset = i * n
    for (let j = 0; j < n; j++) {
      const e = d[offset + j] - mean[j]
      std[j] += e * e
    }
  }
  for (let j = 0; j < n; j++) std[j] = Math.sqrt(std[j] / s)
  if (q.length > 0) {
    const column = new Float64Array(s)
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < s; i++) column[i] = d[i * n + j]
      column.sort()
      const values = quantilesOf(column, q, { sorted: true })
      for (let k = 0; k < q.length; k++) quantiles[k][j] = values[k]
    }
  }
  return { mean, std, q, quantiles }
}

/** The common length of the predictions; throws for none or for unequal lengths. */
const checkPredictions = (predictions: ReadonlyArray<Float64Array>): number => {
  if (predictions.length === 0) throw new EmptyInput({ what: "model predictions" })
  const n = predictions[0].length
  for (let k = 1; k < predictions.length; k++) {
    if (predictions[k].length !== n) {
      throw new ShapeMismatch({ what: `predictions of model ${k}`, expected: `${n} values (as model 0)`, actual: `${predictions[k].length} values` })
    }
  }
  return n
}
