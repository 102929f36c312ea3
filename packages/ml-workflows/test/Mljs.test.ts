import { CrossValidation, Datasets, GridSearch, Mljs } from "@weft/ml-workflows"
import { DecisionTreeRegression } from "ml-cart"
import { describe, expect, it } from "vitest"
import { failureOf, runWith } from "./helpers/pool.js"

const diabetes = Datasets.loadDataset("diabetes")
const tree = Mljs.estimatorName({ module: "ml-cart", export: "DecisionTreeRegression", kind: "regressor", defaults: { maxDepth: 5, minNumSamples: 3 } })

describe("mljs adapter", () => {
  it("cross-validates an ml-cart tree in parallel with the same fold predictions as training it by hand", async () => {
    const result = await runWith(
      2,
      CrossValidation.crossValidate({ estimator: tree, params: { maxDepth: 3 }, X: diabetes.X, y: diabetes.y, cv: { kind: "kfold", k: 4 }, returnPredictions: true })
    )
    // The reference: ml-cart used directly, fold by fold, on plain arrays.
    const rows = diabetes.X.toRows()
    const n = rows.length
    const expected = new Float64Array(n)
    for (let f = 0; f < 4; f++) {
      const start = f * 110 + Math.min(f, 2)
      const end = start + (f < 2 ? 111 : 110)
      const train = Array.from({ length: n }, (_, i) => i).filter((i) => i < start || i >= end)
      const model = new DecisionTreeRegression({ maxDepth: 3, minNumSamples: 3 })
      model.train(train.map((i) => rows[i]), train.map((i) => diabetes.y[i]))
      const test = Array.from({ length: end - start }, (_, k) => start + k)
      const p = model.predict(test.map((i) => rows[i]))
      test.forEach((i, k) => (expected[i] = p[k]))
    }
    expect(Array.from(result.predictions!)).toEqual(Array.from(expected))
    expect(result.mean.r2).toBeGreaterThan(0.2)
  })

  it("grid-searches the tree's options, same results at 1 and 2 threads, and refits the best", async () => {
    const options = { estimator: tree, X: diabetes.X, y: diabetes.y, cv: { kind: "kfold" as const, k: 3 } }
    const one = await runWith(1, GridSearch.gridSearch({ maxDepth: [1, 2, 4, 8] }, options))
    const two = await runWith(2, GridSearch.gridSearch({ maxDepth: [1, 2, 4, 8] }, options))
    expect(two.candidates.map((c) => c.mean)).toEqual(one.candidates.map((c) => c.mean))
    expect(two.bestParams).toEqual(one.bestParams)
    expect(two.bestModel?.estimator).toBe(tree)
  })

  it("refuses defaults that JSON would change on the way to the workers", () => {
    expect(() => Mljs.estimatorName({ module: "ml-cart", export: "DecisionTreeRegression", kind: "regressor", defaults: { maxDepth: Infinity } })).toThrow(
      /defaults.maxDepth/
    )
  })

  it("names unknown options and unloadable modules", async () => {
    const bad = await failureOf(2, GridSearch.gridSearch({ depth: [1] }, { estimator: tree, X: diabetes.X, y: diabetes.y }))
    expect(bad.message).toMatch(/depth/)
    const missing = Mljs.estimatorName({ module: "ml-no-such-package", export: "X", kind: "regressor" })
    const result = await failureOf(2, CrossValidation.crossValidate({ estimator: missing, X: diabetes.X, y: diabetes.y }))
    expect(result._tag).toBe("TaskFailed")
    expect(result.message).toMatch(/ml-no-such-package/)
  })
})
