// Gradients: where the time goes (docs/BENCHMARKS.md). Gradients.meanGradient on the bench workload's default size,
// shard gradients into a new shared matrix per call ("new") or into one reused matrix ("into"), on a pool of 1 (inline) and
// 2 workers, 4 interleaved rounds of 6 timed calls: medians of wall time, process user and system CPU, and the workers' busy time per call.
// node --expose-gc docs/bench-2cores/ratio/gradients-phases.mjs   (after npm run build)
import { WorkerPool } from "@weft/pool"
import { SharedMatrix } from "@weft/core"
import { Gradients } from "@weft/ml-workflows"
import { Effect } from "effect"
import { gradients } from "../../../packages/bench/dist/workloads/gradients.js"
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2 }
const d = gradients.setup(gradients.sizes.default, 42)
const into = SharedMatrix.zeros(d.shards.length, d.state.params.length)
const all = { new: () => Gradients.meanGradient(d.state, d.X, d.y, d.shards), into: () => Gradients.meanGradient(d.state, d.X, d.y, d.shards, { into }) }
const REPS = 6
const res = {}
for (let round = 0; round < 4; round++) for (const threads of [1, 2]) {
  await Effect.runPromise(Effect.scoped(Effect.flatMap(WorkerPool.make({ threads, minParallelBatchSize: 1, oversubscribe: true }), (pool) => Effect.gen(function* () {
    for (const [name, f] of round % 2 ? Object.entries(all).reverse() : Object.entries(all)) {
      yield* f().pipe(Effect.provideService(WorkerPool.WorkerPool, pool))
      yield* pool.resetStats
      const ws = [], us = [], ss = []
      for (let i = 0; i < REPS; i++) { globalThis.gc?.(); const c = process.cpuUsage(); const t = performance.now(); yield* f().pipe(Effect.provideService(WorkerPool.WorkerPool, pool)); ws.push(performance.now() - t); const e = process.cpuUsage(c); us.push(e.user / 1000); ss.push(e.system / 1000) }
      const st = yield* pool.stats
      const k = `${name}@${threads}`
      ;(res[k] ??= []).push(`wall ${med(ws).toFixed(0)} user ${med(us).toFixed(0)} sys ${med(ss).toFixed(0)} busy ${(st.workers.reduce((a, w) => a + w.busyMs, 0) / REPS).toFixed(0)}`)
    }
  }))))
}
for (const [k, v] of Object.entries(res)) console.log(k.padEnd(8), v.join(" | "))
