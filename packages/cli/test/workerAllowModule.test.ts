// `weft worker --allow-module`: a node runs an estimator that imports a
// package (--model cart imports ml-cart) only if its operator allowed the
// package; by default none is. A real redis-server, one worker per queue.
import { Testing } from "@weft/cluster"
import type { ChildProcess } from "node:child_process"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { finish, start, weft, weftJson } from "./helpers.js"

let server: Testing.RedisServer
const workers: Array<{ child: ChildProcess; done: ReturnType<typeof finish>; stderr: () => string }> = []

/** Starts `weft worker` and resolves once it says it is ready. */
const startWorker = (url: string, extra: ReadonlyArray<string>, env: Record<string, string> = {}) =>
  new Promise<{ child: ChildProcess; done: ReturnType<typeof finish>; stderr: () => string }>((resolve, reject) => {
    const child = start(["worker", "--redis", url, "--threads", "1", ...extra], { env })
    const done = finish(child)
    let err = ""
    child.stderr!.on("data", (d: Buffer) => {
      err += d.toString()
      if (err.includes("ready (node")) resolve({ child, done, stderr: () => err })
    })
    void done.then((run) => reject(new Error(`weft worker exited with ${run.code}: ${run.stderr}`)))
  })

beforeAll(async () => {
  server = await Testing.startRedis()
  workers.push(
    await startWorker(server.url, ["--queue", "strict"]),
    await startWorker(server.url, ["--queue", "cart", "--allow-module", "ml-cart"]),
    await startWorker(server.url, ["--queue", "env"], { WEFT_ALLOW_MODULES: "ml-cart" })
  )
}, 60_000)

afterAll(async () => {
  for (const w of workers) {
    if (w.child.exitCode === null) w.child.kill("SIGINT")
    await w.done.catch(() => {})
  }
  await server?.stop()
})

const cart = ["cv", "--data", "diabetes", "--model", "cart", "--param", "maxDepth=3", "--folds", "3"]

describe("weft worker --allow-module", () => {
  it("a worker allowing ml-cart (by flag or WEFT_ALLOW_MODULES) runs cart jobs with the local scores", async () => {
    const local = await weftJson([...cart, "--threads", "1"])
    for (const queue of ["cart", "env"]) {
      const remote = await weftJson([...cart, "--redis", server.url, "--queue", queue])
      expect(remote.folds.map((f: any) => f.scores), queue).toEqual(local.folds.map((f: any) => f.scores))
    }
    expect(workers[1].stderr()).toMatch(/estimators may import ml-cart/)
  }, 120_000)

  it("a worker started without it refuses a cart job, naming the package and the flag", async () => {
    const run = await weft([...cart, "--redis", server.url, "--queue", "strict"])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/does not allow the module "ml-cart" that the job names for an estimator \(allowed: none; .*--allow-module\)/)
    expect(workers[0].stderr()).toMatch(/failed on attempt 1 of \d+: this node does not allow the module "ml-cart"/)
    expect(workers[0].stderr()).not.toMatch(/attempt 2/)
  }, 60_000)

  it("takes only package names", async () => {
    for (const bad of ["data:text/javascript,1", "../x.mjs", "node:fs", "ml-cart/src/x.js"]) {
      const run = await weft(["worker", "--redis", server.url, "--allow-module", bad])
      expect(run.code, bad).toBe(2)
      expect(run.stderr, bad).toMatch(/invalid --allow-module/)
    }
    const env = await weft(["worker", "--redis", server.url], { env: { WEFT_ALLOW_MODULES: "ml-cart,./evil.mjs" } })
    expect(env.code).toBe(2)
    expect(env.stderr).toMatch(/invalid WEFT_ALLOW_MODULES entry '\.\/evil\.mjs': a path is not a package name/)
  }, 60_000)
})
