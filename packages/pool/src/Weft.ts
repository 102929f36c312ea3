/**
 * A Promise facade over the pool, for code that does not use Effect.
 *
 * @example
 * import { Weft, TaskModule } from "@weft/pool"
 * const pool = await Weft.createPool({ threads: 4 })
 * try {
 *   const tasks = await pool.load(TaskModule.make<typeof import("./kernels.js")>(new URL("./kernels.js", import.meta.url)))
 *   const sums = await pool.map(tasks.rowSum, ranges, { args: [X] })
 * } finally {
 *   await pool.close() // every worker is gone after this
 * }
 * @since 0.1.0
 */
import { Cause, Effect, Exit, ManagedRuntime, Option } from "effect"
import type { PoolStats } from "./PoolStats.js"
import type { TaskHandle, TaskModule, Tasks } from "./TaskModule.js"
import * as WorkerPool from "./WorkerPool.js"

/** @since 0.1.0 */
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
  /** Terminates every worker. */
  readonly close: () => Promise<void>
}

/** Rejects with the typed error itself (a TaggedError is an Error), not a wrapper. */
const unwrap = <A, E>(exit: Exit.Exit<A, E>): A => {
  if (Exit.isSuccess(exit)) return exit.value
  const failure = Cause.failureOption(exit.cause)
  if (Option.isSome(failure)) throw failure.value
  throw Cause.squash(exit.cause)
}

/**
 * Starts a pool (every worker is running when the promise resolves).
 *
 * @since 0.1.0
 */
export const createPool = async (options?: WorkerPool.PoolOptions): Promise<PromisePool> => {
  const runtime = ManagedRuntime.make(WorkerPool.layer(options))
  const exec = async <A, E>(effect: Effect.Effect<A, E, WorkerPool.WorkerPool>, signal?: AbortSignal): Promise<A> =>
    unwrap(await runtime.runPromiseExit(effect, signal === undefined ? undefined : { signal }))
  let pool: WorkerPool.WorkerPool
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
    stats: () => exec(pool.stats),
    close: () => runtime.dispose()
  }
}
