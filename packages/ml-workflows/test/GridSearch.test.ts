import { Datasets, GridSearch, Linear } from "@weft/ml-workflows"
import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { failureOf, runWith } from "./helpers/pool.js"

// scikit-learn's GridSearchCV(Ridge(), {alpha: [...], fit_intercept: [True, False]}, cv=KFold(5)): tools/reference/ml_workflows.py
const sk = JSON.parse(readFileSync(new URL("./fixtures/sklearn-workflows.json", import.meta.url), "utf8")).ridge_diabetes_grid
const diabetes = Datasets.loadDataset("diabetes")
const grid = { alpha: [0.001, 0.01, 0.1, 1, 10], fitIntercept: [true, false] }

describe("gridSearch", () => {
  it("expands, scores, ranks and refits as scikit-learn's GridSearchCV does", async () => {
    const result = await runWith(2, GridSearch.gridSearch(grid, { estimator: "ridge", X: diabetes.X, y: diabetes.y }))
    expect(result.candidates.map((c) => ({ alpha: c.params.alpha, fit_intercept: c.params.fitIntercept }))).toEqual(sk.params)
    result.candidates.forEach((c, i) => {
      expect(Math.abs(c.mean.r2 - sk.mean_test_score[i])).toBeLessThan(1e-9)
      expect(Math.abs(c.std.r2 - sk.std_test_score[i])).toBeLessThan(1e-9)
    })
    expect(result.candidates.map((c) => c.rank)).toEqual(sk.rank_test_score)
    expect(result.bestIndex).toBe(sk.best_index)
    const best = result.bestModel!.state as Linear.LinearState
    best.coef.forEach((w, j) => expect(Math.abs(w - sk.best_coef[j])).toBeLessThan(1e-8 * Math.max(1, Math.abs(sk.best_coef[j]))))
    expect(Math.abs(best.intercept - sk.best_intercept)).toBeLessThan(1e-8 * sk.best_intercept)
  })

  it("gives the same ranking and scores at 1 and 2 threads, for grid and random search", async () => {
    const data = Datasets.syntheticRegression({ rows: 200, features: 5, noise: 0.5, seed: 2 })
    const options = { estimator: "mlp-regressor", X: data.X, y: data.y, cv: { kind: "kfold" as const, k: 3 }, seed: 5, metrics: ["r2", "mse"] }
    const mlpGrid = { hiddenLayers: [[4], [8]], epochs: [3], learningRate: [0.01, 0.001] }
    const one = await runWith(1, GridSearch.gridSearch(mlpGrid, options))
    const two = await runWith(2, GridSearch.gridSearch(mlpGrid, options))
    const scores = (r: GridSearch.SearchResult) => r.candidates.map((c) => [c.params, c.mean, c.std, c.foldScores, c.rank])
    expect(scores(two)).toEqual(scores(one))
    expect(two.bestModel).toEqual(one.bestModel)
    const dist = { alpha: { logUniform: [1e-3, 10] as [number, number] } }
    const r1 = await runWith(1, GridSearch.randomSearch(dist, 6, { estimator: "ridge", X: data.X, y: data.y, seed: 3 }))
    const r2 = await runWith(2, GridSearch.randomSearch(dist, 6, { estimator: "ridge", X: data.X, y: data.y, seed: 3 }))
    expect(scores(r2)).toEqual(scores(r1))
    expect(new Set(r1.candidates.map((c) => c.params.alpha)).size).toBe(6)
  })

  it("ranks error-metric candidates ascending (lower mse is better)", async () => {
    const result = await runWith(2, GridSearch.gridSearch({ alpha: [0.01, 1000] }, { estimator: "ridge", X: diabetes.X, y: diabetes.y, metrics: ["mse"] }))
    expect(result.candidates[0].mean.mse).toBeLessThan(result.candidates[1].mean.mse)
    expect(result.candidates.map((c) => c.rank)).toEqual([1, 2])
    expect(result.rankedBy).toBe("mse")
  })

  it("records a candidate whose fits fail and goes on", async () => {
    const data = Datasets.syntheticRegression({ rows: 120, features: 3, noise: 0.1, seed: 1 })
    // An absurd learning rate makes the MLP diverge to non-finite predictions, which no metric accepts.
    const result = await runWith(
      2,
      GridSearch.gridSearch({ learningRate: [0.01, 1e300], epochs: [20], hiddenLayers: [[4]], optimizer: ["sgd"] }, { estimator: "mlp-regressor", X: data.X, y: data.y, cv: { kind: "kfold", k: 3 } })
    )
    const [good, bad] = result.candidates
    expect(good.error).toBeUndefined()
    expect(bad.error).toMatch(/non-finite/i)
    expect(Number.isNaN(bad.mean.r2)).toBe(true)
    expect([good.rank, bad.rank]).toEqual([1, 2])
    expect(result.bestParams.learningRate).toBe(0.01)
  })

  it("rejects an unknown parameter name, an empty list and a refit metric it does not compute", async () => {
    // A name known only at run time (as from the CLI) is checked then; a literal would not compile (see Estimators.test.ts).
    const unknown = await failureOf(2, GridSearch.gridSearch({ alhpa: [1] }, { estimator: "ridge" as string, X: diabetes.X, y: diabetes.y }))
    expect(unknown._tag).toBe("InvalidOption")
    expect(unknown.message).toMatch(/alhpa/)
    const empty = await failureOf(2, GridSearch.gridSearch({ alpha: [] }, { estimator: "ridge", X: diabetes.X, y: diabetes.y }))
    expect(empty._tag).toBe("InvalidOption")
    const refit = await failureOf(2, GridSearch.gridSearch({ alpha: [1] }, { estimator: "ridge", X: diabetes.X, y: diabetes.y, refit: "mae" }))
    expect(refit.message).toMatch(/refit/)
  })
})
