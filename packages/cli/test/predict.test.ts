import { BatchInference, Datasets, Model, Uncertainty } from "@weft/ml-workflows"
import { Effect } from "effect"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { beforeAll, describe, expect, it } from "vitest"
import { tempDir, weft, weftJson, withLibrary, writeFile } from "./helpers.js"

const dir = tempDir()
const ridgePath = join(dir, "ridge.json")
const mlpPath = join(dir, "mlp.json")
const readModel = (path: string) => Effect.runPromise(Model.fromJson(readFileSync(path, "utf8")))

beforeAll(async () => {
  const ridge = await weft(["grid", "--data", "diabetes", "--model", "ridge", "--grid", "alpha=0.1,1", "--folds", "3", "--save", ridgePath])
  const mlp = await weft([
    "grid", "--data", "iris", "--model", "mlp", "--param", "dropout=0.2", "--param", "epochs=20", "--grid", "hiddenLayers=[8]",
    "--folds", "3", "--stratified", "--save", mlpPath
  ])
  expect([ridge.code, mlp.code, ridge.stderr, mlp.stderr]).toEqual([0, 0, "", ""])
})

describe("weft predict", () => {
  it("gives the library's predictions for a built-in dataset", async () => {
    const out = await weftJson(["predict", "--model", ridgePath, "--data", "diabetes"])
    const diabetes = Datasets.loadDataset("diabetes")
    const expected = await withLibrary(1, BatchInference.predict(await readModel(ridgePath), diabetes.X))
    expect(out.model.estimator).toBe("ridge")
    expect(out.predictions).toEqual(Array.from(expected))
  })

  it("matches a CSV's columns to the model's features by name, whatever their order and extra columns", async () => {
    const diabetes = Datasets.loadDataset("diabetes")
    const names = [...diabetes.featureNames].reverse()
    const lines = [["id", ...names].join(",")]
    for (let i = 0; i < 20; i++) lines.push([i, ...names.map((n) => diabetes.X.get(i, diabetes.featureNames.indexOf(n)))].join(","))
    const path = writeFile(dir, "shuffled.csv", lines.join("\n") + "\n")
    // "id" is numeric here and the last column is a feature: --target names the column to leave out.
    const out = await weftJson(["predict", "--model", ridgePath, "--data", path, "--target", "id"])
    const expected = await withLibrary(1, BatchInference.predict(await readModel(ridgePath), diabetes.X.rowRange(0, 20)))
    expect(out.predictions).toEqual(Array.from(expected))
  })

  it("writes CSV with --out, and prints CSV on stdout without it", async () => {
    const out = join(dir, "preds.csv")
    const run = await weft(["predict", "--model", ridgePath, "--data", "diabetes", "--out", out])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^wrote 442 predictions \(prediction\) to .*preds\.csv$/m)
    const file = readFileSync(out, "utf8").trimEnd().split("\n")
    expect(file[0]).toBe("prediction")
    expect(file).toHaveLength(443)
    const printed = await weft(["predict", "--model", ridgePath, "--data", "diabetes"])
    expect(printed.stdout).toBe(readFileSync(out, "utf8"))
  })

  it("prints class names for a classifier, and Monte-Carlo mean and std columns with --uncertainty", async () => {
    const iris = Datasets.loadDataset("iris")
    const model = await readModel(mlpPath)
    const out = await weftJson(["predict", "--model", mlpPath, "--data", "iris", "--uncertainty", "16", "--seed", "5"])
    const labels = await withLibrary(2, BatchInference.predict(model, iris.X))
    const mc = await withLibrary(2, Uncertainty.predictWithUncertainty(model, iris.X, { samples: 16, seed: 5, quantiles: [] }))
    expect(out.predictions).toEqual(Array.from(labels, (k) => iris.classes![k]))
    expect(out.uncertainty.outputs).toBe(3)
    expect(out.uncertainty.mean.flat()).toEqual(Array.from(mc.mean))
    expect(out.uncertainty.std.flat()).toEqual(Array.from(mc.std))

    const csv = await weft(["predict", "--model", mlpPath, "--data", "iris", "--uncertainty", "16", "--seed", "5"])
    const lines = csv.stdout.trimEnd().split("\n")
    expect(lines[0]).toBe("prediction,mean_setosa,std_setosa,mean_versicolor,std_versicolor,mean_virginica,std_virginica")
    expect(lines[1].split(",")[0]).toBe(out.predictions[0])
    expect(Number(lines[1].split(",")[1])).toBe(out.uncertainty.mean[0][0])
  })
})
