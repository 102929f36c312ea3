// Your own model in a task module: ./tasks/polynomial.mjs exports a plain
// function; BatchInference.mapBatches runs it on batches of rows in parallel.
// Run: node packages/ml-workflows/examples/custom-task.mjs
import { SharedMatrix } from "@weft/core"
import { BatchInference } from "@weft/ml-workflows"
import { TaskModule, WorkerPool } from "@weft/pool"
import { Effect } from "effect"

const Polynomial = TaskModule.make(new URL("./tasks/polynomial.mjs", import.meta.url))
const X = SharedMatrix.fromRows(Array.from({ length: 10_000 }, (_, i) => [i / 10_000, 1 - i / 10_000]))

const program = Effect.gen(function* () {
  const pool = yield* WorkerPool.WorkerPool
  const tasks = yield* pool.load(Polynomial)
  const parts = yield* BatchInference.mapBatches(tasks.evaluate, X, { args: [[1, 2, 3]], batchSize: 1000 })
  console.log(`${parts.length} batches; p(x) for row 0: ${parts[0][0]}, for the last row: ${parts.at(-1).at(-1)}`)
})
Effect.runPromise(program.pipe(Effect.provide(WorkerPool.layer({ threads: "auto" }))))
