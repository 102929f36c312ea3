import { describe, expect, it } from "@effect/vitest"
import { SharedMatrix } from "@weft/core"
import { WorkerPool } from "@weft/pool"
import { Effect, Either, Exit, Fiber } from "effect"
import fc from "fast-check"
import { readdirSync, readFileSync } from "node:fs"
import * as Fixture from "./fixtures/tasks.js"
import { Tasks, osThreads, range } from "./helpers.js"

// Every behaviour is checked on both transports.
const transports = ["worker_threads", "threads"] as const

describe.each(transports)("transport %s", (transport) => {
const withPool = <A, E>(
  options: WorkerPool.PoolOptions,
  f: (pool: WorkerPool.WorkerPool) => Effect.Effect<A, E>
): Effect.Effect<A, E | import("@weft/core").InvalidOption> =>
  Effect.scoped(Effect.flatMap(WorkerPool.make({ transport, ...options }), f))

describe("WorkerPool: scheduling", () => {
  it.live("parallel map equals sequential map on random inputs", () =>
    withPool({ threads: 2 }, (pool) =>
      Effect.gen(function* () {
        const tasks = yield* pool.load(Tasks)
        const samples = fc.sample(
          fc.record({
            xs: fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { maxLength: 300 }),
            k: fc.double({ noNaN: true, min: -10, max: 10 }),
            chunk: fc.integer({ min: 1, max: 50 })
          }),
          { numRuns: 40, seed: 7 }
        )
        for (const { xs, k, chunk } of samples) {
          const parallel = yield* pool.map(tasks.affine, xs, { args: [k], chunkSize: chunk, minParallelBatchSize: 1 })
          expect(parallel).toEqual(xs.map((x) => Fixture.affine(x, k)))
        }
      })
    )
  )

  it.live("results keep input order when items take different times", () =>
    withPool({ threads: 2 }, (pool) =>
      Effect.gen(function* () {
        const tasks = yield* pool.load(Tasks)
        const items = range(24)
        // Later items are faster, so they finish first; the result must not care.
        const out = yield* pool.map(tasks.busy, items, { args: [0], chunkSize: 1 })
        expect(out).toEqual(items)
        const slowFirst = yield* Effect.forEach(items, (i) => tasks.busy(i, (24 - i) / 4), { concurrency: 2 })
        expect(slowFirst).toEqual(items)
      })
    )
  )

  it.live("an idle worker takes the next chunk while a slow chunk runs (dynamic balancing)", () =>
    withPool({ threads: 2 }, (pool) =>
      Effect.gen(function* () {
        const tasks = yield* pool.load(Tasks)
        yield* pool.resetStats
        // Item 0 takes 400 ms, the 40 others 1 ms: with static halves one worker would do 20 of them.
        const durations = range(41).map((i) => (i === 0 ? 400 : 1))
        const out = yield* pool.map(tasks.busyFor, durations, { chunkSize: 1 }).pipe(Effect.map((r) => r.length))
        expect(out).toBe(41)
        const calls = (yield* pool.stats).workers.map((w) => w.calls).sort((a, b) => a - b)
        expect(calls[0]).toBeLessThanOrEqual(3)
        expect(calls[1]).toBeGreaterThanOrEqual(38)
      })
    )
  )

  it.live("a shared matrix reaches workers without a copy", () =>
    withPool({ threads: 2 }, (pool) =>
      Effect.gen(function* () {
        const tasks = yield* pool.load(Tasks)
        const X = SharedMatrix.fromRows(range(50).map((i) => [i, 2 * i, 3 * i]))
        const ranges = range(10).map((c) => [c * 5, c * 5 + 5] as [number, number])
        const sums = yield* pool.map(tasks.rowSums, ranges, { args: [X], minParallelBatchSize: 1 })
        expect(Array.from(sums.flatMap((s) => Array.from(s)))).toEqual(range(50).map((i) => 6 * i))
        // The worker fills a view of X: if X had been copied, the main thread would not see the writes.
        yield* tasks.fill(X.rowRange(10, 20), 7)
        expect(X.row(9)[0]).toBe(9)
        expect(Array.from(X.row(10))).toEqual([7, 7, 7])
        expect(Array.from(X.row(19))).toEqual([7, 7, 7])
        expect(X.row(20)[0]).toBe(20)
      })
    )
  )

  it.live("large results come back whole (transferred, not lost)", () =>
    withPool({ threads: 2 }, (pool) =>
      Effect.gen(function* () {
        const tasks = yield* pool.load(Tasks)
        const out = yield* tasks.makeBuffer(100_000)
        expect(out).toBeInstanceOf(Float64Array)
        expect(out.length).toBe(100_000)
        expect(out[99_999]).toBe(2)
      })
    )
  )

  it.live("small inputs and one-thread pools run on the calling thread, with the same results", () =>
    Effect.gen(function* () {
      const before = WorkerPool.liveWorkers()
      const single = yield* withPool({ threads: 1 }, (pool) =>
        Effect.gen(function* () {
          expect(pool.size).toBe(0)
          expect(WorkerPool.liveWorkers()).toBe(before)
          const tasks = yield* pool.load(Tasks)
          const where = yield* tasks.whereAmI()
          expect(where).toBe(0) // the main thread's threadId
          return yield* pool.map(tasks.affine, range(100), { args: [2] })
        })
      )
      const small = yield* withPool({ threads: 2, minParallelBatchSize: 10 }, (pool) =>
        Effect.gen(function* () {
          const tasks = yield* pool.load(Tasks)
          const out = yield* pool.map(tasks.affine, range(9), { args: [2] })
          const stats = yield* pool.stats
          expect(stats.inline).toBe(9)
          expect(stats.workers.every((w) => w.calls === 0)).toBe(true)
          return out
        })
      )
      expect(single).toEqual(range(100).map((x) => 2 * x + 1))
      expect(small).toEqual(range(9).map((x) => 2 * x + 1))
    })
  )

  it.live("offMainThread: one thread and small inputs still run on a worker, never on the calling thread", () =>
    withPool({ threads: 1, offMainThread: true, minParallelBatchSize: 10 }, (pool) =>
      Effect.gen(function* () {
        expect(pool.size).toBe(1)
        const tasks = yield* pool.load(Tasks)
        expect(yield* tasks.whereAmI()).not.toBe(0)
        expect(yield* pool.map(tasks.affine, range(5), { args: [2] })).toEqual(range(5).map((x) => 2 * x + 1))
        const stats = yield* pool.stats
        expect(stats.inline).toBe(0)
        expect(stats.workers[0].calls).toBeGreaterThanOrEqual(2)
      })
    )
  )

  it.live("the typed handles reject wrong arguments at compile time", () =>
    withPool({ threads: 1 }, (pool) =>
      Effect.gen(function* () {
        const tasks = yield* pool.load(Tasks)
        // @ts-expect-error square takes a number
        const wrong = () => tasks.square("three")
        expect(typeof wrong).toBe("function")
        const n: number = yield* tasks.square(3)
        expect(n).toBe(9)
      })
    )
  )
})

describe("WorkerPool: failures stay inside their item", () => {
  it.live("a task that throws fails its own item with the worker's message and stack; the pool goes on", () =>
    withPool({ threads: 2 }, (pool) =>
      Effect.gen(function* () {
        const tasks = yield* pool.load(Tasks)
        const error = yield* Effect.flip(pool.map(tasks.failOn, range(20), { args: [13], chunkSize: 4 }))
        expect(error._tag).toBe("TaskFailed")
        if (error._tag !== "TaskFailed") return
        expect(error.message).toBe("item 13 is bad")
        expect(error.item).toBe(13)
        expect(error.stack).toContain("failOn")
        const settled = yield* pool.mapSettled(tasks.failOn, range(20), { args: [13], chunkSize: 4 })
        expect(settled.filter(Either.isLeft).length).toBe(1)
        expect(settled.filter(Either.isRight).map((r) => (r as Either.Right<never, number>).right)).toEqual(range(20).filter((i) => i !== 13))
        const stats = yield* pool.stats
        expect(stats.workers.every((w) => w.replacements === 0)).toBe(true)
        expect(yield* pool.map(tasks.square, range(12))).toEqual(range(12).map((x) => x * x))
      })
    )
  )

  it.live("a worker that calls process.exit fails only its item; it is replaced (threads.js #386)", () =>
    withPool({ threads: 2 }, (pool) =>
      Effect.gen(function* () {
        const tasks = yield* pool.load(Tasks)
        const settled = yield* pool.mapSettled(tasks.exitOn, range(30), { args: [17], chunkSize: 5 })
        const failures = settled.flatMap((o, i) => (Either.isLeft(o) ? [[i, o.left] as const] : []))
        expect(failures.map(([i]) => i)).toEqual([17])
        const crash = failures[0][1]
        expect(crash._tag).toBe("WorkerCrashed")
        if (crash._tag === "WorkerCrashed") expect(crash.exitCode).toBe(7)
        const failFast = yield* Effect.flip(tasks.exitOn(3, 3))
        expect(failFast._tag).toBe("WorkerCrashed")
        const stats = yield* pool.stats
        expect(stats.workers.reduce((a, w) => a + w.replacements, 0)).toBeGreaterThanOrEqual(1)
        expect(yield* pool.map(tasks.square, range(12))).toEqual(range(12).map((x) => x * x))
      })
    )
  )

  it.live("an error thrown asynchronously in a worker fails the call instead of hanging it", () =>
    withPool({ threads: 2 }, (pool) =>
      Effect.gen(function* () {
        const tasks = yield* pool.load(Tasks)
        const error = yield* Effect.flip(tasks.lateThrow())
        expect(error._tag).toBe("WorkerCrashed")
        expect(error.message).toContain("late boom")
        expect(yield* pool.map(tasks.square, range(12))).toEqual(range(12).map((x) => x * x))
      })
    )
  )

  it.live("a task that never returns times out, its worker is replaced, and the pool goes on", () =>
    withPool({ threads: 2, taskTimeoutMs: 200 }, (pool) =>
      Effect.gen(function* () {
        const tasks = yield* pool.load(Tasks)
        const error = yield* Effect.flip(tasks.spin())
        expect(error._tag).toBe("TaskTimeout")
        if (error._tag === "TaskTimeout") expect(error.timeoutMs).toBe(200)
        expect(yield* pool.map(tasks.square, range(12))).toEqual(range(12).map((x) => x * x))
        // Both workers busy at once: the timed-out one must have been replaced to take part.
        expect(yield* Effect.all([tasks.busy(1, 50), tasks.busy(2, 50)], { concurrency: 2 })).toEqual([1, 2])
        const stats = yield* pool.stats
        expect(stats.workers.reduce((a, w) => a + w.replacements, 0)).toBe(1)
      })
    )
  )

  it.live("a worker that runs out of memory crashes alone and is replaced", () =>
    withPool({ threads: 2, maxHeapMb: 32 }, (pool) =>
      Effect.gen(function* () {
        const tasks = yield* pool.load(Tasks)
        const error = yield* Effect.flip(tasks.hog())
        expect(error._tag).toBe("WorkerCrashed")
        expect(error.message.toLowerCase()).toContain("memory")
        expect(yield* pool.map(tasks.square, range(12))).toEqual(range(12).map((x) => x * x))
      })
    )
  )

  it.live("a module that throws at load time is a typed failure, not a dead pool", () =>
    withPool({ threads: 2 }, (pool) =>
      Effect.gen(function* () {
        const Broken = (yield* Effect.promise(() => import("./helpers.js"))).Tasks
        const bad = { ...Broken, url: new URL("./fixtures/broken.js", import.meta.url).href }
        const error = yield* Effect.flip(pool.load(bad))
        expect(error._tag).toBe("TaskFailed")
        expect(error.message).toContain("broken at load")
        const tasks = yield* pool.load(Tasks)
        // Loaded fine on the main thread but throws when a worker imports it: the call fails, the worker lives.
        const workerOnly = yield* pool.load({ ...Broken, url: new URL("./fixtures/brokenInWorker.js", import.meta.url).href })
        const e2 = yield* Effect.flip((workerOnly as any).ok(1) as Effect.Effect<unknown, import("@weft/core").TaskError>)
        expect(e2._tag).toBe("TaskFailed")
        expect(e2.message).toContain("only in workers")
        expect(yield* tasks.square(5)).toBe(25)
        expect((yield* pool.stats).workers.every((w) => w.replacements === 0)).toBe(true)
      })
    )
  )
})

describe("WorkerPool: cancellation and lifetime", () => {
  it.live("interrupting a long map stops its workers at once and leaves the pool usable", () =>
    withPool({ threads: 2 }, (pool) =>
      Effect.gen(function* () {
        const tasks = yield* pool.load(Tasks)
        const fiber = yield* Effect.fork(pool.map(tasks.spin, range(40), { chunkSize: 1 }))
        yield* Effect.sleep("150 millis")
        const started = performance.now()
        const exit = yield* Fiber.interrupt(fiber)
        const took = performance.now() - started
        expect(Exit.isInterrupted(exit)).toBe(true)
        // The grace period is 50 ms; terminating a spinning thread is quick. Lenient bound for noisy machines.
        expect(took).toBeLessThan(1000)
        const stats = yield* pool.stats
        expect(stats.workers.reduce((a, w) => a + w.replacements, 0)).toBe(0) // replaced lazily, on next use
        expect(yield* pool.map(tasks.square, range(12))).toEqual(range(12).map((x) => x * x))
        expect((yield* pool.stats).workers.reduce((a, w) => a + w.replacements, 0)).toBe(2)
      })
    )
  )

  it.live("a task that checks isCancelled() stops cooperatively and keeps its worker", () =>
    withPool({ threads: 2 }, (pool) =>
      Effect.gen(function* () {
        const tasks = yield* pool.load(Tasks)
        const threadsBefore = (yield* pool.stats).workers.map((w) => w.threadId)
        const fiber = yield* Effect.fork(Effect.all([tasks.spinCooperatively(), tasks.spinCooperatively()], { concurrency: 2 }))
        yield* Effect.sleep("100 millis")
        yield* Fiber.interrupt(fiber)
        expect(yield* tasks.square(4)).toBe(16)
        const stats = yield* pool.stats
        expect(stats.workers.map((w) => w.threadId)).toEqual(threadsBefore)
        expect(stats.workers.every((w) => w.replacements === 0)).toBe(true)
      })
    )
  )

  it.live("queued work never starts after an interrupt", () =>
    withPool({ threads: 2 }, (pool) =>
      Effect.gen(function* () {
        const tasks = yield* pool.load(Tasks)
        yield* pool.resetStats
        const fiber = yield* Effect.fork(pool.map(tasks.busy, range(200), { args: [20], chunkSize: 1 }))
        yield* Effect.sleep("100 millis")
        yield* Fiber.interrupt(fiber)
        const done = (yield* pool.stats).completed
        yield* Effect.sleep("200 millis")
        expect((yield* pool.stats).completed).toBe(done)
        expect(done).toBeLessThan(100)
      })
    )
  )

  it.live("fail-fast: the first failure interrupts the rest of the map", () =>
    withPool({ threads: 2 }, (pool) =>
      Effect.gen(function* () {
        const tasks = yield* pool.load(Tasks)
        yield* pool.resetStats
        const error = yield* Effect.flip(pool.map(tasks.failOn, range(200), { args: [0], chunkSize: 1 }))
        expect(error._tag).toBe("TaskFailed")
        expect((yield* pool.stats).completed).toBeLessThan(199)
      })
    )
  )

  it.live("closing the scope terminates every worker thread (counted by the OS)", () =>
    Effect.gen(function* () {
      const baseline = osThreads()
      yield* withPool({ threads: 3 }, (pool) =>
        Effect.gen(function* () {
          expect(WorkerPool.liveWorkers()).toBe(3)
          expect(osThreads()).toBeGreaterThanOrEqual(baseline + 3)
          const tasks = yield* pool.load(Tasks)
          yield* pool.map(tasks.square, range(30))
        })
      )
      // Failure and interruption close the scope too.
      yield* Effect.exit(withPool({ threads: 2 }, (pool) => Effect.flatMap(pool.load(Tasks), (t) => t.failOn(3, 3))))
      const fiber = yield* Effect.fork(withPool({ threads: 2 }, (pool) => Effect.flatMap(pool.load(Tasks), (t) => t.spin())))
      yield* Effect.sleep("300 millis")
      yield* Fiber.interrupt(fiber)
      expect(WorkerPool.liveWorkers()).toBe(0)
      for (let i = 0; i < 50 && osThreads() > baseline; i++) yield* Effect.sleep("20 millis")
      expect(osThreads()).toBe(baseline)
    })
  )

  it.live("the pool leaves SIGINT and SIGTERM to the program (threads.js would exit(0) on them)", () =>
    Effect.gen(function* () {
      const before = [process.listenerCount("SIGINT"), process.listenerCount("SIGTERM")]
      yield* withPool({ threads: 2 }, () =>
        Effect.sync(() => {
          expect([process.listenerCount("SIGINT"), process.listenerCount("SIGTERM")]).toEqual(before)
        })
      )
    })
  )

  it.live("stats count items, failures, queue depth and busy time", () =>
    withPool({ threads: 2 }, (pool) =>
      Effect.gen(function* () {
        const tasks = yield* pool.load(Tasks)
        yield* pool.resetStats
        const fiber = yield* Effect.fork(Effect.forEach(range(6), (i) => tasks.busy(i, 100), { concurrency: 6 }))
        yield* Effect.sleep("50 millis")
        expect((yield* pool.stats).queueDepth).toBe(4)
        yield* Fiber.join(fiber)
        yield* pool.mapSettled(tasks.failOn, range(20), { args: [5] })
        const stats = yield* pool.stats
        expect(stats.size).toBe(2)
        expect(stats.queueDepth).toBe(0)
        expect(stats.completed).toBe(6 + 19)
        expect(stats.failed).toBe(1)
        expect(stats.workers.reduce((a, w) => a + w.busyMs, 0)).toBeGreaterThanOrEqual(550)
        expect(stats.utilisation).toBeGreaterThan(0)
        expect(stats.utilisation).toBeLessThanOrEqual(1)
      })
    )
  )
})
})

describe("WorkerPool: module documentation", () => {
  it("the examples call only SharedMatrix constructors that exist", () => {
    // The module example once built its matrix with `SharedMatrix.unsafeFromRows`, which never existed.
    const called = new Set<string>()
    for (const dir of ["../src", "../../core/src", "../../cluster/src"]) {
      const url = new URL(`${dir}/`, import.meta.url)
      for (const file of readdirSync(url).filter((f) => f.endsWith(".ts"))) {
        const comments = readFileSync(new URL(file, url), "utf8").match(/\/\*\*[\s\S]*?\*\//g) ?? []
        for (const comment of comments) for (const m of comment.matchAll(/SharedMatrix\.(\w+)\(/g)) called.add(m[1])
      }
    }
    expect(called.has("fromRows")).toBe(true)
    const missing = [...called].filter((name) => typeof (SharedMatrix as unknown as Record<string, unknown>)[name] !== "function")
    expect(missing).toEqual([])
  })
})
