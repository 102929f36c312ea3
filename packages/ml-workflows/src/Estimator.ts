/**
 * The contract every model follows, built-in or your own, so that
 * cross-validation, grid search and ensembles treat them alike, in the main
 * thread or in a worker.
 *
 * A model is plain data (`State`, JSON-serialisable) plus pure functions over it.
 * Fitting reads the training rows straight from the shared matrix through an
 * index list: no fold ever copies the dataset.
 *
 * An estimator of your own follows it too: export the object from an ES
 * module and name it with `Estimators.fromModule(url, exportName)`, which
 * every worker imports (a function cannot be sent to a worker). It needs
 * `kind`, `defaults`, `params`, `fit` and `predict` (`predictProba` for
 * metrics that need probabilities); `name` is replaced by its module name;
 * its states cross threads, so they are plain data (numbers, strings, arrays,
 * typed arrays, plain objects); `fit` and `predict` must not depend on what
 * ran before on the thread, so that the thread count changes nothing.
 *
 * @since 0.1.0
 */
import type { SharedMatrix } from "@weft/core"

/**
 * What `fit` reads. `rows` selects the training rows of `X` and `y` (all rows
 * when absent); `nClasses` is the number of classes of the whole dataset for
 * classifiers (labels are 0..nClasses-1), so that a fold missing a class still
 * yields a model of the right shape.
 *
 * @since 0.1.0
 * @category models
 */
export interface FitInput {
  readonly X: SharedMatrix
  readonly y: Float64Array
  readonly rows?: Int32Array | undefined
  readonly nClasses?: number | undefined
  /** Seed for anything random in fitting (initialisation, shuffling, dropout). */
  readonly seed: number
}

/**
 * Sufficient statistics of a model: numbers computed from a block of rows
 * that, merged over blocks, carry everything a fit needs (for least squares:
 * the row count, the column means and the centred co-moments `XcᵀXc`,
 * `Xcᵀyc`). A model that has them can be cross-validated and searched with
 * one pass over the data: the search computes each block's statistics once,
 * in parallel, merges them per training set, and fits every candidate of a
 * fold from the same merged statistics (see {@link Estimator.fitFromStatistics}).
 *
 * The contract:
 * - `compute(X, y, rows)` reads only `rows` of (X, y), in the order given, and
 *   its result is plain data (typed arrays, numbers, plain objects): it
 *   crosses to and from workers and cluster nodes.
 * - `merge(a, b)` gives the statistics of the rows of `a` and of `b` together
 *   without mutating either, by an update that is exact up to rounding
 *   (Chan, Golub & LeVeque's pairwise formulas for moments), never by
 *   subtracting one block from a larger one, which cancels catastrophically.
 * - Merged statistics fit, through `fitFromStatistics`, the model that `fit`
 *   gives on the same rows, up to rounding.
 *
 * @since 0.1.0
 * @category models
 */
export interface SufficientStatistics<Stats = unknown> {
  /** The statistics of `rows` of (X, y). Throws a typed error for input `fit` would refuse. */
  readonly compute: (X: SharedMatrix, y: Float64Array, rows: Int32Array) => Stats
  /** The statistics of the rows of `a` followed by the rows of `b`. */
  readonly merge: (a: Stats, b: Stats) => Stats
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Estimator<Params extends Record<string, unknown> = Record<string, unknown>, State = unknown> {
  /** Name used by the CLI, tasks and saved models: "linear", "ridge", "logistic", "mlp-regressor", ..., `module:...` and `pipeline:...` names. */
  readonly name: string
  readonly kind: "regressor" | "classifier"
  readonly defaults: Params
  /**
   * Checks and completes user parameters (unknown names, wrong types, out of
   * range); throws `InvalidOption` naming the parameter.
   */
  readonly params: (input: Readonly<Record<string, unknown>>) => Params
  /**
   * Fits on `input.rows`. Given `params()`'s output by weft; the built-in
   * models also complete (and check) partial parameters passed from
   * JavaScript, as scikit-learn's defaults do.
   */
  readonly fit: (input: FitInput, params: Params) => State
  /** Predictions for `rows` of `X` (all rows when absent): values, or class labels 0..K-1. */
  readonly predict: (state: State, X: SharedMatrix, rows?: Int32Array) => Float64Array
  /** Class probabilities, row-major (rows x nClasses); classifiers only. */
  readonly predictProba?: (state: State, X: SharedMatrix, rows?: Int32Array) => Float64Array
  /**
   * Optional: the predictions of several fitted models for the same rows, one
   * array per model, each equal to what `predict` gives for that model (bit for
   * bit), in one pass over the rows. Searches that share work use it to score
   * a fold's candidates together.
   */
  readonly predictMany?: (states: ReadonlyArray<State>, X: SharedMatrix, rows?: Int32Array) => Array<Float64Array>
  /**
   * Optional: the same predictions as `predictMany`, handed to `visit` a block
   * of rows at a time in row order instead of kept: `block[g · length + i]` is
   * model g's prediction for `rows[start + i]` (the same bits as `predict`),
   * and `block` may be reused once `visit` returns. Searches that share work
   * use it to score many candidates of a fold without holding every
   * candidate's predictions.
   */
  readonly predictManyBlocks?: (
    states: ReadonlyArray<State>,
    X: SharedMatrix,
    rows: Int32Array | undefined,
    visit: (block: Float64Array, start: number, length: number) => void
  ) => void
  /**
   * Optional, for linear models: the coefficients and intercept of a fitted
   * state, when `predict` gives exactly `intercept + x₀·coef₀ + x₁·coef₁ + ...`,
   * summed in that order from the intercept. Searches that share work then
   * score a fold's candidates (mse, rmse, mae, r²) in one WebAssembly pass
   * that never stores the predictions (`residualSums` of `@weft/kernels`),
   * with the bits `predictManyBlocks` and the metric functions give.
   */
  readonly linearModel?: (state: State) => { readonly coef: ArrayLike<number>; readonly intercept: number }
  /**
   * Opt-in to searches that share work: with both `sufficientStatistics` and
   * `fitFromStatistics`, `gridSearch`, `randomSearch` and `crossValidate`
   * compute the statistics of each block of rows once (in parallel, in fixed
   * chunks merged in a fixed order, so the thread count changes no bit),
   * merge them into each fold's training statistics, fit every candidate from
   * those, and refit the best from the statistics of all rows. Test scores
   * still come from `predict` on the test rows. Without them, every
   * (candidate, fold) pair is fitted with `fit`.
   */
  readonly sufficientStatistics?: SufficientStatistics<any>
  /** The model that `fit` would give on the rows whose merged statistics are `stats` (see `sufficientStatistics`). */
  readonly fitFromStatistics?: (stats: any, params: Params) => State
}
