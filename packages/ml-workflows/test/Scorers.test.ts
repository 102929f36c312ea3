// crossValidate's own scorers: (yTrue, yPred) => number beside the built-in metrics.
import { CrossValidation, Datasets, type CrossValidation as CV } from "@weft/ml-workflows"
import { describe, expect, it } from "vitest"
import { failureOf, runWith } from "./helpers/pool.js"

const diabetes = Datasets.loadDataset("diabetes")
const iris = Datasets.loadDataset("iris")

/** Mean absolute error written independently of Metrics.ts. */
const mae: CV.Scorer = {
  name: "my-mae",
  greaterIsBetter: false,
  score: (yTrue, yPred) => {
    let s = 0
    for (let i = 0; i < yTrue.length; i++) s += Math.abs(yTrue[i] - yPred[i])
    return s / yTrue.length
  }
}

describe("crossValidate scorers", () => {
  it("score each test fold beside the metrics, equal to the built-in metric, at any thread count", async () => {
    const options = { estimator: "ridge", params: { alpha: 0.5 }, X: diabetes.X, y: diabetes.y, metrics: ["mae", "r2"], scorers: [mae], cv: { kind: "kfold", k: 5 } } as const
    const two = await runWith(2, CrossValidation.crossValidate(options))
    const one = await runWith(1, CrossValidation.crossValidate(options))
    expect(two.folds.map((f) => f.scores["my-mae"])).toEqual(one.folds.map((f) => f.scores["my-mae"]))
    for (const f of two.folds) expect(Math.abs(f.scores["my-mae"] - f.scores.mae)).toBeLessThan(1e-12 * f.scores.mae)
    expect(two.mean["my-mae"]).toBeCloseTo(two.mean.mae, 10)
    expect(two.std["my-mae"]).toBeCloseTo(two.std.mae, 10)
    expect(two.predictions).toBeUndefined()
  })

  it("see class labels for a classifier, and the test rows' true labels", async () => {
    const seen: Array<number> = []
    const accuracy: CV.Scorer = {
      name: "my-accuracy",
      score: (yTrue, yPred) => {
        seen.push(yTrue.length)
        return yTrue.filter((v, i) => v === yPred[i]).length / yTrue.length
      }
    }
    const result = await runWith(2, CrossValidation.crossValidate({ estimator: "logistic", X: iris.X, y: iris.y, cv: { kind: "stratified", k: 5 }, scorers: [accuracy] }))
    expect(result.folds.map((f) => f.scores["my-accuracy"])).toEqual(result.folds.map((f) => f.scores.accuracy))
    expect(seen).toEqual([30, 30, 30, 30, 30])
  })

  it("fail with typed errors: a clashing name, a scorer that throws, one that returns no number", async () => {
    const base = { estimator: "ridge", X: diabetes.X, y: diabetes.y } as const
    expect(await failureOf(2, CrossValidation.crossValidate({ ...base, scorers: [{ ...mae, name: "r2" }] }))).toMatchObject({ _tag: "InvalidOption", option: "scorers" })
    expect(await failureOf(2, CrossValidation.crossValidate({ ...base, scorers: [mae, mae] }))).toMatchObject({ _tag: "InvalidOption", option: "scorers" })
    const throwing: CV.Scorer = { name: "boom", score: () => { throw new Error("bad scorer") } }
    expect(await failureOf(2, CrossValidation.crossValidate({ ...base, scorers: [throwing] }))).toMatchObject({ _tag: "TaskFailed", message: "bad scorer", item: 0 })
    const text = { name: "text", score: () => "0.5" as unknown as number }
    expect(await failureOf(2, CrossValidation.crossValidate({ ...base, scorers: [text] }))).toMatchObject({ _tag: "InvalidOption", option: "scorers" })
  })
})
