// Peak memory of a 5-fold cross-validation on a 200 MB dataset: the folds read
// their training rows of the shared matrix by index, so the run should hold no
// extra copy of X (issue 3: "not more than one extra copy").
//   node --expose-gc packages/ml-workflows/bench/memory.bench.mjs [--rows 500000] [--threads 2]
import { Rng, SharedMatrix } from "@weft/core"
import { CrossValidation } from "@weft/ml-workflows"
import { WorkerPool } from "@weft/pool"
import { Effect } from "effect"
import * as os from "node:os"

const arg = (name, fallback) => {
  const at = process.argv.indexOf(name)
  return at > 0 ? Number(process.argv[at + 1]) : fallback
}
const rows = arg("--rows", 500_000)
const columns = 50
const threads = arg("--threads", 2)
const mb = (bytes) => (bytes / 2 ** 20).toFixed(0)

const X = SharedMatrix.zeros(rows, columns)
const y = new Float64Array(new SharedArrayBuffer(rows * 8))
const rng = new Rng.Rng(1)
for (let i = 0; i < rows; i++) {
  let s = 0
  for (let j = 0; j < columns; j++) {
    const v = rng.normal()
    X.data[i * columns + j] = v
    s += (j % 7) * v
  }
  y[i] = s + rng.normal()
}
const dataBytes = X.data.byteLength + y.byteLength

const program = Effect.gen(function* () {
  const pool = yield* WorkerPool.WorkerPool
  yield* pool.resetStats
  globalThis.gc?.()
  const before = process.memoryUsage().rss
  let peak = before
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5)
  const started = performance.now()
  const cv = yield* CrossValidation.crossValidate({ estimator: "ridge", params: { alpha: 1 }, X, y, cv: { kind: "kfold", k: 5 } })
  const ms = performance.now() - started
  clearInterval(timer)
  peak = Math.max(peak, process.memoryUsage().rss)
  console.log(`machine: ${os.cpus()[0]?.model}, ${os.availableParallelism()} cores, Node ${process.version}`)
  console.log(`dataset: ${rows} x ${columns} (+ y) = ${mb(dataBytes)} MiB in shared memory`)
  console.log(`5-fold ridge CV on ${threads} threads: ${ms.toFixed(0)} ms, mean R² ${cv.mean.r2.toFixed(4)}`)
  console.log(`RSS before the run (data and workers loaded): ${mb(before)} MiB; peak during the run: ${mb(peak)} MiB`)
  console.log(`peak growth during the run: ${mb(peak - before)} MiB = ${((peak - before) / dataBytes).toFixed(2)} copies of the dataset`)
})

await Effect.runPromise(program.pipe(Effect.provide(WorkerPool.layer({ threads, minParallelBatchSize: 1 }))))
