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
import { Rng, InvalidOption, ShapeMismatch, type InvalidInput, type SharedMatrix, type TaskError } from "@weft/core"
import { WorkerPool } from "@weft/pool"
import { Effect } from "effect"
import { classCount } from "./CrossValidation.js"
import { kernels } from "./internal/builtins.js"
import { attempt, checkXy } from "./internal/validate.js"
import type { FittedModel } from "./Model.js"
import { mlpInit, mlpPenalty, optimizerInit, optimizerStep, shareParams, type MlpParams, type MlpState } from "./models/Mlp.js"
import { MlpClassifier, MlpRegressor } from "./models/Mlp.js"

/** One shard's summed gradient, summed loss and row count. @since 0.1.0 */
export interface ShardGradient {
  readonly gradient: Float64Array
  readonly loss: number
  readonly count: number
}

/**
 * The summed gradient of each shard (a list of row indices) of (X, y), in parallel, in shard order.
 *
 * @since 0.1.0
 */
export const computeGradients = (
  state: MlpState,
  X: SharedMatrix,
  y: Float64Array,
  shards: ReadonlyArray<Int32Array>,
  options: { readonly dropout?: { readonly rate: number; readonly seed: number } | undefined } = {}
): Effect.Effect<Array<ShardGradient>, InvalidInput | TaskError, WorkerPool.WorkerPool> =>
  Effect.gen(function* () {
    yield* checkXy(X, y)
    const pool = yield* WorkerPool.WorkerPool
    const k = yield* kernels
    return yield* pool.map(k.gradientShard, shards, { args: [shareParams(state), X, y, options.dropout], chunkSize: 1, minParallelBatchSize: 2 })
  })

/**
 * The weighted mean of shard gradients, summed in shard order. `"count"`
 * weights (the default) give the mean gradient over all rows of all shards;
 * explicit weights (one per shard, non-negative, not all zero) are normalised.
 *
 * @since 0.1.0
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
      if (!(weights[s] >= 0) || !Number.isFinite(weights[s])) {
        return yield* Effect.fail(new InvalidOption({ option: "weights", value: weights[s], reason: "must be finite and >= 0" }))
      }
      sum += weights[s]
    }
    if (sum === 0) return yield* Effect.fail(new InvalidOption({ option: "weights", value: 0, reason: "must not all be zero" }))
    // Each shard's mean gradient, weighted.
    parts.forEach((p, s) => {
      const w = weights[s] / sum / Math.max(1, p.count)
      for (let q = 0; q < size; q++) out[q] += w * p.gradient[q]
    })
    return out
  })

/** @since 0.1.0 */
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
    if (!Number.isInteger(shards) || shards < 1) {
      return yield* Effect.fail(new InvalidOption({ option: "shards", value: shards, reason: "must be a positive integer" }))
    }
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
    for (let epoch = 0; epoch < params.epochs; epoch++) {
      const order = Rng.Rng.fork(seed, 1, epoch).permutation(n)
      for (let start = 0, b = 0; start < n; start += batchSize, b++) {
        const batch = order.subarray(start, Math.min(start + batchSize, n))
        const dropout = params.dropout > 0 ? { rate: params.dropout, seed: Rng.derive(seed, 2, epoch, b) } : undefined
        const per = Math.ceil(batch.length / shards)
        const parts: Array<Int32Array> = []
        for (let s = 0; s < batch.length; s += per) parts.push(batch.slice(s, Math.min(batch.length, s + per)))
        const grads = yield* pool.map(k.gradientShard, parts, { args: [shareParams(state), X, y, dropout], chunkSize: 1, minParallelBatchSize: 2 })
        const gradient = new Float64Array(state.params.length)
        let count = 0
        for (const g of grads) {
          for (let q = 0; q < gradient.length; q++) gradient[q] += g.gradient[q]
          count += g.count
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
