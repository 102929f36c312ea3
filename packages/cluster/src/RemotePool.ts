/**
 * A remote executor behind the pool's own interface: a layer that provides
 * `WorkerPool` and sends each map's items as BullMQ jobs to a Redis queue,
 * where worker nodes (see `Node`) run them on their own local pools. The ML
 * workflows run on it unchanged: the same calls, the same results.
 *
 * - A map's shared arguments (the dataset, the folds, the search context) are
 *   encoded once, their matrices stored as content-addressed blobs under the
 *   run's keys; each job carries only the hash, the task's name and its items.
 * - Results are keyed by job: a node writes a job's outcome once (HSETNX) and
 *   the caller places it by item index, so neither the node nor the order of
 *   completion can change the answer, and a job re-run after a node died is
 *   never counted twice.
 * - Interrupting the caller removes the run's queued jobs, tells nodes to stop
 *   its running ones, and deletes the run's data; the nodes keep serving.
 * - Redis unreachable: a clear `ExecutorUnavailable` within a few seconds.
 *
 * @example
 * import { RemotePool } from "@weft/cluster"
 * const result = yield* gridSearch(grid, { estimator: "ridge", X, y })
 * // with the remote pool instead of the local one:
 * Effect.runPromise(program.pipe(Effect.provide(RemotePool.layer({ redis: "redis://localhost:6379" }))))
 * @since 0.1.0
 */
import { ExecutorUnavailable, InvalidOption, TaskFailed, TaskTimeout, WorkerCrashed, type TaskError } from "@weft/core"
import type { TaskHandle, TaskModule } from "@weft/pool"
import { Executor, WorkerPool } from "@weft/pool"
import { Queue } from "bullmq"
import { Deferred, Effect, Either, Layer, type Scope } from "effect"
import { randomBytes } from "node:crypto"
import { decodeInline, encodeInline, encodeWithBlobs, hashBytes } from "./Codec.js"
import { connect, describe, parseUrl, type ConnectOptions } from "./Connection.js"
import { putBlobs } from "./internal/blobs.js"
import { bounded } from "./internal/bounded.js"
import { logErrors } from "./internal/logErrors.js"
import { checkIntegers, checkNames, keys } from "./internal/keys.js"
import { liveNodes } from "./internal/nodes.js"
import { moduleId, namesOwnModule } from "./ModuleId.js"
import type { ItemOutcome, JobData } from "./Protocol.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface RemoteOptions extends ConnectOptions {
  /** `redis://[:password@]host:port[/db]`, or `rediss://` for TLS. */
  readonly redis: string
  /** Key prefix of the cluster (BullMQ's prefix). Default "weft". */
  readonly prefix?: string | undefined
  /** The queue the nodes serve. Default "tasks". */
  readonly queue?: string | undefined
  /** Names this pool's run (its keys and job ids); default a random id. */
  readonly runId?: string | undefined
  /** Items per job when a map does not say; default: about 4 jobs per remote thread. */
  readonly chunkSize?: number | undefined
  /** Attempts of a job whose node fails (not of a task that throws, which fails once). Default 3. */
  readonly attempts?: number | undefined
  /** First retry delay, doubled at each attempt. Default 1000 ms. */
  readonly backoffMs?: number | undefined
  /** How long Redis may stay unreachable during a run before it fails. Default 5000 ms. */
  readonly unavailableAfterMs?: number | undefined
  /** How long work may wait with no node alive before it fails. Default 60 s. */
  readonly nodeWaitMs?: number | undefined
  /** Lifetime of the run's data in Redis should the caller vanish. Default 1 day. */
  readonly ttlSeconds?: number | undefined
}

type Outcome = Either.Either<unknown, TaskError>

const toTaskError = (o: Extract<ItemOutcome, { ok: false }>["error"], item: number): TaskError => {
  switch (o.tag) {
    case "TaskFailed":
      return new TaskFailed({ task: o.task, message: o.message, ...(o.stack === undefined ? {} : { stack: o.stack }), item })
    case "WorkerCrashed":
      return new WorkerCrashed({ task: o.task, reason: o.message, ...(o.exitCode === undefined ? {} : { exitCode: o.exitCode }), item })
    case "TaskTimeout":
      return new TaskTimeout({ task: o.task, timeoutMs: o.timeoutMs ?? 0, item })
    default:
      return new TaskFailed({ task: o.task, message: o.message, item })
  }
}

/**
 * A remote pool for the lifetime of the scope.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: RemoteOptions): Effect.Effect<Executor.Executor, InvalidOption | ExecutorUnavailable, Scope.Scope> =>
  Effect.gen(function* () {
    const target = yield* parseUrl(options.redis)
    const prefix = options.prefix ?? "weft"
    const queueName = options.queue ?? "tasks"
    const runId = options.runId ?? randomBytes(8).toString("hex")
    yield* checkNames([["prefix", prefix], ["queue", queueName], ["runId", runId]])
    yield* checkIntegers([
      ["chunkSize", options.chunkSize, 1],
      ["attempts", options.attempts, 1],
      ["backoffMs", options.backoffMs, 0],
      ["unavailableAfterMs", options.unavailableAfterMs, 0],
      ["nodeWaitMs", options.nodeWaitMs, 0],
      ["ttlSeconds", options.ttlSeconds, 1]
    ])
    const attempts = options.attempts ?? 3
    const backoffMs = options.backoffMs ?? 1000
    const unavailableAfterMs = options.unavailableAfterMs ?? 5000
    const nodeWaitMs = options.nodeWaitMs ?? 60_000
    const ttlSeconds = options.ttlSeconds ?? 86_400
    const K = keys(prefix, queueName)
    const R = K.run(runId)
    const executor = `the weft cluster at ${target.display} (queue ${prefix}:${queueName})`
    const unavailable = (reason: string) => new ExecutorUnavailable({ executor, reason })

    const timeouts = { connectTimeoutMs: options.connectTimeoutMs, tls: options.tls }
    const redis = yield* connect(target, { name: `weft-caller-${runId}`, blocking: false, ...timeouts })
    const waiter = yield* connect(target, { name: `weft-caller-${runId}-wait`, blocking: false, ...timeouts })
    const nodesAtStart = yield* Effect.tryPromise({ try: () => liveNodes(redis, K), catch: (e) => unavailable(describe(e)) })
    const remoteThreads = nodesAtStart.reduce((a, n) => a + n.threads, 0)

    const queue = new Queue<JobData>(queueName, { connection: redis, prefix })
    yield* logErrors(queue, `the queue ${prefix}:${queueName} of ${target.display}`)
    // ------------------------------------------------------------ collector
    // One loop per run takes finished job keys off the run's done list and
    // hands each job's outcomes to the map waiting for it.
    type Waiter = (result: { readonly payload: Buffer } | { readonly error: TaskError; readonly fatal: boolean }) => void
    const waiting = new Map<string, Waiter>()
    // Jobs queued and not yet reported: withdrawn when the pool closes.
    const unfinished = new Set<string>()
    const storedBlobs = new Set<string>()
    let closed = false
    let wake: (() => void) | undefined
    const counters = { completed: 0, failed: 0 }
    let createdAt = performance.now()
    let mapSeq = 0

    const failAll = (error: ExecutorUnavailable) => {
      for (const [key, w] of waiting) {
        waiting.delete(key)
        w({ error, fatal: true })
      }
    }

    const deliver = (key: string, result: Parameters<Waiter>[0]) => {
      const w = waiting.get(key)
      if (w === undefined) return
      waiting.delete(key)
      w(result)
    }

    // A job BullMQ gave up on without its node reporting (it stalled too
    // often: its nodes kept dying): its items fail with BullMQ's reason.
    // Checked every few seconds, a sample of the outstanding jobs at a time.
    let sweepAt = 0
    const sweepFailed = async () => {
      const sample = [...waiting.keys()].slice(sweepAt, sweepAt + 64)
      sweepAt = sample.length < 64 ? 0 : sweepAt + 64
      for (const key of sample) {
        const job = await queue.getJob(`${runId}-${key}`)
        if (job === undefined || !(await job.isFailed())) continue
        if ((await redis.hexists(R.results, key)) === 1) continue // its node reported; the done list delivers it
        deliver(key, { error: new TaskFailed({ task: `job ${job.id}`, message: job.failedReason }), fatal: false })
      }
    }

    const loop = async () => {
      let failingSince: number | undefined
      let noNodeSince: number | undefined
      let lastNodeCheck = 0
      while (!closed) {
        if (waiting.size === 0) {
          noNodeSince = undefined
          await new Promise<void>((resolve) => (wake = resolve))
          wake = undefined
          continue
        }
        try {
          const popped = await waiter.blpop(R.done, 1)
          failingSince = undefined
          if (popped !== null) {
            // Whatever else is done already comes in the same round trip.
            const more = (await redis.lpop(R.done, 255)) ?? []
            const done = [popped[1], ...more]
            const payloads = await redis.hmgetBuffer(R.results, ...done)
            done.forEach((key, i) => {
              const payload = payloads[i]
              if (payload !== null) deliver(key, { payload })
            })
          }
          const now = Date.now()
          if (now - lastNodeCheck > 2000) {
            lastNodeCheck = now
            await sweepFailed()
            const alive = await liveNodes(redis, K)
            if (alive.length > 0) noNodeSince = undefined
            else if (noNodeSince === undefined) noNodeSince = now
            else if (now - noNodeSince > nodeWaitMs) {
              failAll(unavailable(`no weft node has served the queue for ${Math.round(nodeWaitMs / 1000)} s (start one with: weft worker --redis URL)`))
            }
          }
        } catch (error) {
          if (closed) return
          const now = Date.now()
          failingSince ??= now
          if (now - failingSince >= unavailableAfterMs) {
            failAll(unavailable(`Redis stopped answering (${describe(error)})`))
            failingSince = undefined
          }
          await new Promise((r) => setTimeout(r, 250))
        }
      }
    }
    const looping = loop()

    // ------------------------------------------------------------ cancellation
    const cancelJobs = async (keysToCancel: ReadonlyArray<string>, wholeRun: boolean) => {
      try {
        if (wholeRun) await redis.set(R.cancelled, "1", "EX", ttlSeconds)
        await Promise.allSettled(keysToCancel.map((key) => queue.remove(`${runId}-${key}`)))
        await redis.publish(K.cancel, JSON.stringify(wholeRun ? { run: runId } : { run: runId, jobs: keysToCancel.map((k) => `${runId}-${k}`) }))
      } catch {
        // Redis is gone: the jobs expire with it, or nodes find the run's data missing.
      }
    }

    yield* Effect.addFinalizer(() =>
      Effect.promise(async () => {
        closed = true
        wake?.()
        const outstanding = [...unfinished]
        failAll(unavailable("the remote pool was closed"))
        if (outstanding.length > 0) await bounded(cancelJobs(outstanding, true), 2000)
        await bounded(looping, 2000)
        try {
          const stale: Array<string> = []
          let cursor = "0"
          do {
            const [next, found] = await redis.scan(cursor, "MATCH", R.pattern, "COUNT", 1000)
            cursor = next
            for (const k of found) if (k !== R.cancelled) stale.push(k)
          } while (cursor !== "0")
          if (stale.length > 0) await redis.unlink(...stale)
        } catch {
          // Redis is gone; the keys expire on their own.
        }
        await bounded(queue.close(), 1000)
      })
    )

    // ------------------------------------------------------------ submission
    const submit = (
      handle: TaskHandle<any, any>,
      kind: "map" | "run",
      args: ReadonlyArray<unknown>,
      items: ReadonlyArray<unknown>,
      chunk: number,
      collect: boolean
    ): Effect.Effect<Array<Outcome>, TaskError> =>
      Effect.gen(function* () {
        const module = yield* Effect.try({
          try: () => moduleId(handle.module),
          catch: (e) => new TaskFailed({ task: handle.task, message: (e as Error).message })
        })
        // No code over the queue (SECURITY.md): an estimator of the caller's own module
        // (Estimators.fromModule) would make nodes import a file by URL; refused here, before
        // anything is queued (and every node refuses such a job too).
        if (namesOwnModule(args) || namesOwnModule(items)) {
          return yield* Effect.fail(new TaskFailed({
            task: handle.task,
            message:
              "an estimator of your own module (Estimators.fromModule) cannot run on a cluster: jobs carry no code, and nodes load no module by URL; " +
              "run it on a local pool, or publish it as a package the nodes install and allow (Mljs adapter, --allow-module)"
          }))
        }
        const seq = mapSeq++
        const blobs = new Map<string, Uint8Array>()
        let argsHash: string | null = null
        if (args.length > 0) {
          const encoded = encodeWithBlobs(args, blobs)
          argsHash = hashBytes(encoded)
          blobs.set(argsHash, encoded)
        }
        const n = kind === "run" ? 1 : items.length
        const jobs: Array<JobData> = []
        for (let first = 0, j = 0; first < n; first += chunk, j++) {
          const count = Math.min(chunk, n - first)
          jobs.push({
            v: 1,
            run: runId,
            key: `${seq}-${j}`,
            module,
            task: handle.task,
            kind,
            args: argsHash,
            items: kind === "run" ? "" : encodeInline(items.slice(first, first + count)).toString("base64"),
            first,
            count
          })
        }
        yield* Effect.tryPromise({
          try: () => putBlobs(redis, R, blobs, storedBlobs, ttlSeconds),
          catch: (e) => unavailable(`storing the task data failed (${describe(e)})`)
        })

        // Waiters are in place before any job is queued: a job may finish before addBulk returns.
        const out: Array<Outcome> = new Array(n)
        const pendingKeys = new Set(jobs.map((j) => j.key))
        const done = yield* Deferred.make<Array<Outcome>, TaskError>()
        const finish = (effect: Effect.Effect<Array<Outcome>, TaskError>) => Deferred.unsafeDone(done, effect)
        const unregister = Effect.sync(() => {
          for (const key of pendingKeys) waiting.delete(key)
        })
        for (const job of jobs) {
          unfinished.add(job.key)
          waiting.set(job.key, (r) => {
            // A fatal error (Redis gone, no node) leaves the job outstanding: it is withdrawn below.
            if ("error" in r && r.fatal) return finish(Effect.fail(r.error))
            pendingKeys.delete(job.key)
            unfinished.delete(job.key)
            if ("error" in r) {
              for (let i = 0; i < job.count; i++) out[job.first + i] = Either.left(r.error)
              counters.failed += job.count
            } else {
              const outcomes = decodeInline(r.payload) as Array<ItemOutcome>
              outcomes.forEach((o, i) => {
                out[job.first + i] = o.ok ? Either.right(o.value) : Either.left(toTaskError(o.error, job.first + i))
                if (o.ok) counters.completed++
                else counters.failed++
              })
            }
            if (!collect) {
              for (let i = 0; i < job.count; i++) {
                const o = out[job.first + i]
                if (o !== undefined && Either.isLeft(o)) return finish(Effect.fail(o.left))
              }
            }
            if (pendingKeys.size === 0) finish(Effect.succeed(out))
          })
        }
        wake?.()
        yield* Effect.tryPromise({
          try: () =>
            queue.addBulk(
              jobs.map((data) => ({
                name: data.task,
                data,
                opts: {
                  jobId: `${runId}-${data.key}`,
                  attempts,
                  backoff: { type: "exponential", delay: backoffMs },
                  removeOnComplete: true,
                  removeOnFail: { age: 3600 }
                }
              }))
            ),
          catch: (e) => unavailable(`queueing the jobs failed (${describe(e)})`)
        }).pipe(
          Effect.onError(() =>
            Effect.zipRight(
              unregister,
              Effect.sync(() => jobs.forEach((j) => unfinished.delete(j.key)))
            )
          )
        )
        // Whatever ends the wait early (the first failure of a fail-fast map,
        // an interrupt), the map's unfinished jobs are withdrawn.
        return yield* Deferred.await(done).pipe(
          Effect.onExit(() =>
            Effect.zipRight(
              unregister,
              pendingKeys.size === 0
                ? Effect.void
                : Effect.promise(() => {
                    const withdrawn = [...pendingKeys]
                    for (const key of withdrawn) unfinished.delete(key)
                    return bounded(cancelJobs(withdrawn, false), 2000)
                  })
            )
          )
        )
      })

    const defaultChunk = (n: number) => options.chunkSize ?? Math.max(1, Math.ceil(n / Math.max(4, 4 * remoteThreads)))

    const mapOutcomes = (
      handle: TaskHandle<any, any>,
      items: ReadonlyArray<unknown>,
      opts: Executor.MapOptions & { readonly args?: ReadonlyArray<unknown> },
      collect: boolean
    ) =>
      items.length === 0
        ? Effect.succeed([] as Array<Outcome>)
        : submit(handle, "map", opts.args ?? [], items, opts.chunkSize ?? defaultChunk(items.length), collect)

    const run = (handle: TaskHandle<any, any>, args: ReadonlyArray<unknown>) =>
      Effect.flatMap(submit(handle, "run", args, [], 1, false), (outcomes) => outcomes[0])

    const importModule = (module: TaskModule.TaskModule<unknown>): Effect.Effect<Record<string, unknown>, TaskFailed> =>
      Effect.tryPromise({
        try: async () => {
          moduleId(module.url)
          return (await import(module.url)) as Record<string, unknown>
        },
        catch: (e) => new TaskFailed({ task: `load ${module.url}`, message: (e as Error).message })
      })

    // The counters are the remote executor's own; it has no worker threads here, so no `local` diagnostics.
    const service = Executor.make({
      config: {
        threads: Math.max(1, remoteThreads),
        threadsSource: "option",
        minParallelBatchSize: 1,
        chunking: options.chunkSize === undefined ? "auto" : { chunkSize: options.chunkSize },
        taskTimeoutMs: undefined
      },
      size: remoteThreads,
      importModule,
      run,
      mapOutcomes,
      stats: Effect.sync(() => ({
        size: remoteThreads,
        queueDepth: waiting.size,
        completed: counters.completed,
        failed: counters.failed,
        inline: 0,
        ageMs: performance.now() - createdAt
      })),
      resetStats: Effect.sync(() => {
        counters.completed = counters.failed = 0
        createdAt = performance.now()
      }),
      local: undefined
    })
    return service
  })

/**
 * A layer that provides the remote pool as the `WorkerPool` service.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: RemoteOptions): Layer.Layer<WorkerPool.WorkerPool, InvalidOption | ExecutorUnavailable> =>
  Layer.scoped(WorkerPool.WorkerPool, make(options))

