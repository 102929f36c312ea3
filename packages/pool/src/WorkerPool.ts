/**
 * The worker pool: an Effect service that owns a set of worker threads for the
 * lifetime of a scope, runs tasks from task modules on them, and maps a task
 * over many items in chunks, in input order, fail-fast or collect-all.
 *
 * @example
 * import { WorkerPool, TaskModule } from "@weft/pool"
 * import { SharedMatrix } from "@weft/core"
 * import { Effect } from "effect"
 *
 * const Kernels = TaskModule.make<typeof import("./kernels.js")>(new URL("./kernels.js", import.meta.url))
 *
 * const program = Effect.gen(function* () {
 *   const pool = yield* WorkerPool.WorkerPool
 *   const tasks = yield* pool.load(Kernels)
 *   const X = SharedMatrix.unsafeFromRows(rows)           // shared with workers, never copied
 *   return yield* pool.map(tasks.rowSum, ranges, { args: [X] })  // rowSum(range, X) per item
 * })
 * Effect.runPromise(program.pipe(Effect.provide(WorkerPool.layer({ threads: "auto" }))))
 * @since 0.1.0
 */
import type { InvalidOption, ParallelConfig, TaskError, TaskFailed } from "@weft/core"
import { Context, type Either, Layer, type Effect, type Scope } from "effect"
import * as internal from "./internal/pool.js"
import type { PoolStats } from "./PoolStats.js"
import type { TaskHandle, TaskModule, Tasks } from "./TaskModule.js"

/**
 * Options of a pool: the parallel options of `@weft/core` plus the pool's own.
 *
 * @since 0.1.0
 */
export interface PoolOptions extends ParallelConfig.ParallelOptions {
  /** How long an interrupted task may take to notice `isCancelled()` before its worker is terminated. Default 50 ms. */
  readonly graceMs?: number | undefined
  /** How long a worker may take to start. Default 10 s. */
  readonly startTimeoutMs?: number | undefined
  /** Heap limit of each worker in MiB; a worker that exceeds it crashes and is replaced. */
  readonly maxHeapMb?: number | undefined
  /**
   * How messages reach the workers: `"threads"` (threads.js) or `"worker_threads"`
   * (a minimal protocol on Node's own API, with a shorter round trip).
   */
  readonly transport?: "threads" | "worker_threads" | undefined
  /**
   * Run every task on a worker thread, even with one thread or a small input,
   * so that the calling thread stays free (a cluster node must keep renewing
   * its job locks while tasks run). Default false.
   */
  readonly offMainThread?: boolean | undefined
}

/**
 * Options of one map.
 *
 * @since 0.1.0
 */
export interface MapOptions {
  /** Items per chunk sent to a worker; default from the pool's chunking policy. */
  readonly chunkSize?: number | undefined
  /** Overrides the pool's threshold below which the map runs on the calling thread. */
  readonly minParallelBatchSize?: number | undefined
  /**
   * Move the `ArrayBuffer`s inside the items to the workers instead of copying
   * them. The caller's typed arrays are detached (empty) afterwards; shared
   * buffers are never affected. Default false.
   */
  readonly transferItems?: boolean | undefined
}

/** A map's arguments after the items: `args` is required when the task takes more than the item. */
type MapArgs<Args extends ReadonlyArray<any>> = [] extends Args
  ? [options?: MapOptions & { readonly args?: Args }]
  : [options: MapOptions & { readonly args: Args }]

/**
 * @since 0.1.0
 */
export interface WorkerPool {
  /** The validated configuration. */
  readonly config: ParallelConfig.ParallelConfig
  /** Worker threads; 0 when the pool has one thread and runs everything on the calling thread (unless `offMainThread`). */
  readonly size: number
  /** Imports a task module (on this thread, to check it and to run small inputs) and returns its typed handles. */
  readonly load: <M>(module: TaskModule<M>) => Effect.Effect<Tasks<M>, TaskFailed>
  /** Runs one task on a worker (or inline when the pool has one thread). Same as calling the handle. */
  readonly run: <Args extends ReadonlyArray<any>, R>(task: TaskHandle<Args, R>, ...args: Args) => Effect.Effect<R, TaskError>
  /**
   * Calls `task(item, ...args)` for every item, in chunks balanced over the
   * workers; results in input order. Fail-fast: the first failure interrupts
   * the rest and is the map's error. `args` (shared matrices, models) are sent
   * once per chunk; shared matrices are never copied.
   */
  readonly map: <A, Args extends ReadonlyArray<any>, R>(
    task: TaskHandle<[A, ...Args], R>,
    items: ReadonlyArray<A>,
    ...options: MapArgs<Args>
  ) => Effect.Effect<Array<R>, TaskError>
  /** Like `map`, but every item runs and reports its own success or failure. */
  readonly mapSettled: <A, Args extends ReadonlyArray<any>, R>(
    task: TaskHandle<[A, ...Args], R>,
    items: ReadonlyArray<A>,
    ...options: MapArgs<Args>
  ) => Effect.Effect<Array<Either.Either<R, TaskError>>>
  /** Counters and utilisation since the pool started (or since `resetStats`). */
  readonly stats: Effect.Effect<PoolStats>
  readonly resetStats: Effect.Effect<void>
  /** Worker threads of this process that are alive (all pools), from their exit events. */
  readonly liveWorkers: Effect.Effect<number>
}

/**
 * The pool service's tag.
 *
 * @since 0.1.0
 */
export const WorkerPool: Context.Tag<WorkerPool, WorkerPool> = Context.GenericTag<WorkerPool>("@weft/pool/WorkerPool")

/**
 * A pool for the lifetime of the current scope: every worker is started now
 * and terminated when the scope closes, by success, failure or interruption.
 *
 * @since 0.1.0
 */
export const make: (options?: PoolOptions) => Effect.Effect<WorkerPool, InvalidOption, Scope.Scope> = internal.make

/**
 * A layer that provides a pool.
 *
 * @example
 * program.pipe(Effect.provide(WorkerPool.layer({ threads: 4 })))
 * @since 0.1.0
 */
export const layer = (options?: PoolOptions): Layer.Layer<WorkerPool, InvalidOption> => Layer.scoped(WorkerPool, make(options))

/**
 * The number of pool worker threads of this process that have started and not
 * yet exited (all pools together), from the threads' own exit events.
 *
 * @since 0.1.0
 */
export { liveWorkers } from "./internal/registry.js"

/**
 * Gives the pool a task module that this thread has already loaded, as a
 * bundled program does: tasks run on the calling thread (one thread, small
 * inputs) then use it instead of importing the module's URL, which would load
 * a second copy of the code. Workers still import the URL. A module that is
 * already loaded here is kept.
 *
 * @example
 * import * as kernels from "./kernels.js"
 * WorkerPool.useOnMain(Kernels, kernels)
 * @since 0.2.0
 */
export const useOnMain = <M>(module: TaskModule<M>, loaded: M): void =>
  internal.useOnMain(module.url, loaded as unknown as Record<string, unknown>)
