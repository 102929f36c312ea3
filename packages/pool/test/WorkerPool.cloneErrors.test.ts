import { describe, expect, it } from "@effect/vitest"
import { TaskModule, WorkerPool } from "@weft/pool"
import { Effect, Either } from "effect"
import { range } from "./helpers.js"

const Unsendable = TaskModule.make<typeof import("./fixtures/unsendable.js")>(new URL("./fixtures/unsendable.js", import.meta.url))

// Issue 10, point 5: a result that cannot be cloned used to crash its worker
// (`WorkerCrashed … [object Object]`) and have it replaced.
describe.each(["worker_threads", "threads"] as const)("a result that cannot be sent to the main thread (transport %s)", (transport) => {
  const withPool = <A, E>(f: (pool: WorkerPool.WorkerPool) => Effect.Effect<A, E>) =>
    Effect.scoped(Effect.flatMap(WorkerPool.make({ transport, threads: 2 }), f))

  it.live("fails its own item with TaskFailed and the reason; the other items and the workers are kept", () =>
    withPool((pool) =>
      Effect.gen(function* () {
        const tasks = yield* pool.load(Unsendable)
        const before = (yield* pool.stats).workers.map((w) => w.threadId)
        const settled = yield* pool.mapSettled(tasks.sometimesUnsendable, range(20), { args: [3, 5], chunkSize: 4 })
        const failures = settled.flatMap((o, i) => (Either.isLeft(o) ? [[i, o.left] as const] : []))
        expect(failures.map(([i]) => i)).toEqual([3, 5])
        for (const [i, error] of failures) {
          expect(error._tag).toBe("TaskFailed")
          expect((error as { item?: number }).item).toBe(i)
          expect(error.message).toMatch(/^the task's result cannot be sent to the main thread: it holds /)
        }
        expect(failures[0][1].message).toContain("a function (fitted)")
        expect(failures[1][1].message).toContain("a Symbol (weights) at .model.tag")
        expect(settled.filter(Either.isRight).map((o) => (o as Either.Right<never, number>).right)).toEqual(
          range(20).filter((i) => i !== 3 && i !== 5).map((i) => i * i)
        )
        const failFast = yield* Effect.flip(pool.map(tasks.sometimesUnsendable, range(20), { args: [11, 99], chunkSize: 4 }))
        expect(failFast._tag).toBe("TaskFailed")
        expect((failFast as { item?: number }).item).toBe(11)

        const fromRun = yield* Effect.flip(tasks.returnsFunction())
        expect(fromRun._tag).toBe("TaskFailed")
        expect(fromRun.message).toBe("the task's result cannot be sent to the main thread: it holds a function (predict) at .predict")
        const promise = yield* Effect.flip(tasks.returnsPromise())
        expect(promise.message).toContain("it holds a Promise at [1]")

        // What the walk misses, the clone itself refuses: still a failure of the call, not of the worker.
        const port = yield* Effect.flip(tasks.returnsPort())
        expect(port._tag).toBe("TaskFailed")
        if (transport === "worker_threads") expect(port.message).toMatch(/^the task's result cannot be sent to the main thread: /)

        // The same workers, never replaced, still serving.
        const stats = yield* pool.stats
        expect(stats.workers.map((w) => w.threadId)).toEqual(before)
        expect(stats.workers.every((w) => w.replacements === 0)).toBe(true)
        expect(WorkerPool.liveWorkers()).toBe(2)
        expect(yield* pool.map(tasks.sometimesUnsendable, range(12), { args: [-1, -1] })).toEqual(range(12).map((x) => x * x))
      })
    )
  )
})

// Issue 10, point 10: `pool.load(url)` said `Cannot find package 'undefined'`.
describe("pool.load given something other than a task module", () => {
  it.live("says what it takes and what it was given", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const pool = yield* WorkerPool.make({ threads: 1 })
        const url = new URL("./fixtures/unsendable.js", import.meta.url)
        for (const [given, what] of [
          [url, `the URL ${url.href}`],
          [url.href, `the string ${JSON.stringify(url.href)}`],
          [undefined, "undefined"]
        ] as const) {
          const error = yield* Effect.flip(pool.load(given as any))
          expect(error._tag).toBe("TaskFailed")
          expect(error.message).toBe(`pool.load takes a task module, and was given ${what}; write pool.load(TaskModule.make(url))`)
        }
        expect(Object.keys(yield* pool.load(Unsendable))).toContain("whereAmI")
      })
    )
  )
})
