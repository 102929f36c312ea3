// Estimators typed with their parameters (the @ts-expect-error lines are
// checked by the package's typecheck, which includes test/), names known only
// at run time checked then, and estimators of the user's own loaded from a
// module in every worker.
import { CrossValidation, Datasets, Estimators, GridSearch, Linear, Logistic, Model, Pipeline, Preprocessing, Promises } from "@weft/ml-workflows"
import { SharedMatrix } from "@weft/core"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { failureOf, runWith } from "./helpers/pool.js"

const diabetes = Datasets.loadDataset("diabetes")
const iris = Datasets.loadDataset("iris")

const mean = Estimators.fromModule<{ offset: number }>(new URL("./fixtures/estimators/meanRegressor.js", import.meta.url), "MeanRegressor")
const centroid = Estimators.fromModule(new URL("../examples/tasks/nearestCentroid.mjs", import.meta.url), "default")

describe("typed estimators", () => {
  it("a misspelt name, parameter or grid key does not compile; a string known only at run time does", () => {
    const X = diabetes.X
    const y = diabetes.y
    // Built lazily: the point is what compiles (the package's typecheck runs over test/).
    const programs = [
      () => CrossValidation.crossValidate({ estimator: "ridge", params: { alpha: 0.5, fitIntercept: false }, X, y }),
      // @ts-expect-error: no estimator is called "logistc"
      () => CrossValidation.crossValidate({ estimator: "logistc", X, y }),
      // @ts-expect-error: logistic's parameter is C, not c
      () => CrossValidation.crossValidate({ estimator: "logistic", params: { c: 1 }, X, y }),
      // @ts-expect-error: C is a number
      () => CrossValidation.crossValidate({ estimator: "logistic", params: { C: "1" }, X, y }),
      // @ts-expect-error: alpha is ridge's, not linear's
      () => CrossValidation.crossValidate({ estimator: "linear", params: { alpha: 1 }, X, y }),
      () => GridSearch.gridSearch({ alpha: [0.1, 1], fitIntercept: [true, false] }, { estimator: "ridge", X, y }),
      // @ts-expect-error: a grid key the estimator does not have
      () => GridSearch.gridSearch({ alhpa: [0.1, 1] }, { estimator: "ridge", X, y }),
      // @ts-expect-error: a grid value of the wrong type
      () => GridSearch.gridSearch({ alpha: ["0.1"] }, { estimator: "ridge", X, y }),
      () => GridSearch.randomSearch({ C: { logUniform: [0.01, 10] }, maxIter: [100, 200] }, 5, { estimator: "logistic", X, y }),
      // @ts-expect-error: a distribution for a boolean
      () => GridSearch.randomSearch({ fitIntercept: { uniform: [0, 1] } }, 5, { estimator: "logistic", X, y }),
      () => Promises.gridSearch({ "logistic.C": [1, 10] }, { estimator: Pipeline.make([["s", Preprocessing.StandardScaler], ["logistic", "logistic"]]), X, y }),
      // @ts-expect-error: the Promise API checks the same
      () => Promises.crossValidate({ estimator: "mlp-regresor", X, y }),
      // @ts-expect-error: nor the Promise API's params
      () => Promises.crossValidate({ estimator: "mlp-regressor", params: { hiddenLayer: [8] }, X, y }),
      // Estimator objects and references carry their parameters' types too.
      () => CrossValidation.crossValidate({ estimator: Logistic.LogisticRegression, params: { C: 2 }, X, y }),
      // @ts-expect-error: an object's parameters are checked
      () => CrossValidation.crossValidate({ estimator: Linear.Ridge, params: { C: 2 }, X, y }),
      () => CrossValidation.crossValidate({ estimator: mean, params: { offset: 1 }, X, y }),
      // @ts-expect-error: fromModule<P> types a module estimator's parameters
      () => CrossValidation.crossValidate({ estimator: mean, params: { ofset: 1 }, X, y }),
      // A name from a command line or JSON compiles, and is checked at run time.
      () => CrossValidation.crossValidate({ estimator: process.argv[2] ?? "ridge", params: { anything: 1 }, X, y })
    ]
    const p: Estimators.EstimatorParams<"ridge"> = { alpha: 1 }
    expect(programs.length).toBe(18)
    expect(p.alpha).toBe(1)
  })

  it("a name or parameter known only at run time is checked then, with InvalidOption listing the known ones", async () => {
    const name: string = "logistc"
    const unknown = await failureOf(2, CrossValidation.crossValidate({ estimator: name, X: iris.X, y: iris.y }))
    expect(unknown).toMatchObject({ _tag: "InvalidOption", option: "estimator", value: "logistc" })
    expect(unknown.message).toMatch(/linear, ridge, logistic, mlp-regressor, mlp-classifier/)
    const param = await failureOf(2, CrossValidation.crossValidate({ estimator: "logistic" as string, params: { c: 1 }, X: iris.X, y: iris.y }))
    expect(param).toMatchObject({ _tag: "InvalidOption", option: "c" })
    expect(param.message).toMatch(/known: C, fitIntercept, tol, maxIter/)
    expect(() => Estimators.parse("svm")).toThrow(expect.objectContaining({ _tag: "InvalidOption", value: "svm" }))
    expect(() => Estimators.parse("logistic", { c: 1 })).toThrow(expect.objectContaining({ _tag: "InvalidOption", option: "c", message: expect.stringMatching(/known: C, fitIntercept/) }))
    expect(Estimators.parse("ridge", { alpha: 2 }).name).toBe("ridge")
    // A reference from parse goes wherever a name goes.
    const parsed = await runWith(1, CrossValidation.crossValidate({ estimator: Estimators.parse("ridge"), X: diabetes.X, y: diabetes.y }))
    const named = await runWith(1, CrossValidation.crossValidate({ estimator: "ridge", X: diabetes.X, y: diabetes.y }))
    expect(parsed.folds.map((f) => f.scores)).toEqual(named.folds.map((f) => f.scores))
    const byObject = await runWith(1, CrossValidation.crossValidate({ estimator: Linear.Ridge, X: diabetes.X, y: diabetes.y }))
    expect(byObject.folds.map((f) => f.scores)).toEqual(named.folds.map((f) => f.scores))
  })

  it("fit completes partial parameters with the defaults, as scikit-learn does (Ridge.fit(input, { alpha: 0.5 }) keeps its intercept)", () => {
    const input = { X: diabetes.X, y: diabetes.y, seed: 0 }
    // From JavaScript nothing stops partial parameters; the compiler would.
    const partial = Linear.Ridge.fit(input, { alpha: 0.5 } as unknown as Linear.RidgeParams)
    const complete = Linear.Ridge.fit(input, Linear.Ridge.params({ alpha: 0.5 }))
    expect(partial).toEqual(complete)
    // diabetes' targets have mean 152.13: the intercept is there.
    expect(Math.abs(partial.intercept - 152.133)).toBeLessThan(1e-2)
    const logistic = Logistic.LogisticRegression.fit({ X: iris.X, y: iris.y, nClasses: 3, seed: 0 }, { C: 0.5 } as unknown as Logistic.LogisticParams)
    expect(logistic).toEqual(Logistic.LogisticRegression.fit({ X: iris.X, y: iris.y, nClasses: 3, seed: 0 }, Logistic.LogisticRegression.params({ C: 0.5 })))
    expect(() => Linear.Ridge.fit(input, { alpha: -1 } as unknown as Linear.RidgeParams)).toThrow(expect.objectContaining({ _tag: "InvalidOption", option: "alpha" }))
  })
})

describe("estimators of your own, from a module", () => {
  it("cross-validate in parallel: the same scores on 1 and 2 threads, and as computed by hand", async () => {
    const options = { estimator: mean, params: { offset: 2 }, X: diabetes.X, y: diabetes.y, cv: { kind: "kfold", k: 5 } as const, metrics: ["mse", "r2"] }
    const one = await runWith(1, CrossValidation.crossValidate(options))
    const two = await runWith(2, CrossValidation.crossValidate(options))
    expect(two.folds.map((f) => f.scores)).toEqual(one.folds.map((f) => f.scores))
    // By hand: KFold(5) of 442 rows gives test folds of 89, 89, 88, 88, 88 consecutive rows;
    // the prediction is the training mean plus the offset.
    const y = diabetes.y
    const sizes = [89, 89, 88, 88, 88]
    let start = 0
    sizes.forEach((size, f) => {
      let trainSum = 0
      for (let i = 0; i < y.length; i++) if (i < start || i >= start + size) trainSum += y[i]
      const prediction = trainSum / (y.length - size) + 2
      let mse = 0
      for (let i = start; i < start + size; i++) mse += (y[i] - prediction) ** 2
      expect(Math.abs(two.folds[f].scores.mse - mse / size)).toBeLessThanOrEqual(1e-9 * (mse / size))
      start += size
    })
    // A grid over its parameters, and a pipeline ending with it.
    const search = await runWith(2, GridSearch.gridSearch({ offset: [-5, 0, 5] }, { estimator: mean, X: diabetes.X, y: diabetes.y, metrics: ["mse"] }))
    expect(search.candidates.length).toBe(3)
    expect(search.bestModel?.estimator).toBe(mean.name)
    const scaled = Pipeline.make([["scaler", Preprocessing.StandardScaler], ["mean", mean]])
    const piped = await runWith(2, CrossValidation.crossValidate({ estimator: scaled, params: { "mean.offset": 2 }, X: diabetes.X, y: diabetes.y, metrics: ["mse", "r2"] }))
    expect(piped.folds.map((f) => f.scores)).toEqual(one.folds.map((f) => f.scores))
  })

  it("a class instance works too (methods on its prototype), as a classifier on stratified folds", async () => {
    const options = { estimator: centroid, X: iris.X, y: iris.y, cv: { kind: "stratified", k: 5 } as const, returnPredictions: true }
    const one = await runWith(1, CrossValidation.crossValidate(options))
    const two = await runWith(2, CrossValidation.crossValidate({ ...options, returnModels: true }))
    expect(two.folds.map((f) => f.scores)).toEqual(one.folds.map((f) => f.scores))
    expect(Array.from(two.predictions!)).toEqual(Array.from(one.predictions!))
    // By hand, fold 0's first test row: the nearest of the three training centroids.
    const state = two.folds[0].model!.state as { p: number; centroids: Array<number> }
    const test = CrossValidation.splitsOf({ kind: "stratified", k: 5 }, iris.y)
    const splits = Effect.runSync(test)
    const train = splits[0].train
    const p = iris.X.columns
    const centroids = [0, 1, 2].map((c) => {
      const rows = Array.from(train).filter((i) => iris.y[i] === c)
      return Array.from({ length: p }, (_, j) => rows.reduce((s, i) => s + iris.X.get(i, j), 0) / rows.length)
    })
    for (let c = 0; c < 3; c++) for (let j = 0; j < p; j++) expect(Math.abs(state.centroids[c * p + j] - centroids[c][j])).toBeLessThan(1e-12)
    let correct = 0
    for (const i of splits[0].test) {
      const distances = centroids.map((m) => m.reduce((s, v, j) => s + (iris.X.get(i, j) - v) ** 2, 0))
      if (distances.indexOf(Math.min(...distances)) === iris.y[i]) correct++
    }
    expect(two.folds[0].scores.accuracy).toBe(correct / splits[0].test.length)
  })

  it("refuses what does not follow the contract, an object that cannot reach the workers, and model files that name a module", async () => {
    const notOne = Estimators.fromModule(new URL("./fixtures/estimators/meanRegressor.js", import.meta.url), "NotAnEstimator")
    const contract = await failureOf(2, CrossValidation.crossValidate({ estimator: notOne, X: diabetes.X, y: diabetes.y }))
    expect(contract).toMatchObject({ _tag: "InvalidOption", option: "estimator module" })
    expect(contract.message).toMatch(/has no fit function/)
    const missing = await failureOf(2, CrossValidation.crossValidate({ estimator: Estimators.fromModule(new URL("./fixtures/estimators/meanRegressor.js", import.meta.url), "Nope"), X: diabetes.X, y: diabetes.y }))
    expect(missing.message).toMatch(/has no export "Nope" \(it exports MeanRegressor, NotAnEstimator\)/)
    const absent = await failureOf(1, CrossValidation.crossValidate({ estimator: Estimators.fromModule(new URL("./fixtures/estimators/absent.js", import.meta.url), "X"), X: diabetes.X, y: diabetes.y }))
    expect(absent.message).toMatch(/could not be imported/)
    expect(() => Estimators.fromModule("data:text/javascript,export default 1", "default")).toThrow(expect.objectContaining({ _tag: "InvalidOption", option: "estimator module" }))
    expect(() => Estimators.fromModule("./relative.js", "X")).toThrow(expect.objectContaining({ _tag: "InvalidOption" }))
    const own = { ...Linear.Ridge, name: "my-ridge" }
    const object = await failureOf(1, CrossValidation.crossValidate({ estimator: own, X: diabetes.X, y: diabetes.y }))
    expect(object.message).toMatch(/Estimators.fromModule/)
    // A model file may not choose code: one naming a module is refused before anything loads.
    const fitted = await runWith(1, CrossValidation.crossValidate({ estimator: mean, X: diabetes.X, y: diabetes.y, cv: { kind: "kfold", k: 2 }, returnModels: true }))
    const file = Model.toJson(fitted.folds[0].model!)
    expect(await Effect.runPromise(Effect.flip(Model.fromJson(file)))).toMatchObject({ _tag: "InvalidOption", option: "estimator module" })
    const piped = JSON.parse(file)
    piped.estimator = Pipeline.make([["s", Preprocessing.StandardScaler], ["m", mean]]).name
    expect(await Effect.runPromise(Effect.flip(Model.fromJson(JSON.stringify(piped))))).toMatchObject({ _tag: "InvalidOption", option: "estimator module" })
  })

  it("a process narrowed by WEFT_ALLOW_MODULES loads no module by URL", async () => {
    const before = process.env.WEFT_ALLOW_MODULES
    process.env.WEFT_ALLOW_MODULES = "ml-cart"
    try {
      const other = Estimators.fromModule(new URL("./fixtures/estimators/meanRegressor.js?narrowed", import.meta.url), "MeanRegressor")
      const refused = await failureOf(1, CrossValidation.crossValidate({ estimator: other, X: SharedMatrix.fromRows([[1], [2], [3], [4]]), y: Float64Array.of(1, 2, 3, 4), cv: { kind: "kfold", k: 2 } }))
      expect(refused.message).toMatch(/WEFT_ALLOW_MODULES/)
    } finally {
      if (before === undefined) delete process.env.WEFT_ALLOW_MODULES
      else process.env.WEFT_ALLOW_MODULES = before
    }
  })
})
