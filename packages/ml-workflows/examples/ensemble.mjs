// Ensembles: three differently regularised models predict in parallel; their
// predictions are combined by mean, true median and weighted mean.
// Run: node packages/ml-workflows/examples/ensemble.mjs
import { Datasets, Ensemble, Metrics, Registry } from "@weft/ml-workflows"
import { WorkerPool } from "@weft/pool"
import { Effect } from "effect"

const { X, y } = Datasets.loadDataset("diabetes")
const fit = (estimator, params) => {
  const e = Registry.getEstimator(estimator)
  const p = e.params(params)
  return { estimator, params: p, state: e.fit({ X, y, seed: 0 }, p) }
}
const models = [fit("linear", {}), fit("ridge", { alpha: 0.1 }), fit("ridge", { alpha: 10 })]

const program = Effect.gen(function* () {
  for (const aggregate of ["mean", "median", "weighted"]) {
    const yHat = yield* Ensemble.ensemblePredict(models, X, { aggregate, weights: [1, 2, 1] })
    console.log(`${aggregate.padEnd(8)} R² ${Metrics.r2Score(y, yHat).toFixed(4)}`)
  }
})
Effect.runPromise(program.pipe(Effect.provide(WorkerPool.layer({ threads: "auto", minParallelBatchSize: 2 }))))
