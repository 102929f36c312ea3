/**
 * The worker pool of one command run: started from `--threads` (else
 * WEFT_THREADS, else every core) for the lifetime of the run, and closed
 * with it, by success, failure or Ctrl-C. With `--redis`, the pool is a
 * remote one: the tasks run on the cluster's nodes.
 */
import { redact } from "@weft/cluster/Url"
import { WorkerPool } from "@weft/pool"
import { Effect, Option } from "effect"
import { readFileSync } from "node:fs"
import { UsageError } from "./errors.js"
import { count, stderr } from "./output.js"

/** Where the thread count came from, in the words of the command line. */
export const sourceName = (source: "option" | "env" | "auto"): string =>
  source === "option" ? "--threads" : source === "env" ? "WEFT_THREADS" : "all cores"

/** Waits (at most a second) for the exit events of terminated workers, then counts the live ones. */
const settledLiveWorkers = Effect.gen(function* () {
  for (let i = 0; i < 100 && WorkerPool.liveWorkers() > 0; i++) yield* Effect.sleep("10 millis")
  return WorkerPool.liveWorkers()
})

/** The flags that choose the pool. */
export interface PoolFlags {
  readonly threads: Option.Option<number | "auto">
  readonly verbose: boolean
  readonly redis?: Option.Option<string>
  readonly queue?: string
  readonly redisCa?: Option.Option<string>
}

/** TLS options from `--redis-ca`. */
export const tlsOf = (redisCa: Option.Option<string> | undefined) =>
  redisCa === undefined || Option.isNone(redisCa) ? undefined : { ca: readFileSync(redisCa.value) }

/** A remote pool on the cluster at `--redis`. */
const remotePool = (flags: PoolFlags, redis: string) =>
  Effect.gen(function* () {
    if (Option.isSome(flags.threads)) {
      return yield* Effect.fail(new UsageError({ message: "--threads sets this machine's pool; with --redis each node has its own (weft worker --threads N)" }))
    }
    // Loaded only here: the Redis client and BullMQ cost a few hundred ms to import.
    const { RemotePool } = yield* Effect.promise(() => import("@weft/cluster"))
    const pool = yield* RemotePool.make({ redis, queue: flags.queue, tls: tlsOf(flags.redisCa) }).pipe(
      Effect.catchTag("InvalidOption", (e) => Effect.fail(new UsageError({ message: e.message })))
    )
    if (flags.verbose) yield* stderr(`weft: on the cluster at ${redact(redis)}, ${pool.size} node threads`)
    return pool
  })

/**
 * Runs `body` with a pool; with `verbose`, notes on stderr how many threads it
 * has and, once it is closed, how many worker threads are still alive.
 */
export const withPool = <A, E, R>(
  flags: PoolFlags,
  body: Effect.Effect<A, E, R | WorkerPool.WorkerPool>
) =>
  Effect.scoped(
    Effect.gen(function* () {
      if (flags.verbose) {
        // Registered before the pool, so it runs after the pool's own finalizer has stopped the workers.
        yield* Effect.addFinalizer(() =>
          Effect.flatMap(settledLiveWorkers, (alive) => stderr(`weft: pool closed; ${alive} worker threads alive`))
        )
      }
      const redis = flags.redis === undefined ? Option.none() : flags.redis
      const pool = Option.isSome(redis)
        ? yield* remotePool(flags, redis.value)
        : yield* WorkerPool.make({ threads: Option.getOrUndefined(flags.threads) }).pipe(
            Effect.mapError((e) => new UsageError({ message: e.message }))
          )
      if (flags.verbose && Option.isNone(redis)) {
        yield* stderr(`weft: ${pool.config.threads} threads (from ${sourceName(pool.config.threadsSource)}), ${pool.size} worker threads started`)
      }
      return yield* Effect.provideService(body, WorkerPool.WorkerPool, pool)
    })
  )

/** Where a run ran, for its summary line: `2 threads`, or `6 node threads on the cluster`. */
export const where = (flags: PoolFlags, threads: number): string =>
  flags.redis !== undefined && Option.isSome(flags.redis) ? `${count(threads, "node thread")} on the cluster` : count(threads, "thread")
