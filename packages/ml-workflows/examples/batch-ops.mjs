// Batched linear algebra: one 64x64 matrix times 50,000 vectors, and an
// element-wise product over 100 pairs of matrices.
// Run: node packages/ml-workflows/examples/batch-ops.mjs
import { Rng, SharedMatrix } from "@weft/core"
import { BatchOps } from "@weft/ml-workflows"
import { WorkerPool } from "@weft/pool"
import { Effect } from "effect"

const random = (rows, columns, seed) => {
  const rng = new Rng.Rng(seed)
  const M = SharedMatrix.zeros(rows, columns)
  for (let k = 0; k < M.data.length; k++) M.data[k] = rng.normal()
  return M
}
const A = random(64, 64, 1)
const V = random(50_000, 64, 2)

const program = Effect.gen(function* () {
  const AV = yield* BatchOps.matVec(A, V)
  console.log(`A·v for ${V.rows} vectors -> ${AV.rows} x ${AV.columns}; first value ${AV.get(0, 0).toFixed(4)}`)
  const as = Array.from({ length: 100 }, (_, i) => random(100, 100, 10 + i))
  const bs = Array.from({ length: 100 }, (_, i) => random(100, 100, 200 + i))
  const products = yield* BatchOps.elementwise("multiply", as, bs)
  console.log(`${products.length} element-wise products; check: ${products[0].get(0, 0) === as[0].get(0, 0) * bs[0].get(0, 0)}`)
})
Effect.runPromise(program.pipe(Effect.provide(WorkerPool.layer({ threads: "auto" }))))
