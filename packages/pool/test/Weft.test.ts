import { InvalidOption, TaskFailed, WorkerCrashed } from "@weft/core"
import { Weft, WorkerPool } from "@weft/pool"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { Tasks, range } from "./helpers.js"

describe("Promise facade", () => {
  it("runs, maps and closes without Effect, and rejects with the typed error itself", async () => {
    const pool = await Weft.createPool({ threads: 2 })
    try {
      expect(pool.size).toBe(2)
      expect(WorkerPool.liveWorkers()).toBe(2)
      const tasks = await pool.load(Tasks)
      expect(await pool.run(tasks.square, 9)).toBe(81)
      expect(await pool.map(tasks.affine, range(50), { args: [2] })).toEqual(range(50).map((x) => 2 * x + 1))
      const error = await pool.map(tasks.failOn, range(20), { args: [4] }).catch((e: unknown) => e)
      // The error itself, of its class: not Effect's FiberFailure, not a plain object with a tag.
      expect(error).toBeInstanceOf(TaskFailed)
      expect(error).toMatchObject({ _tag: "TaskFailed", item: 4, message: "item 4 is bad" })
      expect((await pool.stats()).failed).toBe(1)
      // A worker that dies rejects with WorkerCrashed (and is replaced).
      const crash = await pool.run(tasks.exitOn, 3).catch((e: unknown) => e)
      expect(crash).toBeInstanceOf(WorkerCrashed)
      expect(crash).toMatchObject({ _tag: "WorkerCrashed", exitCode: 7 })
      expect(await pool.run(tasks.square, 3)).toBe(9)
    } finally {
      await pool.close()
    }
    expect(WorkerPool.liveWorkers()).toBe(0)
  })

  it("an AbortSignal interrupts a map with an AbortError (not Effect's InterruptedException), and the pool goes on", async () => {
    const pool = await Weft.createPool({ threads: 2 })
    try {
      const tasks = await pool.load(Tasks)
      const controller = new AbortController()
      const running = pool.map(tasks.spin, range(10), { chunkSize: 1, signal: controller.signal })
      setTimeout(() => controller.abort(), 100)
      const error = await running.catch((e: unknown) => e)
      expect(error).toBeInstanceOf(DOMException)
      expect(error).toMatchObject({ name: "AbortError" })
      expect(error).toBe(controller.signal.reason)
      expect(await pool.map(tasks.square, range(12))).toEqual(range(12).map((x) => x * x))
      expect(WorkerPool.liveWorkers()).toBe(2)

      // abort(reason) rejects with that reason; an already aborted signal rejects before any task runs.
      const withReason = new AbortController()
      const reason = new Error("user cancelled")
      const cancelled = pool.map(tasks.spin, range(10), { chunkSize: 1, signal: withReason.signal })
      setTimeout(() => withReason.abort(reason), 50)
      expect(await cancelled.catch((e: unknown) => e)).toBe(reason)
      const before = (await pool.stats()).completed
      expect(await pool.map(tasks.square, range(4), { signal: AbortSignal.abort() }).catch((e: unknown) => e)).toMatchObject({ name: "AbortError" })
      expect((await pool.stats()).completed).toBe(before)
    } finally {
      await pool.close()
    }
  })

  it("runEffect runs an Effect on a pool of its own, closed when it settles, aborted with an AbortError", async () => {
    const program = Effect.flatMap(WorkerPool.WorkerPool, (pool) =>
      Effect.flatMap(pool.load(Tasks), (tasks) => pool.map(tasks.square, range(10), { minParallelBatchSize: 1 }))
    )
    expect(await Weft.runEffect(program, { threads: 2 })).toEqual(range(10).map((x) => x * x))
    expect(WorkerPool.liveWorkers()).toBe(0)
    const controller = new AbortController()
    const spinning = Effect.flatMap(WorkerPool.WorkerPool, (pool) =>
      Effect.flatMap(pool.load(Tasks), (tasks) => pool.map(tasks.spin, range(10), { chunkSize: 1 }))
    )
    const running = Weft.runEffect(spinning, { threads: 2, signal: controller.signal })
    setTimeout(() => controller.abort(), 100)
    expect(await running.catch((e: unknown) => e)).toMatchObject({ name: "AbortError" })
    expect(WorkerPool.liveWorkers()).toBe(0)
    const failed = await Weft.runEffect(Effect.flatMap(WorkerPool.WorkerPool, (pool) =>
      Effect.flatMap(pool.load(Tasks), (tasks) => pool.map(tasks.failOn, range(20), { args: [4] }))
    ), { threads: 2 }).catch((e: unknown) => e)
    expect(failed).toBeInstanceOf(TaskFailed)
    expect(failed).toMatchObject({ _tag: "TaskFailed", item: 4 })
    expect(WorkerPool.liveWorkers()).toBe(0)
  })

  it("rejects an invalid configuration with the typed error and starts no worker", async () => {
    const error = await Weft.createPool({ threads: 0 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidOption)
    expect(error).toMatchObject({ _tag: "InvalidOption", option: "threads" })
    for (const [options, option] of [
      [{ graceMs: -1 }, "graceMs"],
      [{ maxHeapMb: 0 }, "maxHeapMb"],
      [{ transport: "carrier-pigeon" as any }, "transport"]
    ] as const) {
      const rejected = await Weft.createPool(options).catch((e: unknown) => e)
      expect(rejected).toBeInstanceOf(InvalidOption)
      expect(rejected).toMatchObject({ _tag: "InvalidOption", option })
    }
    expect(WorkerPool.liveWorkers()).toBe(0)
  })

  it("transferItems moves item buffers to the workers instead of copying them", async () => {
    const pool = await Weft.createPool({ threads: 2 })
    try {
      const tasks = await pool.load(Tasks)
      const items = range(12).map((i) => new Float64Array(1000).fill(i))
      const sums = await pool.map(tasks.sumAll, items, { transferItems: true, chunkSize: 3 })
      expect(sums).toEqual(range(12).map((i) => 1000 * i))
      expect(items.every((a) => a.length === 0)).toBe(true) // detached: moved, not cloned
      const kept = range(12).map((i) => new Float64Array(1000).fill(i))
      await pool.map(tasks.sumAll, kept, { chunkSize: 3 })
      expect(kept.every((a) => a.length === 1000)).toBe(true)
    } finally {
      await pool.close()
    }
  })
})
