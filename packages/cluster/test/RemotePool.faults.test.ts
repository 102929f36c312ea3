// Faults: a node killed mid-run, Redis stopped mid-run, no node at all.
import { RemotePool } from "@weft/cluster"
import { TaskModule, WorkerPool } from "@weft/pool"
import { Queue } from "bullmq"
import type { TaskError } from "@weft/core"
import { Effect, Either, Exit } from "effect"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import { startNode } from "./support/nodes.mjs"

type NodeProcess = Awaited<ReturnType<typeof startNode>>
import { Testing } from "@weft/cluster"

const { startRedis } = Testing
type RedisServer = Testing.RedisServer

const Tasks = TaskModule.make<typeof import("./support/tasks.mjs")>(new URL("./support/tasks.mjs", import.meta.url))

let cleanup: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const f of cleanup.reverse()) await f()
  cleanup = []
})

const redisAndNodes = async (count: number): Promise<{ server: RedisServer; nodes: Array<NodeProcess> }> => {
  const server = await startRedis()
  cleanup.push(() => server.stop())
  const nodes = await Promise.all(Array.from({ length: count }, () => startNode(server.url)))
  for (const n of nodes) cleanup.push(() => n.kill())
  return { server, nodes }
}

const slowMap = (items: number, ms: number, log: string) =>
  Effect.gen(function* () {
    const pool = yield* WorkerPool.WorkerPool
    const tasks = yield* pool.load(Tasks)
    return yield* pool.map(tasks.slow, Array.from({ length: items }, (_, i) => i), { args: [ms, log], chunkSize: 1 })
  })

describe("faults", () => {
  it("a node killed with SIGKILL mid-run and another joining: the dead node's job goes on elsewhere; every result arrives, none counted twice", async () => {
    const { server, nodes } = await redisAndNodes(2)
    const dir = mkdtempSync(join(tmpdir(), "weft-kill-"))
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }))
    const log = join(dir, "calls.log")
    const started = Date.now()
    const run = Effect.runPromise(slowMap(24, 300, log).pipe(Effect.provide(RemotePool.layer({ redis: server.url }))))
    await new Promise((r) => setTimeout(r, 1000))
    await nodes[0].kill("SIGKILL")
    // A node joins while the search runs, and takes its share.
    const joined = await startNode(server.url)
    cleanup.push(() => joined.kill())
    const out = await run
    expect(out).toEqual(Array.from({ length: 24 }, (_, i) => i * 3))
    const calls = readFileSync(log, "utf8").trim().split("\n").map((l) => l.split(" "))
    // Every item finished at least once; those that ran twice ran on two different nodes (the dead one's job was re-run).
    expect(new Set(calls.map(([x]) => x)).size).toBe(24)
    const pids = new Set(calls.map(([, pid]) => pid))
    expect(pids.has(String(nodes[0].process.pid))).toBe(true)
    expect(pids.has(String(nodes[1].process.pid))).toBe(true)
    expect(pids.has(String(joined.process.pid))).toBe(true)
    // Recovery took about one lock duration (2 s in these nodes), not a hang.
    expect(Date.now() - started).toBeLessThan(30_000)
  })

  it("a job that kills every node that runs it fails once its stalls run out, with BullMQ's reason; the caller does not wait for ever", async () => {
    const server = await startRedis()
    cleanup.push(() => server.stop())
    // No second chance: the first stall fails the job (the surviving node's check decides).
    const env = { WEFT_TEST_MAX_STALLED: "0" }
    const nodes = await Promise.all([startNode(server.url, { env }), startNode(server.url, { env })])
    for (const n of nodes) cleanup.push(() => n.kill())
    const started = Date.now()
    const outcomes = await Effect.runPromise(
      Effect.gen(function* () {
        const pool = yield* WorkerPool.WorkerPool
        const tasks = yield* pool.load(Tasks)
        return yield* pool.mapSettled(tasks.killMyNode, [0], { chunkSize: 1 })
      }).pipe(Effect.provide(RemotePool.layer({ redis: server.url })))
    )
    expect(Either.isLeft(outcomes[0])).toBe(true)
    expect((outcomes[0] as Either.Left<TaskError, number>).left.message).toMatch(/stalled/i)
    expect(nodes.filter((n) => n.process.signalCode === "SIGKILL").length).toBe(1)
    expect(Date.now() - started).toBeLessThan(30_000)
  })

  it("Redis stopped mid-run: the run fails with ExecutorUnavailable within a few seconds", async () => {
    const { server } = await redisAndNodes(1)
    const dir = mkdtempSync(join(tmpdir(), "weft-down-"))
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }))
    const run = Effect.runPromiseExit(
      slowMap(40, 300, join(dir, "calls.log")).pipe(Effect.provide(RemotePool.layer({ redis: server.url, unavailableAfterMs: 2000 })))
    )
    await new Promise((r) => setTimeout(r, 800))
    const stoppedAt = Date.now()
    await server.stop()
    const exit = await run
    expect(Date.now() - stoppedAt).toBeLessThan(8000)
    expect(Exit.isFailure(exit)).toBe(true)
    expect(String(exit)).toContain("ExecutorUnavailable")
    expect(String(exit)).toMatch(/Redis stopped answering/)
    // Redis back on the same port (empty): the node reconnects and serves again.
    const again = await startRedis({ port: server.port })
    cleanup.push(() => again.stop())
    const out = await Effect.runPromise(
      Effect.gen(function* () {
        const pool = yield* WorkerPool.WorkerPool
        const tasks = yield* pool.load(Tasks)
        return yield* pool.map(tasks.square, [1, 2, 3])
      }).pipe(Effect.provide(RemotePool.layer({ redis: again.url, nodeWaitMs: 10_000 })))
    )
    expect(out).toEqual([1, 4, 9])
  })

  it("work with no node to run it fails with a message that says how to start one", async () => {
    const server = await startRedis()
    cleanup.push(() => server.stop())
    const exit = await Effect.runPromiseExit(
      slowMap(2, 10, join(tmpdir(), "never.log")).pipe(Effect.provide(RemotePool.layer({ redis: server.url, nodeWaitMs: 1500, runId: "lonely" })))
    )
    expect(String(exit)).toContain("ExecutorUnavailable")
    expect(String(exit)).toContain("weft worker --redis")
    // Its jobs were withdrawn: a node that joins later finds nothing of that run.
    const queue = new Queue("tasks", { connection: { host: "127.0.0.1", port: server.port }, prefix: "weft" })
    try {
      const left = await queue.getJobs(["waiting", "active", "delayed", "prioritized"])
      expect(left.filter((j) => j.id!.startsWith("lonely-"))).toEqual([])
    } finally {
      await queue.close()
    }
  })
})
