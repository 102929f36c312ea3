/**
 * The ML operations as Promises, for code that does not use Effect.
 *
 * Each function takes the arguments of its Effect form (same options, same
 * results, same typed errors) plus `RunOptions`: `signal` to abort, and
 * either `threads` (a pool is started for the call and closed, every worker
 * gone, before the promise settles) or `pool` (an open pool from
 * `Weft.createPool`, kept open, for many calls). An aborted call rejects with
 * `signal.reason` — a `DOMException` named "AbortError" unless `abort(reason)`
 * gave another — as Node's own APIs and piscina do; running fits are stopped.
 * Any other failure rejects with weft's typed error itself (`InvalidOption`,
 * `TaskFailed`, ...), which is an `Error` with a `_tag`.
 *
 * @example
 * import { Datasets, Promises } from "@weft/ml-workflows"
 * const { X, y } = Datasets.loadDataset("breast-cancer")
 * const cv = await Promises.crossValidate({ estimator: "logistic", X, y, cv: { kind: "stratified", k: 5 }, threads: 4 })
 * const search = await Promises.gridSearch({ alpha: [0.1, 1, 10] }, { estimator: "ridge", X, y, signal: AbortSignal.timeout(60_000) })
 * const scaled = Pipeline.make([["scaler", Transformers.StandardScaler], ["logistic", "logistic"]])
 * const tuned = await Promises.gridSearch({ "logistic.C": [0.1, 1, 10] }, { estimator: scaled, X, y, threads: 4 })
 * @since 0.2.0
 */
import type { SharedMatrix } from "@weft/core"
import { Weft } from "@weft/pool"
import * as BatchInference from "./BatchInference.js"
import * as CrossValidation from "./CrossValidation.js"
import * as Ensemble from "./Ensemble.js"
import * as GridSearch from "./GridSearch.js"
import type { DistributionsOf, EstimatorInput, GridOf } from "./Estimators.js"
import type { FittedModel } from "./Model.js"

/**
 * Where and how a Promise-form operation runs (see `Weft.RunOptions`).
 *
 * @since 0.2.0
 * @category models
 */
export type RunOptions = Weft.RunOptions

/** The options less the run options, and the run options. */
const split = <O extends RunOptions>(options: O): [Omit<O, keyof RunOptions>, RunOptions] => {
  const { signal, threads, pool, ...rest } = options
  return [rest, { signal, threads, pool }]
}

/**
 * `CrossValidation.crossValidate` as a promise.
 *
 * @example
 * const result = await Promises.crossValidate({ estimator: "ridge", params: { alpha: 1 }, X, y, threads: 2 })
 * result.mean.r2
 * @since 0.2.0
 * @category operations
 */
export const crossValidate = <E extends EstimatorInput>(
  options: CrossValidation.CrossValidateOptions<E> & RunOptions
): Promise<CrossValidation.CrossValidationResult> => {
  const [rest, run] = split(options)
  return Weft.runEffect(CrossValidation.crossValidate(rest as CrossValidation.CrossValidateOptions<E>), run)
}

/**
 * `GridSearch.gridSearch` as a promise.
 *
 * @example
 * const search = await Promises.gridSearch({ alpha: [0.1, 1, 10] }, { estimator: "ridge", X, y, threads: 2 })
 * search.bestParams
 * @since 0.2.0
 * @category operations
 */
export const gridSearch = <E extends EstimatorInput>(
  grid: GridOf<NoInfer<E>> | ReadonlyArray<GridOf<NoInfer<E>>>,
  options: GridSearch.SearchOptions<E> & RunOptions
): Promise<GridSearch.SearchResult> => {
  const [rest, run] = split(options)
  return Weft.runEffect(GridSearch.gridSearch<E>(grid, rest as GridSearch.SearchOptions<E>), run)
}

/**
 * `GridSearch.randomSearch` as a promise.
 *
 * @example
 * const search = await Promises.randomSearch({ alpha: { logUniform: [1e-3, 10] } }, 20, { estimator: "ridge", X, y })
 * @since 0.2.0
 * @category operations
 */
export const randomSearch = <E extends EstimatorInput>(
  distributions: DistributionsOf<NoInfer<E>> | ReadonlyArray<DistributionsOf<NoInfer<E>>>,
  nIter: number,
  options: GridSearch.SearchOptions<E> & { readonly samplerSeed?: number | undefined } & RunOptions
): Promise<GridSearch.SearchResult> => {
  const [rest, run] = split(options)
  return Weft.runEffect(GridSearch.randomSearch<E>(distributions, nIter, rest as GridSearch.SearchOptions<E>), run)
}

/**
 * `BatchInference.predict` (a fitted model's predictions for every row of X, in batches over the pool) as a promise.
 *
 * @since 0.2.0
 * @category operations
 */
export const predict = (
  model: FittedModel,
  X: SharedMatrix,
  options: BatchInference.BatchOptions & RunOptions = {}
): Promise<Float64Array> => {
  const [rest, run] = split(options)
  return Weft.runEffect(BatchInference.predict(model, X, rest), run)
}

/**
 * `BatchInference.predictProba` (class probabilities, row-major: rows x classes) as a promise.
 *
 * @since 0.2.0
 * @category operations
 */
export const predictProba = (
  model: FittedModel,
  X: SharedMatrix,
  options: BatchInference.BatchOptions & RunOptions = {}
): Promise<Float64Array> => {
  const [rest, run] = split(options)
  return Weft.runEffect(BatchInference.predictProba(model, X, rest), run)
}

/**
 * `Ensemble.ensemblePredict` as a promise.
 *
 * @since 0.2.0
 * @category operations
 */
export const ensemblePredict = (
  models: ReadonlyArray<FittedModel>,
  X: SharedMatrix,
  options: Ensemble.EnsembleOptions & RunOptions = {}
): Promise<Float64Array> => {
  const [rest, run] = split(options)
  return Weft.runEffect(Ensemble.ensemblePredict(models, X, rest), run)
}
