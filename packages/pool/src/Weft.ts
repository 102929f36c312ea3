/**
 * A Promise facade over the pool, for code that does not use Effect.
 *
 * Aborting: every promise that takes a `signal` rejects, once the signal is
 * aborted, with `signal.reason` (a `DOMException` named "AbortError" unless
 * `abort(reason)` gave another), as Node's own APIs and piscina do; running
 * tasks are stopped and queued ones dropped. A signal already aborted rejects
 * at once and starts nothing. Other failures reject with weft's typed error
 * itself (`TaskFailed`, `InvalidOption`, ...).
 *
 * @example
 * // kernels.ts
 * import type { SharedMatrix } from "@weft/core"
 * export const rowSum = (i: number, X: SharedMatrix) => X.row(i).reduce((a, b) => a + b, 0)
 *
 * // main.ts
 * import { Weft, TaskModule } from "@weft/pool"
 * const pool = await Weft.createPool({ threads: 4 })
 * try {
 *   const tasks = await pool.load(TaskModule.make<typeof import("./kernels.js")>(new URL("./kernels.js", import.meta.url)))
 *   const sums = await pool.map(tasks.rowSum, indices, { args: [X] })
 * } finally {
 *   await pool.close() // every worker is gone after this
 * }
 * @since 0.1.0
 */
import { InvalidOption } from "@weft/core"
import { Cause, Effect, Exit, ManagedRuntime, Option } from "effect"
import type { Executor } from "./Executor.js"
import type { PoolStats } from "./PoolStats.js"
import type { TaskHandle, TaskModule, Tasks } from "./TaskModule.js"
import * as WorkerPool from "./WorkerPool.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface PromisePool {
  readonly size: number
  /** Typed handles: each call returns an Effect, which `run` and `map` accept. */
  readonly load: <M>(module: TaskModule<M>) => Promise<Tasks<M>>
  readonly run: <Args extends ReadonlyArray<any>, R>(task: TaskHandle<Args, R>, ...args: Args) => Promise<R>
  /** `pool.map` as a promise; `signal` interrupts it (queued work stops, running tasks are stopped). */
  readonly map: <A, R>(
    task: TaskHandle<[A, ...Array<any>], R>,
    items: ReadonlyArray<A>,
    options?: WorkerPool.MapOptions & { readonly args?: ReadonlyArray<unknown>; readonly signal?: AbortSignal }
  ) => Promise<Array<R>>
  readonly stats: () => Promise<PoolStats>
  /**
   * Runs any Effect that needs a `WorkerPool` on this pool, as a promise
   * (what the Promise forms of `@weft/ml-workflows`' operations use).
   *
   * @since 0.2.0
   */
  readonly runEffect: <A, E>(
    effect: Effect.Effect<A, E, WorkerPool.WorkerPool>,
    options?: { readonly signal?: AbortSignal | undefined }
  ) => Promise<A>
  /** Terminates every worker. */
  readonly close: () => Promise<void>
}

/**
 * What an aborted call rejects with: `signal.reason`, or (for a signal that
 * has none) a `DOMException` named "AbortError", as Node's APIs do.
 *
 * @since 0.2.0
 * @category errors
 */
export const abortReason = (signal: AbortSignal): unknown =>
  signal.reason ?? new DOMException("The operation was aborted", "AbortError")

/** Rejects with the typed error itself (a TaggedError is an Error), not a wrapper; an abort with the signal's reason. */
const unwrap = <A, E>(exit: Exit.Exit<A, E>, signal?: AbortSignal): A => {
  if (Exit.isSuccess(exit)) return exit.value
  if (signal?.aborted === true && Cause.isInterrupted(exit.cause)) throw abortReason(signal)
  const failure = Cause.failureOption(exit.cause)
  if (Option.isSome(failure)) throw failure.value
  throw Cause.squash(exit.cause)
}

/**
 * Starts a pool (every worker is running when the promise resolves).
 *
 * @since 0.1.0
 * @category constructors
 */
export const createPool = async (options?: WorkerPool.PoolOptions): Promise<PromisePool> => {
  const runtime = ManagedRuntime.make(WorkerPool.layer(options))
  const exec = async <A, E>(effect: Effect.Effect<A, E, WorkerPool.WorkerPool>, signal?: AbortSignal): Promise<A> => {
    if (signal?.aborted === true) throw abortReason(signal)
    return unwrap(await runtime.runPromiseExit(effect, signal === undefined ? undefined : { signal }), signal)
  }
  let pool: Executor
  try {
    pool = await exec(WorkerPool.WorkerPool)
  } catch (error) {
    await runtime.dispose()
    throw error
  }
  return {
    size: pool.size,
    load: (module) => exec(pool.load(module)),
    run: (task, ...args) => exec(pool.run(task, ...args)),
    map: (task, items, options = {}) => {
      const { signal, ...rest } = options
      return exec((pool.map as any)(task, items, rest) as Effect.Effect<Array<any>, unknown>, signal)
    },
    // The runtime's layer is `WorkerPool.layer`, a local pool: its diagnostics are there.
    stats: () => exec(pool.local === undefined ? Effect.dieMessage("a Weft pool is a local pool") : pool.local.stats),
    runEffect: (effect, options = {}) => exec(effect, options.signal),
    close: () => runtime.dispose()
  }
}

/**
 * Where a Promise-form operation runs: on `pool` (a pool from `createPool`,
 * left open), or else on a pool of `threads` threads started for this call
 * and closed, every worker gone, before the promise settles.
 *
 * @since 0.2.0
 * @category models
 */
export interface RunOptions {
  /** Aborting rejects the promise with `signal.reason` and stops the work. */
  readonly signal?: AbortSignal | undefined
  /** Threads of the pool started for this call (default: the pool's default, the cores less one). */
  readonly threads?: number | undefined
  /** An open pool to run on instead of starting one; `threads` must then be left out. */
  readonly pool?: PromisePool | undefined
}

/**
 * Runs an Effect that needs a `WorkerPool` as a promise, with `RunOptions`'
 * pool and abort semantics: the building block of the Promise API of
 * `@weft/ml-workflows`.
 *
 * @example
 * const scores = await Weft.runEffect(CrossValidation.crossValidate({ estimator: "ridge", X, y }), { threads: 4, signal })
 * @since 0.2.0
 * @category running
 */
export const runEffect = async <A, E>(
  effect: Effect.Effect<A, E, WorkerPool.WorkerPool>,
  options: RunOptions = {}
): Promise<A> => {
  const { signal, threads, pool } = options
  if (pool !== undefined) {
    if (threads !== undefined) {
      throw new InvalidOption({ option: "threads", value: threads, reason: "cannot be given with pool: the pool's size is fixed" })
    }
    return pool.runEffect(effect, { signal })
  }
  if (signal?.aborted === true) throw abortReason(signal)
  const provided = Effect.provide(effect, WorkerPool.layer(threads === undefined ? undefined : { threads }))
  // The pool is scoped to this run: its workers are terminated before the exit is delivered.
  return unwrap(await Effect.runPromiseExit(provided, signal === undefined ? undefined : { signal }), signal)
}
