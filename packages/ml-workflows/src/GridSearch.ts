/**
 * Grid search and random search with cross-validation, in parallel: every
 * (candidate x fold) pair is one task, so a 5-candidate, 5-fold search keeps
 * 25 tasks in flight over all cores. Candidates come in scikit-learn's
 * `ParameterGrid` order; results are ranked by mean score; the best candidate
 * is refitted on all the data. A candidate whose fit fails is recorded with
 * its error and ranked last, and the search goes on.
 *
 * @since 0.1.0
 */
import { InvalidOption, type InvalidInput, type SharedMatrix, type TaskError } from "@weft/core"
import { WorkerPool } from "@weft/pool"
import { Effect } from "effect"
import { prepare, resolveEstimator, runPairs, summarise, type CvSpec } from "./CrossValidation.js"
import type { Checked, DistributionsOf, EstimatorInput, GridOf } from "./Estimators.js"
import { kernels } from "./internal/builtins.js"
import { runPairsFromStatistics, sharesStatistics } from "./internal/foldStatistics.js"
import { attempt } from "./internal/validate.js"
import { getMetric } from "./Metrics.js"
import type { FittedModel } from "./Model.js"
import { isPipeline, specOf as pipelineSpecOf } from "./internal/pipeline.js"
import { getEstimator } from "./models/Registry.js"
import { parameterGrid, parameterSampler, type Candidate, type Distributions, type Grid } from "./ParameterGrid.js"

/**
 * `E`, the estimator, types the grid's keys (see Estimators.ts).
 *
 * @since 0.1.0
 */
export interface SearchOptions<E extends EstimatorInput = EstimatorInput> {
  /** As `CrossValidateOptions.estimator`: a built-in name, a reference (pipeline, module, mljs), or a name known only at run time. */
  readonly estimator: Checked<E>
  readonly X: SharedMatrix
  readonly y: Float64Array
  readonly cv?: CvSpec | undefined
  /** Default: ["r2"] for regressors, ["accuracy"] for classifiers; the first ranks the candidates unless `refit` names another. */
  readonly metrics?: ReadonlyArray<string> | undefined
  /** The metric that ranks candidates and picks the one refitted; `false` to skip the refit. */
  readonly refit?: string | false | undefined
  readonly seed?: number | undefined
  readonly returnTrainScore?: boolean | undefined
}

/** @since 0.1.0 */
export interface CandidateResult {
  readonly params: Candidate
  readonly mean: Readonly<Record<string, number>>
  readonly std: Readonly<Record<string, number>>
  readonly foldScores: ReadonlyArray<Readonly<Record<string, number>>>
  readonly meanFitMs: number
  /** 1 is best; ties share the lowest rank (scipy's "min" method, as scikit-learn). */
  readonly rank: number
  /** The first error of a candidate that failed on some fold. */
  readonly error?: string
}

/** @since 0.1.0 */
export interface SearchResult {
  /** In candidate order (scikit-learn's `cv_results_` order). */
  readonly candidates: ReadonlyArray<CandidateResult>
  readonly rankedBy: string
  readonly bestIndex: number
  readonly bestParams: Candidate
  readonly bestScore: number
  /** The best candidate fitted on all rows (absent with `refit: false`). */
  readonly bestModel?: FittedModel
}

/**
 * Ranks by mean score, best first; failed (NaN) candidates last; ties share
 * the lowest rank (1 + the number of strictly better candidates), scipy's
 * "min" method as scikit-learn's `rank_test_score`. One sort, O(n log n):
 * counting the better ones for each candidate was O(n²), the step that made
 * large grids slower than linear (issue 10).
 *
 * @example
 * rank([0.5, NaN, 0.9, 0.5], true) // [2, 4, 1, 2]
 * @since 0.2.0
 */
export const rank = (scores: ReadonlyArray<number>, greaterIsBetter: boolean): Array<number> => {
  const keys = scores.map((s) => (Number.isNaN(s) ? Number.NEGATIVE_INFINITY : greaterIsBetter ? s : -s))
  const order = keys.map((_, i) => i).sort((a, b) => (keys[a] > keys[b] ? -1 : keys[a] < keys[b] ? 1 : a - b))
  const ranks = new Array<number>(scores.length)
  for (let p = 0; p < order.length; p++) {
    const i = order[p]
    ranks[i] = p > 0 && keys[order[p - 1]] === keys[i] ? ranks[order[p - 1]] : p + 1
  }
  return ranks
}

/**
 * Cross-validates every candidate; ranks; refits the best.
 *
 * @since 0.1.0
 */
export const searchCandidates = <E extends EstimatorInput>(
  candidates: ReadonlyArray<Candidate>,
  options: SearchOptions<E>
): Effect.Effect<SearchResult, InvalidInput | TaskError, WorkerPool.WorkerPool> =>
  Effect.gen(function* () {
    if (candidates.length === 0) return yield* Effect.fail(new InvalidOption({ option: "grid", value: [], reason: "gives no candidates" }))
    const { ctx, splits } = yield* prepare({
      ...options,
      candidates,
      returnState: false,
      returnPredictions: false,
      returnTrainScore: options.returnTrainScore === true
    })
    const rankedBy = options.refit === undefined || options.refit === false ? ctx.metrics[0] : options.refit
    if (!ctx.metrics.includes(rankedBy)) {
      return yield* Effect.fail(new InvalidOption({ option: "refit", value: rankedBy, reason: `must be one of the metrics (${ctx.metrics.join(", ")})` }))
    }
    // An estimator with sufficient statistics shares each fold's statistics over the candidates, and refits from all rows' statistics.
    const shared = sharesStatistics(ctx.estimator) ? yield* runPairsFromStatistics(ctx, options.refit !== false) : undefined
    const results = shared?.results ?? (yield* runPairs(ctx, splits.length))
    const k = splits.length
    const perCandidate = candidates.map((params, c) => {
      const folds = results.slice(c * k, (c + 1) * k)
      const error = folds.find((f) => f.error !== undefined)?.error
      const { mean, std } = summarise(folds, ctx.metrics)
      return {
        params,
        mean,
        std,
        foldScores: folds.map((f) => f.scores),
        meanFitMs: folds.reduce((a, f) => a + f.fitMs, 0) / k,
        ...(error === undefined ? {} : { error })
      }
    })
    const greater = getMetric(rankedBy).greaterIsBetter
    const ranks = rank(perCandidate.map((c) => (c.error === undefined ? c.mean[rankedBy] : Number.NaN)), greater)
    const ranked: Array<CandidateResult> = perCandidate.map((c, i) => ({ ...c, rank: ranks[i] }))
    // The first candidate of rank 1, as scikit-learn's best_index_ (argmin of rank).
    const bestIndex = ranks.indexOf(1)
    const best = ranked[bestIndex]
    let bestModel: FittedModel | undefined
    if (options.refit !== false && best.error === undefined) {
      const pool = yield* WorkerPool.WorkerPool
      const tasks = yield* kernels
      const state =
        shared?.fitAll !== undefined
          ? yield* shared.fitAll(best.params)
          : yield* pool.run(tasks.fitModel, ctx.estimator, best.params, ctx.X, ctx.y, ctx.nClasses, ctx.seed)
      bestModel = { estimator: ctx.estimator, params: best.params, state }
    }
    return {
      candidates: ranked,
      rankedBy,
      bestIndex,
      bestParams: best.params,
      bestScore: best.mean[rankedBy],
      ...(bestModel === undefined ? {} : { bestModel })
    }
  })

/**
 * Grid search: a grid (`{ alpha: [0.1, 1, 10] }`) or a list of grids,
 * expanded in scikit-learn's order. Its keys are the estimator's parameters
 * (a pipeline's: `"ridge.alpha"`, `"scaler.withMean"`); another is a compile
 * error for a typed estimator and an `InvalidOption` at run time.
 *
 * @example
 * const result = yield* gridSearch({ alpha: [0.01, 0.1, 1, 10] }, { estimator: "ridge", X, y })
 * result.bestParams // { alpha: ... }
 * @since 0.1.0
 */
export const gridSearch = <E extends EstimatorInput>(
  grid: GridOf<NoInfer<E>> | ReadonlyArray<GridOf<NoInfer<E>>>,
  options: SearchOptions<E>
): Effect.Effect<SearchResult, InvalidInput | TaskError, WorkerPool.WorkerPool> =>
  Effect.gen(function* () {
    const name = yield* resolveEstimator(options.estimator)
    const candidates = yield* attempt<Array<Candidate>, InvalidInput>(() => parameterGrid(grid as Grid | ReadonlyArray<Grid>, { allowed: allowedParams(name) }))
    return yield* searchCandidates(candidates, options)
  })

/**
 * Random search: `nIter` candidates drawn from lists or distributions with `seed`.
 *
 * @since 0.1.0
 */
export const randomSearch = <E extends EstimatorInput>(
  distributions: DistributionsOf<NoInfer<E>> | ReadonlyArray<DistributionsOf<NoInfer<E>>>,
  nIter: number,
  options: SearchOptions<E> & { readonly samplerSeed?: number | undefined }
): Effect.Effect<SearchResult, InvalidInput | TaskError, WorkerPool.WorkerPool> =>
  Effect.gen(function* () {
    const name = yield* resolveEstimator(options.estimator)
    const candidates = yield* attempt<Array<Candidate>, InvalidInput>(() =>
      parameterSampler(distributions as Distributions | ReadonlyArray<Distributions>, nIter, options.samplerSeed ?? options.seed ?? 0, { allowed: allowedParams(name) })
    )
    return yield* searchCandidates(candidates, options)
  })

/**
 * The parameter names a grid may use; undefined (anything goes) for an
 * adapter that declares none, or a pipeline ending in one (its `params`
 * still checks the transformers' keys when the search starts).
 */
const allowedParams = (estimator: string): ReadonlyArray<string> | undefined => {
  try {
    if (isPipeline(estimator) && Object.keys(getEstimator(pipelineSpecOf(estimator).final[1]).defaults).length === 0) return undefined
    const names = Object.keys(getEstimator(estimator).defaults)
    return names.length > 0 ? names : undefined
  } catch {
    return undefined // the unknown estimator is reported by the search itself
  }
}
