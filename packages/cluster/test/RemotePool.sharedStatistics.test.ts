// Searches that share work (ridge and linear fit every candidate of a fold
// from statistics computed once per block of rows) on a real Redis with two
// worker nodes: the statistics chunks and the candidate fits run on the
// nodes, the merges on the caller; everything must equal the local run bit
// for bit, at any local thread count.
import { Testing, RemotePool } from "@weft/cluster"
import { CrossValidation, Datasets, GridSearch } from "@weft/ml-workflows"
import { WorkerPool } from "@weft/pool"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startNode } from "./support/nodes.mjs"

let server: Testing.RedisServer
let nodes: Array<Awaited<ReturnType<typeof startNode>>> = []

beforeAll(async () => {
  server = await Testing.startRedis()
  nodes = await Promise.all([startNode(server.url), startNode(server.url)])
}, 60_000)

afterAll(async () => {
  await Promise.all(nodes.map((n) => n.kill()))
  await server?.stop()
})

const remote = <A, E>(effect: Effect.Effect<A, E, WorkerPool.WorkerPool>) =>
  Effect.runPromise(effect.pipe(Effect.provide(RemotePool.layer({ redis: server.url }))))
const local = <A, E>(threads: number, effect: Effect.Effect<A, E, WorkerPool.WorkerPool>) =>
  Effect.runPromise(effect.pipe(Effect.provide(WorkerPool.layer({ threads }))))

// Enough rows for several statistics chunks per fold (4096 rows a chunk).
const data = Datasets.syntheticRegression({ rows: 24_000, features: 9, noise: 0.01, bias: 2, seed: 5 })

describe("shared-statistics searches on the cluster", () => {
  it("a ridge grid (with and without intercept) equals the local one bit for bit, refit included", async () => {
    const search = GridSearch.gridSearch(
      { alpha: [1e-3, 0.1, 10, 1000], fitIntercept: [true, false] },
      { estimator: "ridge", X: data.X, y: data.y, cv: { kind: "kfold", k: 5, shuffle: true, seed: 2 }, metrics: ["r2", "mse"] }
    )
    const r = await remote(search)
    for (const threads of [1, 2]) {
      const l = await local(threads, search)
      expect(r.candidates.map((c) => [c.params, c.foldScores, c.mean, c.std, c.rank])).toEqual(l.candidates.map((c) => [c.params, c.foldScores, c.mean, c.std, c.rank]))
      expect(r.bestModel).toEqual(l.bestModel)
    }
  }, 120_000)

  it("a linear cross-validation over time-series splits equals the local one, fold models included", async () => {
    const cv = CrossValidation.crossValidate({
      estimator: "linear",
      X: data.X,
      y: data.y,
      cv: { kind: "timeseries", nSplits: 4 },
      returnModels: true,
      returnTrainScore: true
    })
    const [r, l] = [await remote(cv), await local(2, cv)]
    expect(r.folds.map((f) => [f.scores, f.trainScores, f.model])).toEqual(l.folds.map((f) => [f.scores, f.trainScores, f.model]))
  }, 120_000)
})
