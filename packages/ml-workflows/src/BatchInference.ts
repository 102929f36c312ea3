/**
 * Batch inference: a model's predictions over many batches of rows, in
 * parallel, in input order.
 *
 * @since 0.1.0
 */
import { Check, Options, type InvalidInput, type SharedMatrix, type TaskError } from "@weft/core"
import { WorkerPool, type TaskHandle } from "@weft/pool"
import { Effect } from "effect"
import { batches, kernels } from "./internal/builtins.js"
import { checkX } from "./internal/validate.js"
import { shared, type FittedModel } from "./Model.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface BatchOptions {
  /** Rows per batch (default 256). */
  readonly batchSize?: number | undefined
}

const checkBatchSize = (options: BatchOptions) =>
  options.batchSize === undefined ? Effect.void : Options.integer("batchSize", options.batchSize, Check.positive)

/**
 * Concatenates per-batch outputs in batch order.
 *
 * @since 0.1.0
 * @category utils
 */
export const concat = (parts: ReadonlyArray<Float64Array>): Float64Array => {
  let total = 0
  for (const p of parts) total += p.length
  const out = new Float64Array(total)
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** Runs a built-in per-range kernel over batches of X and concatenates the parts in order. */
const overBatches = (
  kernel: "predictRange" | "predictProbaRange",
  model: FittedModel,
  X: SharedMatrix,
  options: BatchOptions
): Effect.Effect<Float64Array, InvalidInput | TaskError, WorkerPool.WorkerPool> =>
  Effect.gen(function* () {
    yield* checkX(X)
    yield* checkBatchSize(options)
    const pool = yield* WorkerPool.WorkerPool
    const k = yield* kernels
    return concat(yield* pool.map(k[kernel], batches(X.rows, options.batchSize), { args: [shared(model), X] }))
  })

/**
 * Predictions of a fitted built-in model for every row of X: values for a
 * regressor, class labels for a classifier.
 *
 * @example
 * const yHat = yield* predict(model, X, { batchSize: 512 })
 * @since 0.1.0
 * @category operations
 */
export const predict = (model: FittedModel, X: SharedMatrix, options: BatchOptions = {}) => overBatches("predictRange", model, X, options)

/**
 * Class probabilities of a fitted classifier, row-major (rows x classes).
 *
 * @since 0.1.0
 * @category operations
 */
export const predictProba = (model: FittedModel, X: SharedMatrix, options: BatchOptions = {}) =>
  overBatches("predictProbaRange", model, X, options)

/**
 * Your own predict task over batches of rows: `task([start, end], X, ...args)`
 * for each batch, results in batch order. The task lives in your task module.
 *
 * @example
 * const tasks = yield* pool.load(MyModule)
 * const parts = yield* mapBatches(tasks.forward, X, { args: [weights] })
 * @since 0.1.0
 * @category operations
 */
export const mapBatches = <Args extends ReadonlyArray<any>, R>(
  task: TaskHandle<[readonly [number, number], SharedMatrix, ...Args], R>,
  X: SharedMatrix,
  options: BatchOptions & { readonly args: Args }
): Effect.Effect<Array<R>, InvalidInput | TaskError, WorkerPool.WorkerPool> =>
  Effect.gen(function* () {
    yield* checkX(X)
    yield* checkBatchSize(options)
    const pool = yield* WorkerPool.WorkerPool
    return yield* (pool.map as any)(task, batches(X.rows, options.batchSize), { args: [X, ...options.args] }) as Effect.Effect<Array<R>, TaskError>
  })
