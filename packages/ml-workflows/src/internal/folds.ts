/**
 * @internal
 *
 * The steps that `CrossValidation.crossValidate` and the searches of
 * `GridSearch` share, on the main thread: the checks made before any task
 * starts (`prepare`, which builds the run's `SearchContext`), the splits of a
 * `CvSpec`, the (candidate, fold) tasks on the pool (`runPairs`), and what is
 * made of their results (`summarise`, `rank`). The tasks themselves, and the
 * protocol they speak, are in `internal/search.ts`.
 *
 * Main-thread only (it loads `effect` and `@weft/pool`; listed in `mainSide`
 * of the root `eslint.config.js`). Not part of the public API.
 */
import { InvalidOption, Options, type InvalidInput, type SharedMatrix, type TaskError } from "@weft/core"
import { WorkerPool } from "@weft/pool"
import { Effect } from "effect"
import type { CvSpec } from "../CrossValidation.js"
import { nameOf, type EstimatorInput } from "../Estimators.js"
import { groupKFold } from "../GroupKFold.js"
import { kFold } from "../KFold.js"
import { leaveOneOut } from "../LeaveOneOut.js"
import { getMetric } from "../Metrics.js"
import { describeEstimator, getEstimator } from "../models/Registry.js"
import { repeatedKFold } from "../RepeatedKFold.js"
import { repeatedStratifiedKFold } from "../RepeatedStratifiedKFold.js"
import { shuffleSplit } from "../ShuffleSplit.js"
import type { Split } from "../Split.js"
import { std as populationStd } from "../Stats.js"
import { stratifiedGroupKFold } from "../StratifiedGroupKFold.js"
import { stratifiedKFold } from "../StratifiedKFold.js"
import { timeSeriesSplit } from "../TimeSeriesSplit.js"
import { kernels } from "./builtins.js"
import { checkClasses, checkMetricsDefined } from "./degenerate.js"
import { runPairsFromStatistics, sharesStatistics } from "./foldStatistics.js"
import { packSplits } from "./packedSplits.js"
import type { FitScoreResult, SearchContext } from "./search.js"
import { attempt, checkXy } from "./validate.js"

/** The splits a spec gives for targets `y` (k-fold with k = 5 by default); `CrossValidation.splitsOf`. */
export const splitsOf = (cv: CvSpec | undefined, y: ArrayLike<number>): Effect.Effect<ReadonlyArray<Split>, InvalidOption> =>
  attempt(() => {
    if (cv === undefined) return kFold(y.length, { k: 5 })
    if (Array.isArray(cv)) return cv as ReadonlyArray<Split>
    const spec = cv as Exclude<CvSpec, ReadonlyArray<Split>>
    switch (spec.kind) {
      case "kfold":
        return kFold(y.length, { k: spec.k, shuffle: spec.shuffle, seed: spec.seed })
      case "stratified":
        return stratifiedKFold(y, { k: spec.k, shuffle: spec.shuffle, seed: spec.seed })
      case "timeseries":
        return timeSeriesSplit(y.length, { nSplits: spec.nSplits, maxTrainSize: spec.maxTrainSize, testSize: spec.testSize, gap: spec.gap })
      case "group":
        if (spec.groups.length !== y.length) {
          throw new InvalidOption({ option: "groups", value: spec.groups.length, reason: `must have one group per sample (${y.length})` })
        }
        return groupKFold(spec.groups, { k: spec.k })
      case "repeated-kfold":
        return repeatedKFold(y.length, { k: spec.k, nRepeats: spec.nRepeats, seed: spec.seed })
      case "repeated-stratified":
        return repeatedStratifiedKFold(y, { k: spec.k, nRepeats: spec.nRepeats, seed: spec.seed })
      case "shuffle-split":
        return shuffleSplit(y.length, { nSplits: spec.nSplits, testSize: spec.testSize, trainSize: spec.trainSize, seed: spec.seed })
      case "leave-one-out":
        return leaveOneOut(y.length)
      case "stratified-group":
        return stratifiedGroupKFold(y, spec.groups, { k: spec.k, shuffle: spec.shuffle, seed: spec.seed })
      default:
        throw new InvalidOption({ option: "cv", value: (spec as { kind: unknown }).kind, reason: 'must be "kfold", "stratified", "timeseries", "group", "repeated-kfold", "repeated-stratified", "shuffle-split", "leave-one-out", "stratified-group" or a list of splits' })
    }
  })

/** The class count of integer labels 0..K-1, or a typed error. */
export const classCount = (y: ArrayLike<number>): Effect.Effect<number, InvalidOption> => {
  let max = -1
  for (let i = 0; i < y.length; i++) {
    const v = y[i]
    if (!Number.isInteger(v) || v < 0) {
      return Effect.fail(new InvalidOption({ option: "y", value: v, reason: `a classifier needs integer class labels 0..K-1 (row ${i})` }))
    }
    if (v > max) max = v
  }
  return Effect.succeed(max + 1)
}

/**
 * The name of an estimator input, with what `getEstimator` needs to describe
 * it imported on this thread (a module of your own; see
 * `Registry.describeEstimator`); or a typed error saying why not.
 */
export const resolveEstimator = (input: EstimatorInput): Effect.Effect<string, InvalidOption> =>
  Effect.gen(function* () {
    const name = yield* attempt<string, InvalidOption>(() => nameOf(input))
    yield* Effect.tryPromise({
      try: () => describeEstimator(name) ?? Promise.resolve(),
      catch: (e) => (e instanceof InvalidOption ? e : new InvalidOption({ option: "estimator", value: name, reason: e instanceof Error ? e.message : String(e) }))
    })
    return name
  })

/** Everything a search or a cross-validation checks before it starts any task. */
export const prepare = (options: {
  readonly estimator: EstimatorInput
  readonly candidates: ReadonlyArray<Readonly<Record<string, unknown>>>
  readonly X: SharedMatrix
  readonly y: Float64Array
  readonly cv?: CvSpec | undefined
  readonly metrics?: ReadonlyArray<string> | undefined
  readonly seed?: number | undefined
  readonly returnState: boolean
  readonly returnPredictions: boolean
  readonly returnTrainScore: boolean
}): Effect.Effect<{ ctx: SearchContext; splits: ReadonlyArray<Split> }, InvalidInput> =>
  Effect.gen(function* () {
    const name = yield* resolveEstimator(options.estimator)
    const estimator = yield* attempt<ReturnType<typeof getEstimator>, InvalidOption>(() => getEstimator(name))
    yield* checkXy(options.X, options.y)
    // Parameters are checked here, once: a typo fails the run before any fit.
    for (const candidate of options.candidates) yield* attempt<unknown, InvalidOption>(() => estimator.params(candidate))
    const metrics = options.metrics ?? [estimator.kind === "classifier" ? "accuracy" : "r2"]
    if (metrics.length === 0) return yield* Effect.fail(new InvalidOption({ option: "metrics", value: [], reason: "must name at least one metric" }))
    for (const m of metrics) {
      const metric = yield* attempt<ReturnType<typeof getMetric>, InvalidOption>(() => getMetric(m))
      if (metric.needsProba && estimator.predictProba === undefined) {
        return yield* Effect.fail(new InvalidOption({ option: "metric", value: m, reason: `needs class probabilities, which ${estimator.name} does not give` }))
      }
    }
    const nClasses = estimator.kind === "classifier" ? yield* classCount(options.y) : undefined
    const splits = yield* splitsOf(options.cv, options.y)
    if (splits.length === 0) return yield* Effect.fail(new InvalidOption({ option: "cv", value: [], reason: "gives no splits" }))
    for (const [f, s] of splits.entries()) {
      if (s.train.length === 0 || s.test.length === 0) {
        return yield* Effect.fail(new InvalidOption({ option: "cv", value: f, reason: `fold ${f} has an empty train or test set` }))
      }
    }
    // Degenerate problems are errors, not NaN scores (see internal/degenerate.ts for how this follows scikit-learn).
    const degenerate =
      (estimator.kind === "classifier" ? checkClasses(options.y, splits) : undefined) ??
      checkMetricsDefined(metrics, options.y, splits, options.returnTrainScore)
    if (degenerate !== undefined) return yield* Effect.fail(degenerate)
    const seed = yield* Options.integer("seed", options.seed ?? 0, { min: 0, max: 0xffffffff, reason: "must be an integer in 0..2^32-1" })
    const ctx: SearchContext = {
      estimator: estimator.name,
      candidates: options.candidates,
      X: options.X,
      y: options.y,
      splits: packSplits(splits),
      metrics,
      nClasses,
      seed,
      returnState: options.returnState,
      returnPredictions: options.returnPredictions,
      returnTrainScore: options.returnTrainScore
    }
    return { ctx, splits }
  })

/** Runs every (candidate, fold) pair as one task, balanced over the pool; results in (candidate, fold) order. */
export const runPairs = (
  ctx: SearchContext,
  folds: number
): Effect.Effect<Array<FitScoreResult>, TaskError, WorkerPool.WorkerPool> =>
  Effect.gen(function* () {
    // An estimator with sufficient statistics fits every candidate of a fold from statistics computed once.
    if (sharesStatistics(ctx.estimator)) return (yield* runPairsFromStatistics(ctx, false)).results
    const pool = yield* WorkerPool.WorkerPool
    const k = yield* kernels
    // Each task carries its own candidate's parameters, and the context it shares with the
    // others none: the context is copied to a worker with every task, so a context holding
    // every candidate made a search quadratic in the number of candidates (issue 10).
    const pairs: Array<readonly [number, number, Record<string, unknown>]> = []
    for (let c = 0; c < ctx.candidates.length; c++) for (let f = 0; f < folds; f++) pairs.push([c, f, ctx.candidates[c]])
    const shared: SearchContext = { ...ctx, candidates: [] }
    // One pair per chunk: fits are long and uneven, so balance matters more than messages.
    return yield* pool.map(k.fitScore, pairs, { args: [shared], chunkSize: 1, minParallelBatchSize: 2 })
  })

/** Mean and population std of each metric over some fold results. */
export const summarise = (results: ReadonlyArray<{ readonly scores: Readonly<Record<string, number>> }>, metrics: ReadonlyArray<string>) => {
  const mean: Record<string, number> = {}
  const std: Record<string, number> = {}
  for (const m of metrics) {
    const values = results.map((r) => r.scores[m] ?? Number.NaN)
    mean[m] = values.reduce((a, b) => a + b, 0) / values.length
    std[m] = populationStd(values)
  }
  return { mean, std }
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
