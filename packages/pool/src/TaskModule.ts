/**
 * A task module is an ES module whose exported functions are tasks. The same
 * file runs in every worker and, for small inputs or one thread, on the
 * calling thread; its type flows to the caller, as Comlink's `wrap<typeof api>`
 * does, so that a task handle takes and returns what the function does.
 *
 * @example
 * // kernels.ts: plain exported functions
 * import type { SharedMatrix } from "@weft/core"
 * export const sumRows = (range: [number, number], X: SharedMatrix) => X.rowRange(range[0], range[1]).data.reduce((a, b) => a + b, 0)
 *
 * // main.ts
 * const Kernels = TaskModule.make<typeof import("./kernels.js")>(new URL("./kernels.js", import.meta.url))
 * const tasks = yield* pool.load(Kernels)
 * const total = yield* tasks.sumRows([0, 100], X)
 * @since 0.1.0
 */
import type { Effect } from "effect"
import type { TaskError } from "@weft/core"
import { pathToFileURL } from "node:url"

/**
 * @since 0.1.0
 * @category models
 */
export interface TaskModule<M> {
  /** The module's absolute `file:` URL, which workers import. */
  readonly url: string
  /** Phantom: the module's type. */
  readonly _M?: (_: never) => M
}

/**
 * A task module at `url` (a `file:` URL or an absolute path), typed as `M`,
 * usually `typeof import("./module.js")`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = <M>(url: URL | string): TaskModule<M> => {
  const href = url instanceof URL ? url.href : url.startsWith("file:") ? url : pathToFileURL(url).href
  if (!href.startsWith("file:")) throw new TypeError(`a task module must be a file: URL or a path, got ${href}`)
  return { url: href }
}

/**
 * The names of the functions `M` exports.
 * @since 0.1.0
 * @category models
 */
export type TaskNames<M> = {
  [K in keyof M]: M[K] extends (...args: any) => any ? K : never
}[keyof M] &
  string

/**
 * A typed handle to one task: calling it runs the task once on the pool.
 *
 * @since 0.1.0
 * @category models
 */
export interface TaskHandle<Args extends ReadonlyArray<any>, R> {
  (...args: Args): Effect.Effect<R, TaskError>
  readonly module: string
  readonly task: string
}

/**
 * The handles of every task `M` exports.
 *
 * @since 0.1.0
 * @category models
 */
export type Tasks<M> = {
  readonly [K in TaskNames<M>]: M[K] extends (...args: infer A) => infer R ? TaskHandle<A, Awaited<R>> : never
}
