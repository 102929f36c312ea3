/* eslint-disable no-console -- a report script: what it prints is the point */
// Where batch inference's main thread spends a 2-thread run: the benchmark's workload at its default size,
// a warm-up then 10 timed runs on one 2-thread pool, under `node --cpu-prof` (one profile per thread).
//   node --cpu-prof --cpu-prof-dir=/tmp/prof docs/bench-2cores/ratio/profile/inference-profile.mjs
//   node docs/bench-2cores/ratio/profile/summarize-profile.mjs /tmp/prof
import { Effect } from "effect"
import { WorkerPool } from "@weft/pool"
import { workloads } from "@weft/bench"

const w = workloads["batch-inference"]
const data = w.setup(w.sizes.default, 42)
const threads = Number(process.env.THREADS ?? 2)
const program = Effect.gen(function* () {
  yield* w.runWeft(data) // warm-up
  const times = []
  for (let i = 0; i < 10; i++) {
    const start = performance.now()
    yield* w.runWeft(data)
    times.push(performance.now() - start)
  }
  return times
}).pipe(Effect.provide(WorkerPool.layer({ threads })))
const times = await Effect.runPromise(program)
console.log(`batch inference, ${threads} threads, 10 runs: ${times.map((t) => t.toFixed(0)).join(" ")} ms`)
