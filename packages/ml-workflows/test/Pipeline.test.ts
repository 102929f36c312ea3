// Pipelines: a scaler fitted inside each fold, against scikit-learn's
// cross_val_score(make_pipeline(StandardScaler(), Ridge())) and friends
// (tools/reference/pipeline.py wrote the fixture from the package's own data/).
import { BatchInference, CrossValidation, Datasets, Ensemble, Estimators, GridSearch, Linear, Metrics, Mljs, Model, Models, Pipeline, Preprocessing, Promises } from "@weft/ml-workflows"
import { Effect } from "effect"
import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { sharesStatistics } from "../src/internal/foldStatistics.js"
import { failureOf, runWith } from "./helpers/pool.js"

const sk = JSON.parse(readFileSync(new URL("./fixtures/sklearn-pipeline.json", import.meta.url), "utf8"))
const diabetes = Datasets.loadDataset("diabetes")
const cancer = Datasets.loadDataset("breast-cancer")

const scaledRidge = Pipeline.make([["scaler", Preprocessing.StandardScaler], ["ridge", "ridge"]])
const minmaxRidge = Pipeline.make([["scaler", "minmax-scaler"], ["ridge", Linear.Ridge]])
const scaledLogistic = Pipeline.make([["scaler", Preprocessing.StandardScaler], ["logistic", "logistic"]])

const within = (actual: ReadonlyArray<number>, expected: ReadonlyArray<number>, tolerance: number) => {
  expect(actual.length).toBe(expected.length)
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i] - expected[i]), `[${i}]: ${actual[i]} vs ${expected[i]}`).toBeLessThanOrEqual(tolerance)
}

describe("Pipeline", () => {
  it("gives scikit-learn's fold scores for make_pipeline(StandardScaler(), Ridge()) on diabetes and breast-cancer to 1e-10", async () => {
    for (const alpha of [0.5, 10]) {
      const result = await runWith(2, CrossValidation.crossValidate({ estimator: scaledRidge, params: { "ridge.alpha": alpha }, X: diabetes.X, y: diabetes.y, cv: { kind: "kfold", k: 5 } }))
      within(result.folds.map((f) => f.scores.r2), sk[`scaled_ridge_alpha${alpha}_diabetes_kfold5_r2`], 1e-10)
    }
    const noMean = await runWith(2, CrossValidation.crossValidate({ estimator: scaledRidge, params: { "scaler.withMean": false }, X: diabetes.X, y: diabetes.y }))
    within(noMean.folds.map((f) => f.scores.r2), sk.scaled_nomean_ridge_alpha1_diabetes_kfold5_r2, 1e-10)
    const minmax = await runWith(2, CrossValidation.crossValidate({ estimator: minmaxRidge, X: diabetes.X, y: diabetes.y }))
    within(minmax.folds.map((f) => f.scores.r2), sk.minmax_ridge_alpha1_diabetes_kfold5_r2, 1e-10)
    // And on breast-cancer (ridge on its 0/1 labels), whose unscaled features span five orders of magnitude.
    for (const [cv, name] of [[{ kind: "kfold", k: 5 }, "kfold5"], [{ kind: "stratified", k: 5 }, "stratified5"]] as const) {
      const result = await runWith(2, CrossValidation.crossValidate({ estimator: scaledRidge, X: cancer.X, y: cancer.y, cv }))
      within(result.folds.map((f) => f.scores.r2), sk[`scaled_ridge_alpha1_breast_cancer_${name}_r2`], 1e-10)
    }
    // The scaler really is fitted per fold: scaling all rows first (the leak) gives other scores.
    const leaked = Preprocessing.transform(Preprocessing.StandardScaler.fit(diabetes.X), diabetes.X)
    const leak = await runWith(1, CrossValidation.crossValidate({ estimator: "ridge", params: { alpha: 0.5 }, X: leaked, y: diabetes.y }))
    const fair = await runWith(1, CrossValidation.crossValidate({ estimator: scaledRidge, params: { "ridge.alpha": 0.5 }, X: diabetes.X, y: diabetes.y }))
    expect(Math.max(...leak.folds.map((f, i) => Math.abs(f.scores.r2 - fair.folds[i].scores.r2)))).toBeGreaterThan(1e-6)
  })

  it("gives scikit-learn's accuracy and log loss for make_pipeline(StandardScaler(), LogisticRegression()) with stratified folds on breast-cancer", async () => {
    const result = await runWith(
      2,
      CrossValidation.crossValidate({
        estimator: scaledLogistic,
        params: { "logistic.tol": 1e-10, "logistic.maxIter": 10000 },
        X: cancer.X,
        y: cancer.y,
        cv: { kind: "stratified", k: 5 },
        metrics: ["accuracy", "logloss"]
      })
    )
    const ref = sk.scaled_logistic_breast_cancer_stratified5
    expect(result.folds.map((f) => f.scores.accuracy)).toEqual(ref.accuracy)
    // weft's L-BFGS runs until the gradient is below tol (1e-10): the optimum, as scikit-learn's
    // newton-cholesky reaches it (gradient below 1e-12), to 1e-9 in log loss. scikit-learn's own
    // lbfgs stops earlier, on a relative decrease of the loss of 64 eps (scipy's ftol), about
    // 3e-6 short here: that is as close as weft can come to lbfgs's numbers.
    within(result.folds.map((f) => f.scores.logloss), ref.logloss_exact, 1e-9)
    within(result.folds.map((f) => f.scores.logloss), ref.logloss_lbfgs, 5e-6)
  })

  it("searches a grid whose keys reach into the steps, as GridSearchCV over ridge__alpha and standardscaler__with_std", async () => {
    const ref = sk.scaled_ridge_diabetes_grid
    const result = await runWith(
      2,
      GridSearch.gridSearch({ "ridge.alpha": [0.1, 1, 10, 100], "scaler.withStd": [true, false] }, { estimator: scaledRidge, X: diabetes.X, y: diabetes.y })
    )
    expect(result.candidates.map((c) => [c.params["ridge.alpha"], c.params["scaler.withStd"]])).toEqual(
      ref.params.map((p: { alpha: number; with_std: boolean }) => [p.alpha, p.with_std])
    )
    within(result.candidates.map((c) => c.mean.r2), ref.mean_test_score, 1e-10)
    expect(result.candidates.map((c) => c.rank)).toEqual(ref.rank_test_score)
    expect(result.bestIndex).toBe(ref.best_index)
    const best = result.bestModel!.state as { steps: ReadonlyArray<unknown>; model: { coef: Array<number>; intercept: number } }
    expect(best.steps.length).toBe(1)
    within(best.model.coef, ref.best_coef, 1e-8)
    within([best.model.intercept], [ref.best_intercept], 1e-8)
    // A standard scaler then a ridge is fitted from the shared statistics of a bare ridge (the scaler's
    // mean and variance are in them, internal/pipeline.ts); other pipelines take the ordinary path.
    expect(sharesStatistics("ridge")).toBe(true)
    expect(sharesStatistics(scaledRidge.name)).toBe(true)
    expect(sharesStatistics(minmaxRidge.name)).toBe(false)
    expect(sharesStatistics(scaledLogistic.name)).toBe(false)
    // The shared path equals fitting the scaler and the ridge on each fold's rows (the ordinary path, by hand here).
    const estimator = Models.getEstimator(scaledRidge.name)
    const splits = await Effect.runPromise(CrossValidation.splitsOf({ kind: "kfold", k: 5 }, diabetes.y))
    result.candidates.forEach((c) => {
      splits.forEach((split, f) => {
        const state = estimator.fit({ X: diabetes.X, y: diabetes.y, rows: split.train, seed: 0 }, estimator.params(c.params))
        const predicted = estimator.predict(state, diabetes.X, split.test)
        const truth = Float64Array.from(split.test, (i) => diabetes.y[i])
        within([c.foldScores[f].r2], [Metrics.r2Score(truth, predicted)], 1e-12)
      })
    })
    const one = await runWith(1, GridSearch.gridSearch({ "ridge.alpha": [0.1, 1, 10, 100], "scaler.withStd": [true, false] }, { estimator: scaledRidge, X: diabetes.X, y: diabetes.y }))
    expect(one.candidates.map((c) => c.foldScores)).toEqual(result.candidates.map((c) => c.foldScores))
    expect(one.bestModel!.state).toEqual(result.bestModel!.state)
  })

  it("randomSearch draws a pipeline's parameters, each candidate scored as crossValidate scores it", async () => {
    const result = await runWith(
      2,
      GridSearch.randomSearch({ "ridge.alpha": { logUniform: [0.01, 100] }, "scaler.withMean": [true, false] }, 4, { estimator: scaledRidge, X: diabetes.X, y: diabetes.y, seed: 3 })
    )
    expect(result.candidates.length).toBe(4)
    const c = result.candidates[2]
    const alone = await runWith(1, CrossValidation.crossValidate({ estimator: scaledRidge, params: c.params, X: diabetes.X, y: diabetes.y }))
    expect(alone.folds.map((f) => f.scores.r2)).toEqual(c.foldScores.map((s) => s.r2))
  })

  it("is bit-identical at 1 and 2 threads, fitted models included", async () => {
    const options = {
      estimator: scaledLogistic,
      params: { "logistic.C": 0.3 },
      X: cancer.X,
      y: cancer.y,
      cv: { kind: "stratified", k: 5, shuffle: true, seed: 4 } as const,
      metrics: ["accuracy", "logloss"],
      returnModels: true,
      returnPredictions: true
    }
    const one = await runWith(1, CrossValidation.crossValidate(options))
    const two = await runWith(2, CrossValidation.crossValidate(options))
    expect(two.folds.map((f) => f.scores)).toEqual(one.folds.map((f) => f.scores))
    expect(two.folds.map((f) => f.model?.state)).toEqual(one.folds.map((f) => f.model?.state))
    expect(Array.from(two.predictions!)).toEqual(Array.from(one.predictions!))
    const promised = await Promises.crossValidate({ ...options, threads: 2 })
    expect(promised.folds.map((f) => f.scores)).toEqual(one.folds.map((f) => f.scores))
  })

  it("is an estimator: its fitted model predicts in batches, saves to a model file and reads back", async () => {
    const fold = (await runWith(1, CrossValidation.crossValidate({ estimator: scaledRidge, X: diabetes.X, y: diabetes.y, cv: { kind: "kfold", k: 2 }, returnModels: true }))).folds[0]
    const model = fold.model!
    expect(model.estimator).toBe(scaledRidge.name)
    const state = model.state as { steps: [Preprocessing.StandardScaler]; model: Linear.LinearState }
    // By hand: standardise with the fitted scaler, then the ridge's linear function.
    const expected = Array.from({ length: diabetes.X.rows }, (_, i) => {
      let v = state.model.intercept
      for (let j = 0; j < diabetes.X.columns; j++) v += ((diabetes.X.get(i, j) - state.steps[0].mean[j]) / state.steps[0].scale[j]) * state.model.coef[j]
      return v
    })
    const predicted = await runWith(2, BatchInference.predict(model, diabetes.X, { batchSize: 50 }))
    within(Array.from(predicted), expected, 1e-9)
    const back = await Effect.runPromise(Model.fromJson(Model.toJson(model)))
    expect(Array.from(await runWith(1, BatchInference.predict(back, diabetes.X)))).toEqual(Array.from(predicted))
    // A tampered file names its field.
    const tampered = JSON.parse(Model.toJson(model))
    tampered.state.steps[0].scale[3] = 0
    const error = await Effect.runPromise(Effect.flip(Model.fromJson(JSON.stringify(tampered))))
    expect(error).toMatchObject({ _tag: "InvalidOption", option: "model file field", value: "state.steps[0].scale[3]" })
    delete tampered.state.model.intercept
    tampered.state.steps[0].scale[3] = 1
    expect(await Effect.runPromise(Effect.flip(Model.fromJson(JSON.stringify(tampered))))).toMatchObject({ value: "state.model.intercept" })
    tampered.state.steps = []
    expect(await Effect.runPromise(Effect.flip(Model.fromJson(JSON.stringify(tampered))))).toMatchObject({ value: "state.steps" })
  })

  it("ends with an mljs adapter too, in the workers, its grid keys reaching into it; fitted pipelines join ensembles", async () => {
    const tree = Estimators.fromMljs({ module: "ml-cart", export: "DecisionTreeRegression", kind: "regressor", defaults: { maxDepth: 5, minNumSamples: 3 } })
    const scaledTree = Pipeline.make([["scaler", "minmax-scaler"], ["tree", tree]])
    const options = { estimator: scaledTree, params: { "tree.maxDepth": 3 }, X: diabetes.X, y: diabetes.y, cv: { kind: "kfold", k: 4 } as const, returnModels: true }
    const one = await runWith(1, CrossValidation.crossValidate(options))
    const two = await runWith(2, CrossValidation.crossValidate(options))
    expect(two.folds.map((f) => f.scores)).toEqual(one.folds.map((f) => f.scores))
    // A tree splits on thresholds: min-max scaling (monotone per column) leaves its fold predictions as they were.
    const bare = await runWith(2, CrossValidation.crossValidate({ ...options, estimator: tree, params: { maxDepth: 3 } }))
    within(two.folds.map((f) => f.scores.r2), bare.folds.map((f) => f.scores.r2), 1e-12)
    const search = await runWith(2, GridSearch.gridSearch({ "tree.maxDepth": [2, 3] }, { estimator: scaledTree, X: diabetes.X, y: diabetes.y }))
    expect(search.candidates.map((c) => c.params["tree.maxDepth"])).toEqual([2, 3])
    // An adapter that declares no options leaves the grid's keys to the pipeline's own check.
    const open = Pipeline.make([["scaler", "minmax-scaler"], ["tree", Estimators.parse(Mljs.estimatorName({ module: "ml-cart", export: "DecisionTreeRegression", kind: "regressor" }))]])
    const opened = await runWith(2, GridSearch.gridSearch({ "tree.maxDepth": [2] }, { estimator: open, X: diabetes.X, y: diabetes.y }))
    expect(opened.candidates[0].error).toBeUndefined()
    // @ts-expect-error: a min-max scaler has no withMean (and the run refuses it too)
    const notAStep = await failureOf(1, GridSearch.gridSearch({ "scaler.withMean": [true] }, { estimator: open, X: diabetes.X, y: diabetes.y }))
    expect(notAStep).toMatchObject({ _tag: "InvalidOption", option: "scaler.withMean" })
    // Ensembles of fitted pipelines: the mean of the members' own predictions.
    const ridges = (await runWith(1, CrossValidation.crossValidate({ estimator: scaledRidge, X: diabetes.X, y: diabetes.y, cv: { kind: "kfold", k: 3 }, returnModels: true }))).folds.map((f) => f.model!)
    const members = await Promise.all(ridges.map((m) => runWith(1, BatchInference.predict(m, diabetes.X))))
    const mean = await runWith(2, Ensemble.ensemblePredict(ridges, diabetes.X))
    within(Array.from(mean), Array.from({ length: diabetes.X.rows }, (_, i) => (members[0][i] + members[1][i] + members[2][i]) / 3), 1e-12)
  })

  it("refuses unknown or ill-typed step parameters at the start, naming them and listing the known ones", async () => {
    const unknown = await failureOf(2, CrossValidation.crossValidate({ estimator: scaledRidge, params: { "ridge.alph": 1 } as never, X: diabetes.X, y: diabetes.y }))
    expect(unknown).toMatchObject({ _tag: "InvalidOption", option: "ridge.alph" })
    expect(unknown.message).toMatch(/alpha, fitIntercept/)
    const noStep = await failureOf(2, GridSearch.gridSearch({ alpha: [1] } as never, { estimator: scaledRidge, X: diabetes.X, y: diabetes.y }))
    expect(noStep).toMatchObject({ _tag: "InvalidOption" })
    expect(noStep.message).toMatch(/"scaler\.withMean", "scaler\.withStd", "ridge\.alpha", "ridge\.fitIntercept"/)
    const wrongType = await failureOf(2, CrossValidation.crossValidate({ estimator: scaledRidge, params: { "scaler.withMean": "yes" } as never, X: diabetes.X, y: diabetes.y }))
    expect(wrongType).toMatchObject({ _tag: "InvalidOption", option: "scaler.withMean", value: "yes" })
    const range = await failureOf(2, CrossValidation.crossValidate({ estimator: minmaxRidge, params: { "scaler.featureRange": [1, 0] }, X: diabetes.X, y: diabetes.y }))
    expect(range).toMatchObject({ _tag: "InvalidOption", option: "scaler.featureRange" })
    const negative = await failureOf(2, CrossValidation.crossValidate({ estimator: scaledRidge, params: { "ridge.alpha": -1 }, X: diabetes.X, y: diabetes.y }))
    expect(negative).toMatchObject({ _tag: "InvalidOption", option: "ridge.alpha" })
  })

  it("make refuses malformed pipelines with InvalidOption", () => {
    const cases: Array<[() => unknown, RegExp]> = [
      [() => Pipeline.make([]), /at least a final estimator/],
      [() => Pipeline.make([["ridge", "ridge"], ["scaler", Preprocessing.StandardScaler]]), /only the last step may be an estimator/],
      [() => Pipeline.make([["scaler", Preprocessing.StandardScaler]]), /last step must be an estimator/],
      [() => Pipeline.make([["a", Preprocessing.StandardScaler], ["a", "ridge"]]), /two steps have this name/],
      [() => Pipeline.make([["my.scaler", Preprocessing.StandardScaler], ["ridge", "ridge"]]), /no dot/],
      [() => Pipeline.make([["scaler", Preprocessing.StandardScaler], ["model", Estimators.parse("svm")]]), /unknown model/],
      [() => Pipeline.make([["scaler", Preprocessing.OneHotEncoder as never], ["ridge", "ridge"]]), /only the last step may be an estimator/]
    ]
    for (const [make, message] of cases) expect(make).toThrow(expect.objectContaining({ _tag: "InvalidOption", message: expect.stringMatching(message) }))
  })

  it("types its parameters and grid keys by its steps", () => {
    // Compiled by the package's typecheck; the lines only build values.
    const ok: Estimators.ParamsOf<typeof scaledRidge> = { "ridge.alpha": 1, "scaler.withMean": false }
    // @ts-expect-error: a misspelt parameter of a step
    const misspelt: Estimators.ParamsOf<typeof scaledRidge> = { "ridge.alph": 1 }
    // @ts-expect-error: a parameter of the wrong type
    const wrongType: Estimators.ParamsOf<typeof scaledRidge> = { "scaler.withStd": 1 }
    // @ts-expect-error: a bare parameter has no step
    const noStep: Estimators.GridOf<typeof scaledRidge> = { alpha: [1] }
    const grid: Estimators.GridOf<typeof minmaxRidge> = { "scaler.featureRange": [[0, 1], [-1, 1]], "ridge.alpha": [1] }
    // @ts-expect-error: a misspelt final estimator
    const typo = () => Pipeline.make([["scaler", Preprocessing.StandardScaler], ["ridge", "ridgee"]])
    expect([ok, misspelt, wrongType, noStep, grid, typo].length).toBe(6)
  })
})
