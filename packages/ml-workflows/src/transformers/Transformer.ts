/**
 * What every fitted transformer shares: the {@link Transformer} union, its
 * input and output widths, and {@link transformRows}, which dispatches on
 * `_tag` to the transformer's own module. This is the module workers load
 * (`worker/kernels.ts`) to transform a chunk of rows; like the transformers it
 * is pure and loads no Effect.
 *
 * @since 0.2.0
 */
import { SharedMatrix } from "@weft/core/SharedMatrix"
import { MinMaxScaler } from "./MinMaxScaler.js"
import { OneHotEncoder } from "./OneHotEncoder.js"
import { SimpleImputer } from "./SimpleImputer.js"
import { StandardScaler } from "./StandardScaler.js"

/**
 * Rows of `X` to fit on (all rows when absent), so that a cross-validation
 * fold fits on its training rows without copying them.
 *
 * @since 0.1.0
 * @category models
 */
export interface FitRows {
  readonly rows?: Int32Array | undefined
}

/**
 * Any fitted transformer; `_tag` says which.
 *
 * @since 0.1.0
 * @category models
 */
export type Transformer = StandardScaler | MinMaxScaler | SimpleImputer | OneHotEncoder

/**
 * The number of columns `state` reads.
 *
 * @since 0.1.0
 * @category getters
 */
export const inputColumns = (state: Transformer): number => {
  switch (state._tag) {
    case "StandardScaler":
      return state.mean.length
    case "MinMaxScaler":
      return state.scale.length
    case "SimpleImputer":
      return state.statistics.length
    case "OneHotEncoder":
      return state.inputColumns
  }
}

/**
 * The number of columns `state` writes.
 *
 * @since 0.1.0
 * @category getters
 */
export const outputColumns = (state: Transformer): number =>
  state._tag === "OneHotEncoder" ? state.outputColumns : inputColumns(state)

/**
 * Rows `start..end-1` of `X` transformed by `state`, written to rows
 * `outStart..outStart + end - start - 1` of `out` (a different matrix, or the
 * same one where input and output widths agree). A worker calls this on its
 * chunk; all chunks together equal {@link transform}.
 *
 * Throws `ShapeMismatch` when `X` or `out` has the wrong number of columns or
 * `out` too few rows, `RangeError` for a row range outside `X`.
 *
 * @since 0.1.0
 * @category transforming
 */
export const transformRows = (state: Transformer, X: SharedMatrix, start: number, end: number, out: SharedMatrix, outStart: number): void => {
  switch (state._tag) {
    case "StandardScaler":
      return StandardScaler.transformRows(state, X, start, end, out, outStart)
    case "MinMaxScaler":
      return MinMaxScaler.transformRows(state, X, start, end, out, outStart)
    case "SimpleImputer":
      return SimpleImputer.transformRows(state, X, start, end, out, outStart)
    case "OneHotEncoder":
      return OneHotEncoder.transformRows(state, X, start, end, out, outStart)
  }
}

/**
 * All of `X` transformed by `state`, into a new shared matrix.
 *
 * @example
 * const Z = transform(StandardScaler.fit(X), X)
 * @since 0.1.0
 * @category transforming
 */
export const transform = (state: Transformer, X: SharedMatrix): SharedMatrix => {
  const out = SharedMatrix.zeros(X.rows, outputColumns(state))
  transformRows(state, X, 0, X.rows, out, 0)
  return out
}
