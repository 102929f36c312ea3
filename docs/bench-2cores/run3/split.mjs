/* eslint-disable no-console -- a measurement script: what it prints is the point */
// Preprocessing's two halves timed apart (the workload's size: 1M rows x 32, chunks of 4096 rows, a reused output),
// 6 runs each on a fresh pool: node --expose-gc docs/bench-2cores/run3/split.mjs THREADS
import { SharedMatrix } from "@weft/core"
import { Datasets, Preprocess } from "@weft/ml-workflows"
import { WorkerPool } from "@weft/pool"
import { Effect } from "effect"

const threads = Number(process.argv[2] ?? 2)
const X = Datasets.syntheticRegression({ rows: 1_000_000, features: 32, seed: 42 }).X
const out = SharedMatrix.zeros(X.rows, X.columns)
const program = Effect.gen(function* () {
  for (let r = 0; r < 6; r++) {
    globalThis.gc?.()
    let t = performance.now()
    const scaler = yield* Preprocess.fit(X, { kind: "standard" }, { batchSize: 4096 })
    const fit = performance.now() - t
    t = performance.now()
    yield* Preprocess.transform(scaler, X, { batchSize: 4096, out })
    console.log(`${threads} thread(s): fit ${fit.toFixed(0)} ms, transform ${(performance.now() - t).toFixed(0)} ms`)
  }
})
await Effect.runPromise(program.pipe(Effect.provide(WorkerPool.layer({ threads }))))
