/**
 * What a pool can tell about itself, for benchmarks and dashboards.
 *
 * @since 0.1.0
 */

/** @since 0.1.0 */
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

/** @since 0.1.0 */
export interface PoolStats {
  /** Worker threads (0 when the pool runs everything on the calling thread). */
  readonly size: number
  /** Calls waiting for a free worker. */
  readonly queueDepth: number
  /** Items (or single tasks) that succeeded. */
  readonly completed: number
  /** Items (or single tasks) that failed, crashed or timed out. */
  readonly failed: number
  /** Items run on the calling thread because the input was small or the pool has one thread. */
  readonly inline: number
  /** Milliseconds since the pool started, or since the last `resetStats`. */
  readonly ageMs: number
  readonly workers: ReadonlyArray<WorkerStats>
  /** Mean utilisation over the workers. */
  readonly utilisation: number
}
