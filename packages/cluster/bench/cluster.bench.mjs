// The cost of going through Redis, and a grid search on 1, 2 and 3 local nodes.
//
//   node packages/cluster/bench/cluster.bench.mjs [--quick] [--json FILE]
//
// Needs redis-server (tools/ensure-redis.sh installs it) and a build (npm run build).
// 1. Overhead: trivial tasks as single-item jobs (jobs/s through Redis and a
//    node), and the round trip of one task (caller -> queue -> node -> caller).
// 2. A grid search (MLP regressor, 6 candidates x 3 folds) run locally on
//    1 and 2 threads, then on 1, 2 and 3 nodes of one thread each, so that the
//    nodes share this machine's cores fairly. Every remote result is checked
//    equal to the local one.
import { RemotePool, Testing } from "@weft/cluster"
import { Datasets, GridSearch } from "@weft/ml-workflows"
import { TaskModule, WorkerPool } from "@weft/pool"
import { Effect } from "effect"
import { writeFileSync } from "node:fs"
import * as os from "node:os"
import { startNode } from "../test/support/nodes.mjs"

const quick = process.argv.includes("--quick")
const jsonAt = process.argv.indexOf("--json")
const repeats = quick ? 1 : 3
const Tasks = TaskModule.make(new URL("../test/support/tasks.mjs", import.meta.url))
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const time = async (f) => {
  const t = performance.now()
  const value = await f()
  return { ms: performance.now() - t, value }
}

const server = await Testing.startRedis()
const results = { machine: { cpu: os.cpus()[0]?.model, cores: os.availableParallelism(), memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, redis: "redis-server on loopback" }, overhead: {}, grid: [] }
const nodes = []
try {
  // ------------------------------------------------------------- overhead
  nodes.push(await startNode(server.url, { threads: 1 }))
  const remote = (effect) => Effect.runPromise(effect.pipe(Effect.provide(RemotePool.layer({ redis: server.url }))))
  const jobs = quick ? 200 : 2000
  const throughput = await remote(
    Effect.gen(function* () {
      const pool = yield* WorkerPool.WorkerPool
      const tasks = yield* pool.load(Tasks)
      yield* pool.map(tasks.square, [1, 2, 3], { chunkSize: 1 }) // warm-up
      const t = performance.now()
      const out = yield* pool.map(tasks.square, Array.from({ length: jobs }, (_, i) => i), { chunkSize: 1 })
      const ms = performance.now() - t
      if (out[jobs - 1] !== (jobs - 1) ** 2) throw new Error("wrong result")
      const lat = []
      for (let i = 0; i < (quick ? 20 : 100); i++) {
        const s = performance.now()
        yield* pool.run(tasks.square, i)
        lat.push(performance.now() - s)
      }
      const tChunked = performance.now()
      yield* pool.map(tasks.square, Array.from({ length: jobs * 10 }, (_, i) => i), { chunkSize: 500 })
      const chunkedMs = performance.now() - tChunked
      return { jobsPerSecond: (jobs / ms) * 1000, roundTripMedianMs: median(lat), roundTripP90Ms: [...lat].sort((a, b) => a - b)[Math.floor(lat.length * 0.9)], itemsPerSecondChunked500: ((jobs * 10) / chunkedMs) * 1000 }
    })
  )
  results.overhead = { jobs, ...throughput }
  console.log(`overhead: ${throughput.jobsPerSecond.toFixed(0)} single-item jobs/s; round trip median ${throughput.roundTripMedianMs.toFixed(2)} ms (p90 ${throughput.roundTripP90Ms.toFixed(2)} ms); ${throughput.itemsPerSecondChunked500.toFixed(0)} items/s in jobs of 500`)

  // ------------------------------------------------------------- grid search
  const d = Datasets.syntheticRegression({ rows: quick ? 400 : 3000, features: 20, noise: 0.3, seed: 1 })
  const grid = { hiddenLayers: quick ? [[8], [16]] : [[16], [24], [32], [40], [48], [64]] }
  const search = GridSearch.gridSearch(grid, {
    estimator: "mlp-regressor",
    X: d.X,
    y: d.y,
    cv: { kind: "kfold", k: 3 },
    refit: false,
    seed: 1,
    metrics: ["r2"]
  }).pipe(Effect.map((r) => r.candidates.map((c) => c.foldScores)))
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b)
  let reference
  const row = async (label, provide) => {
    const samples = []
    for (let r = 0; r < repeats; r++) {
      const { ms, value } = await time(() => Effect.runPromise(search.pipe(Effect.provide(provide()))))
      reference ??= value
      if (!same(value, reference)) throw new Error(`${label}: results differ from the first run`)
      samples.push(ms)
    }
    const entry = { label, samplesMs: samples, medianMs: median(samples) }
    results.grid.push(entry)
    console.log(`${label.padEnd(28)} ${(entry.medianMs / 1000).toFixed(2)} s`)
    return entry
  }
  const local1 = await row("local pool, 1 thread", () => WorkerPool.layer({ threads: 1 }))
  await row("local pool, 2 threads", () => WorkerPool.layer({ threads: 2 }))
  await nodes.pop().kill()
  for (const n of [1, 2, 3]) {
    while (nodes.length < n) nodes.push(await startNode(server.url, { threads: 1 }))
    await row(`${n} node${n > 1 ? "s" : ""} x 1 thread (Redis)`, () => RemotePool.layer({ redis: server.url }))
  }
  for (const e of results.grid) e.speedupVsLocal1 = local1.medianMs / e.medianMs
  console.log("\n| run | median s | vs local 1 thread |\n|---|---|---|")
  for (const e of results.grid) console.log(`| ${e.label} | ${(e.medianMs / 1000).toFixed(2)} | ${e.speedupVsLocal1.toFixed(2)}x |`)
} finally {
  await Promise.all(nodes.map((n) => n.kill()))
  await server.stop()
}
if (jsonAt > 0) writeFileSync(process.argv[jsonAt + 1], JSON.stringify(results, null, 2))
