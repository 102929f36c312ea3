import { Weft, WorkerPool } from "@weft/pool"
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
      expect(error).toMatchObject({ _tag: "TaskFailed", item: 4, message: "item 4 is bad" })
      expect((await pool.stats()).failed).toBe(1)
    } finally {
      await pool.close()
    }
    expect(WorkerPool.liveWorkers()).toBe(0)
  })

  it("an AbortSignal interrupts a map, and the pool goes on", async () => {
    const pool = await Weft.createPool({ threads: 2 })
    try {
      const tasks = await pool.load(Tasks)
      const controller = new AbortController()
      const running = pool.map(tasks.spin, range(10), { chunkSize: 1, signal: controller.signal })
      setTimeout(() => controller.abort(), 100)
      await expect(running).rejects.toBeDefined()
      expect(await pool.map(tasks.square, range(12))).toEqual(range(12).map((x) => x * x))
    } finally {
      await pool.close()
    }
  })

  it("rejects an invalid configuration with the typed error and starts no worker", async () => {
    const error = await Weft.createPool({ threads: 0 }).catch((e: unknown) => e)
    expect(error).toMatchObject({ _tag: "InvalidOption", option: "threads" })
    for (const [options, option] of [
      [{ graceMs: -1 }, "graceMs"],
      [{ maxHeapMb: 0 }, "maxHeapMb"],
      [{ transport: "carrier-pigeon" as any }, "transport"]
    ] as const) {
      expect(await Weft.createPool(options).catch((e: unknown) => e)).toMatchObject({ _tag: "InvalidOption", option })
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
