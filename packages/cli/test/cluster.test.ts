// `weft worker`, `weft cluster status` and `--redis` on cv and grid, with a
// real redis-server and two `weft worker` processes on this machine.
import { Testing } from "@weft/cluster"
import { Queue } from "bullmq"
import type { ChildProcess } from "node:child_process"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { finish, start, weft, weftJson } from "./helpers.js"

let server: Testing.RedisServer
const workers: Array<{ child: ChildProcess; done: ReturnType<typeof finish> }> = []

/** Starts `weft worker` and resolves once it says it is ready. */
const startWorker = (url: string, threads: number, extra: ReadonlyArray<string> = []) =>
  new Promise<{ child: ChildProcess; done: ReturnType<typeof finish> }>((resolve, reject) => {
    const child = start(["worker", "--redis", url, "--threads", String(threads), ...extra])
    const done = finish(child)
    let err = ""
    child.stderr!.on("data", (d: Buffer) => {
      err += d.toString()
      if (err.includes("ready (node")) resolve({ child, done })
    })
    void done.then((run) => reject(new Error(`weft worker exited with ${run.code}: ${run.stderr}`)))
  })

beforeAll(async () => {
  server = await Testing.startRedis()
  workers.push(await startWorker(server.url, 1), await startWorker(server.url, 1))
}, 60_000)

afterAll(async () => {
  for (const w of workers) {
    if (w.child.exitCode === null) w.child.kill("SIGINT")
    await w.done
  }
  await server?.stop()
})

describe("weft on a cluster", () => {
  it("weft cv --redis gives the local scores, bit for bit", async () => {
    const args = ["cv", "--data", "diabetes", "--model", "ridge", "--param", "alpha=1", "--folds", "5", "--shuffle", "--seed", "3"]
    const [remote, local] = await Promise.all([weftJson([...args, "--redis", server.url]), weftJson([...args, "--threads", "2"])])
    expect(remote.folds.map((f: any) => f.scores)).toEqual(local.folds.map((f: any) => f.scores))
    expect(remote.mean).toEqual(local.mean)
    // The local run is too small to start workers for: it runs on the calling thread.
    expect([remote.executor, local.executor]).toEqual(["cluster", "inline"])
  })

  it("weft grid --redis ranks the candidates as the local search does and picks the same best", async () => {
    const args = ["grid", "--data", "iris", "--model", "logistic", "--grid", "C=0.1,1,10", "--stratified"]
    const remote = await weftJson([...args, "--redis", server.url])
    const local = await weftJson([...args, "--threads", "2"])
    expect(remote.candidates.map((c: any) => [c.params, c.mean, c.rank])).toEqual(local.candidates.map((c: any) => [c.params, c.mean, c.rank]))
    expect([remote.bestIndex, remote.bestParams, remote.bestScore]).toEqual([local.bestIndex, local.bestParams, local.bestScore])
  })

  it("weft cluster status lists both workers", async () => {
    const status = await weftJson(["cluster", "status", "--redis", server.url])
    expect(status.nodes.filter((n: any) => n.alive).length).toBe(2)
    expect(status.nodes.every((n: any) => n.threads === 1)).toBe(true)
    const text = await weft(["cluster", "status", "--redis", server.url])
    expect(text.stdout).toContain("2 nodes up, 2 threads")
  })

  it("Ctrl-C during weft grid --redis exits 130 and leaves none of its jobs queued; the workers go on", async () => {
    // 40 fits of many seconds in all on the two 1-thread workers; Ctrl-C once the search is on the cluster and
    // its first jobs are out (a fixed 3 s from the start let a fast machine finish the search before it).
    const child = start([
      "grid", "--data", "synthetic:rows=3000,features=20,seed=1", "--model", "mlp", "--param", "epochs=120",
      "--grid", "hiddenLayers=[16],[24],[32],[40],[48],[56],[64],[72]", "--redis", server.url, "--verbose"
    ])
    const done = finish(child)
    let stderr = ""
    await new Promise<void>((resolve) => {
      child.stderr!.on("data", (chunk: Buffer) => {
        stderr += chunk.toString()
        if (stderr.includes("on the cluster at")) resolve()
      })
      void done.then(() => resolve())
    })
    await new Promise((r) => setTimeout(r, 1000))
    child.kill("SIGINT")
    const run = await done
    expect(run.code).toBe(130)
    expect(run.stdout).toBe("")
    const queue = new Queue("tasks", { connection: { host: "127.0.0.1", port: server.port }, prefix: "weft" })
    try {
      expect(await queue.getJobs(["waiting", "delayed", "prioritized"])).toEqual([])
    } finally {
      await queue.close()
    }
    expect(workers.every((w) => w.child.exitCode === null)).toBe(true)
    const after = await weftJson(["cv", "--data", "iris", "--model", "logistic", "--redis", server.url])
    expect(after.mean.accuracy).toBeGreaterThan(0.9)
  })

  it("a Redis nobody listens on is exit 1 with a message naming it; --threads with --redis is a usage error", async () => {
    const down = await weft(["cv", "--data", "iris", "--model", "logistic", "--redis", "redis://127.0.0.1:1"])
    expect(down.code).toBe(1)
    expect(down.stderr).toMatch(/Redis at redis:\/\/127\.0\.0\.1:1 is unavailable: connection refused/)
    const both = await weft(["cv", "--data", "iris", "--model", "logistic", "--redis", server.url, "--threads", "2"])
    expect(both.code).toBe(2)
    expect(both.stderr).toContain("--threads")
    const bad = await weft(["worker", "--redis", "redis://:hunter2@nowhere:6379x"])
    expect(bad.code).toBe(2)
    expect(bad.stderr).not.toContain("hunter2")
  })

  it("weft worker stops on Ctrl-C with exit 130 and leaves the cluster", async () => {
    const extra = await startWorker(server.url, 1)
    extra.child.kill("SIGINT")
    const run = await extra.done
    expect(run.code).toBe(130)
    const status = await weftJson(["cluster", "status", "--redis", server.url])
    expect(status.nodes.length).toBe(2)
  })

  it("rediss:// with --redis-ca: a worker and a cv over TLS give the local scores; without the CA, a clear error", async () => {
    const certFile = fileURLToPath(new URL("../../cluster/test/fixtures/tls/cert.pem", import.meta.url))
    const keyFile = fileURLToPath(new URL("../../cluster/test/fixtures/tls/key.pem", import.meta.url))
    const tls = await Testing.startRedis({ tls: { certFile, keyFile } })
    const worker = await startWorker(tls.url, 1, ["--redis-ca", certFile])
    try {
      const args = ["cv", "--data", "diabetes", "--model", "ridge", "--folds", "3"]
      const remote = await weftJson([...args, "--redis", tls.url, "--redis-ca", certFile])
      const local = await weftJson([...args, "--threads", "1"])
      expect(remote.folds.map((f: any) => f.scores)).toEqual(local.folds.map((f: any) => f.scores))
      const untrusted = await weft(["cluster", "status", "--redis", tls.url])
      expect(untrusted.code).toBe(1)
      expect(untrusted.stderr).toMatch(/unavailable: .*self[- ]signed certificate/i)
    } finally {
      worker.child.kill("SIGINT")
      await worker.done
      await tls.stop()
    }
  })
})
