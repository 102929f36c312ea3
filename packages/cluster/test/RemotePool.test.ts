// A real Redis on a free loopback port and two worker-node processes: the
// remote pool must give what the local pool gives, bit for bit.
import { SharedMatrix, type TaskError } from "@weft/core"
import { Node, RemotePool, Status } from "@weft/cluster"
import { CrossValidation, Datasets, GridSearch } from "@weft/ml-workflows"
import { TaskModule, WorkerPool } from "@weft/pool"
import { Queue } from "bullmq"
import { Effect, Either, Exit, Fiber } from "effect"
import { Redis } from "ioredis"
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startNode } from "./support/nodes.mjs"

type NodeProcess = Awaited<ReturnType<typeof startNode>>
import { Testing } from "@weft/cluster"

const { startRedis } = Testing
type RedisServer = Testing.RedisServer

const Tasks = TaskModule.make<typeof import("./support/tasks.mjs")>(new URL("./support/tasks.mjs", import.meta.url))

let server: RedisServer
let nodes: Array<NodeProcess> = []
let dir: string

beforeAll(async () => {
  server = await startRedis()
  nodes = await Promise.all([startNode(server.url), startNode(server.url)])
  dir = mkdtempSync(join(tmpdir(), "weft-cluster-"))
}, 60_000)

afterAll(async () => {
  await Promise.all(nodes.map((n) => n.kill()))
  await server?.stop()
  rmSync(dir, { recursive: true, force: true })
})

const remote = <A, E>(effect: Effect.Effect<A, E, WorkerPool.WorkerPool>, options: Partial<RemotePool.RemoteOptions> = {}) =>
  Effect.runPromise(effect.pipe(Effect.provide(RemotePool.layer({ redis: server.url, ...options }))))
const local = <A, E>(effect: Effect.Effect<A, E, WorkerPool.WorkerPool>) =>
  Effect.runPromise(effect.pipe(Effect.provide(WorkerPool.layer({ threads: 2 }))))

const runKeys = async (runId: string) => {
  const r = new Redis(server.url)
  try {
    return await r.keys(`weft:run:${runId}:*`)
  } finally {
    r.disconnect()
  }
}

describe("remote pool", () => {
  it("a grid search on the cluster equals the local one bit for bit, refitted model included", async () => {
    const d = Datasets.loadDataset("diabetes")
    const search = GridSearch.gridSearch({ alpha: [0.01, 0.1, 1, 10] }, { estimator: "ridge", X: d.X, y: d.y, cv: { kind: "kfold", k: 5, shuffle: true, seed: 3 } })
    const [r, l] = [await remote(search), await local(search)]
    expect(r.candidates.map((c) => c.foldScores)).toEqual(l.candidates.map((c) => c.foldScores))
    expect(r.candidates.map((c) => c.rank)).toEqual(l.candidates.map((c) => c.rank))
    expect(r.bestParams).toEqual(l.bestParams)
    expect(r.bestModel!.state).toEqual(l.bestModel!.state)
  })

  it("a seeded MLP cross-validation with out-of-fold predictions equals the local one", async () => {
    const d = Datasets.loadDataset("iris")
    const cv = CrossValidation.crossValidate({
      estimator: "mlp-classifier",
      params: { hiddenLayers: [8], epochs: 15, dropout: 0.1 },
      X: d.X,
      y: d.y,
      cv: { kind: "stratified", k: 3, shuffle: true, seed: 1 },
      seed: 7,
      returnPredictions: true
    })
    const [r, l] = [await remote(cv), await local(cv)]
    expect(r.folds.map((f) => f.scores)).toEqual(l.folds.map((f) => f.scores))
    expect(Array.from(r.predictions!)).toEqual(Array.from(l.predictions!))
  })

  it("sends a dataset once per run, however many jobs read it, and deletes the run's keys when it ends", async () => {
    const X = SharedMatrix.fromFlat(Float64Array.from({ length: 20_000 }, (_, i) => (i % 97) / 3), 2000, 10)
    const ranges = Array.from({ length: 40 }, (_, i) => [i * 50, (i + 1) * 50] as [number, number])
    const runId = "blobs-once"
    let seen: Array<string> = []
    const sums = await remote(
      Effect.gen(function* () {
        const pool = yield* WorkerPool.WorkerPool
        const tasks = yield* pool.load(Tasks)
        const out = yield* pool.map(tasks.rowSum, ranges, { args: [X], chunkSize: 1 })
        // What a progress bar reads: items done on every node.
        const stats = yield* pool.stats
        expect([stats.completed, stats.failed, stats.queueDepth]).toEqual([40, 0, 0])
        // No worker threads here to report on: no local diagnostics, and none invented.
        expect(pool.local).toBeUndefined()
        expect(Object.keys(stats).sort()).toEqual(["ageMs", "completed", "failed", "inline", "queueDepth", "size"])
        seen = yield* Effect.promise(() => runKeys(runId))
        return out
      }),
      { runId }
    )
    const expected = ranges.map(([s, e]) => {
      let t = 0
      for (let i = s * 10; i < e * 10; i++) t += X.data[i]
      return t
    })
    expect(sums).toEqual(expected)
    // One matrix blob and one arguments blob (each: a count key and one chunk), plus results and the done list.
    expect(seen.filter((k) => k.includes(":blob:") && !/:\d+$/.test(k)).length).toBe(2)
    expect(await runKeys(runId)).toEqual([])
  })

  it("a dataset larger than one 8 MiB chunk arrives whole (two chunks, checked by hash on the node)", async () => {
    const rows = 60_000
    const X = SharedMatrix.fromFlat(Float64Array.from({ length: rows * 20 }, (_, i) => Math.sin(i)), rows, 20) // 9.6 MB
    const ranges = Array.from({ length: 6 }, (_, i) => [i * 10_000, (i + 1) * 10_000] as [number, number])
    const expected = ranges.map(([s, e]) => {
      let t = 0
      for (let i = s * 20; i < e * 20; i++) t += X.data[i]
      return t
    })
    const sums = await remote(
      Effect.gen(function* () {
        const pool = yield* WorkerPool.WorkerPool
        const tasks = yield* pool.load(Tasks)
        return yield* pool.map(tasks.rowSum, ranges, { args: [X], chunkSize: 1 })
      })
    )
    expect(sums).toEqual(expected)
  })

  it("a task that throws fails its own item once (no retries), and the other items keep their results", async () => {
    const log = join(dir, "fail.log")
    const outcomes = await remote(
      Effect.gen(function* () {
        const pool = yield* WorkerPool.WorkerPool
        const tasks = yield* pool.load(Tasks)
        return yield* pool.mapSettled(tasks.failOn, [1, 2, 3, 4, 5, 6], { args: [4, log], chunkSize: 2 })
      }),
      { attempts: 3, backoffMs: 50 }
    )
    expect(outcomes.map((o) => (Either.isRight(o) ? o.right : -1))).toEqual([2, 3, 4, -1, 6, 7])
    const error = (outcomes[3] as Either.Left<TaskError, number>).left
    expect(error._tag).toBe("TaskFailed")
    expect(error.message).toContain("item 4 is bad")
    expect((error as { item?: number }).item).toBe(3)
    // Every item ran exactly once.
    expect(readFileSync(log, "utf8").trim().split("\n").map(Number).sort()).toEqual([1, 2, 3, 4, 5, 6])
  })

  it("a fail-fast map fails with the failing item's error", async () => {
    const exit = await Effect.runPromiseExit(
      Effect.gen(function* () {
        const pool = yield* WorkerPool.WorkerPool
        const tasks = yield* pool.load(Tasks)
        return yield* pool.map(tasks.failOn, [1, 2, 3], { args: [2, join(dir, "fast.log")], chunkSize: 1 })
      }).pipe(Effect.provide(RemotePool.layer({ redis: server.url })))
    )
    expect(Exit.isFailure(exit)).toBe(true)
    expect(String(exit)).toContain("item 2 is bad")
  })

  it("two runs side by side on one Redis stay apart", async () => {
    const a = Datasets.loadDataset("diabetes")
    const b = Datasets.syntheticRegression({ rows: 300, features: 6, noise: 0.5, seed: 4 })
    const searchA = GridSearch.gridSearch({ alpha: [0.1, 1, 10] }, { estimator: "ridge", X: a.X, y: a.y })
    const searchB = GridSearch.gridSearch({ alpha: [0.1, 1, 10] }, { estimator: "ridge", X: b.X, y: b.y })
    const [ra, rb] = await Promise.all([remote(searchA), remote(searchB)])
    const [la, lb] = [await local(searchA), await local(searchB)]
    expect(ra.candidates.map((c) => c.foldScores)).toEqual(la.candidates.map((c) => c.foldScores))
    expect(rb.candidates.map((c) => c.foldScores)).toEqual(lb.candidates.map((c) => c.foldScores))
  })

  it("interrupting the caller withdraws its queued jobs and stops its running ones; the nodes go on serving", async () => {
    const log = join(dir, "interrupt.log")
    const runId = "interrupted"
    const queue = new Queue("tasks", { connection: { host: "127.0.0.1", port: server.port }, prefix: "weft" })
    try {
      await Effect.runPromise(
        Effect.gen(function* () {
          const fiber = yield* Effect.fork(
            Effect.gen(function* () {
              const pool = yield* WorkerPool.WorkerPool
              const tasks = yield* pool.load(Tasks)
              return yield* pool.map(tasks.slow, Array.from({ length: 40 }, (_, i) => i), { args: [400, log], chunkSize: 1 })
            }).pipe(Effect.provide(RemotePool.layer({ redis: server.url, runId })))
          )
          yield* Effect.sleep("1200 millis")
          yield* Fiber.interrupt(fiber)
        })
      )
      const jobs = await queue.getJobs(["waiting", "active", "delayed", "prioritized"])
      expect(jobs.filter((j) => j.id!.startsWith(`${runId}-`))).toEqual([])
      const ranBefore = existsSync(log) ? readFileSync(log, "utf8").trim().split("\n").length : 0
      expect(ranBefore).toBeLessThan(40)
      await new Promise((r) => setTimeout(r, 1000))
      const ranAfter = existsSync(log) ? readFileSync(log, "utf8").trim().split("\n").length : 0
      expect(ranAfter).toBe(ranBefore) // nothing of the run started after the interrupt
      expect(await runKeys(runId)).toEqual(expect.not.arrayContaining([expect.stringContaining(":blob:")]))
    } finally {
      await queue.close()
    }
    // The nodes still serve.
    const squares = await remote(
      Effect.gen(function* () {
        const pool = yield* WorkerPool.WorkerPool
        const tasks = yield* pool.load(Tasks)
        return yield* pool.map(tasks.square, [1, 2, 3])
      })
    )
    expect(squares).toEqual([1, 4, 9])
  })

  it("a node runs nothing that does not match the job schema", async () => {
    const queue = new Queue("tasks", { connection: { host: "127.0.0.1", port: server.port }, prefix: "weft" })
    try {
      const job = await queue.add("evil", { v: 1, run: "x", key: "0-0", module: "fs", task: "rm -rf", kind: "map", args: null, items: "", first: 0, count: 1 })
      for (let i = 0; i < 100 && !(await job.isFailed()); i++) await new Promise((r) => setTimeout(r, 50))
      const failed = await queue.getJob(job.id!)
      expect(await failed!.isFailed()).toBe(true)
      expect(failed!.failedReason).toMatch(/job schema/)
      expect(failed!.attemptsMade).toBe(1)
    } finally {
      await queue.close()
    }
  })

  it("a task module the nodes do not serve fails with a message that says so", async () => {
    const Unserved = TaskModule.make<typeof import("./support/tasks.mjs")>(new URL("./support/unserved.mjs", import.meta.url))
    const exit = await Effect.runPromiseExit(
      Effect.gen(function* () {
        const pool = yield* WorkerPool.WorkerPool
        const tasks = yield* pool.load(Unserved)
        return yield* pool.map(tasks.square, [1, 2])
      }).pipe(Effect.provide(RemotePool.layer({ redis: server.url, attempts: 2, backoffMs: 50 })))
    )
    expect(Exit.isFailure(exit)).toBe(true)
    expect(String(exit)).toMatch(/does not serve the task module @weft\/cluster@0\.1\.0\/test\/support\/unserved\.mjs/)
  })

  it("cluster status lists the nodes, their threads and jobs done", async () => {
    const s = await Effect.runPromise(Status.status({ redis: server.url }))
    const alive = s.nodes.filter((n) => n.alive)
    expect(alive.map((n) => n.id).sort()).toEqual(nodes.map((n) => n.id).sort())
    expect(alive.every((n) => n.threads === 1 && n.cores >= 1)).toBe(true)
    expect(alive.reduce((a, n) => a + n.done, 0)).toBeGreaterThan(0)
    expect(s.queue).toBe("weft:tasks")
  })

  it("a node dropped from the status after an hour of silence (killed, never said goodbye) is forgotten when a node starts", async () => {
    const r = new Redis(server.url)
    try {
      const hourAgo = Date.now() - 3_700_000
      await r.hset("weft:tasks:weft-nodes", "ghost", JSON.stringify({ id: "ghost", lastSeen: hourAgo, startedAt: hourAgo, threads: 1 }))
      const before = await Effect.runPromise(Status.status({ redis: server.url }))
      expect(before.nodes.find((n) => n.id === "ghost")?.alive).toBe(false)
      await Effect.runPromise(Effect.scoped(Node.start({ redis: server.url, modules: [Tasks], threads: 1 })))
      expect(await r.hexists("weft:tasks:weft-nodes", "ghost")).toBe(0)
    } finally {
      r.disconnect()
    }
  })

  it("an unreachable Redis is a clear error within a few seconds, not a hang", async () => {
    const started = Date.now()
    const exit = await Effect.runPromiseExit(
      Effect.scoped(RemotePool.make({ redis: "redis://127.0.0.1:1", connectTimeoutMs: 2000 }))
    )
    expect(Date.now() - started).toBeLessThan(5000)
    expect(String(exit)).toMatch(/ExecutorUnavailable|unavailable/)
    expect(String(exit)).toContain("connection refused")
  })

  it("connects with a password; a wrong one is an authentication failure, with the password hidden", async () => {
    const guarded = await startRedis({ password: "s3cret-pw" })
    try {
      const ok = await Effect.runPromise(Status.status({ redis: guarded.url }))
      expect(ok.nodes).toEqual([])
      const wrong = guarded.url.replace("s3cret-pw", "not-the-pw")
      const exit = await Effect.runPromiseExit(Effect.scoped(RemotePool.make({ redis: wrong, connectTimeoutMs: 2000 })))
      expect(Exit.isFailure(exit)).toBe(true)
      expect(String(exit)).toMatch(/authentication failed/)
      expect(String(exit)).not.toContain("not-the-pw")
    } finally {
      await guarded.stop()
    }
  })

  it("bad options are typed errors naming the option", async () => {
    for (const [options, name] of [
      [{ redis: "http://x" }, "redis"],
      [{ redis: server.url, prefix: "a:b" }, "prefix"],
      [{ redis: server.url, attempts: 0 }, "attempts"]
    ] as const) {
      const exit = await Effect.runPromiseExit(Effect.scoped(RemotePool.make(options as RemotePool.RemoteOptions)))
      expect(String(exit)).toContain("InvalidOption")
      expect(String(exit)).toContain(name)
    }
  })
})
