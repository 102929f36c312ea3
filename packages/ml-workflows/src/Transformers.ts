/**
 * Fitted feature transformers, as scikit-learn's `StandardScaler`,
 * `MinMaxScaler`, `SimpleImputer` and `OneHotEncoder`: plain functions, any
 * thread.
 *
 * A fitted transformer is plain, JSON-serialisable data; `transformRows` is a
 * pure function that reads a row range of one shared matrix and writes the
 * same number of rows into another, so each worker can transform its own
 * chunk into a shared output. Scalers can be fitted from `Stats.ColumnStats`
 * merged across chunks, so fitting parallelises too. Each transformer lives in
 * its own module under `src/transformers/`; this module gathers them.
 *
 * The name says the difference from `Preprocess`: `Transformers` are the pure,
 * fitted transformers (no Effect, no pool); `Preprocess` is the Effects that
 * fit and apply them across the worker pool. In 0.1.0 this module was called
 * `Preprocessing`, a name a suffix away from `Preprocess`; that name is
 * kept as a deprecated alias until 0.3.0.
 *
 * @example
 * import { Transformers } from "@weft/ml-workflows"
 * const scaler = Transformers.StandardScaler.fit(X)
 * const Z = Transformers.transform(scaler, X)
 * @since 0.2.0
 */
export * from "./transformers/MinMaxScaler.js"
export * from "./transformers/OneHotEncoder.js"
export * from "./transformers/SimpleImputer.js"
export * from "./transformers/StandardScaler.js"
export * from "./transformers/Transformer.js"
