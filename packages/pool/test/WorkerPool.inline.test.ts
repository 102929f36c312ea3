// With one thread, maps run on the calling thread; they must still let the
// event loop run between items, or no signal or timer could stop them.
import { WorkerPool } from "@weft/pool"
import { Effect, Exit, Fiber } from "effect"
import { describe, expect, it } from "vitest"
import { Tasks, range } from "./helpers.js"

describe("inline maps", () => {
  it("a timer set outside Effect fires during a long one-thread map, and interrupting it stops it at the next item", async () => {
    let timerFiredAt = -1
    let doneItems = 0
    const program = Effect.scoped(
      Effect.gen(function* () {
        const pool = yield* WorkerPool.make({ threads: 1 })
        const tasks = yield* pool.load(Tasks)
        const fiber = yield* Effect.fork(pool.map(tasks.busy, range(200), { args: [20] })) // 200 x 20 ms = 4 s
        const started = performance.now()
        setTimeout(() => {
          timerFiredAt = performance.now() - started
        }, 100)
        yield* Effect.async<void>((resume) => {
          setTimeout(() => resume(Effect.void), 300)
        })
        const exit = yield* Fiber.interrupt(fiber)
        doneItems = (yield* pool.stats).inline
        return exit
      })
    )
    const exit = await Effect.runPromise(program)
    expect(Exit.isInterrupted(exit)).toBe(true)
    expect(timerFiredAt).toBeGreaterThan(0)
    expect(timerFiredAt).toBeLessThan(1000)
    expect(doneItems).toBeLessThan(100)
  })
})
