/**
 * What task modules import to cooperate with the pool: `isCancelled()` and
 * `throwIfCancelled()`; and `importModule(url)`, for code that imports a
 * module of the user's own on a worker as the pool imports task modules
 * (TypeScript under tsx or Node's type stripping included).
 *
 * @since 0.1.0
 */
export { isCancelled, throwIfCancelled } from "./context.js"
export { importModule } from "./importModule.js"
