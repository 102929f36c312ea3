// The ML operations as Promises, without Effect: a stratified cross-validation
// of a pipeline (a scaler fitted inside each fold), a grid search, and a search
// cancelled with an AbortSignal.
// Run from the repository root after `npm run build`: node packages/ml-workflows/examples/promises.mjs
import { Datasets, Pipeline, Promises, Transformers } from "@weft/ml-workflows"

const cancer = Datasets.loadDataset("breast-cancer")
// Scaled inside each fold, on its training rows only, as make_pipeline(StandardScaler(), LogisticRegression()).
const scaledLogistic = Pipeline.make([["scaler", Transformers.StandardScaler], ["logistic", "logistic"]])

// A pool of 2 threads is started for the call and closed before the promise settles.
const cv = await Promises.crossValidate({
  estimator: scaledLogistic,
  params: { "logistic.C": 1 },
  X: cancer.X,
  y: cancer.y,
  cv: { kind: "stratified", k: 5 },
  threads: 2
})
console.log("stratified 5-fold accuracy:", cv.mean.accuracy.toFixed(4), "±", cv.std.accuracy.toFixed(4))

const diabetes = Datasets.loadDataset("diabetes")
const search = await Promises.gridSearch({ alpha: [0.01, 0.1, 1, 10] }, { estimator: "ridge", X: diabetes.X, y: diabetes.y, threads: 2 })
console.log("best:", search.bestParams, "r2", search.bestScore.toFixed(6))

// Abort: the promise rejects with signal.reason, a DOMException named "AbortError".
const controller = new globalThis.AbortController()
setTimeout(() => controller.abort(), 200)
try {
  await Promises.randomSearch({ "mlp.l2": { logUniform: [1e-5, 1] } }, 50, {
    estimator: Pipeline.make([["scaler", Transformers.StandardScaler], ["mlp", "mlp-classifier"]]),
    X: cancer.X,
    y: cancer.y,
    threads: 2,
    signal: controller.signal
  })
} catch (error) {
  console.log("aborted:", error.name)
}
