/**
 * Batch-count scaling: the same batch inference cut into 10, 50, 100, 200,
 * 500 batches of a fixed number of rows, timed as a plain loop and on one
 * weft pool, to show from how many items parallelism starts to pay (which is
 * what the pool's `minParallelBatchSize` should be).
 *
 * @since 0.1.0
 */
import { InvalidOption, Options, type InvalidInput, type TaskError } from "@weft/core"
import { WorkerPool } from "@weft/pool"
import { Effect } from "effect"
import type { ResultMismatch, WorkersLeftBehind } from "./Errors.js"
import { describeMachine } from "./Machine.js"
import { measure, type MeasureOptions } from "./internal/measure.js"
import { settle, withPool, type Transport } from "./internal/pools.js"
import { describeLayers } from "./internal/rows.js"
import { summarize, type Summary } from "./Stats.js"
import { inference, setupInference } from "./workloads/inference.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface BatchScalingOptions {
  /** Batch counts to try. Default [10, 50, 100, 200, 500]. */
  readonly batches?: ReadonlyArray<number> | undefined
  /** Rows per batch (the work of one item). Default 32. */
  readonly rowsPerBatch?: number | undefined
  readonly features?: number | undefined
  /** Hidden layers of the MLP. Default [64, 64]. */
  readonly hidden?: ReadonlyArray<number> | undefined
  /** Threads of the weft pool. Default: the machine's cores (at least 2). */
  readonly threads?: number | undefined
  readonly repeats?: number | undefined
  readonly warmups?: number | undefined
  readonly seed?: number | undefined
  readonly transport?: Transport | undefined
  /** Collect garbage before each run (V8's gc, reached with or without `node --expose-gc`). Default true. */
  readonly gc?: boolean | undefined
}

/**
 * @since 0.1.0
 * @category models
 */
export interface BatchScalingRow {
  readonly batches: number
  readonly rows: number
  /** The plain loop on the main thread. */
  readonly sequential: Summary
  /** weft on the pool. */
  readonly weft: Summary
  /** sequential median / weft median: above 1, the pool pays. */
  readonly speedup: number
  readonly fingerprint: string
}

/**
 * @since 0.1.0
 * @category models
 */
export interface BatchScalingReport {
  readonly threads: number
  readonly oversubscribed: boolean
  readonly rowsPerBatch: number
  readonly description: string
  readonly rows: ReadonlyArray<BatchScalingRow>
  /** The smallest batch count from which the pool is faster than the plain loop at every larger count tried; null when it never is. */
  readonly breakEven: number | null
}

/**
 * The smallest count from which every speedup is above 1 (counts in increasing order).
 *
 * @example
 * breakEvenOf([{ batches: 10, speedup: 0.6 }, { batches: 50, speedup: 1.3 }]) // 50
 * @since 0.1.0
 * @category analysis
 */
export const breakEvenOf = (rows: ReadonlyArray<{ readonly batches: number; readonly speedup: number }>): number | null => {
  const sorted = [...rows].sort((a, b) => a.batches - b.batches)
  let from: number | null = null
  for (const r of sorted) {
    if (r.speedup > 1) from ??= r.batches
    else from = null
  }
  return from
}

/**
 * Times batch inference at each batch count, sequentially and on one weft
 * pool (closed at the end); every weft result is checked equal to the plain
 * loop's.
 *
 * @example
 * const report = yield* runBatchScaling({ batches: [10, 100, 1000], threads: 4 })
 * report.breakEven // e.g. 50
 * @since 0.1.0
 * @category running
 */
export const runBatchScaling = (
  options: BatchScalingOptions = {}
): Effect.Effect<BatchScalingReport, InvalidInput | TaskError | ResultMismatch | WorkersLeftBehind> =>
  Effect.gen(function* () {
    const cores = describeMachine().cores
    const counts = options.batches ?? [10, 50, 100, 200, 500]
    if (counts.length === 0) return yield* Effect.fail(new InvalidOption({ option: "batches", value: [], reason: "must list at least one batch count" }))
    for (const b of counts) yield* Options.integer("batches", b, { min: 1 })
    const rowsPerBatch = yield* Options.integer("rowsPerBatch", options.rowsPerBatch ?? 32, { min: 1 })
    const features = yield* Options.integer("features", options.features ?? 16, { min: 1 })
    const hidden = options.hidden ?? [64, 64]
    const threads = yield* Options.integer("threads", options.threads ?? Math.max(2, cores), { min: 1 })
    const measureOptions: MeasureOptions = {
      repeats: yield* Options.integer("repeats", options.repeats ?? 5, { min: 1 }),
      warmups: yield* Options.integer("warmups", options.warmups ?? 1, { min: 0 }),
      gc: options.gc ?? true
    }
    const seed = options.seed ?? 42
    const baseline = WorkerPool.liveWorkers()
    const rows = yield* withPool(threads, options.transport, (pool) =>
      Effect.forEach(counts, (batches) =>
        Effect.gen(function* () {
          const data = yield* Effect.try({
            try: () => setupInference({ rows: batches * rowsPerBatch, features, hidden, batchSize: rowsPerBatch }, seed),
            catch: (e) => (e instanceof InvalidOption ? e : new InvalidOption({ option: "batch scaling", value: batches, reason: String(e) }))
          })
          const check = { fingerprint: inference.fingerprint, workload: "batch scaling", label: `plain loop, ${batches} batches` }
          const sequential = yield* measure(Effect.sync(() => inference.runSequential(data)), { ...check, expected: undefined }, measureOptions)
          const weft = yield* measure(
            inference.runWeft(data).pipe(Effect.provideService(WorkerPool.WorkerPool, pool)),
            { ...check, expected: sequential.fingerprint, label: `weft, ${threads} threads, ${batches} batches` },
            measureOptions
          )
          const s = summarize(sequential.samples)
          const w = summarize(weft.samples)
          return { batches, rows: batches * rowsPerBatch, sequential: s, weft: w, speedup: s.median / w.median, fingerprint: sequential.fingerprint }
        })
      )
    )
    yield* settle(baseline, "batch scaling", threads)
    return {
      threads,
      oversubscribed: threads > cores,
      rowsPerBatch,
      description: `batch inference, MLP ${describeLayers(features, hidden, 1)}, ${rowsPerBatch} rows per batch, ${threads} threads`,
      rows,
      breakEven: breakEvenOf(rows)
    }
  })
