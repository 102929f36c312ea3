/**
 * The worker pool: an Effect service that owns a set of worker threads for the
 * lifetime of a scope, runs tasks from task modules on them, and maps a task
 * over many items in chunks, in input order, fail-fast or collect-all.
 *
 * @example
 * // kernels.ts
 * import type { SharedMatrix } from "@weft/core"
 * export const rowSum = (range: [number, number], X: SharedMatrix) => X.rowRange(range[0], range[1]).data.reduce((a, b) => a + b, 0)
 *
 * // main.ts
 * import { WorkerPool, TaskModule } from "@weft/pool"
 * import { SharedMatrix } from "@weft/core"
 * import { Effect } from "effect"
 *
 * const Kernels = TaskModule.make<typeof import("./kernels.js")>(new URL("./kernels.js", import.meta.url))
 *
 * const program = Effect.gen(function* () {
 *   const pool = yield* WorkerPool.WorkerPool
 *   const tasks = yield* pool.load(Kernels)
 *   const X = SharedMatrix.fromRows(rows)                 // shared with workers, never copied
 *   return yield* pool.map(tasks.rowSum, ranges, { args: [X] })  // rowSum(range, X) per item
 * })
 * Effect.runPromise(program.pipe(Effect.provide(WorkerPool.layer({ threads: "auto" }))))
 * @since 0.1.0
 */
import type { InvalidOption, ParallelConfig } from "@weft/core"
import { Context, Layer, type Effect, type Scope } from "effect"
import type { Executor, LocalDiagnostics } from "./Executor.js"
import * as internal from "./internal/pool.js"
import type { PoolStats } from "./PoolStats.js"
import type { TaskModule } from "./TaskModule.js"

/**
 * Options of one map (now `Executor.MapOptions`; this name stays).
 *
 * @since 0.1.0
 */
export type { MapOptions } from "./Executor.js"

/**
 * Options of a pool: the parallel options of `@weft/core` plus the pool's own.
 *
 * @since 0.1.0
 * @category models
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
 * A local pool: the executor contract (`Executor`) with its diagnostics
 * always there, in `local` and, as before, as `stats` (with the workers) and
 * `liveWorkers`. `make` returns one; the `WorkerPool` tag provides any
 * `Executor`, local or remote.
 *
 * @since 0.1.0
 * @category models
 */
export interface WorkerPool extends Executor {
  /** Counters, with each worker's calls, busy time and utilisation, since the pool started (or since `resetStats`). */
  readonly stats: Effect.Effect<PoolStats>
  /** Worker threads of this process that are alive (all pools), from their exit events. */
  readonly liveWorkers: Effect.Effect<number>
  readonly local: LocalDiagnostics
}

/**
 * The executor service's tag. Its service is an `Executor`: the local pool of
 * `layer` or a remote executor (`@weft/cluster`'s `RemotePool.layer`); only a
 * local one has `local` diagnostics. (The identifier keeps the name
 * `WorkerPool`, which every `Effect<A, E, WorkerPool.WorkerPool>` requirement
 * in the ML workflows names.)
 *
 * @since 0.1.0
 * @category tags
 */
export const WorkerPool: Context.Tag<WorkerPool, Executor> = Context.GenericTag<WorkerPool, Executor>("@weft/pool/WorkerPool")

/**
 * A pool for the lifetime of the current scope: every worker is started now
 * and terminated when the scope closes, by success, failure or interruption.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: (options?: PoolOptions) => Effect.Effect<WorkerPool, InvalidOption, Scope.Scope> = internal.make

/**
 * A layer that provides a pool.
 *
 * @example
 * program.pipe(Effect.provide(WorkerPool.layer({ threads: 4 })))
 * @since 0.1.0
 * @category layers
 */
export const layer = (options?: PoolOptions): Layer.Layer<WorkerPool, InvalidOption> => Layer.scoped(WorkerPool, make(options))

/**
 * The number of pool worker threads of this process that have started and not
 * yet exited (all pools together), from the threads' own exit events.
 *
 * @since 0.1.0
 * @category diagnostics
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
 * // kernels.ts
 * export const square = (x: number) => x * x
 *
 * // main.ts
 * import * as kernels from "./kernels.js"
 * const Kernels = TaskModule.make<typeof kernels>(new URL("./kernels.js", import.meta.url))
 * WorkerPool.useOnMain(Kernels, kernels)
 * @since 0.2.0
 * @category utils
 */
export const useOnMain = <M>(module: TaskModule<M>, loaded: M): void =>
  internal.useOnMain(module.url, loaded as unknown as Record<string, unknown>)
