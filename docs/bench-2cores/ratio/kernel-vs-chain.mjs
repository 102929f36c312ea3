/* eslint-disable no-console -- a measurement script: what it prints is the point */
// Where the gap to the compute ceiling comes from: the batch-inference kernel itself (Mlp.mlpForward over
// 118 batches of 256 rows, MLP 32-128-128-1, the benchmark's default size) on T plain worker threads, no pool,
// against one of them, interleaved with the chain ceiling kernel, round after round. If the pool's
// speedup ÷ ceiling (the benchmark) matches this plain-thread kernel's speedup ÷ ceiling, the pool costs nothing
// measurable and the gap is how the kernel shares the machine's cores, which no scheduling can remove.
// Run: node docs/bench-2cores/ratio/kernel-vs-chain.mjs [rounds=6]
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads"
import { SharedMatrix } from "@weft/core/SharedMatrix"
import { Datasets, Mlp } from "@weft/ml-workflows"

const ROWS = 30_000
const BATCH = 256
const rowsOf = (start, end) => Int32Array.from({ length: end - start }, (_, i) => start + i)
if (isMainThread) {
  const rounds = Number(process.argv[2] ?? 6)
  const { X } = Datasets.syntheticRegression({ rows: ROWS, features: 32, seed: 42 })
  const state = Mlp.mlpInit([32, 128, 128, 1], 42, { activation: "relu", output: "identity" })
  const batches = []
  for (let s = 0; s < ROWS; s += BATCH) batches.push([s, Math.min(ROWS, s + BATCH)])
  const T = 2
  const workers = await Promise.all(
    Array.from({ length: T }, () => new Promise((resolve) => {
      const w = new Worker(new URL(import.meta.url), { workerData: { buffer: X.buffer, rows: X.rows, columns: X.columns, state } })
      w.once("message", () => resolve(w))
    }))
  )
  const ask = (w, job) => new Promise((resolve) => { w.once("message", resolve); w.postMessage(job) })
  const wall = async (jobs) => { const t = performance.now(); await Promise.all(jobs.map((j, k) => ask(workers[k], j))); return performance.now() - t }
  const half = Math.ceil(batches.length / T)
  const mlpJobs = (n) => (n === 1 ? [{ kind: "mlp", batches }] : Array.from({ length: n }, (_, k) => ({ kind: "mlp", batches: batches.slice(k * half, (k + 1) * half) })))
  const chainJobs = (n) => Array.from({ length: n }, () => ({ kind: "chain", iterations: 48_000_000 }))
  await wall(mlpJobs(T)); await wall(chainJobs(T)) // warm-up
  const ratios = []
  for (let r = 0; r < rounds; r++) {
    const c1 = await wall(chainJobs(1)); const cT = await wall(chainJobs(T))
    const m1 = await wall(mlpJobs(1)); const mT = await wall(mlpJobs(T))
    const c1b = await wall(chainJobs(1)); const cTb = await wall(chainJobs(T))
    const ceiling = (T * c1 / cT + T * c1b / cTb) / 2
    const speedup = m1 / mT
    ratios.push(speedup / ceiling)
    console.log(`round ${r + 1}: MLP forward on plain threads 1 → ${T}: ${m1.toFixed(0)} → ${mT.toFixed(0)} ms, speedup ${speedup.toFixed(2)}x; chain ceiling ${ceiling.toFixed(2)}x; speedup ÷ ceiling ${(speedup / ceiling).toFixed(3)}`)
  }
  const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length
  console.log(`plain-thread MLP kernel, speedup ÷ chain ceiling: mean ${mean.toFixed(3)}, range ${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)} over ${rounds} rounds`)
  await Promise.all(workers.map((w) => w.terminate()))
} else {
  const X = SharedMatrix.fromBuffer(workerData.buffer, workerData.rows, workerData.columns)
  const state = workerData.state
  const table = new Float64Array(64).map((_, i) => i * 1e-3)
  parentPort.on("message", (job) => {
    let sink = 0
    if (job.kind === "chain") {
      let s = 0
      for (let r = 0; r < job.iterations / 64; r++) for (let j = 0; j < 64; j++) s = s * 0.999999 + table[j]
      sink = s
    } else {
      for (const [a, b] of job.batches) sink += Mlp.mlpForward(state, X, rowsOf(a, b))[0]
    }
    parentPort.postMessage(0 * sink)
  })
  parentPort.postMessage("ready")
}
