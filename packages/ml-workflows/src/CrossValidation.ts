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
import type { WorkerPool } from "@weft/pool"
import { Effect } from "effect"
import type { Checked, EstimatorInput, ParamsOf } from "./Estimators.js"
import * as Folds from "./internal/folds.js"
import type { FitScoreResult, SearchContext } from "./internal/search.js"
import type { FittedModel } from "./Model.js"
import type { Split } from "./Split.js"

/**
 * How to split: a splitter spec, or the splits themselves.
 *
 * @since 0.1.0
 * @category models
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
 * The splits a spec gives for targets `y` (k-fold with k = 5 by default):
 * what `crossValidate` and the searches run, for a caller that wants to see
 * or reuse them.
 *
 * @example
 * const splits = yield* splitsOf({ kind: "stratified", k: 5 }, y)
 * splits[0].test // the rows of the first test fold
 * @since 0.1.0
 * @category splitters
 */
export const splitsOf: (cv: CvSpec | undefined, y: ArrayLike<number>) => Effect.Effect<ReadonlyArray<Split>, InvalidOption> = Folds.splitsOf

/**
 * `E`, the estimator, types `params`: `{ estimator: "ridge", params: { alpha: 1 } }`
 * compiles, a misspelt name or parameter does not (see Estimators.ts).
 *
 * @since 0.1.0
 * @category models
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
 * @category models
 */
export interface Scorer {
  /** The key of the score; must differ from the built-in metrics asked for and the other scorers. */
  readonly name: string
  readonly score: (yTrue: Float64Array, yPred: Float64Array) => number
  /** Whether higher is better (default true); recorded for ranking, `crossValidate` reports the score as returned. */
  readonly greaterIsBetter?: boolean | undefined
}

/**
 * @since 0.1.0
 * @category models
 */
export interface FoldResult {
  readonly fold: number
  readonly scores: Readonly<Record<string, number>>
  readonly trainScores?: Readonly<Record<string, number>>
  readonly fitMs: number
  readonly scoreMs: number
  readonly model?: FittedModel
}

/**
 * @since 0.1.0
 * @category models
 */
export interface CrossValidationResult {
  readonly folds: ReadonlyArray<FoldResult>
  /** Mean of each metric over the folds. */
  readonly mean: Readonly<Record<string, number>>
  /** Population standard deviation (ddof 0, as scikit-learn reports) over the folds. */
  readonly std: Readonly<Record<string, number>>
  /** Out-of-fold predictions, one per row (NaN for rows in no test fold). */
  readonly predictions?: Float64Array
}

/**
 * k-fold cross-validation of an estimator, folds in parallel.
 *
 * @example
 * const result = yield* crossValidate({ estimator: "ridge", params: { alpha: 1 }, X, y, cv: { kind: "kfold", k: 5 } })
 * result.mean.r2 // equals scikit-learn's cross_val_score(Ridge(alpha=1), X, y, cv=KFold(5)).mean()
 * // a scaler fitted inside each fold, as make_pipeline(StandardScaler(), Ridge()):
 * const scaled = Pipeline.make([["scaler", Transformers.StandardScaler], ["ridge", "ridge"]])
 * yield* crossValidate({ estimator: scaled, params: { "ridge.alpha": 1 }, X, y })
 * @since 0.1.0
 * @category operations
 */
export const crossValidate = <E extends EstimatorInput>(
  options: CrossValidateOptions<E>
): Effect.Effect<CrossValidationResult, InvalidInput | TaskError, WorkerPool.WorkerPool> =>
  Effect.gen(function* () {
    const params: Readonly<Record<string, unknown>> = options.params ?? {}
    const scorers = options.scorers ?? []
    const { ctx, splits } = yield* Folds.prepare({
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
    const results = yield* Folds.runPairs(ctx, splits.length)
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
    return { folds, ...Folds.summarise(folds, [...ctx.metrics, ...scorers.map((s) => s.name)]), ...(predictions === undefined ? {} : { predictions }) }
  })

// ------------------------------------------------------------ deprecated
// The steps that crossValidate shares with the searches, exported in 0.1.0
// for GridSearch's sake; they are internal now (internal/folds.ts).

/**
 * @deprecated since 0.2.0: internal, will be removed
 * @since 0.1.0
 * @category deprecated
 */
export const classCount: (y: ArrayLike<number>) => Effect.Effect<number, InvalidOption> = Folds.classCount

/**
 * @deprecated since 0.2.0: internal, will be removed
 * @since 0.1.0
 * @category deprecated
 */
export const resolveEstimator: (input: EstimatorInput) => Effect.Effect<string, InvalidOption> = Folds.resolveEstimator

/**
 * @deprecated since 0.2.0: internal, will be removed
 * @since 0.1.0
 * @category deprecated
 */
export const prepare: typeof Folds.prepare = Folds.prepare

/**
 * @deprecated since 0.2.0: internal, will be removed
 * @since 0.1.0
 * @category deprecated
 */
export const runPairs: (ctx: SearchContext, folds: number) => Effect.Effect<Array<FitScoreResult>, TaskError, WorkerPool.WorkerPool> = Folds.runPairs

/**
 * @deprecated since 0.2.0: internal, will be removed
 * @since 0.1.0
 * @category deprecated
 */
export const summarise: typeof Folds.summarise = Folds.summarise
