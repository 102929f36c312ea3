/**
 * The one constructor of an executor's service (see `Executor.make`): the
 * task handles, `load`, and the fail-fast and settled maps, over the
 * executor's own primitives. The local pool and `@weft/cluster`'s remote pool
 * both build their service here.
 *
 * @internal
 */
import type { TaskError } from "@weft/core"
import { Effect, Either } from "effect"
import type { Backend, Executor, LocalDiagnostics, MapOptions } from "../Executor.js"
import type { TaskHandle, TaskModule, Tasks } from "../TaskModule.js"

type MapCall = (task: TaskHandle<any, any>, items: ReadonlyArray<unknown>, options?: MapOptions & { readonly args?: ReadonlyArray<unknown> }) => unknown

/** @internal */
export const make = <Local extends LocalDiagnostics | undefined>(backend: Backend<Local>): Executor & { readonly local: Local } => {
  const run = (handle: TaskHandle<any, any>, ...args: ReadonlyArray<unknown>) => backend.run(handle, args)

  // A handle is a function (calling it runs the task) carrying the module and the task's name.
  const handleFor = (module: string, task: string): TaskHandle<any, any> => {
    const handle = ((...args: ReadonlyArray<unknown>) => run(handle, ...args)) as TaskHandle<any, any>
    Object.defineProperty(handle, "module", { value: module })
    Object.defineProperty(handle, "task", { value: task })
    return handle
  }

  const load = <M>(module: TaskModule<M>) =>
    Effect.map(backend.importModule(module as TaskModule<unknown>), (exports) => {
      const tasks: Record<string, TaskHandle<any, any>> = {}
      for (const name of Object.keys(exports)) if (typeof exports[name] === "function") tasks[name] = handleFor(module.url, name)
      return tasks as unknown as Tasks<M>
    })

  const map: MapCall = (handle, items, options = {}) =>
    Effect.map(backend.mapOutcomes(handle, items, options, false), (outcomes) =>
      outcomes.map((o) => (o as Either.Right<TaskError, unknown>).right)
    )

  const mapSettled: MapCall = (handle, items, options = {}) =>
    backend.mapOutcomes(handle, items, options, true).pipe(
      Effect.catchAll((error) => Effect.succeed(items.map(() => Either.left(error) as Either.Either<unknown, TaskError>)))
    )

  return {
    config: backend.config,
    size: backend.size,
    load,
    run: run as Executor["run"],
    map: map as Executor["map"],
    mapSettled: mapSettled as Executor["mapSettled"],
    stats: backend.stats,
    resetStats: backend.resetStats,
    local: backend.local
  }
}
