import { CrossValidation, Datasets, Preprocessing } from "@weft/ml-workflows"
import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { failureOf, runWith } from "./helpers/pool.js"

// scikit-learn's own numbers: tools/reference/ml_workflows.py
const sk = JSON.parse(readFileSync(new URL("./fixtures/sklearn-workflows.json", import.meta.url), "utf8"))
const diabetes = Datasets.loadDataset("diabetes")

const close = (actual: ArrayLike<number>, expected: ArrayLike<number>, rel = 1e-8) => {
  expect(actual.length).toBe(expected.length)
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected[i])))
  }
}

describe("crossValidate", () => {
  it("gives scikit-learn's per-fold scores for Ridge(alpha=1) with KFold(5) on diabetes", async () => {
    const result = await runWith(
      2,
      CrossValidation.crossValidate({
        estimator: "ridge",
        params: { alpha: 1 },
        X: diabetes.X,
        y: diabetes.y,
        cv: { kind: "kfold", k: 5 },
        metrics: ["r2", "mse", "mae"]
      })
    )
    close(result.folds.map((f) => f.scores.r2), sk.ridge_diabetes_kfold5.r2)
    close(result.folds.map((f) => f.scores.mse), sk.ridge_diabetes_kfold5.mse)
    close(result.folds.map((f) => f.scores.mae), sk.ridge_diabetes_kfold5.mae)
    const r2 = sk.ridge_diabetes_kfold5.r2 as Array<number>
    const mean = r2.reduce((a, b) => a + b, 0) / r2.length
    expect(Math.abs(result.mean.r2 - mean)).toBeLessThan(1e-10)
    const std = Math.sqrt(r2.reduce((a, b) => a + (b - mean) ** 2, 0) / r2.length)
    expect(Math.abs(result.std.r2 - std)).toBeLessThan(1e-10)
    expect(result.folds.every((f) => f.fitMs >= 0 && f.scoreMs >= 0)).toBe(true)
  })

  it("gives scikit-learn's out-of-fold predictions (cross_val_predict)", async () => {
    const result = await runWith(
      2,
      CrossValidation.crossValidate({ estimator: "ridge", params: { alpha: 1 }, X: diabetes.X, y: diabetes.y, returnPredictions: true })
    )
    close(result.predictions!, sk.ridge_diabetes_kfold5_oof)
  })

  it("matches scikit-learn for OLS with 3 folds and for logistic regression with stratified folds", async () => {
    const linear = await runWith(2, CrossValidation.crossValidate({ estimator: "linear", X: diabetes.X, y: diabetes.y, cv: { kind: "kfold", k: 3 } }))
    close(linear.folds.map((f) => f.scores.r2), sk.linear_diabetes_kfold3_r2)
    const iris = Datasets.loadDataset("iris")
    const Xs = Preprocessing.transform(Preprocessing.StandardScaler.fit(iris.X), iris.X)
    const logistic = await runWith(
      2,
      CrossValidation.crossValidate({ estimator: "logistic", params: { C: 1, tol: 1e-10, maxIter: 1000 }, X: Xs, y: iris.y, cv: { kind: "stratified", k: 5 } })
    )
    expect(logistic.folds.map((f) => f.scores.accuracy)).toEqual(sk.logistic_iris_standardized_stratified5_accuracy)
  })

  it("gives bit-identical results at 1 and 2 threads, models included, for a seeded MLP", async () => {
    const data = Datasets.syntheticRegression({ rows: 300, features: 6, noise: 0.1, seed: 4 })
    const options = {
      estimator: "mlp-regressor",
      params: { hiddenLayers: [8], epochs: 5, dropout: 0.2 },
      X: data.X,
      y: data.y,
      cv: { kind: "kfold", k: 4, shuffle: true, seed: 9 } as const,
      metrics: ["r2", "mae"],
      seed: 11,
      returnModels: true,
      returnPredictions: true
    }
    const one = await runWith(1, CrossValidation.crossValidate(options))
    const two = await runWith(2, CrossValidation.crossValidate(options))
    expect(two.folds.map((f) => f.scores)).toEqual(one.folds.map((f) => f.scores))
    expect(two.folds.map((f) => f.model?.state)).toEqual(one.folds.map((f) => f.model?.state))
    expect(Array.from(two.predictions!)).toEqual(Array.from(one.predictions!))
    // A different seed changes the fits: the seed is really used.
    const other = await runWith(2, CrossValidation.crossValidate({ ...options, seed: 12 }))
    expect(other.folds.map((f) => f.scores.r2)).not.toEqual(one.folds.map((f) => f.scores.r2))
  })

  it("rejects bad input up front with typed errors that name the problem", async () => {
    const base = { estimator: "ridge", X: diabetes.X, y: diabetes.y }
    const cases: Array<[Parameters<typeof CrossValidation.crossValidate>[0], string, RegExp]> = [
      [{ ...base, y: diabetes.y.subarray(1) }, "ShapeMismatch", /y: expected 442 values/],
      [{ ...base, params: { alpah: 1 } }, "InvalidOption", /alpah/],
      [{ ...base, estimator: "forest" }, "InvalidOption", /forest/],
      [{ ...base, cv: { kind: "kfold", k: 1 } }, "InvalidOption", /k/],
      [{ ...base, cv: { kind: "kfold", k: 500 } }, "InvalidOption", /500/],
      [{ ...base, metrics: ["r3"] }, "InvalidOption", /r3/],
      [{ ...base, metrics: ["logloss"] }, "InvalidOption", /probabilities/],
      [{ ...base, estimator: "logistic", y: diabetes.y.map((v) => v + 0.5) }, "InvalidOption", /class labels/],
      [{ ...base, seed: -1 }, "InvalidOption", /^invalid seed -1: must be an integer in 0\.\.2\^32-1$/],
      [{ ...base, seed: 2 ** 32 }, "InvalidOption", /^invalid seed 4294967296: must be an integer in 0\.\.2\^32-1$/]
    ]
    for (const [options, tag, message] of cases) {
      const error = await failureOf(2, CrossValidation.crossValidate(options))
      expect(error._tag).toBe(tag)
      expect(error.message).toMatch(message)
    }
    const X = diabetes.X.selectRows(Array.from({ length: 20 }, (_, i) => i))
    X.set(3, 2, Number.NaN)
    const nan = await failureOf(2, CrossValidation.crossValidate({ ...base, X, y: diabetes.y.slice(0, 20) }))
    expect(nan.message).toBe("X holds a non-finite value (NaN) at row 3, column 2")
    const iris = Datasets.loadDataset("iris")
    const rare = iris.y.slice(0, 104) // class 2 has only 4 members
    const strat = await failureOf(
      2,
      CrossValidation.crossValidate({ estimator: "logistic", X: iris.X.rowRange(0, 104), y: rare, cv: { kind: "stratified", k: 5 } })
    )
    expect(strat._tag).toBe("InvalidOption")
  })
})
