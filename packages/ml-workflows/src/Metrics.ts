/**
 * Scores of predictions against true values, with scikit-learn's definitions
 * (`sklearn.metrics`, version 1.2), and a registry that cross-validation and
 * grid search look scores up in by name.
 *
 * Every metric throws `ShapeMismatch` when its inputs differ in length,
 * `EmptyInput` when they are empty and `NonFiniteValue` for NaN or infinities.
 * F1 and log-loss read class labels as integers 0..K-1, as the built-in
 * classifiers predict them (`InvalidOption` otherwise); accuracy compares any
 * values.
 *
 * @since 0.1.0
 */
import { EmptyInput, InvalidOption, NonFiniteValue, ShapeMismatch } from "@weft/core/Errors"

/**
 * Mean squared error, `mean((y - ŷ)²)` (scikit-learn's `mean_squared_error`).
 *
 * @example
 * meanSquaredError([3, -0.5, 2, 7], [2.5, 0, 2, 8]) // 0.375
 * @since 0.1.0
 * @category metrics
 */
export const meanSquaredError = (yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number => {
  checkPair(yTrue, yPred)
  let sum = 0
  for (let i = 0; i < yTrue.length; i++) {
    const d = yTrue[i] - yPred[i]
    sum += d * d
  }
  return sum / yTrue.length
}

/**
 * Root of the mean squared error (scikit-learn's `mean_squared_error(..., squared=False)`).
 *
 * @example
 * rootMeanSquaredError([0, 0], [3, 4]) // Math.sqrt(12.5)
 * @since 0.1.0
 * @category metrics
 */
export const rootMeanSquaredError = (yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number =>
  Math.sqrt(meanSquaredError(yTrue, yPred))

/**
 * Mean absolute error, `mean(|y - ŷ|)` (scikit-learn's `mean_absolute_error`).
 *
 * @example
 * meanAbsoluteError([3, -0.5, 2, 7], [2.5, 0, 2, 8]) // 0.5
 * @since 0.1.0
 * @category metrics
 */
export const meanAbsoluteError = (yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number => {
  checkPair(yTrue, yPred)
  let sum = 0
  for (let i = 0; i < yTrue.length; i++) sum += Math.abs(yTrue[i] - yPred[i])
  return sum / yTrue.length
}

/**
 * Coefficient of determination, `1 - Σ(y - ŷ)² / Σ(y - ȳ)²`, as scikit-learn's
 * `r2_score` (1.2, `force_finite=True`): 1 for perfect predictions of a constant
 * `y`, 0 for imperfect ones, NaN for fewer than two samples.
 *
 * @example
 * r2Score([1, 2, 3], [1, 2, 3]) // 1
 * @since 0.1.0
 * @category metrics
 */
export const r2Score = (yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number => {
  checkPair(yTrue, yPred)
  const n = yTrue.length
  if (n < 2) return Number.NaN
  let mean = 0
  for (let i = 0; i < n; i++) mean += yTrue[i]
  mean /= n
  let residual = 0
  let total = 0
  for (let i = 0; i < n; i++) {
    const d = yTrue[i] - yPred[i]
    const c = yTrue[i] - mean
    residual += d * d
    total += c * c
  }
  if (residual === 0) return 1
  if (total === 0) return 0
  return 1 - residual / total
}

/**
 * Fraction of predictions equal to the true label (scikit-learn's `accuracy_score`).
 *
 * @example
 * accuracy([0, 1, 2, 1], [0, 1, 1, 1]) // 0.75
 * @since 0.1.0
 * @category metrics
 */
export const accuracy = (yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number => {
  checkPair(yTrue, yPred)
  let hits = 0
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) hits++
  return hits / yTrue.length
}

/**
 * How `f1Score` combines the classes: `"binary"` scores the positive label 1
 * only (labels must be 0 or 1); `"macro"` averages the per-class scores,
 * `"weighted"` weighs them by each class's count in `yTrue`, `"micro"` scores
 * the pooled counts. Classes are those present in `yTrue` or `yPred`.
 *
 * @since 0.1.0
 * @category models
 */
export type F1Average = "binary" | "macro" | "weighted" | "micro"

/**
 * F1 score, the harmonic mean of precision and recall, `2·tp / (2·tp + fp + fn)`,
 * as scikit-learn's `f1_score` (default `average="binary"`, `pos_label=1`;
 * a class with no true or predicted member scores 0, `zero_division=0`).
 *
 * @example
 * f1Score([0, 1, 1, 0], [0, 1, 0, 0]) // 2/3
 * f1Score([0, 1, 2, 2], [0, 2, 2, 2], { average: "macro" })
 * @since 0.1.0
 * @category metrics
 */
export const f1Score = (
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options: { readonly average?: F1Average } = {}
): number => {
  checkPair(yTrue, yPred)
  const average = options.average ?? "binary"
  if (!AVERAGES.includes(average)) {
    throw new InvalidOption({ option: "average", value: average, reason: `must be one of ${AVERAGES.join(", ")}` })
  }
  const n = yTrue.length
  const k = Math.max(largestLabel(yTrue, "yTrue"), largestLabel(yPred, "yPred"), 1) + 1
  if (average === "binary" && k > 2) {
    throw new InvalidOption({ option: "average", value: average, reason: `"binary" needs labels 0 and 1 only; use "macro", "weighted" or "micro"` })
  }
  // Confusion counts per class: true positives, false positives, false negatives.
  const tp = new Float64Array(k)
  const fp = new Float64Array(k)
  const fn = new Float64Array(k)
  for (let i = 0; i < n; i++) {
    const t = yTrue[i]
    const p = yPred[i]
    if (t === p) tp[t]++
    else {
      fp[p]++
      fn[t]++
    }
  }
  if (average === "binary") return f1Of(tp[1], fp[1], fn[1])
  if (average === "micro") {
    let sumTp = 0
    let sumFp = 0
    let sumFn = 0
    for (let c = 0; c < k; c++) {
      sumTp += tp[c]
      sumFp += fp[c]
      sumFn += fn[c]
    }
    return f1Of(sumTp, sumFp, sumFn)
  }
  let sum = 0
  let weight = 0
  for (let c = 0; c < k; c++) {
    const support = tp[c] + fn[c]
    const present = support + fp[c] > 0
    if (!present) continue
    const w = average === "weighted" ? support : 1
    sum += w * f1Of(tp[c], fp[c], fn[c])
    weight += w
  }
  return weight === 0 ? 0 : sum / weight
}

const AVERAGES: ReadonlyArray<F1Average> = ["binary", "macro", "weighted", "micro"]

const f1Of = (tp: number, fp: number, fn: number): number => {
  const denominator = 2 * tp + fp + fn
  return denominator === 0 ? 0 : (2 * tp) / denominator
}

/**
 * Cross-entropy of predicted probabilities, `-mean(log p[y])`, as scikit-learn's
 * `log_loss` (1.2): probabilities are clipped to `[eps, 1 - eps]` (default
 * `eps` the machine epsilon, scikit-learn 1.2's `eps="auto"`) and each row is
 * then renormalised to sum to one.
 *
 * `proba` holds either one probability of the positive class (label 1) per
 * sample, or a row-major matrix of `K` probabilities per sample, column `c`
 * for label `c` (as scikit-learn's `labels=range(K)`).
 *
 * @example
 * logLoss([0, 1], [0.2, 0.9]) // -(log 0.8 + log 0.9) / 2
 * logLoss([2, 0], [0.1, 0.2, 0.7, 0.6, 0.3, 0.1]) // -(log 0.7 + log 0.6) / 2
 * @since 0.1.0
 * @category metrics
 */
export const logLoss = (
  yTrue: ArrayLike<number>,
  proba: ArrayLike<number>,
  options: { readonly eps?: number } = {}
): number => {
  const n = yTrue.length
  if (n === 0) throw new EmptyInput({ what: "yTrue" })
  const eps = options.eps ?? Number.EPSILON
  if (!(eps >= 0 && eps < 0.5)) throw new InvalidOption({ option: "eps", value: eps, reason: "must be in [0, 0.5)" })
  if (proba.length % n !== 0 || proba.length === 0) {
    throw new ShapeMismatch({ what: "proba", expected: `${n} or a multiple of ${n} values (one row per sample)`, actual: `${proba.length} values` })
  }
  checkFinite(yTrue, "yTrue")
  checkFinite(proba, "proba")
  const columns = proba.length / n
  const k = columns === 1 ? 2 : columns
  const largest = largestLabel(yTrue, "yTrue")
  if (largest >= k) {
    throw new InvalidOption({ option: "yTrue", value: largest, reason: `label out of range for ${k} probability columns` })
  }
  const hi = 1 - eps
  let sum = 0
  for (let i = 0; i < n; i++) {
    const label = yTrue[i]
    let p: number
    let total: number
    if (columns === 1) {
      const q = clip(proba[i], eps, hi)
      p = label === 1 ? q : 1 - q
      total = 1
    } else {
      const base = i * columns
      total = 0
      for (let c = 0; c < columns; c++) total += clip(proba[base + c], eps, hi)
      p = clip(proba[base + label], eps, hi)
    }
    sum -= Math.log(p / total)
  }
  return sum / n
}

const clip = (v: number, lo: number, hi: number): number => (v < lo ? lo : v > hi ? hi : v)

/**
 * A score that cross-validation and grid search can use by name. `fn` takes
 * the true values and, when `needsProba`, the row-major class probabilities
 * (rows x K) instead of predictions.
 *
 * @since 0.1.0
 * @category models
 */
export interface Metric {
  readonly name: MetricName
  readonly fn: (yTrue: ArrayLike<number>, yPred: ArrayLike<number>) => number
  /** Whether a larger value is a better model (false for errors and losses). */
  readonly greaterIsBetter: boolean
  /** Whether `fn` reads class probabilities rather than predictions. */
  readonly needsProba: boolean
}

/**
 * The names of the built-in metrics. `"f1"` is the binary F1 score (positive
 * label 1) when both label arrays hold only 0 and 1, and the macro average
 * otherwise; `"f1-macro"`, `"f1-weighted"` and `"f1-micro"` name an average.
 *
 * @since 0.1.0
 * @category models
 */
export type MetricName = "mse" | "rmse" | "mae" | "r2" | "accuracy" | "f1" | "f1-macro" | "f1-weighted" | "f1-micro" | "logloss"

const f1Auto = (yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number => {
  checkPair(yTrue, yPred)
  const binary = largestLabel(yTrue, "yTrue") <= 1 && largestLabel(yPred, "yPred") <= 1
  return f1Score(yTrue, yPred, { average: binary ? "binary" : "macro" })
}

/**
 * The built-in metrics by name.
 *
 * @since 0.1.0
 * @category metrics
 */
export const metrics: { readonly [K in MetricName]: Metric } = {
  mse: { name: "mse", fn: meanSquaredError, greaterIsBetter: false, needsProba: false },
  rmse: { name: "rmse", fn: rootMeanSquaredError, greaterIsBetter: false, needsProba: false },
  mae: { name: "mae", fn: meanAbsoluteError, greaterIsBetter: false, needsProba: false },
  r2: { name: "r2", fn: r2Score, greaterIsBetter: true, needsProba: false },
  accuracy: { name: "accuracy", fn: accuracy, greaterIsBetter: true, needsProba: false },
  f1: { name: "f1", fn: f1Auto, greaterIsBetter: true, needsProba: false },
  "f1-macro": { name: "f1-macro", fn: (t, p) => f1Score(t, p, { average: "macro" }), greaterIsBetter: true, needsProba: false },
  "f1-weighted": { name: "f1-weighted", fn: (t, p) => f1Score(t, p, { average: "weighted" }), greaterIsBetter: true, needsProba: false },
  "f1-micro": { name: "f1-micro", fn: (t, p) => f1Score(t, p, { average: "micro" }), greaterIsBetter: true, needsProba: false },
  logloss: { name: "logloss", fn: (t, p) => logLoss(t, p), greaterIsBetter: false, needsProba: true }
}

/**
 * The metric called `name`; throws `InvalidOption` listing the known names
 * for any other.
 *
 * @example
 * const { fn, greaterIsBetter } = getMetric("r2")
 * @since 0.1.0
 * @category metrics
 */
export const getMetric = (name: string): Metric => {
  if (Object.prototype.hasOwnProperty.call(metrics, name)) return metrics[name as MetricName]
  throw new InvalidOption({ option: "metric", value: name, reason: `unknown metric; known: ${Object.keys(metrics).join(", ")}` })
}

const checkPair = (yTrue: ArrayLike<number>, yPred: ArrayLike<number>): void => {
  if (yTrue.length !== yPred.length) {
    throw new ShapeMismatch({ what: "yPred", expected: `${yTrue.length} values (as yTrue)`, actual: `${yPred.length} values` })
  }
  if (yTrue.length === 0) throw new EmptyInput({ what: "yTrue" })
  checkFinite(yTrue, "yTrue")
  checkFinite(yPred, "yPred")
}

const checkFinite = (values: ArrayLike<number>, what: string): void => {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new NonFiniteValue({ what, row: i, column: -1, value: values[i] })
  }
}

/** The largest label, after checking every label is an integer >= 0. */
const largestLabel = (labels: ArrayLike<number>, what: string): number => {
  let largest = 0
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]
    if (!Number.isInteger(label) || label < 0) {
      throw new InvalidOption({ option: what, value: label, reason: `class labels must be integers >= 0 (index ${i})` })
    }
    if (label > largest) largest = label
  }
  return largest
}
