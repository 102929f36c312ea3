/**
 * The worker pool of one command run: started from `--threads` (else
 * WEFT_THREADS, else every core) for the lifetime of the run, and closed
 * with it, by success, failure or Ctrl-C. With `--redis`, the pool is a
 * remote one: the tasks run on the cluster's nodes.
 *
 * A job too small to pay for workers runs on the calling thread, with no
 * worker started, whatever the thread count: starting a worker and loading
 * the task module in it takes a few hundred milliseconds on a small machine,
 * longer than the whole of such a job (see INLINE_FLOPS).
 */
import { ParallelConfig } from "@weft/core"
import { Kernels, Loading } from "@weft/ml-workflows"
import * as kernels from "@weft/ml-workflows/worker/kernels"
import * as loading from "@weft/ml-workflows/worker/loading"
import { WorkerPool } from "@weft/pool"
import { Effect, Option } from "effect"
import { readFileSync } from "node:fs"
import { UsageError } from "./errors.js"
import * as Optional from "./optional.js"
import { count, stderr } from "./output.js"
import { redact } from "./redact.js"

/** Where the thread count came from, in the words of the command line. */
export const sourceName = (source: "option" | "env" | "auto"): string =>
  source === "option" ? "--threads" : source === "env" ? "WEFT_THREADS" : "all cores"

/** Waits (at most a second) for the exit events of terminated workers, then counts the live ones. */
const settledLiveWorkers = Effect.gen(function* () {
  for (let i = 0; i < 100 && WorkerPool.liveWorkers() > 0; i++) yield* Effect.sleep("10 millis")
  return WorkerPool.liveWorkers()
})

/** The library's words for a refused thread count, in the command line's. */
const inFlagWords = (message: string): string =>
  message.replace(/^invalid threads /, "invalid --threads ").replace(/set oversubscribe: true to allow it$/, "add --oversubscribe to allow it")

/**
 * Below this estimated work (floating-point operations of all the fits, see
 * Models.fitFlops), a job runs on the calling thread. Measured on the 2-core
 * VM of docs/STARTUP.md (5-fold ridge on synthetic data, 50 features, the
 * pool forced with WEFT_INLINE_FLOPS=0): 2 threads were slower than 1 up to
 * 100,000 rows, about 1e9 flops, where starting the workers and loading the
 * task module in them cost as much as the parallel half of the job saved.
 * Above it, the pool has the thread count asked for.
 */
export const INLINE_FLOPS = 1e9

/** The cut-off in use: INLINE_FLOPS, or WEFT_INLINE_FLOPS (a number; 0 turns the rule off), for measuring it. */
export const inlineFlops = (env: Readonly<Record<string, string | undefined>> = process.env): number => {
  const raw = env.WEFT_INLINE_FLOPS
  const value = raw === undefined || raw.trim() === "" ? Number.NaN : Number(raw)
  return Number.isFinite(value) && value >= 0 ? value : INLINE_FLOPS
}

/** Where a job ran: workers of this machine, the calling thread only, or a cluster. */
export type Executor = "local" | "inline" | "cluster"

const executors = new WeakMap<object, Executor>()

/** Where the pool of `withPool` runs its tasks (`inline` also for a pool of one thread, which starts no worker). */
export const executorOf = (pool: { readonly size: number }): Executor => executors.get(pool) ?? (pool.size === 0 ? "inline" : "local")

/** The flags that choose the pool. */
export interface PoolFlags {
  readonly threads: Option.Option<number | "auto">
  /** `--oversubscribe`: allow more than 4 threads per core. */
  readonly oversubscribe?: boolean
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
    const { RemotePool } = yield* Optional.cluster("--redis")
    const pool = yield* RemotePool.make({ redis, queue: flags.queue, tls: tlsOf(flags.redisCa) }).pipe(
      Effect.catchTag("InvalidOption", (e) => Effect.fail(new UsageError({ message: e.message.replace(/^invalid redis /, "invalid --redis ") })))
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
  body: Effect.Effect<A, E, R | WorkerPool.WorkerPool>,
  /** The job's estimated work in floating-point operations; below INLINE_FLOPS it runs on the calling thread. */
  work: number = Number.POSITIVE_INFINITY
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
      // The bundled command line carries the task module: runs on this thread use that copy.
      WorkerPool.useOnMain(Kernels, kernels)
      const options = { threads: Option.getOrUndefined(flags.threads), oversubscribe: flags.oversubscribe === true }
      const pool = Option.isSome(redis)
        ? yield* remotePool(flags, redis.value)
        : work < inlineFlops()
        ? yield* inlinePool(options, work, flags.verbose)
        : yield* WorkerPool.make(options).pipe(Effect.mapError((e) => new UsageError({ message: inFlagWords(e.message) })))
      if (Option.isSome(redis)) executors.set(pool, "cluster")
      if (flags.verbose && Option.isNone(redis) && executors.get(pool) !== "inline") {
        yield* stderr(`weft: ${count(pool.config.threads, "thread")} (from ${sourceName(pool.config.threadsSource)}), ${pool.size} worker threads started`)
      }
      return yield* Effect.provideService(body, WorkerPool.WorkerPool, pool)
    })
  )

/**
 * Runs `body` with a pool of this machine for loading data (with `--redis`,
 * of all its cores: the cluster's nodes do not load the data), closed when it
 * ends. Its workers only import the small loading module.
 */
export const withLoadingPool = <A, E, R>(flags: Pick<PoolFlags, "threads" | "oversubscribe" | "redis">, body: Effect.Effect<A, E, R | WorkerPool.WorkerPool>) =>
  Effect.scoped(
    Effect.gen(function* () {
      WorkerPool.useOnMain(Loading.Module, loading)
      const remote = flags.redis !== undefined && Option.isSome(flags.redis)
      const pool = yield* WorkerPool.make({ threads: remote ? undefined : Option.getOrUndefined(flags.threads), oversubscribe: flags.oversubscribe === true }).pipe(
        Effect.mapError((e) => new UsageError({ message: inFlagWords(e.message) }))
      )
      return yield* Effect.provideService(body, WorkerPool.WorkerPool, pool)
    })
  )

/** The thread count the flags ask for (as the pool would resolve it), for deciding whether to start one. */
export const threadsAsked = (flags: Pick<PoolFlags, "threads" | "oversubscribe" | "redis">) =>
  ParallelConfig.resolve(
    {
      threads: flags.redis !== undefined && Option.isSome(flags.redis) ? undefined : Option.getOrUndefined(flags.threads),
      oversubscribe: flags.oversubscribe === true
    },
    process.env
  ).pipe(
    Effect.map((config) => config.threads),
    Effect.mapError((e) => new UsageError({ message: inFlagWords(e.message) }))
  )

/**
 * A pool that runs every task on the calling thread and starts no worker, for
 * a job below INLINE_FLOPS; its `config` is the one asked for (checked as
 * WorkerPool.make checks it), so that reports show the thread count the run
 * would have had.
 */
const inlinePool = (options: { readonly threads: number | "auto" | undefined; readonly oversubscribe: boolean }, work: number, verbose: boolean) =>
  Effect.gen(function* () {
    const config = yield* ParallelConfig.resolve(options, process.env).pipe(Effect.mapError((e) => new UsageError({ message: inFlagWords(e.message) })))
    const inline = yield* WorkerPool.make({ threads: 1 }).pipe(Effect.mapError((e) => new UsageError({ message: e.message })))
    const pool: WorkerPool.WorkerPool = { ...inline, config }
    executors.set(pool, "inline")
    if (verbose) {
      const from = `weft: ${count(config.threads, "thread")} (from ${sourceName(config.threadsSource)})`
      yield* stderr(
        config.threads === 1
          ? `${from}, 0 worker threads started`
          : `${from}, but the job is small (about ${(work / 1e6).toPrecision(2)} Mflop): on the calling thread, no worker threads started`
      )
    }
    return pool
  })

/**
 * Where a run ran, for its summary line: `2 threads`, `6 node threads on the
 * cluster`, or `the calling thread` for a job too small for workers.
 */
export const where = (flags: PoolFlags, threads: number, executor?: Executor): string =>
  flags.redis !== undefined && Option.isSome(flags.redis)
    ? `${count(threads, "node thread")} on the cluster`
    : executor === "inline" && threads > 1
    ? "on the calling thread (too small a job for workers)"
    : count(threads, "thread")
