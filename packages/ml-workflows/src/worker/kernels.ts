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
import { getMetric } from "../Metrics.js"
import { getEstimator, loadEstimator } from "../models/Registry.js"
import { mlpForward, mlpGradient, type MlpState } from "../models/Mlp.js"
import type { FittedModel } from "../Model.js"
import type { PackedSplits } from "../internal/packedSplits.js"
import { splitAt } from "../internal/packedSplits.js"
import type { AugmentSpec } from "../Augment.js"
import { augmentRows } from "../internal/augment.js"
import { canStream, StreamedScores } from "../internal/streamedScores.js"
import type { FeatureSpec } from "../Features.js"
import { featureRow } from "../internal/features.js"

/** A half-open row range [start, end). */
export type RowRange = readonly [number, number]

/**
 * Runs `f` once the estimator can fit and predict here: the module of an mljs
 * adapter, of an estimator of your own or of a pipeline's final step is
 * imported on first use; a built-in model runs at once.
 */
const withEstimator = <A>(name: string, f: () => A): A | Promise<A> => {
  const loading = loadEstimator(name)
  return loading === undefined ? f() : loading.then(f)
}

const rowsOf = ([start, end]: RowRange): Int32Array => {
  const rows = new Int32Array(end - start)
  for (let i = 0; i < rows.length; i++) rows[i] = start + i
  return rows
}

// ------------------------------------------------------------ inference

/** Predictions of `model` for rows [start, end) of X. */
export const predictRange = (range: RowRange, model: FittedModel, X: SharedMatrix): Float64Array | Promise<Float64Array> =>
  withEstimator(model.estimator, () => getEstimator(model.estimator).predict(model.state, X, rowsOf(range)))

/** Class probabilities (row-major, rows x classes) of a classifier for rows [start, end). */
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

/** Column statistics (count, mean, M2, min, max, NaN count) of rows [start, end). */
export const statsRange = (range: RowRange, X: SharedMatrix): ColumnStats => columnStats(X, range[0], range[1])

/** Writes rows [start, end) of X, transformed, into the same rows of `out`. */
export const transformRange = (range: RowRange, transformer: Transformer, X: SharedMatrix, out: SharedMatrix): void => {
  transformRows(transformer, X, range[0], range[1], out, range[0])
}

// ------------------------------------------------------------ gradients

/**
 * The summed loss gradient of an MLP over `rows` of (X, y) (one shard of a
 * minibatch), with dropout when `dropout` is given.
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

/** What one (candidate, fold) task sends back. */
export interface FitScoreResult {
  readonly candidate: number
  readonly fold: number
  readonly scores: Record<string, number>
  readonly trainScores?: Record<string, number>
  readonly fitMs: number
  readonly scoreMs: number
  readonly state?: unknown
  /** Predictions for the fold's test rows, in the order of those rows. */
  readonly predictions?: Float64Array
  /** Set when fitting or scoring threw: the candidate is recorded as failed. */
  readonly error?: string
}

/** Everything the (candidate, fold) tasks of one search share. */
export interface SearchContext {
  readonly estimator: string
  readonly candidates: ReadonlyArray<Record<string, unknown>>
  readonly X: SharedMatrix
  readonly y: Float64Array
  readonly splits: PackedSplits
  readonly metrics: ReadonlyArray<string>
  readonly nClasses: number | undefined
  readonly seed: number
  readonly returnState: boolean
  readonly returnPredictions: boolean
  readonly returnTrainScore: boolean
}

/** y[rows[k]] for every k. */
const gather = (y: Float64Array, rows: Int32Array): Float64Array => {
  const out = new Float64Array(rows.length)
  for (let k = 0; k < rows.length; k++) out[k] = y[rows[k]]
  return out
}

/** Every metric on `rows`: the true values gathered once, class probabilities predicted once if a metric needs them. */
const scoreAll = (
  metrics: ReadonlyArray<string>,
  estimator: ReturnType<typeof getEstimator>,
  state: unknown,
  X: SharedMatrix,
  y: Float64Array,
  rows: Int32Array,
  predictions: Float64Array,
  truth: Float64Array = gather(y, rows)
): Record<string, number> => {
  let proba: Float64Array | undefined
  const scores: Record<string, number> = {}
  for (const metric of metrics) {
    const m = getMetric(metric)
    if (!m.needsProba) {
      scores[metric] = m.fn(truth, predictions)
      continue
    }
    if (estimator.predictProba === undefined) throw new Error(`metric ${metric} needs class probabilities, which ${estimator.name} does not give`)
    proba ??= estimator.predictProba(state, X, rows)
    scores[metric] = m.fn(truth, proba)
  }
  return scores
}

/**
 * Fits candidate `candidate` (its parameters `params`, else
 * `ctx.candidates[candidate]`) on the training rows of fold `fold` and scores
 * it on the fold's test rows. The fit's seed is `derive(seed, candidate,
 * fold)`. A failure is returned as a recorded error, not thrown, so that one
 * bad candidate does not end a search.
 */
export const fitScore = (
  [candidate, fold, params]: readonly [number, number, Record<string, unknown>?],
  ctx: SearchContext
): FitScoreResult | Promise<FitScoreResult> => {
  let loading: Promise<void> | undefined
  try {
    loading = loadEstimator(ctx.estimator)
  } catch (error) {
    return failedFit(candidate, fold, error)
  }
  return loading === undefined
    ? fitScoreLoaded(candidate, fold, ctx, undefined, params)
    : loading.then(
        () => fitScoreLoaded(candidate, fold, ctx, undefined, params),
        (error: unknown) => failedFit(candidate, fold, error)
      )
}

const failedFit = (candidate: number, fold: number, error: unknown): FitScoreResult => ({
  candidate,
  fold,
  scores: {},
  fitMs: 0,
  scoreMs: 0,
  error: error instanceof Error ? error.message : String(error)
})

/** `given`: the candidate's parameters sent with the task (a search sends each task its own, not the whole list). */
const fitScoreLoaded = (
  candidate: number,
  fold: number,
  ctx: SearchContext,
  trainStatistics?: unknown,
  given?: Record<string, unknown>
): FitScoreResult => {
  const estimator = getEstimator(ctx.estimator)
  const { train, test } = splitAt(ctx.splits, fold)
  try {
    const params = estimator.params(given ?? ctx.candidates[candidate])
    let t = performance.now()
    const state =
      trainStatistics === undefined
        ? estimator.fit({ X: ctx.X, y: ctx.y, rows: train, nClasses: ctx.nClasses, seed: derive(ctx.seed, candidate, fold) }, params)
        : estimator.fitFromStatistics!(trainStatistics, params)
    const fitMs = performance.now() - t
    t = performance.now()
    const predictions = estimator.predict(state, ctx.X, test)
    const scores = scoreAll(ctx.metrics, estimator, state, ctx.X, ctx.y, test, predictions)
    const scoreMs = performance.now() - t
    let trainScores: Record<string, number> | undefined
    if (ctx.returnTrainScore) {
      const trainPredictions = estimator.predict(state, ctx.X, train)
      trainScores = scoreAll(ctx.metrics, estimator, state, ctx.X, ctx.y, train, trainPredictions)
    }
    return {
      candidate,
      fold,
      scores,
      fitMs,
      scoreMs,
      ...(trainScores === undefined ? {} : { trainScores }),
      ...(ctx.returnState ? { state } : {}),
      ...(ctx.returnPredictions ? { predictions } : {})
    }
  } catch (error) {
    return failedFit(candidate, fold, error)
  }
}

/**
 * The sufficient statistics (`Estimator.sufficientStatistics`) of rows
 * [start, end) of block `block` of `blocks` (see internal/foldStatistics.ts).
 */
export const statisticsChunk = (
  [block, start, end]: readonly [number, number, number],
  estimator: string,
  X: SharedMatrix,
  y: Float64Array,
  blocks: { readonly indices: Int32Array; readonly offsets: Int32Array }
): unknown =>
  withEstimator(estimator, () => {
    const e = getEstimator(estimator)
    if (e.sufficientStatistics === undefined) throw new Error(`${estimator} has no sufficient statistics`)
    const at = blocks.offsets[block]
    return e.sufficientStatistics.compute(X, y, blocks.indices.subarray(at + start, at + end))
  })

/**
 * Candidates [first, end) of a search fitted on fold `fold` from the fold's
 * merged training statistics (`Estimator.fitFromStatistics`) and scored on
 * the fold's test rows, as `fitScore` does; one result per candidate. With
 * `Estimator.predictMany`, the candidates' predictions come from one pass
 * over the test rows (the same bits as `predict`, one candidate at a time).
 */
export const fitScoreFromStatistics = (
  [fold, first, end, trainStatistics]: readonly [number, number, number, unknown],
  ctx: SearchContext
): Array<FitScoreResult> | Promise<Array<FitScoreResult>> =>
  withEstimator(ctx.estimator, () => {
    const estimator = getEstimator(ctx.estimator)
    const out: Array<FitScoreResult> = []
    if (estimator.predictMany === undefined) {
      for (let c = first; c < end; c++) out.push(fitScoreLoaded(c, fold, ctx, trainStatistics))
      return out
    }
    const { train, test } = splitAt(ctx.splits, fold)
    const fitted: Array<{ readonly candidate: number; readonly state: unknown; readonly fitMs: number }> = []
    for (let c = first; c < end; c++) {
      try {
        const t = performance.now()
        const state = estimator.fitFromStatistics!(trainStatistics, estimator.params(ctx.candidates[c]))
        fitted.push({ candidate: c, state, fitMs: performance.now() - t })
      } catch (error) {
        out.push(failedFit(c, fold, error))
      }
    }
    if (fitted.length === 0) return out
    const states = fitted.map((f) => f.state)
    const testTruth = gather(ctx.y, test)
    let t = performance.now()
    if (estimator.predictManyBlocks !== undefined && !ctx.returnPredictions && !ctx.returnTrainScore && canStream(ctx.metrics, testTruth)) {
      // Every candidate scored while its predictions are made, block by block (internal/streamedScores.ts).
      const streamed = new StreamedScores(ctx.metrics, testTruth, states.length)
      estimator.predictManyBlocks(states, ctx.X, test, (block, start, length) => streamed.add(block, start, length))
      const scoreMs = (performance.now() - t) / fitted.length
      fitted.forEach(({ candidate, state, fitMs }, g) => {
        try {
          out.push({ candidate, fold, scores: streamed.scores(g), fitMs, scoreMs, ...(ctx.returnState ? { state } : {}) })
        } catch (error) {
          out.push(failedFit(candidate, fold, error))
        }
      })
      return out
    }
    const predictions = estimator.predictMany(states, ctx.X, test)
    const predictMs = (performance.now() - t) / fitted.length
    const trainPredictions = ctx.returnTrainScore ? estimator.predictMany(states, ctx.X, train) : undefined
    const trainTruth = trainPredictions === undefined ? undefined : gather(ctx.y, train)
    fitted.forEach(({ candidate, state, fitMs }, g) => {
      try {
        t = performance.now()
        const scores = scoreAll(ctx.metrics, estimator, state, ctx.X, ctx.y, test, predictions[g], testTruth)
        const scoreMs = predictMs + performance.now() - t
        const trainScores =
          trainPredictions === undefined ? undefined : scoreAll(ctx.metrics, estimator, state, ctx.X, ctx.y, train, trainPredictions[g], trainTruth)
        out.push({
          candidate,
          fold,
          scores,
          fitMs,
          scoreMs,
          ...(trainScores === undefined ? {} : { trainScores }),
          ...(ctx.returnState ? { state } : {}),
          ...(ctx.returnPredictions ? { predictions: predictions[g] } : {})
        })
      } catch (error) {
        out.push(failedFit(candidate, fold, error))
      }
    })
    return out
  })

/** Fits `estimator` with `params` on all rows (or `rows`) of (X, y). */
export const fitModel = (
  estimator: string,
  params: Record<string, unknown>,
  X: SharedMatrix,
  y: Float64Array,
  nClasses: number | undefined,
  seed: number
): unknown =>
  withEstimator(estimator, () => {
    const e = getEstimator(estimator)
    return e.fit({ X, y, nClasses, seed }, e.params(params))
  })

// ------------------------------------------------------------ ensembles

/** Predictions of model `m` of `models` for rows [start, end). */
export const ensembleMemberRange = (
  [m, start, end]: readonly [number, number, number],
  models: ReadonlyArray<FittedModel>,
  X: SharedMatrix
): Float64Array | Promise<Float64Array> => predictRange([start, end], models[m], X)

// ------------------------------------------------------------ augmentation and features

/** Writes augmented copy `copy` of (X, y) into rows [copy * n, (copy + 1) * n) of `out` (and `outY`). */
export const augmentCopy = (
  copy: number,
  X: SharedMatrix,
  spec: AugmentSpec,
  seed: number,
  out: SharedMatrix
): void => {
  augmentRows(X, spec, new Rng(derive(seed, copy)), out, copy * X.rows)
}

/** Features of series (rows) [start, end) of `series`, written into the same rows of `out`. */
export const featuresRange = (range: RowRange, series: SharedMatrix, spec: FeatureSpec, out: SharedMatrix): void => {
  for (let i = range[0]; i < range[1]; i++) featureRow(series.row(i), spec, out.row(i))
}

// ------------------------------------------------------------ batched linear algebra

/** A · v for each vector v of rows [start, end) of V (one vector per row); results into the same rows of `out`. */
export const matVecRange = (range: RowRange, A: SharedMatrix, V: SharedMatrix, out: SharedMatrix): void => {
  // out[range] = V[range] · Aᵀ in one product; each element sums over j in
  // order, as a dot product per row would.
  const k = A.columns
  const m = A.rows
  const [r0, r1] = range
  if (r1 <= r0) return
  gemm(r1 - r0, m, k, V.data.subarray(r0 * k, r1 * k), A.data, out.data.subarray(r0 * m, r1 * m), { transB: true })
}

/** The element-wise operations of `elementwise`. */
export type ElementwiseOp = "add" | "subtract" | "multiply" | "divide" | "maximum" | "minimum"

/** outs[i] = as[i] (op) bs[i], element-wise, for the pair of matrices `i`. */
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
