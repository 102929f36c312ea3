// Feature extraction over 10,000 random-walk series of 100 steps: summary
// statistics, a lag and rolling windows, one row of features per series.
// Run: node packages/ml-workflows/examples/features.mjs
import { Rng, SharedMatrix } from "@weft/core"
import { Features } from "@weft/ml-workflows"
import { WorkerPool } from "@weft/pool"
import { Effect } from "effect"

const series = SharedMatrix.zeros(10_000, 100)
const rng = new Rng.Rng(5)
for (let i = 0; i < series.rows; i++) for (let t = 1; t < 100; t++) series.set(i, t, series.get(i, t - 1) + rng.normal())

const spec = ["mean", "std", "min", "max", "slope", "lag:1", "rollingMean:10", "rollingStd:10"]
const program = Effect.gen(function* () {
  const F = yield* Features.extractFeatures(series, spec)
  console.log(`${F.rows} series x ${F.columns} features`)
  spec.forEach((name, j) => console.log(`  ${name.padEnd(14)} series 0: ${F.get(0, j).toFixed(3)}`))
})
Effect.runPromise(program.pipe(Effect.provide(WorkerPool.layer({ threads: "auto" }))))
