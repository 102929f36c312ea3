/**
 * Parallel preprocessing: fitted statistics computed per chunk of rows in
 * parallel and merged exactly (per-chunk count, mean and M2 combined in chunk
 * order by Chan et al.'s formulas), so that a parallel fit equals a
 * sequential one; then the transform applied to chunks in parallel, writing
 * into a new shared matrix.
 *
 * The transformers themselves are `Transformers` (pure, fitted data, any
 * thread); this module is the Effects that run them on the worker pool. The
 * name keeps the two apart: `Preprocess` does the work in parallel,
 * `Transformers` is what it fits and applies (`Preprocessing` before 0.2.0).
 *
 * @since 0.1.0
 */
import { ShapeMismatch, SharedMatrix, Validate, type InvalidInput, type TaskError } from "@weft/core"
import { WorkerPool } from "@weft/pool"
import { Effect } from "effect"
import type { BatchOptions } from "./BatchInference.js"
import { batches, kernels } from "./internal/builtins.js"
import { attempt } from "./internal/validate.js"
import {
  MinMaxScaler,
  OneHotEncoder,
  outputColumns,
  SimpleImputer,
  StandardScaler,
  type MinMaxScalerOptions,
  type OneHotEncoderOptions,
  type SimpleImputerOptions,
  type StandardScalerOptions,
  type Transformer
} from "./Transformers.js"
import { mergeAll, type ColumnStats } from "./Stats.js"

/**
 * Column statistics of X (NaN ignored), computed over chunks in parallel and
 * merged in chunk order.
 *
 * @since 0.1.0
 * @category operations
 */
export const columnStats = (
  X: SharedMatrix,
  options: BatchOptions = {}
): Effect.Effect<ColumnStats, InvalidInput | TaskError, WorkerPool.WorkerPool> =>
  Effect.gen(function* () {
    yield* Validate.nonEmpty(X, "X")
    const pool = yield* WorkerPool.WorkerPool
    const k = yield* kernels
    const parts = yield* pool.map(k.statsRange, batches(X.rows, options.batchSize ?? 4096), { args: [X] })
    return mergeAll(parts)
  })

/**
 * Which transformer to fit, and its options.
 *
 * @since 0.1.0
 * @category models
 */
export type TransformerSpec =
  | ({ readonly kind: "standard" } & StandardScalerOptions)
  | ({ readonly kind: "minmax" } & MinMaxScalerOptions)
  | ({ readonly kind: "impute" } & SimpleImputerOptions)
  | ({ readonly kind: "onehot" } & OneHotEncoderOptions)

/**
 * Fits a transformer on X: scalers and the mean/constant imputers from
 * statistics merged across parallel chunks; the median and most-frequent
 * imputers and the one-hot encoder (which need whole columns) sequentially.
 *
 * @example
 * const scaler = yield* fit(X, { kind: "standard" })
 * const Z = yield* transform(scaler, X)
 * @since 0.1.0
 * @category operations
 */
export const fit = (
  X: SharedMatrix,
  spec: TransformerSpec,
  options: BatchOptions = {}
): Effect.Effect<Transformer, InvalidInput | TaskError, WorkerPool.WorkerPool> =>
  Effect.gen(function* () {
    const { kind, ...rest } = spec
    switch (kind) {
      case "standard": {
        const stats = yield* columnStats(X, options)
        return yield* attempt<Transformer, InvalidInput>(() => StandardScaler.fitFromStats(stats, rest as StandardScalerOptions))
      }
      case "minmax": {
        const stats = yield* columnStats(X, options)
        return yield* attempt<Transformer, InvalidInput>(() => MinMaxScaler.fitFromStats(stats, rest as MinMaxScalerOptions))
      }
      case "impute": {
        const o = rest as SimpleImputerOptions
        if (o.strategy === undefined || o.strategy === "mean" || o.strategy === "constant") {
          const stats = yield* columnStats(X, options)
          return yield* attempt<Transformer, InvalidInput>(() => SimpleImputer.fitFromStats(stats, o))
        }
        return yield* attempt<Transformer, InvalidInput>(() => SimpleImputer.fit(X, o))
      }
      case "onehot":
        return yield* attempt<Transformer, InvalidInput>(() => OneHotEncoder.fit(X, rest as OneHotEncoderOptions))
    }
  })

/**
 * Options of {@link transform}.
 *
 * @since 0.1.0
 * @category models
 */
export interface TransformOptions extends BatchOptions {
  /**
   * The shared matrix to write into (X.rows x the transformer's output
   * columns); default a new one. Batch after batch of a stream, or run after
   * run, one output matrix serves every call: a new one costs its allocation
   * and the operating system's first touch of every page, a price that does
   * not shrink with more threads.
   */
  readonly out?: SharedMatrix | undefined
}

/**
 * Applies a fitted transformer to every row of X in parallel chunks, into a
 * new shared matrix or into `options.out`; returns the matrix written.
 *
 * Fails with `ShapeMismatch` when `out` is not X.rows x the output columns.
 *
 * @example
 * const Z = yield* transform(scaler, X)
 * yield* transform(scaler, X2, { out: Z }) // reuse Z for the next batch of the same size
 * @since 0.1.0
 * @category operations
 */
export const transform = (
  transformer: Transformer,
  X: SharedMatrix,
  options: TransformOptions = {}
): Effect.Effect<SharedMatrix, InvalidInput | TaskError, WorkerPool.WorkerPool> =>
  Effect.gen(function* () {
    yield* Validate.nonEmpty(X, "X")
    const columns = outputColumns(transformer)
    const out = options.out ?? SharedMatrix.zeros(X.rows, columns)
    if (out.rows !== X.rows || out.columns !== columns) {
      return yield* Effect.fail(
        new ShapeMismatch({ what: "output matrix", expected: `${X.rows} x ${columns} (X's rows x the output columns)`, actual: `${out.rows} x ${out.columns}` })
      )
    }
    const pool = yield* WorkerPool.WorkerPool
    const k = yield* kernels
    yield* pool.map(k.transformRange, batches(X.rows, options.batchSize ?? 4096), { args: [transformer, X, out] })
    return out
  })
