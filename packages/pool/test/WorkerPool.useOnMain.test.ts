import { describe, expect, it } from "@effect/vitest"
import { TaskModule, WorkerPool } from "@weft/pool"
import { Effect } from "effect"
import * as Fixture from "./fixtures/tasks.js"

// A module known only by a URL that no file answers: the calling thread can run it only
// from the copy it was given; a worker, which imports the URL, cannot.
const missing = new URL("./fixtures/not-a-file-useOnMain.js", import.meta.url)
const Given = TaskModule.make<typeof Fixture>(missing)

describe("WorkerPool.useOnMain", () => {
  it.live("tasks on the calling thread run the copy given, without importing the URL", () =>
    Effect.gen(function* () {
      // A copy that differs from the fixture, so that the test sees which one ran.
      WorkerPool.useOnMain(Given, { ...Fixture, square: (x: number) => -x * x })
      const pool = yield* WorkerPool.make({ threads: 1 })
      expect(pool.size).toBe(0)
      const tasks = yield* pool.load(Given)
      expect(yield* pool.map(tasks.square, [1, 2, 3])).toEqual([-1, -4, -9])
      expect(yield* tasks.affine(2, 3)).toBe(7)
    }).pipe(Effect.scoped)
  )

  it.live("workers still import the URL, and a module already loaded is kept", () =>
    Effect.gen(function* () {
      const pool = yield* WorkerPool.make({ threads: 2, minParallelBatchSize: 1 })
      const tasks = yield* pool.load(Given)
      const run = yield* Effect.either(pool.map(tasks.square, [1, 2, 3, 4], { chunkSize: 1 }))
      expect(run._tag).toBe("Left")
      // Given again: the first copy stays.
      WorkerPool.useOnMain(Given, { ...Fixture, square: (x: number) => x })
      const inline = yield* WorkerPool.make({ threads: 1 })
      expect(yield* inline.map((yield* inline.load(Given)).square, [5])).toEqual([-25])
    }).pipe(Effect.scoped)
  )
})
