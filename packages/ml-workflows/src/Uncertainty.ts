/**
 * Inference with uncertainty: Monte-Carlo dropout. For each batch, `samples`
 * stochastic forward passes of an MLP with dropout kept on; per output, the
 * mean, the standard deviation and chosen quantiles. Sample s of every batch
 * uses dropout seed `derive(seed, s)`, and a row's mask depends only on that
 * seed and the row, so the result is the same for any batching and any
 * thread count.
 *
 * @since 0.1.0
 */
import { Check, InvalidOption, type InvalidInput, type SharedMatrix, type TaskError, Options } from "@weft/core"
import { WorkerPool } from "@weft/pool"
import { Effect } from "effect"
import { concat, type BatchOptions } from "./BatchInference.js"
import { batches, kernels } from "./internal/builtins.js"
import { checkX } from "./internal/validate.js"
import { shared, type FittedModel } from "./Model.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface UncertaintyOptions extends BatchOptions {
  /** Stochastic passes per row (default 100). */
  readonly samples?: number | undefined
  /** Dropout rate (default: the model's own, which must then be > 0). */
  readonly dropout?: number | undefined
  readonly seed: number
  /** Quantile probabilities (default [0.025, 0.5, 0.975]). */
  readonly quantiles?: ReadonlyArray<number> | undefined
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Uncertainty {
  /** Outputs per row (1 for a regressor, the class count for a classifier's probabilities). */
  readonly outputs: number
  /** rows x outputs, row-major. */
  readonly mean: Float64Array
  readonly std: Float64Array
  readonly q: ReadonlyArray<number>
  /** quantiles[k]: the q[k]-quantile, rows x outputs. */
  readonly quantiles: ReadonlyArray<Float64Array>
}

/**
 * @example
 * const { mean, std } = yield* predictWithUncertainty(mlp, X, { samples: 200, seed: 1 })
 * @since 0.1.0
 * @category operations
 */
export const predictWithUncertainty = (
  model: FittedModel,
  X: SharedMatrix,
  options: UncertaintyOptions
): Effect.Effect<Uncertainty, InvalidInput | TaskError, WorkerPool.WorkerPool> =>
  Effect.gen(function* () {
    if (model.estimator !== "mlp-regressor" && model.estimator !== "mlp-classifier") {
      return yield* Effect.fail(
        new InvalidOption({ option: "model", value: model.estimator, reason: "Monte-Carlo dropout needs an MLP (mlp-regressor or mlp-classifier)" })
      )
    }
    yield* checkX(X)
    const samples = options.samples ?? 100
    yield* Options.integer("samples", samples, Check.positive)
    const rate = options.dropout ?? (model.params.dropout as number | undefined) ?? 0
    yield* Options.number("dropout", rate, { above: 0, below: 1, reason: "must be in (0, 1): give one, or fit the model with dropout" })
    const quantiles = options.quantiles ?? [0.025, 0.5, 0.975]
    for (const p of quantiles) yield* Options.number("quantiles", p, { min: 0, max: 1, reason: "must be between 0 and 1" })
    const pool = yield* WorkerPool.WorkerPool
    const k = yield* kernels
    const parts = yield* pool.map(k.mcRange, batches(X.rows, options.batchSize), {
      args: [shared(model), X, samples, rate, options.seed >>> 0, quantiles]
    })
    const state = model.state as { layerSizes: ReadonlyArray<number> }
    return {
      outputs: state.layerSizes[state.layerSizes.length - 1],
      mean: concat(parts.map((p) => p.mean)),
      std: concat(parts.map((p) => p.std)),
      q: quantiles,
      quantiles: quantiles.map((_, j) => concat(parts.map((p) => p.quantiles[j])))
    }
  })
