/**
 * The executor contract: what every executor of tasks offers, whether its
 * workers are threads of this process (`WorkerPool.make`) or nodes behind a
 * queue (`@weft/cluster`'s `RemotePool`). The ML workflows ask for this and
 * nothing more, so they run unchanged on either.
 *
 * What only a local pool can tell (its worker threads, their utilisation, the
 * live thread count) is in `local`, which a remote executor leaves
 * `undefined` instead of inventing numbers.
 *
 * `make` builds the service from an executor's own primitives (how to import a
 * module, run one task, run a map's items), so that the shape of the service,
 * the task handles and the fail-fast and settled maps are written once.
 *
 * @since 0.2.0
 */
import type { ParallelConfig, TaskError, TaskFailed } from "@weft/core"
import type { Effect, Either } from "effect"
import * as internal from "./internal/executor.js"
import type { PoolStats } from "./PoolStats.js"
import type { TaskHandle, TaskModule, Tasks } from "./TaskModule.js"

/**
 * Options of one map.
 *
 * @since 0.1.0
 * @category models
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

/**
 * A map's arguments after the items: `args` is required when the task takes more than the item.
 *
 * @since 0.2.0
 * @category models
 */
export type MapArgs<Args extends ReadonlyArray<any>> = [] extends Args
  ? [options?: MapOptions & { readonly args?: Args }]
  : [options: MapOptions & { readonly args: Args }]

/**
 * The counters every executor keeps, since it started or since `resetStats`.
 *
 * @since 0.2.0
 * @category models
 */
export interface ExecutorStats {
  /** Worker threads of a local pool (0 when it runs everything on the calling thread); threads of the nodes of a remote one. */
  readonly size: number
  /** Calls (or a remote executor's jobs) waiting for a worker. */
  readonly queueDepth: number
  /** Items (or single tasks) that succeeded, wherever they ran. */
  readonly completed: number
  /** Items (or single tasks) that failed, crashed or timed out, wherever they ran. */
  readonly failed: number
  /** Of `completed` and `failed`, the items run on the calling thread (small input, one thread); 0 for a remote executor. */
  readonly inline: number
  /** Milliseconds since the executor started, or since the last `resetStats`. */
  readonly ageMs: number
}

/**
 * What only an executor with worker threads in this process can tell.
 *
 * @since 0.2.0
 * @category models
 */
export interface LocalDiagnostics {
  /** The counters together with each worker's calls, busy time, utilisation and replacements. */
  readonly stats: Effect.Effect<PoolStats>
  /** Worker threads of this process that are alive (all pools), from their exit events. */
  readonly liveWorkers: Effect.Effect<number>
}

/**
 * What every executor offers: load a task module, run a task, map a task over items.
 *
 * @since 0.2.0
 * @category models
 */
export interface Executor {
  /** The validated configuration. */
  readonly config: ParallelConfig.ParallelConfig
  /** Worker threads of a local pool (0 when it runs everything on the calling thread); threads of the nodes of a remote one. */
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
  /** Counters since the executor started (or since `resetStats`). */
  readonly stats: Effect.Effect<ExecutorStats>
  readonly resetStats: Effect.Effect<void>
  /** Diagnostics of the worker threads of a local pool; `undefined` for an executor with none here (a remote one). */
  readonly local: LocalDiagnostics | undefined
}

/**
 * What an executor provides to `make`: its own way to import a task module,
 * to run one task and to run a map's items.
 *
 * @since 0.2.0
 * @category models
 */
export interface Backend<Local extends LocalDiagnostics | undefined> {
  readonly config: ParallelConfig.ParallelConfig
  readonly size: number
  /** Checks and imports a task module on this thread, failing with `TaskFailed` (task `load <url>`). */
  readonly importModule: (module: TaskModule<unknown>) => Effect.Effect<Record<string, unknown>, TaskFailed>
  /** Runs one task. */
  readonly run: (task: TaskHandle<any, any>, args: ReadonlyArray<unknown>) => Effect.Effect<unknown, TaskError>
  /**
   * Runs `task(item, ...args)` for every item, each outcome at its item's
   * index. With `collect` false it fails with the first failure; with
   * `collect` true it fails only when the executor itself fails (then every
   * item reports that error).
   */
  readonly mapOutcomes: (
    task: TaskHandle<any, any>,
    items: ReadonlyArray<unknown>,
    options: MapOptions & { readonly args?: ReadonlyArray<unknown> },
    collect: boolean
  ) => Effect.Effect<Array<Either.Either<unknown, TaskError>>, TaskError>
  readonly stats: Effect.Effect<ExecutorStats>
  readonly resetStats: Effect.Effect<void>
  readonly local: Local
}

/**
 * Builds an executor's service from its backend: the task handles (calling
 * one runs it through `backend.run`), `load`, and `map`/`mapSettled` over
 * `backend.mapOutcomes`.
 *
 * @since 0.2.0
 * @category constructors
 */
export const make: <Local extends LocalDiagnostics | undefined>(backend: Backend<Local>) => Executor & { readonly local: Local } =
  internal.make

