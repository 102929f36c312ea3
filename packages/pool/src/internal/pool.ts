/**
 * The pool's implementation. Each call is an `Effect.async` whose job waits in
 * a FIFO queue until a worker is idle; the dispatcher hands jobs to workers as
 * soon as they free up (in the transport's reply callback, with no fiber
 * between the two), which is what keeps tiny tasks cheap. Maps cut their items
 * into chunks and let `Effect.forEach` keep every worker fed. Interruption,
 * timeouts and crashes are handled per job, so that one run's failures stay
 * inside that run.
 *
 * @internal
 */
import { ParallelConfig as Config, TaskFailed, TaskTimeout, WorkerCrashed, Wire, InvalidOption, Options, type TaskError } from "@weft/core"
import { Effect, Either, type Scope } from "effect"
import type { PoolStats } from "../PoolStats.js"
import type { TaskHandle, TaskModule } from "../TaskModule.js"
import type { ExecutorStats, MapOptions } from "../Executor.js"
import type { PoolOptions, WorkerPool } from "../WorkerPool.js"
import * as Executor from "./executor.js"
import { liveWorkers } from "./registry.js"
import { nativeTransport } from "./nativeTransport.js"
import { threadsTransport } from "./threadsTransport.js"
import type { CallFailure, CallOutcome, Connection, Transport } from "./transport.js"
import { importModule } from "../worker/importModule.js"

/** The transport a pool uses unless told otherwise; BENCHMARKS.md says why. */
export const DEFAULT_TRANSPORT = "worker_threads" as "threads" | "worker_threads"

const DEFAULT_GRACE_MS = 50
const DEFAULT_START_TIMEOUT_MS = 10_000

interface Slot {
  readonly index: number
  readonly cancel: Int32Array
  conn: Connection | undefined
  calls: number
  busyMs: number
  replacements: number
}

/** One call's journey: queued, running on a slot, then done or abandoned (interrupted, timed out). */
interface Job {
  readonly method: string
  readonly payload: ReadonlyArray<unknown>
  readonly transfer: ReadonlyArray<ArrayBuffer>
  /** Called once, with the call's outcome, unless the job was abandoned. */
  readonly resume: (outcome: ExecOutcome) => void
  state: "queued" | "running" | "done" | "abandoned"
  slot: Slot | undefined
  conn: Connection | undefined
  started: number
  timer: ReturnType<typeof setTimeout> | undefined
  /** Called when the running call settles (used to wait out the grace period of a stop). */
  onSettled: (() => void) | undefined
}

interface ChunkReply {
  readonly values: Array<unknown>
  readonly errors: Array<[number, string, string | undefined]>
}

type Outcome<R> = Either.Either<R, TaskError>

/** Why a call on the pool did not return: the transport's reasons, or the pool's own timeout. */
type ExecFailure = CallFailure | { readonly _tag: "TimedOut" }

type ExecOutcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly failure: ExecFailure }

const taskLabel = (handle: { readonly module: string; readonly task: string }): string => {
  const file = handle.module.slice(handle.module.lastIndexOf("/") + 1)
  return `${file}#${handle.task}`
}

const toTaskError = (failure: CallFailure, task: string, item?: number): TaskError => {
  const at = item === undefined ? {} : { item }
  return failure._tag === "Threw"
    ? new TaskFailed({ task, message: failure.message, ...(failure.stack === undefined ? {} : { stack: failure.stack }), ...at })
    : new WorkerCrashed({ task, reason: failure.reason, ...(failure.exitCode === undefined ? {} : { exitCode: failure.exitCode }), ...at })
}

const thrown = (task: string, error: unknown, item?: number): TaskFailed =>
  new TaskFailed({
    task,
    message: error instanceof Error ? error.message : String(error),
    ...(error instanceof Error && error.stack !== undefined ? { stack: error.stack } : {}),
    ...(item === undefined ? {} : { item })
  })

/** Resumes in a later turn of Node's event loop (after pending I/O and signals). */
const yieldToEventLoop: Effect.Effect<void> = Effect.async<void>((resume) => {
  setImmediate(() => resume(Effect.void))
})

const importedOnMain = new Map<string, Promise<Record<string, unknown>>>()

/**
 * Hands the pool a task module already loaded on this thread (a bundled
 * program carries its own copy): runs on the calling thread use it instead of
 * importing `url` again. Workers still import `url`.
 */
export const useOnMain = (url: string, module: Record<string, unknown>): void => {
  if (!importedOnMain.has(url)) importedOnMain.set(url, Promise.resolve(module))
}
const importOnMain = (url: string): Promise<Record<string, unknown>> => {
  let loading = importedOnMain.get(url)
  if (loading === undefined) {
    loading = importModule(url)
    importedOnMain.set(url, loading)
    loading.catch(() => importedOnMain.delete(url))
  }
  return loading
}

/** Why `module` is not a task module (a URL or a path given to `load` directly), or undefined. */
const notATaskModule = (module: unknown): string | undefined => {
  if (module !== null && typeof module === "object" && typeof (module as { url?: unknown }).url === "string" && !(module instanceof URL)) return undefined
  const given = module instanceof URL ? `the URL ${module.href}` : typeof module === "string" ? `the string ${JSON.stringify(module)}` : String(module)
  return `pool.load takes a task module, and was given ${given}; write pool.load(TaskModule.make(url))`
}

const transports: Record<"threads" | "worker_threads", Transport> = { threads: threadsTransport, worker_threads: nativeTransport }

const transportNamed = (name: PoolOptions["transport"]): Effect.Effect<Transport, InvalidOption> =>
  name === undefined
    ? Effect.succeed(transports[DEFAULT_TRANSPORT])
    : name === "threads" || name === "worker_threads"
    ? Effect.succeed(transports[name])
    : Effect.fail(new InvalidOption({ option: "transport", value: name, reason: 'must be "threads" or "worker_threads"' }))

export const make = (options: PoolOptions = {}): Effect.Effect<WorkerPool, InvalidOption, Scope.Scope> =>
  Effect.gen(function* () {
    const {
      graceMs = DEFAULT_GRACE_MS,
      startTimeoutMs = DEFAULT_START_TIMEOUT_MS,
      maxHeapMb,
      transport: transportName,
      offMainThread = false,
      ...parallel
    } = options
    const config = yield* Config.resolve(parallel)
    const transport = yield* transportNamed(transportName)
    yield* Options.number("graceMs", graceMs, { min: 0 })
    yield* Options.number("startTimeoutMs", startTimeoutMs, { min: 1 })
    if (maxHeapMb !== undefined) yield* Options.number("maxHeapMb", maxHeapMb, { min: 1 })
    const size = config.threads > 1 || offMainThread ? config.threads : 0
    let createdAt = performance.now()
    const counters = { completed: 0, failed: 0, inline: 0, waiting: 0 }
    let closed = false
    const closedFailure: CallFailure = { _tag: "Crashed", reason: "the pool is closed", exitCode: undefined }

    const slots: Array<Slot> = Array.from({ length: size }, (_, index) => ({
      index,
      cancel: new Int32Array(new SharedArrayBuffer(4)),
      conn: undefined,
      calls: 0,
      busyMs: 0,
      replacements: 0
    }))
    const idle: Array<Slot> = []
    const queue: Array<Job> = []
    let head = 0

    const spawnInto = (slot: Slot): Effect.Effect<Connection, CallFailure> =>
      Effect.gen(function* () {
        const conn = yield* transport.spawn(transport.bootstrap, {
          startTimeoutMs,
          resourceLimits: maxHeapMb === undefined ? undefined : { maxOldGenerationSizeMb: maxHeapMb }
        })
        if (closed) {
          yield* conn.terminate
          return yield* Effect.fail<CallFailure>(closedFailure)
        }
        const outcome = yield* Effect.async<CallOutcome>((resume) =>
          conn.call("init", [slot.cancel.buffer], [], (o) => resume(Effect.succeed(o)))
        )
        if (!outcome.ok) return yield* Effect.fail(outcome.failure)
        slot.conn = conn
        return conn
      }).pipe(Effect.uninterruptible) // a worker half-started by an interrupted fiber would leak

    // ------------------------------------------------------------ dispatcher

    const release = (slot: Slot): void => {
      idle.push(slot)
      pump()
    }

    /** Hands queued jobs to idle slots, oldest job first. */
    const pump = (): void => {
      while (idle.length > 0 && head < queue.length) {
        const job = queue[head]
        queue[head++] = undefined as unknown as Job
        if (job.state !== "queued") continue
        counters.waiting--
        start(idle.pop()!, job)
      }
      if (head === queue.length) {
        queue.length = 0
        head = 0
      } else if (head > 1024 && head * 2 > queue.length) {
        queue.splice(0, head)
        head = 0
      }
    }

    const start = (slot: Slot, job: Job): void => {
      job.state = "running"
      job.slot = slot
      const conn = slot.conn
      if (conn !== undefined && !conn.isDead()) return send(slot, conn, job)
      // The slot's worker died (crash, timeout, interrupt): start its replacement first.
      if (conn !== undefined) slot.replacements++
      slot.conn = undefined
      Effect.runCallback(spawnInto(slot), {
        onExit: (exit) => {
          if (exit._tag === "Success") return send(slot, exit.value, job)
          const failure = exit.cause._tag === "Fail" ? exit.cause.error : closedFailure
          if (job.state === "running") {
            job.state = "done"
            job.resume({ ok: false, failure })
          }
          if (!closed) release(slot)
        }
      })
    }

    const send = (slot: Slot, conn: Connection, job: Job): void => {
      if (job.state !== "running") return release(slot) // interrupted while its worker was starting
      Atomics.store(slot.cancel, 0, 0)
      job.conn = conn
      job.started = performance.now()
      if (config.taskTimeoutMs !== undefined) job.timer = setTimeout(() => timedOut(job), config.taskTimeoutMs)
      conn.call(job.method, job.payload, job.transfer, (outcome) => settle(slot, job, outcome))
    }

    const settle = (slot: Slot, job: Job, outcome: CallOutcome): void => {
      if (job.timer !== undefined) clearTimeout(job.timer)
      slot.calls++
      slot.busyMs += performance.now() - job.started
      const wasRunning = job.state === "running"
      job.state = "done"
      job.onSettled?.()
      if (!closed) release(slot)
      if (wasRunning) job.resume(outcome)
    }

    const timedOut = (job: Job): void => {
      if (job.state !== "running") return
      job.state = "abandoned"
      job.resume({ ok: false, failure: { _tag: "TimedOut" } })
      Effect.runFork(stop(job))
    }

    /**
     * Stops a running call whose caller has gone (interrupt, timeout): ask it to
     * stop through the cancellation flag, then terminate the worker if it has
     * not stopped within the grace period. The slot frees itself when the call
     * settles, which a terminate forces.
     */
    const stop = (job: Job): Effect.Effect<void> =>
      Effect.async<void>((resume) => {
        const slot = job.slot!
        const conn = job.conn
        if (job.state === "done" || conn === undefined) return resume(Effect.void)
        Atomics.store(slot.cancel, 0, 1)
        const timer = setTimeout(() => {
          job.onSettled = undefined
          Effect.runCallback(conn.terminate, { onExit: () => resume(Effect.void) })
        }, graceMs)
        job.onSettled = () => {
          clearTimeout(timer)
          resume(Effect.void)
        }
      })

    /**
     * One call on the first free worker; `finish` turns its outcome into the
     * result (in the reply callback, with no fiber in between). Interrupting
     * it removes it from the queue or stops it.
     */
    const execute = <A, E>(
      method: string,
      payload: ReadonlyArray<unknown>,
      transfer: ReadonlyArray<ArrayBuffer>,
      finish: (outcome: ExecOutcome) => Effect.Effect<A, E>
    ): Effect.Effect<A, E> =>
      Effect.async<A, E>((resume) => {
        if (closed) return resume(finish({ ok: false, failure: closedFailure }))
        const job: Job = {
          method,
          payload,
          transfer,
          resume: (outcome) => resume(finish(outcome)),
          state: "queued",
          slot: undefined,
          conn: undefined,
          started: 0,
          timer: undefined,
          onSettled: undefined
        }
        queue.push(job)
        counters.waiting++
        pump()
        return Effect.suspend(() => {
          if (job.state === "queued") {
            job.state = "abandoned"
            counters.waiting--
            return Effect.void
          }
          if (job.state !== "running") return Effect.void
          job.state = "abandoned"
          if (job.timer !== undefined) clearTimeout(job.timer)
          return stop(job)
        })
      })

    const failureToError = (failure: ExecFailure, task: string, item?: number): TaskError =>
      failure._tag === "TimedOut"
        ? new TaskTimeout({ task, timeoutMs: config.taskTimeoutMs ?? 0, ...(item === undefined ? {} : { item }) })
        : toTaskError(failure, task, item)

    const count = <A, E>(effect: Effect.Effect<A, E>, items = 1): Effect.Effect<A, E> =>
      Effect.tapBoth(effect, {
        onSuccess: () => Effect.sync(() => (counters.completed += items)),
        onFailure: () => Effect.sync(() => (counters.failed += items))
      })

    // ---------------------------------------------------------------- inline

    const inlineTask = (handle: { readonly module: string; readonly task: string }) =>
      Effect.tryPromise({
        try: () => importOnMain(handle.module),
        catch: (error) => thrown(taskLabel(handle), error)
      }).pipe(
        Effect.flatMap((module) => {
          const fn = module[handle.task]
          return typeof fn === "function"
            ? Effect.succeed(fn as (...args: ReadonlyArray<unknown>) => unknown)
            : Effect.fail(thrown(taskLabel(handle), new Error(`task module ${handle.module} has no task named "${handle.task}"`)))
        })
      )

    const runInline = (handle: TaskHandle<any, any>, args: ReadonlyArray<unknown>) =>
      Effect.flatMap(inlineTask(handle), (fn) =>
        Effect.tryPromise({
          try: async () => fn(...args),
          catch: (error) => thrown(taskLabel(handle), error)
        })
      ).pipe(Effect.tap(() => Effect.sync(() => counters.inline++)))

    const mapInline = <R>(handle: TaskHandle<any, R>, items: ReadonlyArray<unknown>, args: ReadonlyArray<unknown>, collect: boolean) =>
      Effect.flatMap(inlineTask(handle), (fn) =>
        Effect.gen(function* () {
          const label = taskLabel(handle)
          const out: Array<Outcome<R>> = new Array(items.length)
          let lastYield = performance.now()
          for (let i = 0; i < items.length; i++) {
            // Every ~10 ms, give the event loop a turn between items, so that
            // signals and timers (Ctrl-C, a timeout) can interrupt the map at
            // the next item: Effect's own yield does not reach the event loop.
            if (performance.now() - lastYield > 10) {
              yield* yieldToEventLoop
              lastYield = performance.now()
            }
            const outcome = yield* Effect.either(
              Effect.tryPromise({ try: async () => fn(items[i], ...args) as R, catch: (error) => thrown(label, error, i) })
            )
            // Counted as a run inline is: completed or failed, and inline.
            counters.inline++
            if (Either.isLeft(outcome)) counters.failed++
            else counters.completed++
            if (Either.isLeft(outcome) && !collect) return yield* Effect.fail(outcome.left as TaskError)
            out[i] = outcome
          }
          return out
        })
      )

    // ---------------------------------------------------------------- workers

    const runOnWorker = (handle: TaskHandle<any, any>, args: ReadonlyArray<unknown>): Effect.Effect<unknown, TaskError> =>
      execute("run", [handle.module, handle.task, Wire.encode(args)], [], (outcome) => {
        if (outcome.ok) {
          counters.completed++
          return Effect.succeed(Wire.decode(outcome.value))
        }
        counters.failed++
        return Effect.fail(failureToError(outcome.failure, taskLabel(handle)))
      })

    /** One chunk on one worker; a crash in a chunk of several items is retried item by item in collect mode. */
    const runChunk = <R>(
      handle: TaskHandle<any, R>,
      items: ReadonlyArray<unknown>,
      start: number,
      end: number,
      encodedArgs: unknown,
      collect: boolean,
      transferItems: boolean,
      out: Array<Outcome<R>>
    ): Effect.Effect<void, TaskError> => {
      const label = taskLabel(handle)
      const chunk = Wire.encode(items.slice(start, end))
      // Each item goes to one chunk only, so its buffers may move instead of being copied.
      const transfer = transferItems ? Wire.transferables(chunk) : []
      const onSuccess = (raw: unknown): Effect.Effect<void, TaskError> => {
        const reply = Wire.decode(raw) as ChunkReply
        for (let k = 0; k < reply.values.length; k++) out[start + k] = Either.right(reply.values[k] as R)
        for (const [k, message, stack] of reply.errors) {
          out[start + k] = Either.left(new TaskFailed({ task: label, message, ...(stack === undefined ? {} : { stack }), item: start + k }))
        }
        const failures = reply.errors.length
        counters.completed += end - start - failures
        counters.failed += failures
        const first = out[start + (reply.errors[0]?.[0] ?? 0)]
        return failures > 0 && !collect && Either.isLeft(first) ? Effect.fail(first.left) : Effect.void
      }
      const onFailure = (failure: ExecFailure): Effect.Effect<void, TaskError> => {
        if (collect && end - start > 1 && failure._tag === "Crashed" && !transferItems) {
          // Isolate the item that took the worker down; the others still get their results.
          // (Not with transferred items: their buffers went down with the worker.)
          return Effect.forEach(
            Array.from({ length: end - start }, (_, k) => start + k),
            (i) => runChunk(handle, items, i, i + 1, encodedArgs, collect, false, out),
            { concurrency: size, discard: true }
          )
        }
        const error = failureToError(failure, label, end - start === 1 ? start : undefined)
        counters.failed += end - start
        for (let i = start; i < end; i++) out[i] = Either.left(error)
        return collect ? Effect.void : Effect.fail(error)
      }
      return execute("runChunk", [handle.module, handle.task, chunk, encodedArgs, collect], transfer, (outcome) =>
        outcome.ok ? onSuccess(outcome.value) : onFailure(outcome.failure)
      )
    }

    const mapOutcomes = <R>(
      handle: TaskHandle<any, R>,
      items: ReadonlyArray<unknown>,
      options: MapOptions & { readonly args?: ReadonlyArray<unknown> },
      collect: boolean
    ): Effect.Effect<Array<Outcome<R>>, TaskError> =>
      Effect.suspend(() => {
        const args = options.args ?? []
        const n = items.length
        if (n === 0) return Effect.succeed([])
        const threshold = options.minParallelBatchSize ?? config.minParallelBatchSize
        if (size === 0 || (n < threshold && !offMainThread)) return mapInline(handle, items, args, collect)
        const chunk = options.chunkSize ?? Config.chunkSize(config, n)
        const starts: Array<number> = []
        for (let s = 0; s < n; s += chunk) starts.push(s)
        const out: Array<Outcome<R>> = new Array(n)
        const encodedArgs = Wire.encode(args)
        const transferItems = options.transferItems === true
        return Effect.forEach(starts, (s) => runChunk(handle, items, s, Math.min(n, s + chunk), encodedArgs, collect, transferItems, out), {
          concurrency: size,
          discard: true
        }).pipe(Effect.as(out))
      })

    // ---------------------------------------------------------------- service

    const run = (handle: TaskHandle<any, any>, args: ReadonlyArray<unknown>): Effect.Effect<unknown, TaskError> =>
      size === 0 ? count(runInline(handle, args)) : runOnWorker(handle, args)

    const importModule = (module: TaskModule<unknown>): Effect.Effect<Record<string, unknown>, TaskFailed> =>
      Effect.suspend(() => {
        const why = notATaskModule(module)
        if (why !== undefined) return Effect.fail(new TaskFailed({ task: "load", message: why }))
        return Effect.tryPromise({
          try: () => importOnMain(module.url),
          catch: (error) => thrown(`load ${module.url}`, error)
        })
      })

    const counts = (): ExecutorStats => ({
      size,
      queueDepth: counters.waiting,
      completed: counters.completed,
      failed: counters.failed,
      inline: counters.inline,
      ageMs: performance.now() - createdAt
    })

    const stats = Effect.sync((): PoolStats => {
      const counted = counts()
      const workers = slots.map((s) => ({
        threadId: s.conn?.threadId ?? -1,
        calls: s.calls,
        busyMs: s.busyMs,
        utilisation: counted.ageMs > 0 ? s.busyMs / counted.ageMs : 0,
        replacements: s.replacements
      }))
      return { ...counted, workers, utilisation: workers.length === 0 ? 0 : workers.reduce((a, w) => a + w.utilisation, 0) / workers.length }
    })

    const resetStats = Effect.sync(() => {
      createdAt = performance.now()
      counters.completed = counters.failed = counters.inline = 0
      for (const s of slots) s.calls = s.busyMs = 0
    })

    // Start every worker now (in parallel), so that the first map does not pay for start-up,
    // and terminate them all when the scope closes, however it closes.
    yield* Effect.acquireRelease(
      Effect.forEach(slots, (slot) => Effect.map(spawnInto(slot), () => idle.push(slot)), {
        concurrency: "unbounded",
        discard: true
      }).pipe(
        Effect.mapError((failure) => failureToError(failure, "start worker")),
        Effect.orDie
      ),
      () =>
        Effect.gen(function* () {
          closed = true
          for (let i = head; i < queue.length; i++) {
            const job = queue[i]
            if (job.state === "queued") {
              job.state = "done"
              job.resume({ ok: false, failure: closedFailure })
            }
          }
          queue.length = 0
          yield* Effect.forEach(slots, (slot) => (slot.conn === undefined ? Effect.void : slot.conn.terminate), {
            concurrency: "unbounded",
            discard: true
          })
        })
    )

    const local = { stats, liveWorkers: Effect.sync(liveWorkers) }
    const service: WorkerPool = {
      ...Executor.make({ config, size, importModule, run, mapOutcomes, stats, resetStats, local }),
      stats,
      liveWorkers: local.liveWorkers
    }
    return service
  })
