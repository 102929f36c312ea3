// No code from data on a cluster node: an estimator that imports a module
// (the mljs adapter) runs only if the node's operator allowed the package,
// whatever a search's arguments (or anyone writing to Redis) name. A real
// redis-server, two nodes in this process on their own queues: one that
// allows ml-cart, one with the default (nothing allowed).
import type { TaskError } from "@weft/core"
import { Node, RemotePool, Testing } from "@weft/cluster"
import { CrossValidation, Datasets, Kernels, Mljs } from "@weft/ml-workflows"
import { WorkerPool } from "@weft/pool"
import { Effect, Exit, Scope } from "effect"
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const diabetes = Datasets.loadDataset("diabetes")
const tree = Mljs.estimatorName({ module: "ml-cart", export: "DecisionTreeRegression", kind: "regressor", defaults: { maxDepth: 3, minNumSamples: 3 } })
const forged = (module: string) => `${Mljs.PREFIX}${JSON.stringify({ module, export: "X", kind: "regressor" })}`

let server: Testing.RedisServer
let scope: Scope.CloseableScope
let dir: string
const logs: Record<string, Array<string>> = { cart: [], strict: [] }

beforeAll(async () => {
  server = await Testing.startRedis()
  dir = mkdtempSync(join(tmpdir(), "weft-node-modules-"))
  scope = Effect.runSync(Scope.make())
  const start = (queue: "cart" | "strict", allowModules?: ReadonlyArray<string>) =>
    Effect.runPromise(
      Node.start({ redis: server.url, queue, threads: 1, modules: [Kernels], allowModules, log: (line) => void logs[queue].push(line) }).pipe(Scope.extend(scope))
    )
  await start("cart", ["ml-cart"])
  await start("strict")
}, 60_000)

afterAll(async () => {
  if (scope !== undefined) await Effect.runPromise(Scope.close(scope, Exit.void))
  await server?.stop()
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
})

const on = <A, E>(queue: string, effect: Effect.Effect<A, E, WorkerPool.WorkerPool>) =>
  Effect.runPromise(effect.pipe(Effect.provide(RemotePool.layer({ redis: server.url, queue, attempts: 3, backoffMs: 50 }))))
const cv = (estimator: string) => CrossValidation.crossValidate({ estimator, X: diabetes.X, y: diabetes.y, cv: { kind: "kfold", k: 3 }, returnPredictions: true })

describe("a node's allowModules", () => {
  it("an allowed package runs on the node, with the local pool's predictions", async () => {
    const remote = await on("cart", cv(tree))
    const local = await Effect.runPromise(cv(tree).pipe(Effect.provide(WorkerPool.layer({ threads: 2 }))))
    expect(Array.from(remote.predictions!)).toEqual(Array.from(local.predictions!))
  })

  it("a package the operator did not allow is refused at once (no retry), naming it and the allowed list", async () => {
    const before = logs.strict.length
    const failure = (await on("strict", Effect.flip(cv(tree)))) as TaskError
    expect(failure.message).toMatch(/does not allow the module "ml-cart" that the job names for an estimator \(allowed: none;/)
    const lines = logs.strict.slice(before).filter((l) => /failed on attempt/.test(l))
    expect(lines.length).toBeGreaterThan(0)
    expect(lines.every((l) => /failed on attempt 1 of 3/.test(l))).toBe(true)
  })

  describe("a forged estimator name, in every form that is not an allowed package, imports nothing", () => {
    const marker = (name: string) => join(dir, `${name}.ran`)
    const evil = (name: string) =>
      `import { writeFileSync } from "node:fs"\nwriteFileSync(${JSON.stringify(marker(name))}, "ran")\nexport class X { train() {} predict(X) { return X.map(() => 0) } }\n`
    const forms = (): ReadonlyArray<readonly [string, string]> => {
      writeFileSync(join(dir, "evil.mjs"), evil("file"))
      writeFileSync(join(dir, "abs.mjs"), evil("absolute"))
      return [
        ["data:", `data:text/javascript,${encodeURIComponent(evil("data"))}`],
        ["file:", pathToFileURL(join(dir, "evil.mjs")).href],
        ["http:", "http://127.0.0.1:9/evil.mjs"],
        ["relative", "./evil.mjs"],
        ["parent", "../x"],
        ["absolute", join(dir, "abs.mjs")],
        ["node:fs", "node:fs"],
        ["fs", "fs"],
        ["a sub-path of the allowed package", "ml-cart/src/index.js"],
        ["an installed package not allowed", "ml-matrix"]
      ]
    }

    it("on a node that allows ml-cart", async () => {
      for (const [form, module] of forms()) {
        const failure = (await on("cart", Effect.flip(cv(forged(module))))) as TaskError
        expect(failure.message, form).toMatch(/does not allow the module ".*" that the job names for an estimator \(allowed: ml-cart;/)
      }
      for (const name of ["data", "file", "absolute"]) expect(existsSync(marker(name)), `the ${name} module ran`).toBe(false)
    })
  })

  it("only bare package names may be allowed", async () => {
    for (const bad of ["data:text/javascript,1", "./x.js", "/tmp/x.mjs", "node:fs", "fs", "ml-cart/src/x.js"]) {
      const exit = await Effect.runPromiseExit(Effect.scoped(Node.start({ redis: server.url, queue: "never", threads: 1, modules: [Kernels], allowModules: [bad] })))
      expect(Exit.isFailure(exit), bad).toBe(true)
      expect(String(Exit.isFailure(exit) ? exit.cause : ""), bad).toMatch(/allowModules/)
    }
  })
})
