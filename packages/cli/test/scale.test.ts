import { SharedMatrix } from "@weft/core"
import { Datasets, Linear } from "@weft/ml-workflows"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { tempDir, weft, weftJson } from "./helpers.js"

// scikit-learn 1.2.1's scores of make_pipeline(StandardScaler(), Ridge(...)) and
// make_pipeline(MinMaxScaler(), Ridge(...)), written by tools/reference/pipeline.py.
const reference = JSON.parse(readFileSync(new URL("../../ml-workflows/test/fixtures/sklearn-pipeline.json", import.meta.url), "utf8"))

const dir = tempDir()

const expectClose = (actual: ReadonlyArray<number>, expected: ReadonlyArray<number>, tolerance: number) => {
  expect(actual).toHaveLength(expected.length)
  actual.forEach((a, i) => expect(Math.abs(a - expected[i])).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected[i]))))
}

describe("--scale: a scaler fitted inside each fold", () => {
  it("weft cv --scale standard gives cross_val_score(make_pipeline(StandardScaler(), Ridge(alpha=0.5))) on diabetes to 1e-10", async () => {
    const out = await weftJson(["cv", "--data", "diabetes", "--model", "ridge", "--param", "alpha=0.5", "--scale", "standard"])
    expectClose(
      out.folds.map((f: any) => f.scores.r2),
      reference["scaled_ridge_alpha0.5_diabetes_kfold5_r2"],
      1e-10
    )
    expect(out.model).toEqual({ estimator: "ridge", params: { alpha: 0.5, fitIntercept: true }, scale: "standard" })
  })

  it("weft cv --scale minmax gives make_pipeline(MinMaxScaler(), Ridge(alpha=1)) to 1e-10, and differs from no scaling", async () => {
    const scaled = await weftJson(["cv", "--data", "diabetes", "--model", "ridge", "--param", "alpha=1", "--scale", "minmax"])
    expectClose(
      scaled.folds.map((f: any) => f.scores.r2),
      reference["minmax_ridge_alpha1_diabetes_kfold5_r2"],
      1e-10
    )
    const bare = await weftJson(["cv", "--data", "diabetes", "--model", "ridge", "--param", "alpha=1"])
    expect(Math.abs(bare.mean.r2 - scaled.mean.r2)).toBeGreaterThan(1e-3)
  })

  it("weft grid --scale standard ranks GridSearchCV's candidates with its mean scores, names parameters as given", async () => {
    const grid = reference.scaled_ridge_diabetes_grid
    const alphas: Array<number> = []
    const means: Array<number> = []
    grid.params.forEach((p: { alpha: number; with_std: boolean }, i: number) => {
      if (p.with_std) {
        alphas.push(p.alpha)
        means.push(grid.mean_test_score[i])
      }
    })
    const out = await weftJson(["grid", "--data", "diabetes", "--model", "ridge", "--grid", `alpha=${alphas.join(",")}`, "--scale", "standard"])
    expect(out.model.scale).toBe("standard")
    const byIndex = [...out.candidates].sort((a: any, b: any) => a.index - b.index)
    expectClose(
      byIndex.map((c: any) => c.mean.r2),
      means,
      1e-10
    )
    expect(byIndex.map((c: any) => c.params.alpha)).toEqual(alphas)
    const best = means.indexOf(Math.max(...means))
    expect(out.bestParams).toEqual({ alpha: alphas[best] })
  })

  it("a model saved by grid --scale keeps the scaler: its predictions are a ridge fitted on the standardised rows", async () => {
    const path = join(dir, "scaled.json")
    const saved = await weft(["grid", "--data", "diabetes", "--model", "ridge", "--grid", "alpha=0.1,1000", "--scale", "standard", "--save", path, "--quiet"])
    expect(saved.code).toBe(0)
    const out = await weftJson(["predict", "--model", path, "--data", "diabetes"])
    expect(out.model.estimator).toBe("pipeline(standard-scaler, ridge)")

    // The reference: standardise every column with its mean and population standard deviation, then Ridge(alpha=0.1).
    const { X, y } = Datasets.loadDataset("diabetes")
    const n = X.rows
    const p = X.columns
    const scaled = SharedMatrix.zeros(n, p)
    for (let j = 0; j < p; j++) {
      let mean = 0
      for (let i = 0; i < n; i++) mean += X.get(i, j) / n
      let variance = 0
      for (let i = 0; i < n; i++) variance += (X.get(i, j) - mean) ** 2 / n
      const sd = Math.sqrt(variance)
      for (let i = 0; i < n; i++) scaled.set(i, j, (X.get(i, j) - mean) / sd)
    }
    const rows = Int32Array.from({ length: n }, (_, i) => i)
    const model = Linear.Ridge.fit({ X: scaled, y, rows, seed: 0 }, { alpha: 0.1, fitIntercept: true })
    const expected = Linear.Ridge.predict(model, scaled, rows)
    expectClose(out.predictions, Array.from(expected), 1e-9)
  })

  it("refuses an unknown scaler, naming the choices", async () => {
    const run = await weft(["cv", "--data", "diabetes", "--model", "ridge", "--scale", "robust"])
    expect(run.code).not.toBe(0)
    expect(run.stderr).toMatch(/standard/)
    expect(run.stderr).toMatch(/minmax/)
  })
})
