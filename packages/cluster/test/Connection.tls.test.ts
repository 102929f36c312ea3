// rediss:// end to end: a TLS-only redis-server with a self-signed certificate,
// a node and a caller that trust it as their CA, and one that does not.
import { Node, RemotePool, Status, Testing } from "@weft/cluster"
import { TaskModule, WorkerPool } from "@weft/pool"
import { Effect, Exit } from "effect"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const Tasks = TaskModule.make<typeof import("./support/tasks.mjs")>(new URL("./support/tasks.mjs", import.meta.url))
const certFile = fileURLToPath(new URL("./fixtures/tls/cert.pem", import.meta.url))
const keyFile = fileURLToPath(new URL("./fixtures/tls/key.pem", import.meta.url))

describe("TLS", () => {
  it("runs jobs over rediss:// with a private CA, and refuses a server it cannot verify", async () => {
    const server = await Testing.startRedis({ tls: { certFile, keyFile } })
    try {
      expect(server.url.startsWith("rediss://")).toBe(true)
      const tls = { ca: readFileSync(certFile) }
      const out = await Effect.runPromise(
        Effect.scoped(
          Effect.gen(function* () {
            yield* Node.start({ redis: server.url, tls, modules: [Tasks], threads: 1 })
            const pool = yield* RemotePool.make({ redis: server.url, tls })
            const tasks = yield* pool.load(Tasks)
            return yield* pool.map(tasks.square, [1, 2, 3, 4], { chunkSize: 1 })
          })
        )
      )
      expect(out).toEqual([1, 4, 9, 16])
      const untrusted = await Effect.runPromiseExit(Status.status({ redis: server.url, connectTimeoutMs: 2000 }))
      expect(Exit.isFailure(untrusted)).toBe(true)
      expect(String(untrusted)).toMatch(/ExecutorUnavailable/)
      expect(String(untrusted)).toMatch(/self[- ]signed certificate/i)
      for (let i = 0; i < 100 && WorkerPool.liveWorkers() > 0; i++) await new Promise((r) => setTimeout(r, 10))
      expect(WorkerPool.liveWorkers()).toBe(0)
    } finally {
      await server.stop()
    }
  })
})
