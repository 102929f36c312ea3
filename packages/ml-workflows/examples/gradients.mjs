// Data-parallel training: every minibatch is cut into 4 shards whose
// gradients are computed in parallel and summed in shard order; the result is
// the same at any thread count. Run: node packages/ml-workflows/examples/gradients.mjs
import { Datasets, Gradients, Metrics, BatchInference } from "@weft/ml-workflows"
import { WorkerPool } from "@weft/pool"
import { Effect } from "effect"

const data = Datasets.syntheticRegression({ rows: 5000, features: 10, noise: 0.5, seed: 3 })
const { X } = data
// Networks train best on a target of unit scale.
const scale = Math.sqrt(data.y.reduce((a, v) => a + v * v, 0) / data.y.length)
const y = data.y.map((v) => v / scale)

const program = Effect.gen(function* () {
  const started = performance.now()
  const model = yield* Gradients.trainMlp({ X, y, params: { hiddenLayers: [32], epochs: 20, batchSize: 128, learningRate: 0.01 }, shards: 4, seed: 1 })
  const yHat = yield* BatchInference.predict(model, X)
  console.log(`trained in ${(performance.now() - started).toFixed(0)} ms; training R² ${Metrics.r2Score(y, yHat).toFixed(3)}`)
})
Effect.runPromise(program.pipe(Effect.provide(WorkerPool.layer({ threads: "auto" }))))
