/**
 * The handles of the built-in task module, and row batching.
 */
import { TaskModule, WorkerPool } from "@weft/pool"
import { Effect } from "effect"

/**
 * The built-in task module (compiled to dist/worker/kernels.js).
 *
 * @since 0.1.0
 * @category task modules
 */
export const Kernels = TaskModule.make<typeof import("../worker/kernels.js")>(new URL("../worker/kernels.js", import.meta.url))

/** The built-in tasks, loaded on the pool in context. */
export const kernels = Effect.flatMap(WorkerPool.WorkerPool, (pool) => pool.load(Kernels)).pipe(Effect.orDie)

/** Default rows per batch: enough work per task that messaging is noise. */
export const DEFAULT_BATCH_ROWS = 256

/** [start, end) row ranges covering 0..n-1 in order, `size` rows each (the last may be shorter). */
export const batches = (n: number, size: number = DEFAULT_BATCH_ROWS): Array<readonly [number, number]> => {
  const out: Array<readonly [number, number]> = []
  for (let start = 0; start < n; start += size) out.push([start, Math.min(n, start + size)])
  return out
}
