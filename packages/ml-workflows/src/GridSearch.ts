/**
 * Grid search and random search with cross-validation, in parallel: every
 * (candidate x fold) pair is one task, so a 5-candidate, 5-fold search keeps
 * 25 tasks in flight over all cores. Candidates come in scikit-learn's
 * `ParameterGrid` order; results are ranked by mean score; the best candidate
 * is refitted on all the data. A candidate whose fit fails is recorded with
 * its error and ranked last, and the search goes on.
 *
 * The refit overlaps the last (candidate, fold) tasks where it can: once
 * every task has started and a worker is free, the best of the candidates
 * whose folds are all done is refitted speculatively on that worker. If it is
 * still the best when the last task ends, its refit is the result (the same
 * task with the same arguments as a refit after the search: the same bits);
 * if not, it is interrupted and the best is refitted as before. Results never
 * depend on whether or when the speculation ran.
 *
 * @since 0.1.0
 */
import { InvalidOption, type InvalidInput, type SharedMatrix, type TaskError } from "@weft/core"
import { WorkerPool } from "@weft/pool"
import { Effect, Fiber } from "effect"
import type { CvSpec } from "./CrossValidation.js"
import type { Checked, DistributionsOf, EstimatorInput, GridOf } from "./Estimators.js"
import { kernels } from "./internal/builtins.js"
import * as Folds from "./internal/folds.js"
import { prepare, resolveEstimator, runPairs, summarise } from "./internal/folds.js"
import { runPairsFromStatistics, sharesStatistics } from "./internal/foldStatistics.js"
import { attempt } from "./internal/validate.js"
import { getMetric } from "./Metrics.js"
import type { FittedModel } from "./Model.js"
import { isPipeline, specOf as pipelineSpecOf } from "./internal/pipeline.js"
import type { FitScoreResult, SearchContext } from "./internal/search.js"
import { getEstimator } from "./models/Registry.js"
import { parameterGrid, parameterSampler, type Candidate, type Distributions, type Grid } from "./ParameterGrid.js"

/** The index of the best candidate among `means` (undefined: not complete or failed), the first on a tie; undefined for none. */
const leaderOf = (means: ReadonlyArray<number | undefined>, greaterIsBetter: boolean): number | undefined => {
  let best: number | undefined
  for (let c = 0; c < means.length; c++) {
    const m = means[c]
    if (m === undefined || Number.isNaN(m)) continue
    if (best === undefined || (greaterIsBetter ? m > means[best]! : m < means[best]!)) best = c
  }
  return best
}

/**
 * Every (candidate, fold) pair as one task, as `runPairs`, and a speculative
 * refit: once every pair has started and a worker is free, the leader among
 * the candidates whose folds are all done is refitted on it (forked in the
 * caller's fiber). The refit is `fitModel` with the arguments the refit after
 * the search would give it.
 */
const runPairsSpeculating = (
  ctx: SearchContext,
  folds: number,
  rankedBy: string,
  greaterIsBetter: boolean
): Effect.Effect<
  { results: Array<FitScoreResult>; speculation: { index: number; fiber: Fiber.RuntimeFiber<unknown, TaskError> } | undefined },
  TaskError,
  WorkerPool.WorkerPool
> =>
  Effect.gen(function* () {
    const pool = yield* WorkerPool.WorkerPool
    const k = yield* kernels
    const C = ctx.candidates.length
    const pairs: Array<readonly [number, number, Record<string, unknown>]> = []
    for (let c = 0; c < C; c++) for (let f = 0; f < folds; f++) pairs.push([c, f, ctx.candidates[c]])
    const shared: SearchContext = { ...ctx, candidates: [] }
    const results = new Array<FitScoreResult>(pairs.length)
    const done = new Array<number>(C).fill(0)
    const means = new Array<number | undefined>(C).fill(undefined)
    const slots = Math.max(1, pool.size)
    let started = 0
    let finished = 0
    let speculation: { index: number; fiber: Fiber.RuntimeFiber<unknown, TaskError> } | undefined
    const speculate = Effect.suspend(() => {
      // Only with workers, once nothing is left to start and a worker is idle.
      if (pool.size === 0 || speculation !== undefined || started < pairs.length || started - finished >= slots) return Effect.void
      const index = leaderOf(means, greaterIsBetter)
      if (index === undefined) return Effect.void
      return Effect.map(Effect.fork(pool.run(k.fitModel, ctx.estimator, ctx.candidates[index], ctx.X, ctx.y, ctx.nClasses, ctx.seed)), (fiber) => {
        speculation = { index, fiber }
      })
    })
    yield* Effect.forEach(
      pairs,
      (pair, i) =>
        Effect.suspend(() => {
          started++
          return pool.run(k.fitScore, pair, shared)
        }).pipe(
          Effect.flatMap((r) =>
            Effect.suspend(() => {
              results[i] = r
              finished++
              const c = pair[0]
              if (++done[c] === folds) {
                const own = results.slice(c * folds, (c + 1) * folds)
                means[c] = own.some((f) => f.error !== undefined) ? undefined : summarise(own, [rankedBy]).mean[rankedBy]
              }
              return speculate
            })
          )
        ),
      { concurrency: slots, discard: true }
    )
    return { results, speculation }
  })

/**
 * `E`, the estimator, types the grid's keys (see Estimators.ts).
 *
 * @since 0.1.0
 * @category models
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

/**
 * @since 0.1.0
 * @category models
 */
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

/**
 * @since 0.1.0
 * @category models
 */
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
 * Cross-validates every candidate; ranks; refits the best.
 *
 * @since 0.1.0
 * @category operations
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
    const greater = getMetric(rankedBy).greaterIsBetter
    // With a refit to do and more than one candidate, the refit may start before the last pairs end.
    const speculating =
      shared === undefined && options.refit !== false && candidates.length > 1
        ? yield* runPairsSpeculating(ctx, splits.length, rankedBy, greater)
        : undefined
    const results = shared?.results ?? speculating?.results ?? (yield* runPairs(ctx, splits.length))
    const speculation = speculating?.speculation
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
    const ranks = Folds.rank(perCandidate.map((c) => (c.error === undefined ? c.mean[rankedBy] : Number.NaN)), greater)
    const ranked: Array<CandidateResult> = perCandidate.map((c, i) => ({ ...c, rank: ranks[i] }))
    // The first candidate of rank 1, as scikit-learn's best_index_ (argmin of rank).
    const bestIndex = ranks.indexOf(1)
    const best = ranked[bestIndex]
    let bestModel: FittedModel | undefined
    // A speculative refit of the right candidate is the refit; of another, it is stopped.
    const reuse = speculation !== undefined && speculation.index === bestIndex && best.error === undefined
    if (speculation !== undefined && !reuse) yield* Fiber.interruptFork(speculation.fiber) // stops in the background: the refit below needs no wait
    if (options.refit !== false && best.error === undefined) {
      const pool = yield* WorkerPool.WorkerPool
      const tasks = yield* kernels
      const state = reuse
        ? yield* Fiber.join(speculation!.fiber)
        : shared?.fitAll !== undefined
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
 * @category operations
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
 * @category operations
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

// ------------------------------------------------------------ deprecated

/**
 * @deprecated since 0.2.0: internal, will be removed
 * @since 0.2.0
 * @category deprecated
 */
export const rank: (scores: ReadonlyArray<number>, greaterIsBetter: boolean) => Array<number> = Folds.rank
