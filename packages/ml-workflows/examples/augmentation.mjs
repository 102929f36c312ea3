// Data augmentation: 20 noisy, rescaled copies of iris, each copy from its own
// derived seed, so the result is the same at any thread count.
// Run: node packages/ml-workflows/examples/augmentation.mjs
import { Augment, Datasets } from "@weft/ml-workflows"
import { WorkerPool } from "@weft/pool"
import { Effect } from "effect"

const { X } = Datasets.loadDataset("iris")

const program = Effect.gen(function* () {
  const bigger = yield* Augment.augment(X, { copies: 20, noise: 0.05, scale: [0.95, 1.05], seed: 1 })
  console.log(`${X.rows} rows -> ${bigger.rows} rows`)
  console.log("row 0:          ", X.toRows()[0].join(", "))
  console.log("row 0, copy 1:  ", bigger.toRows()[X.rows].map((v) => v.toFixed(2)).join(", "))
})
Effect.runPromise(program.pipe(Effect.provide(WorkerPool.layer({ threads: "auto" }))))
