import { BatchInference, Datasets, GridSearch, Model } from "@weft/ml-workflows"
import { Effect } from "effect"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { tempDir, weft, weftJson, withLibrary } from "./helpers.js"

const dir = tempDir()
const diabetes = Datasets.loadDataset("diabetes")

describe("weft grid", () => {
  it("ranks the candidates of a grid as the library does, and saves the refitted best model", async () => {
    const save = join(dir, "ridge.json")
    const out = await weftJson(["grid", "--data", "diabetes", "--model", "ridge", "--grid", "alpha=0.01,0.1,1,10", "--save", save])
    const expected = await withLibrary(2, GridSearch.gridSearch({ alpha: [0.01, 0.1, 1, 10] }, { estimator: "ridge", X: diabetes.X, y: diabetes.y, cv: { kind: "kfold", k: 5 } }))
    expect(out.bestParams).toEqual(expected.bestParams)
    expect(out.bestScore).toBe(expected.bestScore)
    expect(out.rankedBy).toBe("r2")
    // Printed best first; each with the library's scores.
    expect(out.candidates.map((c: any) => c.rank)).toEqual([1, 2, 3, 4])
    for (const c of out.candidates) {
      const lib = expected.candidates[c.index]
      expect(c.params).toEqual(lib.params)
      expect(c.mean).toEqual(lib.mean)
      expect(c.std).toEqual(lib.std)
      expect(c.rank).toBe(lib.rank)
    }
    // The saved model is the library's refitted best model, with the feature names of the data.
    const saved = await Model.fromJson(readFileSync(save, "utf8")).pipe(Effect.runPromise)
    expect(saved.estimator).toBe("ridge")
    expect(saved.params).toEqual(expected.bestModel!.params)
    expect(saved.state).toEqual(expected.bestModel!.state)
    expect(saved.featureNames).toEqual(diabetes.featureNames)
    const predictions = await withLibrary(1, BatchInference.predict(saved, diabetes.X))
    const reference = await withLibrary(1, BatchInference.predict(expected.bestModel!, diabetes.X))
    expect(Array.from(predictions)).toEqual(Array.from(reference))
  })

  it("draws the candidates of a random search as the library does with the same seed", async () => {
    const out = await weftJson(["grid", "--data", "diabetes", "--model", "ridge", "--grid", "alpha=loguniform(0.001,100)", "--random", "6", "--seed", "3", "--folds", "3"])
    const expected = await withLibrary(
      2,
      GridSearch.randomSearch({ alpha: { logUniform: [0.001, 100] } }, 6, { estimator: "ridge", X: diabetes.X, y: diabetes.y, cv: { kind: "kfold", k: 3 }, seed: 3, refit: false })
    )
    expect(out.search).toBe("random")
    expect(out.candidates).toHaveLength(6)
    expect(out.bestParams).toEqual(expected.bestParams)
    expect(out.bestScore).toBe(expected.bestScore)
    for (const c of out.candidates) expect(c.mean).toEqual(expected.candidates[c.index].mean)
  })

  it("keeps fixed --param values in every candidate and searches lists of layers", async () => {
    const out = await weftJson([
      "grid", "--data", "iris", "--model", "mlp", "--param", "epochs=10", "--grid", "hiddenLayers=[4],[8,4]", "--folds", "3", "--stratified", "--metric", "accuracy", "--metric", "logloss"
    ])
    expect(out.model).toEqual({ estimator: "mlp-classifier", fixedParams: { epochs: 10 } })
    expect(out.candidates.map((c: any) => c.params).sort((a: any, b: any) => a.hiddenLayers.length - b.hiddenLayers.length)).toEqual([
      { epochs: 10, hiddenLayers: [4] },
      { epochs: 10, hiddenLayers: [8, 4] }
    ])
    expect(Object.keys(out.candidates[0].mean)).toEqual(["accuracy", "logloss"])
  })

  it("prints the ranked table and the best parameters", async () => {
    const run = await weft(["grid", "--data", "diabetes", "--model", "ridge", "--grid", "alpha=0.1,10", "--folds", "3"])
    expect(run.code).toBe(0)
    expect(run.stderr).toBe("")
    expect(run.stdout).toMatch(/grid search over 2 candidates x 3 folds/)
    expect(run.stdout).toMatch(/^rank\s+alpha\s+r2 mean\s+r2 std\s+fit ms$/m)
    expect(run.stdout).toMatch(/^\s+1\s+0\.1\s+0\.\d+/m)
    expect(run.stdout).toMatch(/^best: alpha=0\.1 \(r2 0\.\d+\)$/m)
  })
})

