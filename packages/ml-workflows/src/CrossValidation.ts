/**
 * Cross-validation in parallel: each fold is one task (fit on its training
 * rows, score on its test rows), all folds at once on the pool. The data is
 * shared, never copied per fold: fits read their rows of the shared matrix by
 * index. Fold f's fit is seeded with `derive(seed, 0, f)`, so the scores are
 * the same at any thread count.
 *
 * @since 0.1.0
 */
import { InvalidOption, TaskFailed, type InvalidInput, type SharedMatrix, type TaskError } from "@weft/core"
import { WorkerPool } from "@weft/pool"
import { Effect } from "effect"
import { groupKFold } from "./GroupKFold.js"
import { checkClasses, checkMetricsDefined } from "./internal/degenerate.js"
import { kernels } from "./internal/builtins.js"
import { runPairsFromStatistics, sharesStatistics } from "./internal/foldStatistics.js"
import { packSplits } from "./internal/packedSplits.js"
import { attempt, checkXy } from "./internal/validate.js"
import { nameOf, type Checked, type EstimatorInput, type ParamsOf } from "./Estimators.js"
import { kFold } from "./KFold.js"
import { leaveOneOut } from "./LeaveOneOut.js"
import { getMetric } from "./Metrics.js"
import type { FittedModel } from "./Model.js"
import { describeEstimator, getEstimator } from "./models/Registry.js"
import { repeatedKFold } from "./RepeatedKFold.js"
import { repeatedStratifiedKFold } from "./RepeatedStratifiedKFold.js"
import { shuffleSplit } from "./ShuffleSplit.js"
import type { Split } from "./Split.js"
import { std as populationStd } from "./Stats.js"
import { stratifiedGroupKFold } from "./StratifiedGroupKFold.js"
import { stratifiedKFold } from "./StratifiedKFold.js"
import { timeSeriesSplit } from "./TimeSeriesSplit.js"
import type { FitScoreResult, SearchContext } from "./worker/kernels.js"

/**
 * How to split: a splitter spec, or the splits themselves.
 *
 * @since 0.1.0
 */
export type CvSpec =
  | { readonly kind: "kfold"; readonly k?: number; readonly shuffle?: boolean; readonly seed?: number }
  | { readonly kind: "stratified"; readonly k?: number; readonly shuffle?: boolean; readonly seed?: number }
  | { readonly kind: "timeseries"; readonly nSplits?: number; readonly maxTrainSize?: number; readonly testSize?: number; readonly gap?: number }
  | { readonly kind: "group"; readonly groups: ArrayLike<number> | ReadonlyArray<string>; readonly k?: number }
  | { readonly kind: "repeated-kfold"; readonly k?: number; readonly nRepeats?: number; readonly seed?: number }
  | { readonly kind: "repeated-stratified"; readonly k?: number; readonly nRepeats?: number; readonly seed?: number }
  | { readonly kind: "shuffle-split"; readonly nSplits?: number; readonly testSize?: number; readonly trainSize?: number; readonly seed?: number }
  | { readonly kind: "leave-one-out" }
  | { readonly kind: "stratified-group"; readonly groups: ArrayLike<number> | ReadonlyArray<string>; readonly k?: number; readonly shuffle?: boolean; readonly seed?: number }
  | ReadonlyArray<Split>

/**
 * The splits a spec gives for targets `y` (k-fold with k = 5 by default).
 *
 * @since 0.1.0
 */
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

/**
 * `E`, the estimator, types `params`: `{ estimator: "ridge", params: { alpha: 1 } }`
 * compiles, a misspelt name or parameter does not (see Estimators.ts).
 *
 * @since 0.1.0
 */
export interface CrossValidateOptions<E extends EstimatorInput = EstimatorInput> {
  /**
   * A built-in name ("linear", "ridge", "logistic", "mlp-regressor",
   * "mlp-classifier"), a reference (a pipeline from `Pipeline.make`, an
   * estimator of your own from `Estimators.fromModule`, an mljs adapter), a
   * built-in estimator object, or a name known only at run time (checked then).
   */
  readonly estimator: Checked<E>
  /** The estimator's parameters; the others take their defaults. */
  readonly params?: ParamsOf<E> | undefined
  readonly X: SharedMatrix
  readonly y: Float64Array
  /** Default: 5-fold, not shuffled. */
  readonly cv?: CvSpec | undefined
  /** Default: ["r2"] for regressors, ["accuracy"] for classifiers. */
  readonly metrics?: ReadonlyArray<string> | undefined
  /** Seed of the fits (default 0). */
  readonly seed?: number | undefined
  readonly returnModels?: boolean | undefined
  /**
   * Out-of-fold predictions. Only for splits that test each row at most once
   * (k-fold, stratified, group, leave-one-out, time series): repeated k-folds
   * and shuffle splits test a row several times, and are refused with
   * `InvalidOption`, as scikit-learn's `cross_val_predict` refuses them.
   */
  readonly returnPredictions?: boolean | undefined
  readonly returnTrainScore?: boolean | undefined
  /**
   * Your own scores beside `metrics`, each under its `name` in every fold's
   * `scores`, `mean` and `std` (test folds only, not `trainScores`).
   */
  readonly scorers?: ReadonlyArray<Scorer> | undefined
}

/**
 * A score of your own: `score(yTrue, yPred)` of a test fold's targets and the
 * model's predictions for them (class labels for a classifier).
 *
 * A function cannot be sent to a worker, so scorers run on the calling
 * thread, on the test predictions the workers send back with the built-in
 * scores: a scorer is O(test rows) where a fit is O(rows × features) or
 * more, so this costs little, and the scores are the same at any thread
 * count. (Scoring inside the workers would need the scorer in a task module
 * the workers import, as `mapBatches` takes your own task.)
 *
 * @example
 * const mape: Scorer = { name: "mape", greaterIsBetter: false, score: (t, p) => t.reduce((s, v, i) => s + Math.abs((v - p[i]) / v), 0) / t.length }
 * @since 0.2.0
 */
export interface Scorer {
  /** The key of the score; must differ from the built-in metrics asked for and the other scorers. */
  readonly name: string
  readonly score: (yTrue: Float64Array, yPred: Float64Array) => number
  /** Whether higher is better (default true); recorded for ranking, `crossValidate` reports the score as returned. */
  readonly greaterIsBetter?: boolean | undefined
}

/** @since 0.1.0 */
export interface FoldResult {
  readonly fold: number
  readonly scores: Readonly<Record<string, number>>
  readonly trainScores?: Readonly<Record<string, number>>
  readonly fitMs: number
  readonly scoreMs: number
  readonly model?: FittedModel
}

/** @since 0.1.0 */
export interface CrossValidationResult {
  readonly folds: ReadonlyArray<FoldResult>
  /** Mean of each metric over the folds. */
  readonly mean: Readonly<Record<string, number>>
  /** Population standard deviation (ddof 0, as scikit-learn reports) over the folds. */
  readonly std: Readonly<Record<string, number>>
  /** Out-of-fold predictions, one per row (NaN for rows in no test fold). */
  readonly predictions?: Float64Array
}

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
 * `Models.describeEstimator`); or a typed error saying why not.
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
    const seed = options.seed ?? 0
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      return yield* Effect.fail(new InvalidOption({ option: "seed", value: seed, reason: "must be an integer in 0..2^32-1" }))
    }
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
 * k-fold cross-validation of an estimator, folds in parallel.
 *
 * @example
 * const result = yield* crossValidate({ estimator: "ridge", params: { alpha: 1 }, X, y, cv: { kind: "kfold", k: 5 } })
 * result.mean.r2 // equals scikit-learn's cross_val_score(Ridge(alpha=1), X, y, cv=KFold(5)).mean()
 * // a scaler fitted inside each fold, as make_pipeline(StandardScaler(), Ridge()):
 * const scaled = Pipeline.make([["scaler", Preprocessing.StandardScaler], ["ridge", "ridge"]])
 * yield* crossValidate({ estimator: scaled, params: { "ridge.alpha": 1 }, X, y })
 * @since 0.1.0
 */
export const crossValidate = <E extends EstimatorInput>(
  options: CrossValidateOptions<E>
): Effect.Effect<CrossValidationResult, InvalidInput | TaskError, WorkerPool.WorkerPool> =>
  Effect.gen(function* () {
    const params: Readonly<Record<string, unknown>> = options.params ?? {}
    const scorers = options.scorers ?? []
    const { ctx, splits } = yield* prepare({
      ...options,
      candidates: [params],
      returnState: options.returnModels === true,
      returnPredictions: options.returnPredictions === true || scorers.length > 0,
      returnTrainScore: options.returnTrainScore === true
    })
    const names = new Set(ctx.metrics)
    for (const scorer of scorers) {
      if (typeof scorer?.name !== "string" || scorer.name === "" || typeof scorer.score !== "function" || names.has(scorer.name)) {
        return yield* Effect.fail(new InvalidOption({
          option: "scorers",
          value: scorer?.name,
          reason: "each needs a name (unique, not a metric also asked for) and a score(yTrue, yPred) function"
        }))
      }
      names.add(scorer.name)
    }
    if (options.returnPredictions === true) {
      const tested = new Uint8Array(options.y.length)
      for (const [f, s] of splits.entries()) {
        for (const i of s.test) {
          if (tested[i] === 1) {
            return yield* Effect.fail(new InvalidOption({
              option: "returnPredictions",
              value: true,
              reason: `needs splits that test each row at most once, but fold ${f} tests row ${i} again (repeated or shuffle splits); leave it out or use k-fold`
            }))
          }
          tested[i] = 1
        }
      }
    }
    const results = yield* runPairs(ctx, splits.length)
    const failed = results.find((r) => r.error !== undefined)
    if (failed !== undefined) {
      return yield* Effect.fail(new TaskFailed({ task: `fit ${ctx.estimator} on fold ${failed.fold}`, message: failed.error!, item: failed.fold }))
    }
    const own: Array<Record<string, number>> = []
    for (const r of results) {
      const test = splits[r.fold].test
      const yTrue = new Float64Array(test.length)
      for (let k = 0; k < test.length; k++) yTrue[k] = options.y[test[k]]
      const scores: Record<string, number> = {}
      for (const scorer of scorers) {
        const value = yield* Effect.try({
          try: () => scorer.score(yTrue, Float64Array.from(r.predictions!)),
          catch: (e) => new TaskFailed({ task: `scorer ${scorer.name} on fold ${r.fold}`, message: e instanceof Error ? e.message : String(e), item: r.fold })
        })
        if (typeof value !== "number") {
          return yield* Effect.fail(new InvalidOption({ option: "scorers", value: scorer.name, reason: `returned a ${typeof value} on fold ${r.fold}, not a number` }))
        }
        scores[scorer.name] = value
      }
      own.push(scores)
    }
    const folds: Array<FoldResult> = results.map((r, i) => ({
      fold: r.fold,
      scores: scorers.length === 0 ? r.scores : { ...r.scores, ...own[i] },
      fitMs: r.fitMs,
      scoreMs: r.scoreMs,
      ...(r.trainScores === undefined ? {} : { trainScores: r.trainScores }),
      ...(r.state === undefined ? {} : { model: { estimator: ctx.estimator, params, state: r.state } })
    }))
    let predictions: Float64Array | undefined
    if (options.returnPredictions === true) {
      predictions = new Float64Array(options.y.length).fill(Number.NaN)
      for (const r of results) {
        const test = splits[r.fold].test
        for (let k = 0; k < test.length; k++) predictions[test[k]] = r.predictions![k]
      }
    }
    return { folds, ...summarise(folds, [...ctx.metrics, ...scorers.map((s) => s.name)]), ...(predictions === undefined ? {} : { predictions }) }
  })
