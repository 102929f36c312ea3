/**
 * @weft/pool: an Effect worker-thread pool for CPU-bound batch work.
 *
 * @since 0.1.0
 */
export * as Executor from "./Executor.js"
export type * from "./PoolStats.js"
export * as TaskModule from "./TaskModule.js"
export type { TaskHandle, Tasks } from "./TaskModule.js"
export * as WorkerPool from "./WorkerPool.js"
export * as Weft from "./Weft.js"
