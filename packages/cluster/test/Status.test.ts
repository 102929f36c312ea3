// Issue 10, point 10: `cluster status` showed a killed node's jobs "in flight" for ever.
import { Status, Testing } from "@weft/cluster"
import { Effect } from "effect"
import { Redis } from "ioredis"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

let server: Testing.RedisServer

beforeAll(async () => {
  server = await Testing.startRedis()
}, 60_000)

afterAll(async () => {
  await server?.stop()
})

describe("cluster status", () => {
  it("counts in flight only the jobs of live nodes; a gone node's last jobs are shown as stalled", async () => {
    const r = new Redis(server.url)
    try {
      const now = Date.now()
      const node = (id: string, lastSeen: number, inFlight: number) =>
        JSON.stringify({ id, host: "h", pid: 1, cores: 2, threads: 2, concurrency: 2, modules: [], inFlight, done: 5, failed: 0, startedAt: now - 60_000, lastSeen })
      await r.hset("weft:tasks:weft-nodes", "live", node("live", now, 2))
      await r.hset("weft:tasks:weft-nodes", "killed", node("killed", now - 60_000, 3))
      const s = await Effect.runPromise(Status.status({ redis: server.url }))
      const byId = Object.fromEntries(s.nodes.map((n) => [n.id, n]))
      expect(byId.live).toMatchObject({ alive: true, inFlight: 2, stalled: 0 })
      expect(byId.killed).toMatchObject({ alive: false, inFlight: 0, stalled: 3 })
    } finally {
      r.disconnect()
    }
  })
})
