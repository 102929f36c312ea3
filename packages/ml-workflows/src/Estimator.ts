/**
 * The contract every built-in model follows, so that cross-validation, grid
 * search and ensembles treat them alike, in the main thread or in a worker.
 *
 * A model is plain data (`State`, JSON-serialisable) plus pure functions over it.
 * Fitting reads the training rows straight from the shared matrix through an
 * index list: no fold ever copies the dataset.
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
 * @since 0.1.0
 */
export interface Estimator<Params extends Record<string, unknown> = Record<string, unknown>, State = unknown> {
  /** Name used by the CLI and in saved models: "linear", "ridge", "logistic", "mlp-regressor", ... */
  readonly name: string
  readonly kind: "regressor" | "classifier"
  readonly defaults: Params
  /**
   * Checks and completes user parameters (unknown names, wrong types, out of
   * range); throws `InvalidOption` naming the parameter.
   */
  readonly params: (input: Readonly<Record<string, unknown>>) => Params
  readonly fit: (input: FitInput, params: Params) => State
  /** Predictions for `rows` of `X` (all rows when absent): values, or class labels 0..K-1. */
  readonly predict: (state: State, X: SharedMatrix, rows?: Int32Array) => Float64Array
  /** Class probabilities, row-major (rows x nClasses); classifiers only. */
  readonly predictProba?: (state: State, X: SharedMatrix, rows?: Int32Array) => Float64Array
}
