/**
 * A worker node: takes jobs from the cluster's queue and runs each on its own
 * local weft pool, so that one node uses all its cores. Nodes can join and
 * leave at any time; a node killed in the middle of a job loses its lock and
 * BullMQ's stalled-job check hands the job to another node.
 *
 * A node runs only task modules it was told to serve (no code travels through
 * the queue) and only jobs that match the job Schema. An estimator that
 * imports a package (the mljs adapter) runs only if its operator allowed the
 * package (`allowModules`, empty by default; built-in estimators always run):
 * the node looks at every name in a job's arguments and items before any of
 * them reaches a thread, and fails a job that names another module at once
 * (no retry), having imported nothing. Task failures are
 * results (reported once, never retried); a node that cannot run a job at
 * all (its data expired, a module it does not serve) fails the attempt, and
 * BullMQ retries it, with backoff, a bounded number of times.
 *
 * @example
 * import { Node } from "@weft/cluster"
 * import { Kernels } from "@weft/ml-workflows"
 * Effect.runPromise(Node.serve({ redis: "redis://localhost:6379", modules: [Kernels] }))
 * @since 0.1.0
 */
import { ExecutorUnavailable, InvalidOption, type TaskError } from "@weft/core"
import { WorkerPool, type TaskModule, type TaskHandle } from "@weft/pool"
import { UnrecoverableError, Worker, type Job } from "bullmq"
import { Cause, Effect, Either, Exit, ParseResult, Schema, type Scope } from "effect"
import { randomBytes } from "node:crypto"
import { availableParallelism, hostname } from "node:os"
import { decodeInline, decodeWithBlobsFetched, encodeInline } from "./Codec.js"
import { connect, describe, parseUrl, type ConnectOptions } from "./Connection.js"
import { BlobCache, getBlob } from "./internal/blobs.js"
import { bounded } from "./internal/bounded.js"
import { checkIntegers, checkNames, keys, type RunKeys } from "./internal/keys.js"
import { forgetNodes, STALE_NODE_MS } from "./internal/nodes.js"
import { isPackageName, moduleId, modulesNamedIn } from "./ModuleId.js"
import { JobData, type ItemOutcome, type NodeInfo } from "./Protocol.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface NodeOptions extends ConnectOptions {
  readonly redis: string
  readonly prefix?: string | undefined
  readonly queue?: string | undefined
  /** Threads of the node's local pool: a positive integer or "auto" (default: WEFT_THREADS, else every core). */
  readonly threads?: number | "auto" | undefined
  /** Jobs run at once; default the pool's thread count. */
  readonly concurrency?: number | undefined
  /** The task modules this node runs. */
  readonly modules: ReadonlyArray<TaskModule.TaskModule<any>>
  /**
   * Installed packages that jobs may name for an estimator to import (the
   * mljs adapter: `["ml-cart"]`), by bare package name. Default none: only
   * the built-in estimators run.
   */
  readonly allowModules?: ReadonlyArray<string> | undefined
  /** How long a job's lock lasts without renewal (a dead node's jobs move on after this). Default 10 000 ms. */
  readonly lockDurationMs?: number | undefined
  /** How often the node looks for stalled jobs. Default 5000 ms. */
  readonly stalledIntervalMs?: number | undefined
  /** How many times a job whose node died goes back to the queue before it fails. Default 2. */
  readonly maxStalledCount?: number | undefined
  /** Bytes of datasets kept, by hash, between jobs. Default 1024 MiB. */
  readonly cacheMb?: number | undefined
  /** A name for the node in `weft cluster status`; default host-pid-random. */
  readonly name?: string | undefined
  /** Called with a line for each notable event (job failed, node ready…). */
  readonly log?: ((line: string) => void) | undefined
  /** Also log every job done, with its run, task, items and time. Default false. */
  readonly logJobs?: boolean | undefined
}

/**
 * What a running node can tell.
 * @since 0.1.0
 * @category models
 */
export interface NodeHandle {
  readonly id: string
  readonly threads: number
  readonly concurrency: number
  readonly info: () => NodeInfo
}

/** Deletes the run's cancelled jobs' leftovers: writes a job's outcome once, and announces it. */
const WRITE_RESULT = `
if redis.call('EXISTS', KEYS[3]) == 1 then return -1 end
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 1 then
  redis.call('RPUSH', KEYS[2], ARGV[1])
  redis.call('EXPIRE', KEYS[1], ARGV[3])
  redis.call('EXPIRE', KEYS[2], ARGV[3])
  return 1
end
return 0`

const RESULT_TTL_SECONDS = 86_400

const outcomeOf = (either: Either.Either<unknown, TaskError>): ItemOutcome => {
  if (Either.isRight(either)) return { ok: true, value: either.right }
  const e = either.left
  switch (e._tag) {
    case "TaskFailed":
      return { ok: false, error: { tag: e._tag, task: e.task, message: e.message, ...(e.stack === undefined ? {} : { stack: e.stack }) } }
    case "WorkerCrashed":
      return { ok: false, error: { tag: e._tag, task: e.task, message: e.reason, ...(e.exitCode === undefined ? {} : { exitCode: e.exitCode }) } }
    case "TaskTimeout":
      return { ok: false, error: { tag: e._tag, task: e.task, message: e.message, timeoutMs: e.timeoutMs } }
    default:
      return { ok: false, error: { tag: "NodeFailed", task: "", message: e.message } }
  }
}

/**
 * Starts a node for the lifetime of the scope: a local pool, a BullMQ worker,
 * a heartbeat and a listener for cancelled runs. Closing the scope stops
 * taking jobs, lets running ones end (or be taken over), and stops the pool.
 *
 * @since 0.1.0
 * @category constructors
 */
export const start = (options: NodeOptions): Effect.Effect<NodeHandle, InvalidOption | ExecutorUnavailable, Scope.Scope> =>
  Effect.gen(function* () {
    const target = yield* parseUrl(options.redis)
    const prefix = options.prefix ?? "weft"
    const queueName = options.queue ?? "tasks"
    yield* checkNames([["prefix", prefix], ["queue", queueName]])
    yield* checkIntegers([
      ["concurrency", options.concurrency, 1],
      ["lockDurationMs", options.lockDurationMs, 100],
      ["stalledIntervalMs", options.stalledIntervalMs, 100],
      ["maxStalledCount", options.maxStalledCount, 0],
      ["cacheMb", options.cacheMb, 0]
    ])
    const allowed = new Set<string>()
    for (const name of options.allowModules ?? []) {
      if (typeof name !== "string" || !isPackageName(name)) {
        return yield* Effect.fail(
          new InvalidOption({ option: "allowModules", value: name, reason: "must be an installed package's bare name (such as ml-cart): no URL, path, sub-path or Node built-in" })
        )
      }
      allowed.add(name)
    }
    if (options.modules.length === 0) return yield* Effect.fail(new InvalidOption({ option: "modules", value: [], reason: "a node must serve at least one task module" }))
    const modules = new Map<string, TaskModule.TaskModule<any>>()
    for (const m of options.modules) {
      const id = yield* Effect.try({
        try: () => moduleId(m.url),
        catch: (e) => new InvalidOption({ option: "modules", value: m.url, reason: (e as Error).message })
      })
      modules.set(id, m)
    }
    const K = keys(prefix, queueName)
    const log = options.log ?? (() => {})
    const id = options.name ?? `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`

    const pool = yield* WorkerPool.make({ threads: options.threads, offMainThread: true })
    const concurrency = options.concurrency ?? pool.size
    const via = { connectTimeoutMs: options.connectTimeoutMs, tls: options.tls }
    const redis = yield* connect(target, { name: `weft-node-${id}`, blocking: false, ...via })
    const subscriber = yield* connect(target, { name: `weft-node-${id}-cancel`, blocking: true, ...via })
    const jobs = yield* connect(target, { name: `weft-node-${id}-jobs`, blocking: true, ...via })
    const cache = new BlobCache((options.cacheMb ?? 1024) * 1024 * 1024)
    const fetching = new Map<string, Promise<SharedArrayBuffer>>()
    const decodedArgs = new Map<string, ReadonlyArray<unknown>>()
    const argsRefusal = new Map<string, string | undefined>() // args hash -> why they may not run here
    const loaded = new Map<string, Record<string, TaskHandle<any, any>>>()
    const active = new Map<string, string>() // job id -> run id
    const counts = { done: 0, failed: 0 }
    const startedAt = Date.now()

    const blob = (run: RunKeys, hash: string): Promise<SharedArrayBuffer> => {
      const cached = cache.get(hash)
      if (cached !== undefined) return Promise.resolve(cached)
      let p = fetching.get(hash)
      if (p === undefined) {
        p = getBlob(redis, run, hash).then(
          (b) => {
            cache.set(hash, b)
            fetching.delete(hash)
            return b
          },
          (e) => {
            fetching.delete(hash)
            throw e
          }
        )
        fetching.set(hash, p)
      }
      return p
    }

    const argsOf = async (run: RunKeys, hash: string): Promise<ReadonlyArray<unknown>> => {
      const known = decodedArgs.get(hash)
      if (known !== undefined) return known
      const encoded = new Uint8Array(await blob(run, hash))
      const args = (await decodeWithBlobsFetched(encoded, (h) => blob(run, h))) as ReadonlyArray<unknown>
      decodedArgs.set(hash, args)
      // A few recent maps' arguments are kept; their bytes stay in the blob cache.
      if (decodedArgs.size > 16) decodedArgs.delete(decodedArgs.keys().next().value!)
      return args
    }

    const tasksOf = async (moduleName: string) => {
      const known = loaded.get(moduleName)
      if (known !== undefined) return known
      const module = modules.get(moduleName)
      if (module === undefined) {
        throw new Error(`node ${id} does not serve the task module ${moduleName} (it serves ${[...modules.keys()].join(", ")})`)
      }
      const tasks = (await Effect.runPromise(pool.load(module))) as unknown as Record<string, TaskHandle<any, any>>
      loaded.set(moduleName, tasks)
      return tasks
    }

    /**
     * Why this node may not run a job whose values are `value`: a module it
     * names for an estimator to import that the operator did not allow.
     * Checked here, on the node's own thread, before the job reaches the
     * pool: a refused job imports nothing on any thread, and fails once.
     */
    const refusalOf = (value: unknown): string | undefined => {
      for (const module of modulesNamedIn(value)) {
        if (!allowed.has(module)) {
          const shown = module.length > 80 ? `${module.slice(0, 77)}...` : module
          return (
            `this node does not allow the module ${JSON.stringify(shown)} that the job names for an estimator ` +
            `(allowed: ${allowed.size === 0 ? "none" : [...allowed].join(", ")}; its operator may add an installed package with allowModules or weft worker --allow-module)`
          )
        }
      }
      return undefined
    }
    const argsRefusalOf = (hash: string, args: ReadonlyArray<unknown>): string | undefined => {
      if (!argsRefusal.has(hash)) {
        argsRefusal.set(hash, refusalOf(args))
        if (argsRefusal.size > 64) argsRefusal.delete(argsRefusal.keys().next().value!)
      }
      return argsRefusal.get(hash)
    }

    const writeResult = (run: RunKeys, key: string, payload: Buffer) =>
      redis.eval(WRITE_RESULT, 3, run.results, run.done, run.cancelled, key, payload, RESULT_TTL_SECONDS)

    const processor = async (job: Job, _token?: string, signal?: AbortSignal): Promise<null> => {
      const decoded = Schema.decodeUnknownEither(JobData)(job.data)
      if (Either.isLeft(decoded)) {
        counts.failed++
        log(`rejected job ${job.id}: ${ParseResult.TreeFormatter.formatErrorSync(decoded.left)}`)
        throw new UnrecoverableError(`the job does not match weft's job schema: ${ParseResult.TreeFormatter.formatErrorSync(decoded.left)}`)
      }
      const data = decoded.right
      const run = K.run(data.run)
      if ((await redis.exists(run.cancelled)) === 1) return null
      active.set(String(job.id), data.run)
      const startedJob = performance.now()
      try {
        const tasks = await tasksOf(data.module)
        const handle = tasks[data.task]
        if (handle === undefined) throw new UnrecoverableError(`the task module ${data.module} has no task named "${data.task}"`)
        const args = data.args === null ? [] : await argsOf(run, data.args)
        const items = data.kind === "run" ? [] : (decodeInline(Buffer.from(data.items, "base64")) as Array<unknown>)
        const refused = (data.args === null ? undefined : argsRefusalOf(data.args, args)) ?? refusalOf(items)
        if (refused !== undefined) throw new UnrecoverableError(refused)
        const work: Effect.Effect<Array<Either.Either<unknown, TaskError>>> =
          data.kind === "run" ? Effect.map(Effect.either(pool.run(handle, ...args)), (e) => [e]) : pool.mapSettled(handle, items, { args })
        const exit = await Effect.runPromiseExit(work, signal === undefined ? {} : { signal })
        if (Exit.isFailure(exit)) {
          if (Cause.isInterruptedOnly(exit.cause)) return null // the run was cancelled
          throw Cause.squash(exit.cause)
        }
        const outcomes = exit.value.map(outcomeOf)
        const payload = encodeInline(outcomes)
        await writeResult(run, data.key, payload)
        counts.done++
        if (options.logJobs === true) {
          log(`job ${job.id} done: ${data.task}, ${data.count} item${data.count === 1 ? "" : "s"}, ${(performance.now() - startedJob).toFixed(0)} ms`)
        }
        return null
      } catch (error) {
        if (signal?.aborted === true) return null
        counts.failed++
        const attempts = job.opts.attempts ?? 1
        const last = error instanceof UnrecoverableError || job.attemptsMade + 1 >= attempts
        const message = (error as Error)?.message ?? String(error)
        log(`job ${job.id} (${data.task}) failed on attempt ${job.attemptsMade + 1} of ${attempts}: ${message}`)
        if (last) {
          const failed: ItemOutcome = { ok: false, error: { tag: "NodeFailed", task: data.task, message: `node ${id}: ${message}` } }
          await writeResult(run, data.key, encodeInline(Array.from({ length: data.count }, () => failed))).catch(() => {})
        }
        throw error
      } finally {
        active.delete(String(job.id))
      }
    }

    const worker = new Worker(queueName, processor, {
      connection: jobs,
      prefix,
      concurrency,
      lockDuration: options.lockDurationMs ?? 10_000,
      stalledInterval: options.stalledIntervalMs ?? 5_000,
      maxStalledCount: options.maxStalledCount ?? 2,
      name: id,
      autorun: false
    })
    // An outage repeats its error at every reconnect: say it once, and again when it changes.
    let lastQueueError = ""
    worker.on("error", (e) => {
      const line = `queue error: ${describe(e)}`
      if (line !== lastQueueError) log(line)
      lastQueueError = line
    })

    // Cancelled runs: stop their running jobs here.
    yield* Effect.tryPromise({
      try: async () => {
        await subscriber.subscribe(K.cancel)
        subscriber.on("message", (_channel: string, message: string) => {
          let note: { run?: unknown; jobs?: unknown }
          try {
            note = JSON.parse(message)
          } catch {
            return
          }
          const jobs = Array.isArray(note.jobs) ? new Set(note.jobs.map(String)) : undefined
          for (const [jobId, run] of active) {
            if (run === note.run && (jobs === undefined || jobs.has(jobId))) worker.cancelJob(jobId, "the run was cancelled")
          }
        })
      },
      catch: (e) => new ExecutorUnavailable({ executor: `Redis at ${target.display}`, reason: describe(e) })
    })

    const info = (): NodeInfo => ({
      id,
      host: hostname(),
      pid: process.pid,
      cores: availableParallelism(),
      threads: pool.config.threads,
      concurrency,
      modules: [...modules.keys()],
      allowModules: [...allowed],
      inFlight: active.size,
      done: counts.done,
      failed: counts.failed,
      startedAt,
      lastSeen: Date.now()
    })
    const beat = () => redis.hset(K.nodes, id, JSON.stringify(info())).catch(() => {})
    yield* Effect.promise(beat)
    // Nodes that died without saying goodbye (kill -9) stay in `weft cluster status` as gone for an hour, then go.
    yield* Effect.promise(() => forgetNodes(redis, K, STALE_NODE_MS).catch(() => 0))
    const heartbeat = setInterval(beat, 1000)

    void worker.run().catch((e) => log(`worker stopped: ${describe(e)}`))
    log(`node ${id} serving ${prefix}:${queueName} with ${pool.config.threads} threads, ${concurrency} jobs at once`)

    yield* Effect.addFinalizer(() =>
      Effect.promise(async () => {
        clearInterval(heartbeat)
        // Forced: running jobs are not awaited; their locks lapse and other nodes take them over.
        await bounded(worker.close(true), 2000)
        await bounded(redis.hdel(K.nodes, id), 1000)
      })
    )
    return { id, threads: pool.config.threads, concurrency, info }
  })

/**
 * Runs a node until interrupted (Ctrl-C in `weft worker`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const serve = (options: NodeOptions): Effect.Effect<never, InvalidOption | ExecutorUnavailable> =>
  Effect.scoped(Effect.zipRight(start(options), Effect.never))
