// The Promise API: the same results as the Effect API, AbortError on abort, no worker left.
import { CrossValidation, Datasets, Ensemble, GridSearch, BatchInference, Preprocessing, Promises } from "@weft/ml-workflows"
import { Weft, WorkerPool } from "@weft/pool"
import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { runWith } from "./helpers/pool.js"

const sk = JSON.parse(readFileSync(new URL("./fixtures/sklearn-workflows.json", import.meta.url), "utf8"))
const diabetes = Datasets.loadDataset("diabetes")
const iris = Datasets.loadDataset("iris")
const cancer = Datasets.loadDataset("breast-cancer")

/** Everything but the timings, which differ run to run. */
const untimed = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (k, v) => (k === "fitMs" || k === "scoreMs" || k === "meanFitMs" ? undefined : v)))

describe("Promises", () => {
  it("a Promise-only program runs a stratified CV and a grid search, equal to the Effect API's results", async () => {
    const Xs = Preprocessing.transform(Preprocessing.StandardScaler.fit(iris.X), iris.X)
    const cvOptions = { estimator: "logistic", params: { C: 1, tol: 1e-10, maxIter: 1000 }, X: Xs, y: iris.y, cv: { kind: "stratified", k: 5 } } as const
    const cv = await Promises.crossValidate({ ...cvOptions, threads: 2 })
    expect(WorkerPool.liveWorkers()).toBe(0)
    expect(cv.folds.map((f) => f.scores.accuracy)).toEqual(sk.logistic_iris_standardized_stratified5_accuracy)
    expect(untimed(cv)).toEqual(untimed(await runWith(2, CrossValidation.crossValidate(cvOptions))))

    const grid = { alpha: [0.01, 0.1, 1, 10] }
    const searchOptions = { estimator: "ridge", X: diabetes.X, y: diabetes.y, cv: { kind: "kfold", k: 5 } } as const
    const search = await Promises.gridSearch(grid, { ...searchOptions, threads: 2 })
    expect(WorkerPool.liveWorkers()).toBe(0)
    expect(untimed(search)).toEqual(untimed(await runWith(2, GridSearch.gridSearch(grid, searchOptions))))
    expect(search.candidates).toHaveLength(4)

    const random = await Promises.randomSearch({ alpha: { logUniform: [1e-3, 10] } }, 6, { ...searchOptions, threads: 2 })
    expect(untimed(random)).toEqual(untimed(await runWith(2, GridSearch.randomSearch({ alpha: { logUniform: [1e-3, 10] } }, 6, searchOptions))))
  })

  it("predicts and ensembles on an open pool, which stays open", async () => {
    const pool = await Weft.createPool({ threads: 2 })
    try {
      const search = await Promises.gridSearch({ alpha: [0.1, 1] }, { estimator: "ridge", X: diabetes.X, y: diabetes.y, pool })
      const model = search.bestModel!
      const yHat = await Promises.predict(model, diabetes.X, { batchSize: 50, pool })
      expect(Array.from(yHat)).toEqual(Array.from(await runWith(2, BatchInference.predict(model, diabetes.X, { batchSize: 50 }))))
      const other = (await Promises.crossValidate({ estimator: "linear", X: diabetes.X, y: diabetes.y, returnModels: true, pool })).folds[0].model!
      const mean = await Promises.ensemblePredict([model, other], diabetes.X, { aggregate: "median", pool })
      expect(Array.from(mean)).toEqual(Array.from(await runWith(2, Ensemble.ensemblePredict([model, other], diabetes.X, { aggregate: "median" }))))
      expect(WorkerPool.liveWorkers()).toBe(2)
      const error = await Promises.predict(model, diabetes.X, { pool, threads: 3 }).catch((e: unknown) => e)
      expect(error).toMatchObject({ _tag: "InvalidOption", option: "threads" })
    } finally {
      await pool.close()
    }
    expect(WorkerPool.liveWorkers()).toBe(0)
  })

  it("an aborted search rejects with an AbortError and leaves no worker", async () => {
    const controller = new AbortController()
    const running = Promises.randomSearch(
      { l2: { logUniform: [1e-5, 1] }, learningRate: { logUniform: [1e-4, 1e-2] } },
      40,
      { estimator: "mlp-classifier", X: Preprocessing.transform(Preprocessing.StandardScaler.fit(cancer.X), cancer.X), y: cancer.y, cv: { kind: "stratified", k: 5 }, threads: 2, signal: controller.signal }
    )
    setTimeout(() => controller.abort(), 300)
    const error = await running.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DOMException)
    expect(error).toMatchObject({ name: "AbortError" })
    expect(WorkerPool.liveWorkers()).toBe(0)

    // An already aborted signal rejects at once with its reason; typed errors stay typed.
    const reason = new Error("stop")
    expect(await Promises.crossValidate({ estimator: "ridge", X: diabetes.X, y: diabetes.y, signal: AbortSignal.abort(reason) }).catch((e: unknown) => e)).toBe(reason)
    expect(await Promises.crossValidate({ estimator: "ridg" as string, X: diabetes.X, y: diabetes.y, threads: 2 }).catch((e: unknown) => e)).toMatchObject({ _tag: "InvalidOption" })
    expect(WorkerPool.liveWorkers()).toBe(0)
  })
})
