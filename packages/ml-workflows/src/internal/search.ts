/**
 * @internal
 *
 * The search protocol: what the (candidate, fold) tasks of a cross-validation
 * or a search receive (`SearchContext`, shared by every task of a run, and
 * each task's own `[candidate, fold, params]`), what each sends back
 * (`FitScoreResult`), and the pure functions that fit and score
 * (`fitScore`, `fitScoreFromStatistics`, `statisticsChunk`, `fitModel`).
 *
 * Pure and worker-side: `worker/kernels.ts` exposes these functions to the
 * workers as one-line adapters, and the Effect operations
 * (`CrossValidation`, `GridSearch`, `internal/folds.ts`,
 * `internal/foldStatistics.ts`) send the tasks and read the results. Nothing
 * here loads `effect` or `@weft/pool` (see the worker boundary in the root
 * `eslint.config.js`). Not part of the public API.
 */
import { derive } from "@weft/core/Rng"
import type { SharedMatrix } from "@weft/core/SharedMatrix"
import { getMetric } from "../Metrics.js"
import { getEstimator, loadEstimator } from "../models/Registry.js"
import type { PackedSplits } from "./packedSplits.js"
import { splitAt } from "./packedSplits.js"
import { canStream, StreamedScores } from "./streamedScores.js"

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

/** One (candidate, fold) task: the candidate's index, the fold, and the candidate's parameters (else `ctx.candidates[candidate]`). */
export type FitScorePair = readonly [number, number, Record<string, unknown>?]

/**
 * Runs `f` once the estimator can fit and predict here: the module of an mljs
 * adapter, of an estimator of your own or of a pipeline's final step is
 * imported on first use; a built-in model runs at once.
 */
export const withEstimator = <A>(name: string, f: () => A): A | Promise<A> => {
  const loading = loadEstimator(name)
  return loading === undefined ? f() : loading.then(f)
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
export const fitScore = ([candidate, fold, params]: FitScorePair, ctx: SearchContext): FitScoreResult | Promise<FitScoreResult> => {
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
      // Every candidate scored while its predictions are made (internal/streamedScores.ts; a linear model in one pass of residualSums).
      const streamed = new StreamedScores(ctx.metrics, testTruth, states.length)
      streamed.stream(estimator, states, ctx.X, test)
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

/** Fits `estimator` with `params` on all rows of (X, y): the refit of a search's best candidate. */
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
