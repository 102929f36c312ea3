// Preprocessing: standardise the breast-cancer features, with the column
// statistics computed per chunk in parallel and merged exactly.
// Run: node packages/ml-workflows/examples/preprocessing.mjs
import { Datasets, Preprocess, Stats } from "@weft/ml-workflows"
import { WorkerPool } from "@weft/pool"
import { Effect } from "effect"

const { X, featureNames } = Datasets.loadDataset("breast-cancer")

const program = Effect.gen(function* () {
  const scaler = yield* Preprocess.fit(X, { kind: "standard" }, { batchSize: 64 })
  const Z = yield* Preprocess.transform(scaler, X, { batchSize: 64 })
  const after = Stats.columnStats(Z)
  console.log(`${featureNames[0]}: mean ${scaler.mean[0].toFixed(3)}, scale ${scaler.scale[0].toFixed(3)}`)
  console.log(`after scaling: mean ${after.mean[0].toExponential(1)}, std ${Math.sqrt(after.m2[0] / after.count[0]).toFixed(6)}`)
})
Effect.runPromise(program.pipe(Effect.provide(WorkerPool.layer({ threads: "auto", minParallelBatchSize: 2 }))))
