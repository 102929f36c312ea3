/**
 * The speculative refit (GridSearch.ts): with workers, the leader of the
 * finished candidates is refitted while the last (candidate, fold) tasks
 * run; the result must be the refit after the search, bit for bit, whether
 * the speculation picked the final best (its refit is used) or not (it is
 * stopped and the best refitted). Threads 1 runs inline: no speculation.
 */
import { Datasets, GridSearch } from "@weft/ml-workflows"
import { WorkerPool } from "@weft/pool"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { runWith } from "./helpers/pool.js"

const data = Datasets.syntheticRegression({ rows: 240, features: 4, noise: 0.3, seed: 11 })
const options = { estimator: "mlp-regressor", X: data.X, y: data.y, cv: { kind: "kfold" as const, k: 3 }, seed: 7 }
const same = (a: GridSearch.SearchResult, b: GridSearch.SearchResult) => {
  expect(b.bestIndex).toBe(a.bestIndex)
  expect(b.candidates.map((c) => c.foldScores)).toEqual(a.candidates.map((c) => c.foldScores))
  expect(b.bestModel).toEqual(a.bestModel)
}

describe("gridSearch: the refit overlapped with the last candidates", () => {
  it("gives the refit after the search, bit for bit, with the best candidate first or last in the grid", async () => {
    // Learning rates in both orders: the best candidate is early in one grid (the speculation can pick it)
    // and the last in the other (the speculation, made before its folds end, cannot).
    for (const learningRate of [
      [0.05, 0.01, 0.001, 0.0001],
      [0.0001, 0.001, 0.01, 0.05]
    ]) {
      const grid = { hiddenLayers: [[6]], epochs: [4], learningRate }
      const one = await runWith(1, GridSearch.gridSearch(grid, options))
      for (const threads of [2, 3]) same(one, await runWith(threads, GridSearch.gridSearch(grid, options)))
    }
  })

  it("runs at most one refit task more than a refit after the search", async () => {
    const grid = { hiddenLayers: [[6]], epochs: [4], learningRate: [0.05, 0.01, 0.001, 0.0001] }
    const one = await runWith(1, GridSearch.gridSearch(grid, options))
    const stats = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const pool = yield* WorkerPool.make({ threads: 2, minParallelBatchSize: 1 })
          const result = yield* GridSearch.gridSearch(grid, options).pipe(Effect.provideService(WorkerPool.WorkerPool, pool))
          same(one, result)
          return yield* pool.stats
        })
      )
    )
    const pairs = 4 * 3
    // Right: the pairs and one refit. Wrong: the pairs, the refit, and the stopped speculation (counted failed, or completed if it ended first).
    expect(stats.completed).toBeGreaterThanOrEqual(pairs + 1)
    expect(stats.completed + stats.failed).toBeLessThanOrEqual(pairs + 2)
  })
})
