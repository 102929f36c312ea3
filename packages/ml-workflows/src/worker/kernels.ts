/**
 * The built-in task module of @weft/ml-workflows: what runs in the workers
 * (and, for small inputs or one thread, on the calling thread). Each task
 * reads the shared matrices in place and returns small results; none of them
 * depends on which thread runs it or on what ran before, so a run gives the
 * same numbers at any thread count.
 *
 * Imports stay on `@weft/core` sub-paths: the package index would load Effect
 * into every worker.
 */
import { derive, Rng } from "@weft/core/Rng"
import { SharedMatrix } from "@weft/core/SharedMatrix"
import { gemm } from "@weft/kernels"
import { summarizeSamples, type SampleSummary } from "../Aggregate.js"
import type { Transformer } from "../transformers/Transformer.js"
import { transformRows } from "../transformers/Transformer.js"
import { columnStats, type ColumnStats } from "../Stats.js"
import { getEstimator } from "../models/Registry.js"
import { mlpForward, mlpGradient, type MlpState } from "../models/Mlp.js"
import type { FittedModel } from "../Model.js"
import type { AugmentSpec } from "../Augment.js"
import { augmentRows } from "../internal/augment.js"
import type { FeatureSpec } from "../Features.js"
import { featureRow } from "../internal/features.js"
import * as Search from "../internal/search.js"
import { withEstimator } from "../internal/search.js"

/**
 * A half-open row range [start, end).
 *
 * @since 0.1.0
 * @category models
 */
export type RowRange = readonly [number, number]

const rowsOf = ([start, end]: RowRange): Int32Array => {
  const rows = new Int32Array(end - start)
  for (let i = 0; i < rows.length; i++) rows[i] = start + i
  return rows
}

// ------------------------------------------------------------ inference

/**
 * Predictions of `model` for rows [start, end) of X.
 *
 * @since 0.1.0
 * @category tasks
 */
export const predictRange = (range: RowRange, model: FittedModel, X: SharedMatrix): Float64Array | Promise<Float64Array> =>
  withEstimator(model.estimator, () => getEstimator(model.estimator).predict(model.state, X, rowsOf(range)))

/**
 * Class probabilities (row-major, rows x classes) of a classifier for rows [start, end).
 *
 * @since 0.1.0
 * @category tasks
 */
export const predictProbaRange = (range: RowRange, model: FittedModel, X: SharedMatrix): Float64Array | Promise<Float64Array> =>
  withEstimator(model.estimator, () => {
    const estimator = getEstimator(model.estimator)
    if (estimator.predictProba === undefined) throw new Error(`${model.estimator} has no class probabilities`)
    return estimator.predictProba(model.state, X, rowsOf(range))
  })

/**
 * Monte-Carlo summary of an MLP with dropout kept on, for rows [start, end):
 * sample `s` uses the dropout seed `derive(seed, s)`, and each row's mask
 * depends only on that seed and the row, so batching changes nothing. Returns
 * per output (rows x outputs, row-major) the mean, std and quantiles.
 *
 * @since 0.1.0
 * @category tasks
 */
export const mcRange = (
  range: RowRange,
  model: FittedModel,
  X: SharedMatrix,
  samples: number,
  rate: number,
  seed: number,
  quantiles: ReadonlyArray<number>
): SampleSummary => {
  const state = model.state as MlpState
  const rows = rowsOf(range)
  const width = rows.length * state.layerSizes[state.layerSizes.length - 1]
  const draws = SharedMatrix.zeros(samples, width)
  for (let s = 0; s < samples; s++) draws.data.set(mlpForward(state, X, rows, { rate, seed: derive(seed, s) }), s * width)
  return summarizeSamples(draws, { quantiles })
}

// ------------------------------------------------------------ preprocessing

/**
 * Column statistics (count, mean, M2, min, max, NaN count) of rows [start, end).
 *
 * @since 0.1.0
 * @category tasks
 */
export const statsRange = (range: RowRange, X: SharedMatrix): ColumnStats => columnStats(X, range[0], range[1])

/**
 * Writes rows [start, end) of X, transformed, into the same rows of `out`.
 *
 * @since 0.1.0
 * @category tasks
 */
export const transformRange = (range: RowRange, transformer: Transformer, X: SharedMatrix, out: SharedMatrix): void => {
  transformRows(transformer, X, range[0], range[1], out, range[0])
}

// ------------------------------------------------------------ gradients

/**
 * The summed loss gradient of an MLP over `rows` of (X, y) (one shard of a
 * minibatch), with dropout when `dropout` is given.
 *
 * @since 0.1.0
 * @category tasks
 */
export const gradientShard = (
  rows: Int32Array,
  state: MlpState,
  X: SharedMatrix,
  y: Float64Array,
  dropout: { rate: number; seed: number } | undefined
): { gradient: Float64Array; loss: number; count: number } => {
  const g = mlpGradient(state, X, y, rows, dropout)
  return { gradient: g.gradient, loss: g.loss, count: g.count }
}

/**
 * {@link gradientShard} for shard `s`, its gradient written into row `s` of
 * `out` (shared memory) instead of sent back; returns [loss, count].
 *
 * @since 0.1.0
 * @category tasks
 */
export const gradientShardInto = (
  [s, rows]: readonly [number, Int32Array],
  state: MlpState,
  X: SharedMatrix,
  y: Float64Array,
  dropout: { rate: number; seed: number } | undefined,
  out: SharedMatrix
): [number, number] => {
  const g = mlpGradient(state, X, y, rows, dropout, out.row(s))
  return [g.loss, g.count]
}

/**
 * Columns [start, end) of `M` summed over its rows in row order (row 0 first),
 * each sum divided by `divisor`, into the same columns of `out` (one row). A
 * column's sum runs over the rows in the same order whichever task sums it,
 * so cutting the columns into ranges changes no bit of the result.
 *
 * @since 0.1.0
 * @category tasks
 */
export const sumRowsRange = ([start, end]: RowRange, M: SharedMatrix, out: SharedMatrix, divisor: number): void => {
  const m = M.data
  const o = out.data
  const c = M.columns
  for (let q = start; q < end; q++) o[q] = 0
  for (let i = 0; i < M.rows; i++) {
    const base = i * c
    for (let q = start; q < end; q++) o[q] += m[base + q]
  }
  for (let q = start; q < end; q++) o[q] /= divisor
}

// ------------------------------------------------------------ model selection
// The search protocol and its tasks live in internal/search.ts (pure, shared
// with the operations that send the tasks); these are the tasks' names here.

/**
 * One (candidate, fold) pair of a search: fit on the fold's training rows, score on its test rows.
 *
 * @since 0.1.0
 * @category tasks
 */
export const fitScore = Search.fitScore

/**
 * The candidates [first, end) of a search on one fold, fitted from the fold's training statistics.
 *
 * @since 0.2.0
 * @category tasks
 */
export const fitScoreFromStatistics = Search.fitScoreFromStatistics

/**
 * The sufficient statistics of a chunk of one block of rows.
 *
 * @since 0.2.0
 * @category tasks
 */
export const statisticsChunk = Search.statisticsChunk

/**
 * An estimator fitted on all rows: a search's refit.
 *
 * @since 0.1.0
 * @category tasks
 */
export const fitModel = Search.fitModel

// ------------------------------------------------------------ ensembles

/**
 * Predictions of model `m` of `models` for rows [start, end).
 *
 * @since 0.1.0
 * @category tasks
 */
export const ensembleMemberRange = (
  [m, start, end]: readonly [number, number, number],
  models: ReadonlyArray<FittedModel>,
  X: SharedMatrix
): Float64Array | Promise<Float64Array> => predictRange([start, end], models[m], X)

// ------------------------------------------------------------ augmentation and features

/**
 * Writes augmented copy `copy` of (X, y) into rows [copy * n, (copy + 1) * n) of `out` (and `outY`).
 *
 * @since 0.1.0
 * @category tasks
 */
export const augmentCopy = (
  copy: number,
  X: SharedMatrix,
  spec: AugmentSpec,
  seed: number,
  out: SharedMatrix
): void => {
  augmentRows(X, spec, new Rng(derive(seed, copy)), out, copy * X.rows)
}

/**
 * Features of series (rows) [start, end) of `series`, written into the same rows of `out`.
 *
 * @since 0.1.0
 * @category tasks
 */
export const featuresRange = (range: RowRange, series: SharedMatrix, spec: FeatureSpec, out: SharedMatrix): void => {
  for (let i = range[0]; i < range[1]; i++) featureRow(series.row(i), spec, out.row(i))
}

// ------------------------------------------------------------ batched linear algebra

/**
 * A · v for each vector v of rows [start, end) of V (one vector per row); results into the same rows of `out`.
 *
 * @since 0.1.0
 * @category tasks
 */
export const matVecRange = (range: RowRange, A: SharedMatrix, V: SharedMatrix, out: SharedMatrix): void => {
  // out[range] = V[range] · Aᵀ in one product; each element sums over j in
  // order, as a dot product per row would.
  const k = A.columns
  const m = A.rows
  const [r0, r1] = range
  if (r1 <= r0) return
  gemm(r1 - r0, m, k, V.data.subarray(r0 * k, r1 * k), A.data, out.data.subarray(r0 * m, r1 * m), { transB: true })
}

/**
 * The element-wise operations of `elementwise`.
 *
 * @since 0.1.0
 * @category models
 */
export type ElementwiseOp = "add" | "subtract" | "multiply" | "divide" | "maximum" | "minimum"

/**
 * outs[i] = as[i] (op) bs[i], element-wise, for the pair of matrices `i`.
 *
 * @since 0.1.0
 * @category tasks
 */
export const elementwisePair = (
  i: number,
  op: ElementwiseOp,
  as: ReadonlyArray<SharedMatrix>,
  bs: ReadonlyArray<SharedMatrix>,
  outs: ReadonlyArray<SharedMatrix>
): void => {
  const a = as[i].data
  const b = bs[i].data
  const o = outs[i].data
  const n = o.length
  switch (op) {
    case "add":
      for (let k = 0; k < n; k++) o[k] = a[k] + b[k]
      break
    case "subtract":
      for (let k = 0; k < n; k++) o[k] = a[k] - b[k]
      break
    case "multiply":
      for (let k = 0; k < n; k++) o[k] = a[k] * b[k]
      break
    case "divide":
      for (let k = 0; k < n; k++) o[k] = a[k] / b[k]
      break
    case "maximum":
      for (let k = 0; k < n; k++) o[k] = Math.max(a[k], b[k])
      break
    case "minimum":
      for (let k = 0; k < n; k++) o[k] = Math.min(a[k], b[k])
      break
  }
}
