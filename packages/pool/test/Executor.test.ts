import { describe, expect, it } from "@effect/vitest"
import { TaskFailed, WorkerCrashed, type TaskError } from "@weft/core"
import { Executor, TaskModule, WorkerPool, type TaskHandle } from "@weft/pool"
import { Effect, Either } from "effect"
import { Tasks, range } from "./helpers.js"

const Module = TaskModule.make<{ square: (x: number) => number; shift: (x: number, by: number) => number }>("file:///fake/module.js")

/** A backend with no workers: runs the tasks of a fixed table on this thread and records what it was asked. */
const fakeBackend = (options: { readonly failMapWith?: TaskError } = {}) => {
  const calls: Array<string> = []
  const table: Record<string, (...args: Array<any>) => number> = { square: (x: number) => x * x, shift: (x: number, by: number) => x + by }
  const backend: Executor.Backend<undefined> = {
    config: { threads: 3, threadsSource: "option", minParallelBatchSize: 1, chunking: "auto", taskTimeoutMs: undefined },
    size: 3,
    importModule: (module) => Effect.sync(() => (calls.push(`import ${module.url}`), { ...table, notATask: 42 })),
    run: (task, args) => Effect.sync(() => (calls.push(`run ${task.task}`), table[task.task](...args))),
    mapOutcomes: (task: TaskHandle<any, any>, items, opts, collect) =>
      options.failMapWith !== undefined
        ? Effect.fail(options.failMapWith)
        : Effect.sync(() => {
            calls.push(`map ${task.task} ${collect ? "collect" : "fail-fast"}`)
            return items.map((item) => (item === 3 ? Either.left(new TaskFailed({ task: task.task, message: "bad 3" })) : Either.right(table[task.task](item, ...(opts.args ?? [])))))
          }),
    stats: Effect.succeed({ size: 3, queueDepth: 0, completed: 0, failed: 0, inline: 0, ageMs: 0 }),
    resetStats: Effect.void,
    local: undefined
  }
  return { backend, calls }
}

describe("Executor.make: the service built once for every executor", () => {
  it.effect("load gives a handle per exported function, each naming its module and task; calling it runs the task", () =>
    Effect.gen(function* () {
      const { backend, calls } = fakeBackend()
      const executor = Executor.make(backend)
      const tasks = yield* executor.load(Module)
      expect(Object.keys(tasks).sort()).toEqual(["shift", "square"])
      expect([tasks.square.module, tasks.square.task]).toEqual(["file:///fake/module.js", "square"])
      expect(yield* tasks.shift(4, 3)).toBe(7)
      expect(yield* executor.run(tasks.square, 5)).toBe(25)
      expect(calls).toEqual(["import file:///fake/module.js", "run shift", "run square"])
    })
  )

  it.effect("map is fail-fast, mapSettled reports each item, and an executor failure fails every settled item", () =>
    Effect.gen(function* () {
      const { backend, calls } = fakeBackend()
      const executor = Executor.make(backend)
      const tasks = yield* executor.load(Module)
      expect(yield* executor.map(tasks.shift, [1, 2], { args: [10] })).toEqual([11, 12])
      const settled = yield* executor.mapSettled(tasks.square, [2, 3])
      expect(settled[0]).toEqual(Either.right(4))
      expect(Either.isLeft(settled[1]) && settled[1].left._tag).toBe("TaskFailed")
      expect(calls.slice(1)).toEqual(["map shift fail-fast", "map square collect"])

      const crash = new WorkerCrashed({ task: "square", reason: "gone" })
      const broken = Executor.make(fakeBackend({ failMapWith: crash }).backend)
      const brokenTasks = yield* broken.load(Module)
      expect(yield* broken.mapSettled(brokenTasks.square, [1, 2])).toEqual([Either.left(crash), Either.left(crash)])
      expect(yield* Effect.flip(broken.map(brokenTasks.square, [1, 2]))).toBe(crash)
      expect(broken.local).toBeUndefined()
    })
  )

  it.live("the local pool is an executor with its diagnostics in `local`, also through the tag", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const pool = yield* WorkerPool.make({ threads: 2 })
        const viaTag = yield* Effect.provideService(WorkerPool.WorkerPool, WorkerPool.WorkerPool, pool)
        expect(viaTag).toBe(pool)
        expect(viaTag.local).toBeDefined()
        const tasks = yield* pool.load(Tasks)
        yield* pool.map(tasks.square, range(40), { chunkSize: 5, minParallelBatchSize: 1 })
        const stats = yield* viaTag.local!.stats
        expect(stats.workers).toHaveLength(2)
        expect(stats.workers.reduce((a, w) => a + w.calls, 0)).toBe(8)
        expect(stats.completed).toBe(40)
        expect(yield* viaTag.local!.liveWorkers).toBeGreaterThanOrEqual(2)
      })
    )
  )

  it.live("a map run inline on one thread counts its items as completed or failed, as a run does", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const pool = yield* WorkerPool.make({ threads: 1 })
        const tasks = yield* pool.load(Tasks)
        expect(yield* pool.map(tasks.square, [1, 2, 3])).toEqual([1, 4, 9])
        let stats = yield* pool.stats
        expect([stats.completed, stats.failed, stats.inline]).toEqual([3, 0, 3])
        yield* pool.mapSettled(tasks.failOn, range(5), { args: [3] })
        stats = yield* pool.stats
        expect([stats.completed, stats.failed, stats.inline]).toEqual([7, 1, 8])
        yield* tasks.square(2)
        stats = yield* pool.stats
        expect([stats.completed, stats.failed, stats.inline]).toEqual([8, 1, 9])
      })
    )
  )
})
