// Batch inference: fit a ridge model on the diabetes data, then predict all
// rows in batches of 64 on every core. Run: node packages/ml-workflows/examples/batch-inference.mjs
import { BatchInference, Datasets, Registry } from "@weft/ml-workflows"
import { WorkerPool } from "@weft/pool"
import { Effect } from "effect"

const { X, y } = Datasets.loadDataset("diabetes")
const ridge = Registry.getEstimator("ridge")
const params = ridge.params({ alpha: 0.1 })
const model = { estimator: "ridge", params, state: ridge.fit({ X, y, seed: 0 }, params) }

const program = Effect.gen(function* () {
  const yHat = yield* BatchInference.predict(model, X, { batchSize: 64 })
  console.log(`predicted ${yHat.length} rows; first three: ${Array.from(yHat.slice(0, 3), (v) => v.toFixed(1)).join(", ")}`)
  console.log(`true values:                 ${Array.from(y.slice(0, 3)).join(", ")}`)
})
Effect.runPromise(program.pipe(Effect.provide(WorkerPool.layer({ threads: "auto" }))))
