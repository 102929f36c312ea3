// An estimator of your own, cross-validated in parallel: the workers import
// its module (examples/tasks/nearestCentroid.mjs) by the URL you give, alone
// or as the last step of a pipeline. (Not on a cluster: a queue carries no code.)
// Run from the repository root after `npm run build`: node packages/ml-workflows/examples/own-estimator.mjs
import { Datasets, Estimators, Pipeline, Promises, Transformers } from "@weft/ml-workflows"

const iris = Datasets.loadDataset("iris")
const nearest = Estimators.fromModule(new URL("./tasks/nearestCentroid.mjs", import.meta.url), "default")

const alone = await Promises.crossValidate({ estimator: nearest, X: iris.X, y: iris.y, cv: { kind: "stratified", k: 5 }, threads: 2 })
console.log("nearest centroid, accuracy:", alone.mean.accuracy.toFixed(4))

const scaled = Pipeline.make([["scaler", Transformers.StandardScaler], ["nearest", nearest]])
const piped = await Promises.crossValidate({ estimator: scaled, X: iris.X, y: iris.y, cv: { kind: "stratified", k: 5 }, threads: 2 })
console.log("scaled, then nearest centroid, accuracy:", piped.mean.accuracy.toFixed(4))
