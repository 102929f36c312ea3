/**
 * What a pool can tell about itself, for benchmarks and dashboards.
 *
 * @since 0.1.0
 */
import type { ExecutorStats } from "./Executor.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface WorkerStats {
  /** The worker's current thread id (it changes when the worker is replaced); -1 when not started. */
  readonly threadId: number
  /** Calls this slot has run (a chunk counts once). */
  readonly calls: number
  /** Time spent inside calls, in milliseconds. */
  readonly busyMs: number
  /** busyMs divided by the pool's age. */
  readonly utilisation: number
  /** How many times this slot's worker was replaced after a crash, timeout or interruption. */
  readonly replacements: number
}

/**
 * The counters every executor keeps (`ExecutorStats`), with the workers of a local pool.
 *
 * @since 0.1.0
 * @category models
 */
export interface PoolStats extends ExecutorStats {
  readonly workers: ReadonlyArray<WorkerStats>
  /** Mean utilisation over the workers; 0 with no worker. */
  readonly utilisation: number
}
