import { WorkerPool } from "@weft/pool"
import { Effect } from "effect"

/**
 * Runs an operation on a fresh pool of `threads` threads, closed afterwards.
 * minParallelBatchSize 1 and small chunks force the parallel path even on
 * small test data (threads 1 runs everything on the calling thread: the
 * sequential reference).
 */
export const runWith = <A, E>(threads: number, effect: Effect.Effect<A, E, WorkerPool.WorkerPool>): Promise<A> =>
  Effect.runPromise(effect.pipe(Effect.provide(WorkerPool.layer({ threads, minParallelBatchSize: 1, chunking: { chunkSize: 1 } }))))

/** The typed failure of an operation (fails the test if it succeeds). */
export const failureOf = <A, E>(threads: number, effect: Effect.Effect<A, E, WorkerPool.WorkerPool>): Promise<E> =>
  runWith(threads, Effect.flip(effect))

export const bits = (a: ArrayLike<number>): Array<number> => Array.from(a)
