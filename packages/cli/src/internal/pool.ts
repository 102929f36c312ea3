/**
 * The worker pool of one command run: started from `--threads` (else
 * WEFT_THREADS, else every core) for the lifetime of the run, and closed
 * with it, by success, failure or Ctrl-C.
 */
import { WorkerPool } from "@weft/pool"
import { Effect, Option } from "effect"
import { UsageError } from "./errors.js"
import { stderr } from "./output.js"

/** Where the thread count came from, in the words of the command line. */
export const sourceName = (source: "option" | "env" | "auto"): string =>
  source === "option" ? "--threads" : source === "env" ? "WEFT_THREADS" : "all cores"

/** Waits (at most a second) for the exit events of terminated workers, then counts the live ones. */
const settledLiveWorkers = Effect.gen(function* () {
  for (let i = 0; i < 100 && WorkerPool.liveWorkers() > 0; i++) yield* Effect.sleep("10 millis")
  return WorkerPool.liveWorkers()
})

/**
 * Runs `body` with a pool; with `verbose`, notes on stderr how many threads it
 * has and, once it is closed, how many worker threads are still alive.
 */
export const withPool = <A, E, R>(
  flags: { readonly threads: Option.Option<number | "auto">; readonly verbose: boolean },
  body: Effect.Effect<A, E, R | WorkerPool.WorkerPool>
): Effect.Effect<A, E | UsageError, Exclude<R, WorkerPool.WorkerPool>> =>
  Effect.scoped(
    Effect.gen(function* () {
      if (flags.verbose) {
        // Registered before the pool, so it runs after the pool's own finalizer has stopped the workers.
        yield* Effect.addFinalizer(() =>
          Effect.flatMap(settledLiveWorkers, (alive) => stderr(`weft: pool closed; ${alive} worker threads alive`))
        )
      }
      const pool = yield* WorkerPool.make({ threads: Option.getOrUndefined(flags.threads) }).pipe(
        Effect.mapError((e) => new UsageError({ message: e.message }))
      )
      if (flags.verbose) {
        yield* stderr(`weft: ${pool.config.threads} threads (from ${sourceName(pool.config.threadsSource)}), ${pool.size} worker threads started`)
      }
      return yield* Effect.provideService(body, WorkerPool.WorkerPool, pool)
    })
  ) as Effect.Effect<A, E | UsageError, Exclude<R, WorkerPool.WorkerPool>>
