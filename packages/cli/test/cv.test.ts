import { CrossValidation, Datasets } from "@weft/ml-workflows"
import { describe, expect, it } from "vitest"
import { tempDir, weft, weftJson, withLibrary, writeFile } from "./helpers.js"

// scikit-learn 1.2.1 (Debian's python3-sklearn), from packages/ml-workflows/data/diabetes.csv (the file shipped as `--data diabetes`):
// /usr/bin/python3 -c "import numpy as np; from sklearn.linear_model import Ridge; from sklearn.model_selection import cross_val_score, KFold; d=np.loadtxt('packages/ml-workflows/data/diabetes.csv', delimiter=',', skiprows=1); print(repr(cross_val_score(Ridge(alpha=1), d[:,:-1], d[:,-1], cv=KFold(5)).mean()))"
const SKLEARN_RIDGE_DIABETES_KFOLD5_MEAN_R2 = 0.410174971340889

const dir = tempDir()

/** A small regression CSV whose target is not the last column, with a feature named like a flag value. */
const regressionCsv = (): string => {
  const lines = ["size,price,rooms,age"]
  for (let i = 0; i < 40; i++) {
    const size = 50 + ((i * 37) % 90)
    const rooms = 1 + (i % 5)
    const age = (i * 13) % 30
    lines.push(`${size},${(3 * size + 10 * rooms - 0.5 * age + ((i * 7) % 11)).toFixed(2)},${rooms},${age}`)
  }
  return lines.join("\n") + "\n"
}

/** A small classification CSV with string labels. */
const classificationCsv = (): string => {
  const lines = ["x1,x2,animal"]
  const labels = ["cat", "dog", "bird"]
  for (let i = 0; i < 45; i++) {
    const k = i % 3
    lines.push(`${(k * 3 + ((i * 17) % 7) / 7).toFixed(3)},${(-k * 2 + ((i * 11) % 5) / 5).toFixed(3)},${labels[k]}`)
  }
  return lines.join("\n") + "\n"
}

describe("weft cv", () => {
  it("gives scikit-learn's mean R² for Ridge(alpha=1) with KFold(5) on diabetes", async () => {
    const out = await weftJson(["cv", "--data", "diabetes", "--model", "ridge", "--param", "alpha=1", "--folds", "5"])
    expect(Math.abs(out.mean.r2 - SKLEARN_RIDGE_DIABETES_KFOLD5_MEAN_R2)).toBeLessThan(1e-6)
    expect(out.folds).toHaveLength(5)
    expect(out.model).toEqual({ estimator: "ridge", params: { alpha: 1, fitIntercept: true } })
  })

  it("prints the library's scores for a built-in classification dataset (stratified, shuffled, two metrics)", async () => {
    const args = ["cv", "--data", "iris", "--model", "logistic", "--stratified", "--shuffle", "--seed", "7", "--metric", "accuracy", "--metric", "f1-macro", "--threads", "2"]
    const out = await weftJson(args)
    const iris = Datasets.loadDataset("iris")
    const expected = await withLibrary(
      2,
      CrossValidation.crossValidate({
        estimator: "logistic",
        X: iris.X,
        y: iris.y,
        cv: { kind: "stratified", k: 5, shuffle: true, seed: 7 },
        metrics: ["accuracy", "f1-macro"],
        seed: 7
      })
    )
    expect(out.folds.map((f: any) => f.scores)).toEqual(expected.folds.map((f) => f.scores))
    expect(out.mean).toEqual(expected.mean)
    expect(out.std).toEqual(expected.std)
    expect(out.data.classes).toEqual(["setosa", "versicolor", "virginica"])
  })

  it("reads a CSV written by the test, with --target naming a column in the middle", async () => {
    const path = writeFile(dir, "houses.csv", regressionCsv())
    const out = await weftJson(["cv", "--data", path, "--target", "price", "--model", "linear", "--folds", "4", "--metric", "r2", "--metric", "mae"])
    const data = Datasets.readCsv(path, { target: "price" })
    const expected = await withLibrary(
      1,
      CrossValidation.crossValidate({ estimator: "linear", X: data.X, y: data.y, cv: { kind: "kfold", k: 4 }, metrics: ["r2", "mae"] })
    )
    expect(out.data).toEqual({ source: path, rows: 40, features: 3, target: "price" })
    expect(out.mean).toEqual(expected.mean)
    expect(out.folds.map((f: any) => f.scores)).toEqual(expected.folds.map((f) => f.scores))
  })

  it("turns a string target into class labels and picks the MLP classifier for --model mlp", async () => {
    const path = writeFile(dir, "animals.csv", classificationCsv())
    const out = await weftJson(["cv", "--data", path, "--model", "mlp", "--param", "hiddenLayers=8", "--param", "epochs=30", "--folds", "3", "--stratified"])
    expect(out.model.estimator).toBe("mlp-classifier")
    expect(out.model.params.hiddenLayers).toEqual([8])
    expect(out.data.classes).toEqual(["bird", "cat", "dog"])
    const data = Datasets.readCsv(path)
    const expected = await withLibrary(
      2,
      CrossValidation.crossValidate({
        estimator: "mlp-classifier",
        params: { hiddenLayers: [8], epochs: 30 },
        X: data.X,
        y: data.y,
        cv: { kind: "stratified", k: 3 }
      })
    )
    expect(out.mean).toEqual(expected.mean)
  })

  it("picks the MLP regressor for a numeric target, and runs on a synthetic dataset", async () => {
    const out = await weftJson(["cv", "--data", "synthetic:rows=120,features=4,seed=3,noise=0.5", "--model", "mlp", "--param", "epochs=5", "--folds", "3"])
    expect(out.model.estimator).toBe("mlp-regressor")
    expect(out.data).toEqual({ source: "synthetic:rows=120,features=4,seed=3,noise=0.5", rows: 120, features: 4, target: "y" })
    expect(out.folds).toHaveLength(3)
  })

  it("reads integer targets as classes for a classifier", async () => {
    const lines = ["a,b,label"]
    for (let i = 0; i < 30; i++) lines.push(`${i % 2 === 0 ? i : -i},${(i * 7) % 5},${i % 2 === 0 ? 1 : 4}`)
    const path = writeFile(dir, "ints.csv", lines.join("\n"))
    const out = await weftJson(["cv", "--data", path, "--model", "logistic", "--folds", "3"])
    expect(out.data.classes).toEqual(["1", "4"])
    expect(out.mean.accuracy).toBeGreaterThan(0.5)
  })

  it("prints a table with every fold, the mean and the std, and nothing on stderr when stderr is not a terminal", async () => {
    const run = await weft(["cv", "--data", "diabetes", "--model", "ridge", "--folds", "3"])
    expect(run.code).toBe(0)
    expect(run.stderr).toBe("")
    expect(run.stdout).toMatch(/^ridge alpha=1 fitIntercept=true$/m)
    expect(run.stdout).toMatch(/3-fold cross-validation/)
    expect(run.stdout).toMatch(/^\s+2\s+0\.\d+/m) // folds numbered from 0, as in --json
    expect(run.stdout).toMatch(/^mean\s+0\.\d+/m)
    expect(run.stdout).toMatch(/^ std\s+0\.\d+/m)
  })

  it("uses WEFT_THREADS when --threads is not given, and --threads over it", async () => {
    const fromEnv = await weftJson(["cv", "--data", "diabetes", "--model", "ridge", "--folds", "3"], { env: { WEFT_THREADS: "1" } })
    const fromFlag = await weftJson(["cv", "--data", "diabetes", "--model", "ridge", "--folds", "3", "--threads", "2"], { env: { WEFT_THREADS: "1" } })
    expect(fromEnv.threads).toBe(1)
    expect(fromFlag.threads).toBe(2)
    // The thread count never changes a score.
    expect(fromFlag.mean).toEqual(fromEnv.mean)
  })
})
