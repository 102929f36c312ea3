// Why did 2 threads beat 2x on 2 cores? (docs/BENCHMARKS.md, "Workloads resized, the >2x explained")
// For each workload, three ways of running the same timed operation, each on its own fresh pool, interleaved:
//   inline  : the 1-thread pool as the benchmark ran it (tasks on the main thread, in the main isolate)
//   worker1 : a 1-thread pool with offMainThread (one worker thread, like each of the 2-thread pool's)
//   workers2: the 2-thread pool
// Per timed sample: wall time, the process's CPU time (all threads), and the main isolate's GC time and count
// (PerformanceObserver "gc" entries). CPU time, not wall time, is the evidence under load.
// node --expose-gc docs/bench-2cores/ratio/superlinear.mjs [workload,...] [samples=4] [rounds=2]   (after the build)
import { Effect } from "effect"
import * as os from "node:os"
import { PerformanceObserver } from "node:perf_hooks"
import { WorkerPool } from "@weft/pool"
import { workloads } from "../../../packages/bench/dist/index.js"

const names = (process.argv[2] ?? "cross-validation,preprocessing,grid-search,batch-inference").split(",")
const samples = Number(process.argv[3] ?? 4)
const rounds = Number(process.argv[4] ?? 2)
const seed = 42

let gcMs = 0
let gcCount = 0
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gcMs += e.duration
    gcCount++
  }
}).observe({ entryTypes: ["gc"] })

const allModes = [
  { name: "inline", threads: 1, offMainThread: false },
  { name: "worker1", threads: 1, offMainThread: true },
  { name: "workers2", threads: 2, offMainThread: false }
]
// MODES=inline,worker1 to run only some (e.g. under --cpu-prof).
const modes = allModes.filter((m) => process.env.MODES === undefined || process.env.MODES.split(",").includes(m.name))

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

const timeMode = (w, data, mode) =>
  Effect.scoped(
    Effect.gen(function* () {
      const pool = yield* WorkerPool.make({ threads: mode.threads, offMainThread: mode.offMainThread, minParallelBatchSize: 1, oversubscribe: true })
      const run = w.runWeft(data).pipe(Effect.provideService(WorkerPool.WorkerPool, pool))
      const out = []
      for (let i = 0; i < samples + 1; i++) {
        // NOGC=1: no forced collection before each sample (the benchmark forces one on the main isolate only).
        // GCTYPE=minor: a scavenge only (V8's gc({ type: "minor" })) instead of the full collection.
        if (!process.env.NOGC) globalThis.gc?.(process.env.GCTYPE ? { type: process.env.GCTYPE } : undefined)
        const g0 = gcMs, c0 = gcCount
        const cpu0 = process.cpuUsage()
        const h0 = process.hrtime.bigint()
        const t0 = performance.now()
        const result = yield* run
        const wall = performance.now() - t0
        // WINDOWS=1: each timed sample's monotonic interval (µs), to cut a --cpu-prof profile to the timed samples.
        if (process.env.WINDOWS && i > 0) console.error(`window ${mode.name} ${h0 / 1000n} ${process.hrtime.bigint() / 1000n}`)
        const cpu = process.cpuUsage(cpu0)
        w.fingerprint(result)
        if (i > 0) out.push({ wall, cpu: (cpu.user + cpu.system) / 1000, gcMs: gcMs - g0, gcs: gcCount - c0 })
      }
      return out
    })
  )

for (const name of names) {
  const w = workloads[name]
  const data = w.setup(w.sizes.default, seed)
  console.log(`${name}: ${w.describe(w.sizes.default)}`)
  const all = Object.fromEntries(modes.map((m) => [m.name, []]))
  for (let r = 0; r < rounds; r++) {
    for (const mode of r % 2 ? [...modes].reverse() : modes) {
      const l0 = os.loadavg()[0]
      const s = await Effect.runPromise(timeMode(w, data, mode))
      all[mode.name].push(...s)
      console.log(
        `  round ${r + 1} ${mode.name.padEnd(8)} load ${l0.toFixed(1)}: wall ${s.map((x) => x.wall.toFixed(0)).join(" ")} ms | cpu ${s.map((x) => x.cpu.toFixed(0)).join(" ")} ms | main-isolate gc ${s.map((x) => `${x.gcMs.toFixed(0)}/${x.gcs}`).join(" ")} ms/count`
      )
    }
  }
  for (const m of modes) {
    const s = all[m.name]
    console.log(`  ${m.name.padEnd(8)} median: wall ${median(s.map((x) => x.wall)).toFixed(0)} ms, cpu ${median(s.map((x) => x.cpu)).toFixed(0)} ms, main gc ${median(s.map((x) => x.gcMs)).toFixed(1)} ms (${median(s.map((x) => x.gcs))} gcs)`)
  }
}
