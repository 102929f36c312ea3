// Grid search: logistic regression on iris, C over 5 values x stratified 5
// folds = 25 tasks on every core; ranked, and the best refitted on all data.
// Run: node packages/ml-workflows/examples/grid-search.mjs
import { Datasets, GridSearch } from "@weft/ml-workflows"
import { WorkerPool } from "@weft/pool"
import { Effect } from "effect"

const { X, y } = Datasets.loadDataset("iris")

const program = Effect.gen(function* () {
  const result = yield* GridSearch.gridSearch({ C: [0.01, 0.1, 1, 10, 100] }, { estimator: "logistic", X, y, cv: { kind: "stratified", k: 5 }, metrics: ["accuracy", "f1-macro"] })
  for (const c of [...result.candidates].sort((a, b) => a.rank - b.rank)) {
    console.log(`rank ${c.rank}: C=${c.params.C}  accuracy ${c.mean.accuracy.toFixed(3)} ± ${c.std.accuracy.toFixed(3)}  F1 ${c.mean["f1-macro"].toFixed(3)}`)
  }
  console.log("best:", result.bestParams)
})
Effect.runPromise(program.pipe(Effect.provide(WorkerPool.layer({ threads: "auto" }))))
