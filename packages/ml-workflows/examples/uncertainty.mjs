// Monte-Carlo dropout: an MLP trained with dropout, then 200 stochastic
// passes per row; mean, standard deviation and a 90% interval per row.
// Run: node packages/ml-workflows/examples/uncertainty.mjs
import { Datasets, Gradients, Uncertainty } from "@weft/ml-workflows"
import { WorkerPool } from "@weft/pool"
import { Effect } from "effect"

const data = Datasets.syntheticRegression({ rows: 2000, features: 8, noise: 0.3, seed: 1 })
const { X } = data
// Networks train best on a target of unit scale.
const scale = Math.sqrt(data.y.reduce((a, v) => a + v * v, 0) / data.y.length)
const y = data.y.map((v) => v / scale)

const program = Effect.gen(function* () {
  const mlp = yield* Gradients.trainMlp({ X, y, params: { hiddenLayers: [32], epochs: 40, dropout: 0.1, learningRate: 0.01 }, seed: 1 })
  const u = yield* Uncertainty.predictWithUncertainty(mlp, X, { samples: 200, seed: 7, quantiles: [0.05, 0.95] })
  for (let i = 0; i < 3; i++) {
    console.log(`row ${i}: y = ${y[i].toFixed(2)}, mean ${u.mean[i].toFixed(2)} ± ${u.std[i].toFixed(2)}, 90% in [${u.quantiles[0][i].toFixed(2)}, ${u.quantiles[1][i].toFixed(2)}]`)
  }
})
Effect.runPromise(program.pipe(Effect.provide(WorkerPool.layer({ threads: "auto" }))))
