/**
 * What task modules import to cooperate with the pool: `isCancelled()` and
 * `throwIfCancelled()`.
 *
 * @since 0.1.0
 */
export { isCancelled, throwIfCancelled } from "./context.js"
