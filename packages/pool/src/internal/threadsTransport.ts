/**
 * The threads.js transport. threads.js moves the messages (spawn, expose,
 * Transfer); this file closes the gaps that threads.js 1.7.0 leaves open:
 *
 * 1. a worker that calls `process.exit` mid-call leaves the call pending
 *    forever (threads.js #386): we watch the native `exit` event and fail the
 *    pending call ourselves;
 * 2. an asynchronous error thrown after start-up is posted as an
 *    `uncaughtError` message that threads.js ignores, and the call hangs: we
 *    watch for that message, fail the call and retire the worker;
 * 3. a worker that fails before `expose()` makes `spawn()` reject but leaves a
 *    10 s timer that keeps the process alive: we wait for the init message
 *    ourselves and only hand the worker to `spawn()` once it has arrived;
 * 4. absolute paths and URLs fail (threads.js #428): we pass threads.js a path
 *    relative to this file, which is what it resolves against;
 * 6. the first `new Worker` registers SIGINT/SIGTERM handlers that terminate
 *    every worker and `process.exit(0)`, skipping Effect's finalizers: we remove
 *    them, so that signals go to whoever owns the process (NodeRuntime.runMain).
 *
 * (5, its types under ESM, is a `paths` mapping in tsconfig.base.json.)
 *
 * @internal
 */
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import type { Worker as NativeWorker } from "node:worker_threads"
import { workerExited, workerStarted } from "./registry.js"
import { crashed, makeTransport, terminateWith, type CallFailure, type CallOutcome, type Connection, type SpawnOptions, type Transport } from "./transport.js"

type Threads = typeof import("threads")
type Callable = (...args: ReadonlyArray<unknown>) => PromiseLike<unknown>

let threadsModule: Promise<Threads> | undefined
/** threads.js registers its signal handlers when it is first imported (defect 6). */
const loadThreads = (): Promise<Threads> =>
  (threadsModule ??= withoutSignalHijack(() => import("threads")).catch((cause: unknown) => {
    threadsModule = undefined
    // threads.js is an optional peer dependency: only this transport needs it.
    if ((cause as { code?: unknown } | null)?.code !== "ERR_MODULE_NOT_FOUND") throw cause
    throw new Error(
      'transport "threads" needs threads.js, an optional peer dependency of @weft/pool that is not installed: ' +
        'run `npm i threads@1.7.0`, or use the default transport, "worker_threads"',
      { cause }
    )
  }))

const here = path.dirname(fileURLToPath(import.meta.url))

/** Runs `create`, then removes any SIGINT/SIGTERM listener added meanwhile (defect 6). */
const withoutSignalHijack = async <A>(create: () => Promise<A> | A): Promise<A> => {
  const before = {
    SIGINT: new Set(process.listeners("SIGINT")),
    SIGTERM: new Set(process.listeners("SIGTERM"))
  }
  try {
    return await create()
  } finally {
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      for (const listener of process.listeners(signal)) {
        if (!before[signal].has(listener)) process.removeListener(signal, listener)
      }
    }
  }
}

const describe = (error: unknown): { message: string; stack: string | undefined } => {
  if (error instanceof Error) return { message: error.message, stack: error.stack }
  if (error !== null && typeof error === "object" && "message" in error) {
    const e = error as { message: unknown; stack?: unknown }
    return { message: String(e.message), stack: typeof e.stack === "string" ? e.stack : undefined }
  }
  return { message: String(error), stack: undefined }
}

interface InitMessage {
  readonly type: "init"
}

/** Waits for the worker's first message: `init` (ready), an uncaught error, or its death. */
const awaitInit = (worker: NativeWorker, timeoutMs: number): Promise<InitMessage> =>
  new Promise((resolve, reject) => {
    const cleanup = () => {
      clearTimeout(timer)
      worker.off("message", onMessage)
      worker.off("error", onError)
      worker.off("exit", onExit)
    }
    const onMessage = (data: any) => {
      if (data && data.type === "init") {
        cleanup()
        resolve(data)
      } else if (data && data.type === "uncaughtError") {
        cleanup()
        reject(crashed(`worker failed to start: ${describe(data.error).message}`, undefined))
      }
    }
    const onError = (error: unknown) => {
      cleanup()
      reject(crashed(`worker failed to start: ${describe(error).message}`, undefined))
    }
    const onExit = (code: number) => {
      cleanup()
      reject(crashed("worker exited before it was ready", code))
    }
    const timer = setTimeout(() => {
      cleanup()
      reject(crashed(`worker did not start within ${timeoutMs} ms`, undefined))
    }, timeoutMs)
    worker.on("message", onMessage)
    worker.on("error", onError)
    worker.on("exit", onExit)
  })

const connect = async (script: URL, options: SpawnOptions): Promise<Connection> => {
  const threads = await loadThreads()
  // threads.js resolves a script path against the file that calls `new Worker` (defect 4).
  const relative = path.relative(here, fileURLToPath(script))
  const workerOptions = options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}
  const worker = (await withoutSignalHijack(
    () => new threads.Worker(relative.startsWith(".") ? relative : `./${relative}`, workerOptions as any)
  )) as unknown as NativeWorker
  workerStarted()

  let init: InitMessage
  try {
    init = await awaitInit(worker, options.startTimeoutMs)
  } catch (failure) {
    await worker.terminate()
    workerExited()
    throw failure
  }
  // Hand the worker to threads.js only now, replaying the init message it waits for (defect 3).
  const spawning = threads.spawn(worker as any)
  worker.emit("message", init)
  const thread = (await spawning) as unknown as Record<string, Callable>

  let dead = false
  let deathReason: CallFailure | undefined
  let exitCode: number | undefined
  let lastError: string | undefined
  const pending = new Set<(failure: CallFailure) => void>()
  const die = (failure: CallFailure) => {
    if (dead) return
    dead = true
    deathReason = failure
    for (const fail of pending) fail(failure)
    pending.clear()
  }
  worker.on("error", (error) => {
    lastError = describe(error).message
  })
  worker.on("exit", (code) => {
    exitCode = code
    workerExited()
    die(crashed(lastError ?? `worker exited with code ${code}`, code))
  })
  worker.on("message", (data: any) => {
    if (data && data.type === "uncaughtError") {
      // Defect 2: the worker is alive but in an unknown state; fail the call and retire it.
      die(crashed(`uncaught error in worker: ${describe(data.error).message}`, undefined))
      void worker.terminate()
    }
  })

  const call = (
    method: string,
    args: ReadonlyArray<unknown>,
    transfer: ReadonlyArray<ArrayBuffer>,
    done: (outcome: CallOutcome) => void
  ): void => {
    let settled = false
    const finish = (outcome: CallOutcome) => {
      pending.delete(fail)
      if (settled) return
      settled = true
      done(outcome)
    }
    const fail = (failure: CallFailure) => finish({ ok: false, failure })
    if (dead) return fail(deathReason ?? crashed("worker is gone", exitCode))
    pending.add(fail)
    try {
      const callArgs = transfer.length > 0 ? [threads.Transfer(args as any, transfer as Array<ArrayBuffer>)] : [args]
      thread[method](...callArgs).then(
        (value) => finish({ ok: true, value }),
        (error) => fail({ _tag: "Threw", ...describe(error) })
      )
    } catch (error) {
      fail({ _tag: "Threw", ...describe(error) })
    }
  }

  return {
    threadId: worker.threadId,
    call,
    isDead: () => dead,
    terminate: terminateWith(die, worker)
  }
}

/** The default transport, on threads.js 1.7.0. */
export const threadsTransport: Transport = makeTransport("threads.js", new URL("../worker/bootstrap.js", import.meta.url), connect)
