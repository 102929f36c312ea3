// What a pipeline costs in a search: a 5-alpha ridge grid, 5 folds, on
// synthetic 20,000 x 40 (seed 1), 2 threads, as
// - `standard`: Pipeline.make([["scaler", StandardScaler], ["ridge", "ridge"]])
//   on the raw data: the scaler fitted inside each fold, from each fold's
//   shared linear statistics (internal/pipeline.ts, scaledLinear);
// - `minmax`: the same with a MinMaxScaler, which the linear statistics do
//   not carry: every (candidate, fold) pair fitted on its own (the ordinary path);
// - `ridge`: "ridge" on data scaled once beforehand (the leak a pipeline
//   avoids), the shared-statistics path of a bare ridge.
// Not the same models (that is the point of a pipeline). One pool, the three
// in a rotating order, a first warm-up round dropped; prints median and
// range, and the load average before and after.
//   node packages/ml-workflows/bench/pipeline.bench.mjs [--reps 5]
import { Datasets, GridSearch, Pipeline, Preprocessing } from "@weft/ml-workflows"
import { WorkerPool } from "@weft/pool"
import { Effect, Layer } from "effect"
import * as os from "node:os"

const at = process.argv.indexOf("--reps")
const reps = at > 0 ? Number(process.argv[at + 1]) : 5
const data = Datasets.syntheticRegression({ rows: 20000, features: 40, noise: 0.5, seed: 1 })
const scaled = Preprocessing.transform(Preprocessing.StandardScaler.fit(data.X), data.X)
const standard = Pipeline.make([["scaler", Preprocessing.StandardScaler], ["ridge", "ridge"]])
const minmax = Pipeline.make([["scaler", Preprocessing.MinMaxScaler], ["ridge", "ridge"]])
const alphas = [0.01, 0.1, 1, 10, 100]
const runs = {
  standard: () => GridSearch.gridSearch({ "ridge.alpha": alphas }, { estimator: standard, X: data.X, y: data.y }),
  minmax: () => GridSearch.gridSearch({ "ridge.alpha": alphas }, { estimator: minmax, X: data.X, y: data.y }),
  ridge: () => GridSearch.gridSearch({ alpha: alphas }, { estimator: "ridge", X: scaled, y: data.y })
}
const names = Object.keys(runs)
const times = Object.fromEntries(names.map((n) => [n, []]))
console.log("load average before:", os.loadavg().map((l) => l.toFixed(2)).join(" "), "on", os.availableParallelism(), "cores")
await Effect.runPromise(
  Effect.scoped(
    Effect.gen(function* () {
      const pool = yield* Layer.build(WorkerPool.layer({ threads: 2 }))
      for (let r = 0; r <= reps; r++) {
        for (let q = 0; q < names.length; q++) {
          const name = names[(q + r) % names.length]
          const t = performance.now()
          yield* runs[name]().pipe(Effect.provide(pool))
          if (r > 0) times[name].push(performance.now() - t)
        }
      }
    })
  )
)
for (const [name, t] of Object.entries(times)) {
  t.sort((a, b) => a - b)
  console.log(`${name}: median ${t[Math.floor(t.length / 2)].toFixed(0)} ms, range ${t[0].toFixed(0)}-${t[t.length - 1].toFixed(0)} (n ${t.length})`)
}
console.log("load average after:", os.loadavg().map((l) => l.toFixed(2)).join(" "))
