/**
 * The piscina baseline for batch inference: a plain piscina pool doing the
 * same forward passes, each batch's rows copied out of the dataset and
 * structured-cloned to a worker, as a piscina user without shared memory
 * would write it. The network goes to each worker once (`workerData`), so
 * the difference from weft is the data path and the scheduling.
 *
 * @since 0.1.0
 */
import { TaskFailed } from "@weft/core"
import { BatchInference } from "@weft/ml-workflows"
import { Effect } from "effect"
import { Piscina } from "piscina"
import type { ResultMismatch } from "./Errors.js"
import { measure, type Measured, type MeasureOptions } from "./internal/measure.js"
import { batches } from "./internal/rows.js"
import type { BatchTask } from "./worker/piscinaInference.js"
import { inference, type InferenceData } from "./workloads/inference.js"

const workerFile = new URL("./worker/piscinaInference.js", import.meta.url)

/**
 * Predictions for every row of `data` on a piscina pool: one task per batch, in batch order.
 *
 * @since 0.1.0
 * @category running
 */
export const predict = (pool: Piscina<BatchTask, Float64Array>, data: InferenceData): Effect.Effect<Float64Array, TaskFailed> => {
  const columns = data.X.columns
  return Effect.tryPromise({
    try: () =>
      Promise.all(
        batches(data.X.rows, data.size.batchSize).map(([start, end]) =>
          pool.run({ data: data.X.data.slice(start * columns, end * columns), rows: end - start, columns })
        )
      ),
    catch: (error) => new TaskFailed({ task: "piscina forward pass", message: error instanceof Error ? error.message : String(error) })
  }).pipe(Effect.map(BatchInference.concat))
}

/**
 * Times batch inference on a fresh piscina pool of `threads` threads (closed
 * at the end), warm-ups first; every result must have the fingerprint `expected`.
 *
 * @example
 * const measured = yield* Piscina.measureInference(data, 4, { warmups: 1, repeats: 5, gc: false }, reference)
 * @since 0.1.0
 * @category running
 */
export const measureInference = (
  data: InferenceData,
  threads: number,
  options: MeasureOptions,
  expected: string | undefined
): Effect.Effect<Measured, TaskFailed | ResultMismatch> =>
  Effect.scoped(
    Effect.gen(function* () {
      const pool = yield* Effect.acquireRelease(
        Effect.sync(
          () =>
            new Piscina<BatchTask, Float64Array>({
              filename: workerFile.href,
              minThreads: threads,
              maxThreads: threads,
              idleTimeout: 60_000,
              workerData: { state: data.state }
            })
        ),
        (p) => Effect.promise(() => p.destroy())
      )
      return yield* measure(
        predict(pool, data),
        { fingerprint: inference.fingerprint, expected, workload: inference.name, label: `piscina, ${threads} thread${threads === 1 ? "" : "s"}` },
        options
      )
    })
  )
