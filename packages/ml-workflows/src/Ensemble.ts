/**
 * Ensemble prediction: the predictions of several models, computed in
 * parallel (one task per model and batch of rows), then combined row by row:
 * mean, median (the true median: the mean of the two middle values for an
 * even count), weighted mean (weights checked and normalised), or majority
 * vote for classifiers.
 *
 * @since 0.1.0
 */
import { EmptyInput, InvalidOption, type InvalidInput, type SharedMatrix, type TaskError } from "@weft/core"
import { WorkerPool } from "@weft/pool"
import { Effect } from "effect"
import { ensembleMean, ensembleMedian, ensembleWeightedMean, majorityVote } from "./Aggregate.js"
import type { BatchOptions } from "./BatchInference.js"
import { batches, kernels } from "./internal/builtins.js"
import { attempt, checkX } from "./internal/validate.js"
import { shared, type FittedModel } from "./Model.js"

/**
 * 
 *
 * @since 0.1.0
 * @category models
 */
export type Aggregation = "mean" | "median" | "weighted" | "vote"

/**
 * 
 *
 * @since 0.1.0
 * @category models
 */
export interface EnsembleOptions extends BatchOptions {
  readonly aggregate?: Aggregation | undefined
  /** One weight per model, for `aggregate: "weighted"`. */
  readonly weights?: ArrayLike<number> | undefined
}

/**
 * Each model's predictions for every row of X, in model order.
 *
 * @since 0.1.0
 * @category operations
 */
export const memberPredictions = (
  models: ReadonlyArray<FittedModel>,
  X: SharedMatrix,
  options: BatchOptions = {}
): Effect.Effect<Array<Float64Array>, InvalidInput | TaskError, WorkerPool.WorkerPool> =>
  Effect.gen(function* () {
    if (models.length === 0) return yield* Effect.fail(new EmptyInput({ what: "ensemble models" }))
    yield* checkX(X)
    const pool = yield* WorkerPool.WorkerPool
    const k = yield* kernels
    const ranges = batches(X.rows, options.batchSize)
    const items = models.flatMap((_, m) => ranges.map(([start, end]) => [m, start, end] as const))
    const parts = yield* pool.map(k.ensembleMemberRange, items, { args: [models.map(shared), X], minParallelBatchSize: 2 })
    return models.map((_, m) => {
      const out = new Float64Array(X.rows)
      ranges.forEach(([start], b) => out.set(parts[m * ranges.length + b], start))
      return out
    })
  })

/**
 * The ensemble's prediction for every row of X.
 *
 * @example
 * const yHat = yield* ensemblePredict([m1, m2, m3], X, { aggregate: "weighted", weights: [2, 1, 1] })
 * @since 0.1.0
 * @category operations
 */
export const ensemblePredict = (
  models: ReadonlyArray<FittedModel>,
  X: SharedMatrix,
  options: EnsembleOptions = {}
): Effect.Effect<Float64Array, InvalidInput | TaskError, WorkerPool.WorkerPool> =>
  Effect.gen(function* () {
    const aggregate = options.aggregate ?? "mean"
    if (!["mean", "median", "weighted", "vote"].includes(aggregate)) {
      return yield* Effect.fail(new InvalidOption({ option: "aggregate", value: aggregate, reason: 'must be "mean", "median", "weighted" or "vote"' }))
    }
    if (aggregate === "weighted" && options.weights === undefined) {
      return yield* Effect.fail(new InvalidOption({ option: "weights", value: undefined, reason: 'are needed for aggregate "weighted"' }))
    }
    if (options.weights !== undefined) {
      // Checked before any prediction runs.
      yield* attempt<unknown, InvalidInput>(() => ensembleWeightedMean(models.map(() => new Float64Array(0)), options.weights!))
    }
    const predictions = yield* memberPredictions(models, X, options)
    return yield* attempt<Float64Array, InvalidInput>(() => {
      switch (aggregate) {
        case "mean":
          return ensembleMean(predictions)
        case "median":
          return ensembleMedian(predictions)
        case "weighted":
          return ensembleWeightedMean(predictions, options.weights!)
        case "vote":
          return majorityVote(predictions)
      }
    })
  })
