// weft demo: multiply a 2000 x 300 matrix by a 300 x 300 one, row blocks in
// parallel on every core, and check the result equals the sequential one bit
// for bit. Run from the repository root: npm run demo
import { SharedMatrix, Rng } from "@weft/core"
import { TaskModule, WorkerPool } from "@weft/pool"
import { Effect } from "effect"
import { availableParallelism } from "node:os"
import { matmulRows } from "./kernels.mjs"

const Kernels = TaskModule.make(new URL("./kernels.mjs", import.meta.url))

const random = (rows, columns, seed) => {
  const rng = new Rng.Rng(seed)
  const X = SharedMatrix.zeros(rows, columns)
  for (let k = 0; k < X.data.length; k++) X.data[k] = rng.normal()
  return X
}

const X = random(2000, 300, 1)
const W = random(300, 300, 2)
const blocks = Array.from({ length: 40 }, (_, b) => [b * 50, b * 50 + 50])

const program = Effect.gen(function* () {
  const pool = yield* WorkerPool.WorkerPool
  const tasks = yield* pool.load(Kernels)

  // One warm-up pass each, so that both sides run JIT-compiled code.
  const scratch = SharedMatrix.zeros(2000, 300)
  for (const block of blocks.slice(0, 4)) matmulRows(block, X, W, scratch)
  yield* pool.map(tasks.matmulRows, blocks.slice(0, 4), { args: [X, W, scratch], chunkSize: 1, minParallelBatchSize: 1 })

  const sequential = SharedMatrix.zeros(2000, 300)
  let t = performance.now()
  for (const block of blocks) matmulRows(block, X, W, sequential)
  const sequentialMs = performance.now() - t

  const parallel = SharedMatrix.zeros(2000, 300)
  t = performance.now()
  yield* pool.map(tasks.matmulRows, blocks, { args: [X, W, parallel], chunkSize: 1 })
  const parallelMs = performance.now() - t

  const identical = sequential.data.every((v, k) => Object.is(v, parallel.data[k]))
  const stats = yield* pool.stats
  console.log(`weft demo: 2000x300 by 300x300 matrix product in 40 row blocks`)
  console.log(`  cores: ${availableParallelism()}, workers: ${pool.size}, node ${process.version}`)
  console.log(`  sequential (main thread): ${sequentialMs.toFixed(1)} ms`)
  console.log(`  weft pool:                ${parallelMs.toFixed(1)} ms  (${(sequentialMs / parallelMs).toFixed(2)}x)`)
  console.log(`  results identical bit for bit: ${identical}`)
  console.log(`  worker utilisation: ${stats.workers.map((w) => (100 * w.utilisation).toFixed(0) + "%").join(", ")} of the pool's lifetime`)
  if (!identical) return yield* Effect.dieMessage("parallel result differs from sequential")
})

Effect.runPromise(program.pipe(Effect.provide(WorkerPool.layer({ threads: "auto" })))).catch((error) => {
  console.error(error)
  process.exitCode = 1
})
