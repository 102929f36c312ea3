/**
 * Gradients in parallel: per-shard loss gradients of an MLP, aggregated in a
 * fixed order (shard 0, 1, 2, ...) so that the result never depends on the
 * thread count; and data-parallel training built on it (each step: shard the
 * minibatch, gradients in parallel, aggregate, update), which follows the
 * sequential `MlpRegressor` / `MlpClassifier` fit step for step: same
 * initialisation, same minibatches, same dropout masks. Only the summation
 * order of the gradient differs, so the two agree to floating-point rounding.
 *
 * @since 0.1.0
 */
import { Check, Rng, InvalidOption, ShapeMismatch, SharedMatrix, type InvalidInput, type TaskError, Options } from "@weft/core"
import { WorkerPool } from "@weft/pool"
import { Effect } from "effect"
import { classCount } from "./internal/folds.js"
import { batches, kernels } from "./internal/builtins.js"
import { sharedVector } from "./internal/shared.js"
import { attempt, checkXy } from "./internal/validate.js"
import type { FittedModel } from "./Model.js"
import { mlpInit, mlpPenalty, optimizerInit, optimizerStep, shareParams, type MlpParams, type MlpState } from "./models/Mlp.js"
import { MlpClassifier, MlpRegressor } from "./models/Mlp.js"

/**
 * One shard's summed gradient, summed loss and row count.
 *
 * @since 0.1.0
 * @category models
 */
export interface ShardGradient {
  readonly gradient: Float64Array
  readonly loss: number
  readonly count: number
}

/**
 * Every shard's summed gradient in one shared matrix (row `s` for shard `s`,
 * shards x parameters), written there by the workers: nothing is copied
 * back. `loss` and `count` hold each shard's summed loss and row count.
 *
 * @since 0.1.0
 * @category models
 */
export interface ShardGradients {
  readonly gradients: SharedMatrix
  readonly loss: Float64Array
  readonly count: Float64Array
}

/**
 * @since 0.1.0
 * @category models
 */
export interface GradientOptions {
  readonly dropout?: { readonly rate: number; readonly seed: number } | undefined
  /**
   * Where to write the shard gradients (shards x parameters); default a new
   * shared matrix. Reusing one across calls (training steps) saves more than
   * its allocation: a new matrix's pages are touched for the first time by
   * the workers while they compute, and page faults of threads of one process
   * wait on each other (at 64 shards of an MLP 32-128-128-1, a new 10.7 MB
   * matrix per call made the 2 workers' busy time 1.3–1.7x that of a reused one, under load).
   */
  readonly into?: SharedMatrix | undefined
}

/**
 * The summed gradient of each shard (a list of row indices) of (X, y), in
 * parallel, each written by its worker into its row of a shared matrix.
 *
 * @example
 * const { gradients, loss, count } = yield* shardGradients(state, X, y, shards)
 * gradients.row(0) // shard 0's summed gradient
 * @since 0.1.0
 * @category operations
 */
export const shardGradients = (
  state: MlpState,
  X: SharedMatrix,
  y: Float64Array,
  shards: ReadonlyArray<Int32Array>,
  options: GradientOptions = {}
): Effect.Effect<ShardGradients, InvalidInput | TaskError, WorkerPool.WorkerPool> =>
  Effect.gen(function* () {
    yield* checkXy(X, y)
    const params = state.params.length
    const out = options.into ?? SharedMatrix.zeros(shards.length, params)
    if (out.rows !== shards.length || out.columns !== params) {
      return yield* Effect.fail(
        new ShapeMismatch({ what: "gradient matrix", expected: `${shards.length} x ${params} (shards x parameters)`, actual: `${out.rows} x ${out.columns}` })
      )
    }
    const pool = yield* WorkerPool.WorkerPool
    const k = yield* kernels
    const items = shards.map((rows, s) => [s, rows] as const)
    const parts = yield* pool.map(k.gradientShardInto, items, {
      args: [shareParams(state), X, sharedVector(y), options.dropout, out],
      chunkSize: 1,
      minParallelBatchSize: 2
    })
    const loss = new Float64Array(shards.length)
    const count = new Float64Array(shards.length)
    for (let s = 0; s < parts.length; s++) [loss[s], count[s]] = parts[s]
    return { gradients: out, loss, count }
  })

/**
 * The summed gradient of each shard (a list of row indices) of (X, y), in parallel, in shard order.
 *
 * @since 0.1.0
 * @category operations
 */
export const computeGradients = (
  state: MlpState,
  X: SharedMatrix,
  y: Float64Array,
  shards: ReadonlyArray<Int32Array>,
  options: { readonly dropout?: { readonly rate: number; readonly seed: number } | undefined } = {}
): Effect.Effect<Array<ShardGradient>, InvalidInput | TaskError, WorkerPool.WorkerPool> =>
  Effect.map(shardGradients(state, X, y, shards, { dropout: options.dropout }), ({ gradients, loss, count }) =>
    Array.from({ length: gradients.rows }, (_, s) => ({ gradient: gradients.row(s), loss: loss[s], count: count[s] }))
  )

/**
 * @since 0.1.0
 * @category models
 */
export interface MeanGradient {
  /** The mean gradient over every row of every shard. */
  readonly gradient: Float64Array
  /** The summed loss, added in shard order. */
  readonly loss: number
  /** The number of rows. */
  readonly count: number
}

/**
 * The mean gradient over all rows of `shards`, computed and reduced in
 * parallel: shard gradients into a shared matrix ({@link shardGradients}),
 * then each parameter summed over the shards in shard order by tasks that
 * each take a range of parameters. Every parameter's sum runs in shard order
 * as in {@link aggregate} with `"count"` weights, so the result equals
 * `aggregate(computeGradients(...))` bit for bit, at any thread count.
 *
 * Fails with `InvalidOption` when there are no shards or they hold no rows.
 *
 * @example
 * const { gradient, loss, count } = yield* meanGradient(state, X, y, shards)
 * @since 0.1.0
 * @category operations
 */
export const meanGradient = (
  state: MlpState,
  X: SharedMatrix,
  y: Float64Array,
  shards: ReadonlyArray<Int32Array>,
  options: GradientOptions = {}
): Effect.Effect<MeanGradient, InvalidInput | TaskError, WorkerPool.WorkerPool> =>
  Effect.gen(function* () {
    if (shards.length === 0) return yield* Effect.fail(new InvalidOption({ option: "gradients", value: 0, reason: "there are no shards to aggregate" }))
    const parts = yield* shardGradients(state, X, y, shards, options)
    let total = 0
    let loss = 0
    for (let s = 0; s < shards.length; s++) {
      total += parts.count[s]
      loss += parts.loss[s]
    }
    if (total === 0) return yield* Effect.fail(new InvalidOption({ option: "gradients", value: 0, reason: "the shards hold no rows" }))
    const out = SharedMatrix.zeros(1, parts.gradients.columns)
    const pool = yield* WorkerPool.WorkerPool
    const k = yield* kernels
    yield* pool.map(k.sumRowsRange, batches(out.columns, REDUCE_COLUMNS), { args: [parts.gradients, out, total] })
    return { gradient: out.data, loss, count: total }
  })

/** Parameters per reduction task: a few hundred thousand additions each. */
const REDUCE_COLUMNS = 4096

/**
 * The weighted mean of shard gradients, summed in shard order. `"count"`
 * weights (the default) give the mean gradient over all rows of all shards;
 * explicit weights (one per shard, non-negative, not all zero) are normalised.
 *
 * @since 0.1.0
 * @category operations
 */
export const aggregate = (
  parts: ReadonlyArray<ShardGradient>,
  weights: "count" | ArrayLike<number> = "count"
): Effect.Effect<Float64Array, InvalidOption | ShapeMismatch> =>
  Effect.gen(function* () {
    if (parts.length === 0) return yield* Effect.fail(new InvalidOption({ option: "gradients", value: 0, reason: "there are no shards to aggregate" }))
    const size = parts[0].gradient.length
    const out = new Float64Array(size)
    if (weights === "count") {
      let total = 0
      for (const p of parts) {
        for (let q = 0; q < size; q++) out[q] += p.gradient[q]
        total += p.count
      }
      if (total === 0) return yield* Effect.fail(new InvalidOption({ option: "gradients", value: 0, reason: "the shards hold no rows" }))
      for (let q = 0; q < size; q++) out[q] /= total
      return out
    }
    if (weights.length !== parts.length) {
      return yield* Effect.fail(new ShapeMismatch({ what: "gradient weights", expected: `${parts.length} (one per shard)`, actual: `${weights.length}` }))
    }
    let sum = 0
    for (let s = 0; s < weights.length; s++) {
      sum += yield* Options.number("weights", weights[s], { min: 0, reason: "must be finite and >= 0" })
    }
    if (sum === 0) return yield* Effect.fail(new InvalidOption({ option: "weights", value: 0, reason: "must not all be zero" }))
    // Each shard's mean gradient, weighted.
    parts.forEach((p, s) => {
      const w = weights[s] / sum / Math.max(1, p.count)
      for (let q = 0; q < size; q++) out[q] += w * p.gradient[q]
    })
    return out
  })

/**
 * @since 0.1.0
 * @category models
 */
export interface TrainOptions {
  readonly X: SharedMatrix
  readonly y: Float64Array
  /** "mlp-regressor" (default) or "mlp-classifier". */
  readonly estimator?: "mlp-regressor" | "mlp-classifier" | undefined
  readonly params?: Readonly<Record<string, unknown>> | undefined
  readonly seed: number
  /** Shards per minibatch (default 4). Fixed, not the thread count, so that results do not depend on it. */
  readonly shards?: number | undefined
}

/**
 * Data-parallel training of the built-in MLP.
 *
 * @example
 * const model = yield* trainMlp({ X, y, params: { hiddenLayers: [64], epochs: 20 }, seed: 1 })
 * @since 0.1.0
 * @category operations
 */
export const trainMlp = (options: TrainOptions): Effect.Effect<FittedModel, InvalidInput | TaskError, WorkerPool.WorkerPool> =>
  Effect.gen(function* () {
    const name = options.estimator ?? "mlp-regressor"
    const estimator = name === "mlp-classifier" ? MlpClassifier : name === "mlp-regressor" ? MlpRegressor : undefined
    if (estimator === undefined) {
      return yield* Effect.fail(new InvalidOption({ option: "estimator", value: name, reason: 'must be "mlp-regressor" or "mlp-classifier"' }))
    }
    const { X, y, seed } = options
    yield* checkXy(X, y)
    const params: MlpParams = yield* attempt<MlpParams, InvalidOption>(() => estimator.params(options.params ?? {}))
    const shards = options.shards ?? 4
    yield* Options.integer("shards", shards, Check.positive)
    const outputs = name === "mlp-classifier" ? yield* classCount(y) : 1
    const pool = yield* WorkerPool.WorkerPool
    const k = yield* kernels

    // The same recipe as the sequential fit (models/Mlp.ts), step for step.
    const n = X.rows
    let state = mlpInit([X.columns, ...params.hiddenLayers, outputs], Rng.derive(seed, 0), {
      activation: params.activation,
      output: name === "mlp-classifier" ? "softmax" : "identity"
    })
    let optState = optimizerInit(params.optimizer, state.params.length)
    const batchSize = Math.min(params.batchSize, n)
    // Shared once for the whole training: sent with every step's shards without a copy.
    const ys = sharedVector(y)
    // Every step's shard gradients go into the same shared rows (a step has at most `shards` shards).
    const rows = SharedMatrix.zeros(shards, state.params.length)
    for (let epoch = 0; epoch < params.epochs; epoch++) {
      const order = Rng.Rng.fork(seed, 1, epoch).permutation(n)
      for (let start = 0, b = 0; start < n; start += batchSize, b++) {
        const batch = order.subarray(start, Math.min(start + batchSize, n))
        const dropout = params.dropout > 0 ? { rate: params.dropout, seed: Rng.derive(seed, 2, epoch, b) } : undefined
        const per = Math.ceil(batch.length / shards)
        const parts: Array<Int32Array> = []
        for (let s = 0; s < batch.length; s += per) parts.push(batch.slice(s, Math.min(batch.length, s + per)))
        const items = parts.map((shard, s) => [s, shard] as const)
        const counts = yield* pool.map(k.gradientShardInto, items, { args: [shareParams(state), X, ys, dropout, rows], chunkSize: 1, minParallelBatchSize: 2 })
        const gradient = new Float64Array(state.params.length)
        let count = 0
        for (let s = 0; s < parts.length; s++) {
          const g = rows.row(s)
          for (let q = 0; q < gradient.length; q++) gradient[q] += g[q]
          count += counts[s][1]
        }
        if (params.l2 > 0) {
          const penalty = mlpPenalty(state, params.l2).gradient
          for (let q = 0; q < gradient.length; q++) gradient[q] += penalty[q]
        }
        for (let q = 0; q < gradient.length; q++) gradient[q] /= count
        ;({ state, optState } = optimizerStep(state, optState, gradient, params))
      }
    }
    return { estimator: name, params, state }
  })
