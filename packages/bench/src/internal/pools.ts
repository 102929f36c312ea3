/**
 * A fresh weft pool for one measurement, closed before the next one starts,
 * and the check that its workers are really gone.
 */
import type { InvalidOption } from "@weft/core"
import { WorkerPool } from "@weft/pool"
import { Effect, type Scope } from "effect"
import { WorkersLeftBehind } from "../Errors.js"

export type Transport = "worker_threads" | "threads"

/**
 * Runs `use` with a new pool of `threads` threads that sends every map to the
 * workers (`minParallelBatchSize: 1`, so that the benchmark measures the
 * pool, not the small-input shortcut) and allows any count (`oversubscribe`);
 * the pool (and whatever else `use` acquires in its scope) is closed when `use` ends.
 *
 * A 1-thread pool runs on one worker thread (`offMainThread`), not inline on
 * the main thread as a 1-thread pool does by default: each thread of a
 * T-thread pool is a worker, each thread of the ceiling's kernel too, so the
 * speedup compares T workers with one worker, and the main isolate (the
 * benchmark's own heap, its collections) is outside both. Run inline, the
 * 1-thread samples of cross-validation took 1.4-2.2x the CPU time of the
 * same work on one worker (docs/BENCHMARKS.md, "Why 2 threads beat 2x").
 */
export const withPool = <A, E, R>(
  threads: number,
  transport: Transport | undefined,
  use: (pool: WorkerPool.WorkerPool) => Effect.Effect<A, E, R>
): Effect.Effect<A, E | InvalidOption, Exclude<R, Scope.Scope>> => withPools([threads], transport, (pools) => use(pools[0]))

/**
 * Like {@link withPool}, one pool per count, all open at once (created one
 * after the other), all closed when `use` ends.
 */
export const withPools = <A, E, R>(
  counts: ReadonlyArray<number>,
  transport: Transport | undefined,
  use: (pools: ReadonlyArray<WorkerPool.WorkerPool>) => Effect.Effect<A, E, R>
): Effect.Effect<A, E | InvalidOption, Exclude<R, Scope.Scope>> =>
  Effect.scoped(
    Effect.flatMap(
      Effect.forEach(counts, (threads) =>
        // oversubscribe: the benchmark runs exactly the counts asked, those above the cores included (and marks them).
        WorkerPool.make({ threads, minParallelBatchSize: 1, oversubscribe: true, offMainThread: true, ...(transport === undefined ? {} : { transport }) })
      ),
      use
    )
  )

/**
 * Waits (up to 2 s) until no more pool workers are alive than `baseline`:
 * exit events arrive shortly after a pool's scope has closed. Fails with
 * `WorkersLeftBehind` if some are still alive; returns how many were left (0).
 */
export const settle = (baseline: number, workload: string, threads: number): Effect.Effect<number, WorkersLeftBehind> =>
  Effect.gen(function* () {
    for (let i = 0; i < 200 && WorkerPool.liveWorkers() > baseline; i++) yield* Effect.sleep("10 millis")
    const live = WorkerPool.liveWorkers() - baseline
    if (live > 0) return yield* Effect.fail(new WorkersLeftBehind({ workload, threads, live }))
    return live
  })
