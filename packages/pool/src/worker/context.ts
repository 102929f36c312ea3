/**
 * What a task sees of the thread it runs on. Import it from a task module as
 * `@weft/pool/worker`.
 *
 * @since 0.1.0
 */

let cancelFlag: Int32Array | undefined

/** @internal Set by the worker bootstrap when the worker starts. */
export const setCancelFlag = (flag: Int32Array): void => {
  cancelFlag = flag
}

/**
 * Whether the run that this task belongs to has been interrupted. A long task
 * that checks it now and then stops within the pool's grace period instead of
 * being terminated. Always `false` on the main thread.
 *
 * @example
 * export const train = (epochs: number, step: () => void) => {
 *   for (let epoch = 0; epoch < epochs; epoch++) {
 *     if (isCancelled()) return undefined
 *     step()
 *   }
 * }
 * @since 0.1.0
 * @category cancellation
 */
export const isCancelled = (): boolean => cancelFlag !== undefined && Atomics.load(cancelFlag, 0) !== 0

/**
 * Throws when the run has been interrupted (see {@link isCancelled}).
 *
 * @since 0.1.0
 * @category cancellation
 */
export const throwIfCancelled = (): void => {
  if (isCancelled()) throw new Error("cancelled")
}
