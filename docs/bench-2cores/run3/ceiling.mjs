/* eslint-disable no-console -- a measurement script: what it prints is the point */
// What the machine allows, 8 rounds each: (1) pure arithmetic loops (no memory traffic) on 1 worker alone,
// then on 2 workers at once: one dependent chain (latency-bound: leaves most of a core idle) and 32
// independent columns updated with a division each, as the column statistics do (throughput-bound); (2) a streaming pass like the preprocessing transform
// (read 256 MB, write another 256 MB already touched) by 1 worker, then split in halves over 2 workers;
// (3) one worker writing 256 MB into a new SharedArrayBuffer (first touch of every page) and into one already written.
// Run: node docs/bench-2cores/run3/ceiling.mjs
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads"

const N = 32_000_000 // doubles: 256 MB per array
if (isMainThread) {
  const start = (data) =>
    new Promise((resolve) => {
      const w = new Worker(new URL(import.meta.url), { workerData: data })
      w.on("message", (ms) => {
        resolve(ms)
        void w.terminate()
      })
    })
  const report = (name, ratios) => console.log(`${name}: 2-worker throughput ratios`, ratios.sort((a, b) => a - b).map((r) => r.toFixed(2)).join(" "))
  const ratios = { chain: [], columns: [] }
  for (let k = 0; k < 8; k++) {
    for (const kind of ["chain", "columns"]) {
      const one = await start({ kind })
      const two = await Promise.all([start({ kind }), start({ kind })])
      ratios[kind].push((2 * one) / Math.max(...two))
      console.log(`${kind}: alone ${one.toFixed(0)} ms, two at once ${two.map((m) => m.toFixed(0)).join(" / ")} ms`)
    }
  }
  const src = new SharedArrayBuffer(N * 8)
  const dst = new SharedArrayBuffer(N * 8)
  new Float64Array(src).fill(1.5)
  new Float64Array(dst).fill(0)
  const streaming = []
  for (let k = 0; k < 8; k++) {
    const one = await start({ kind: "stream", src, dst, from: 0, to: N })
    const two = await Promise.all([start({ kind: "stream", src, dst, from: 0, to: N / 2 }), start({ kind: "stream", src, dst, from: N / 2, to: N })])
    streaming.push(one / Math.max(...two))
    console.log(`streaming: 1 worker ${one.toFixed(0)} ms, 2 workers ${two.map((m) => m.toFixed(0)).join(" / ")} ms`)
  }
  for (let k = 0; k < 4; k++) {
    const fresh = await start({ kind: "write", dst: new SharedArrayBuffer(N * 8) })
    const touched = await start({ kind: "write", dst })
    console.log(`writing 256 MB: into new memory ${fresh.toFixed(0)} ms, into memory already written ${touched.toFixed(0)} ms`)
  }
  report("dependent chain", ratios.chain)
  report("independent columns", ratios.columns)
  report("streaming", streaming)
} else if (workerData.kind === "chain") {
  const a = new Float64Array(64).map((_, i) => i * 1e-3)
  let s = 0
  const t = performance.now()
  for (let r = 0; r < 4e6; r++) for (let j = 0; j < 64; j++) s = s * 0.999999 + a[j]
  parentPort.postMessage(performance.now() - t + 0 * s)
} else if (workerData.kind === "columns") {
  const a = new Float64Array(32).map((_, j) => 1 + j * 1e-3)
  const m = new Float64Array(32)
  const t = performance.now()
  for (let r = 1; r < 4e6; r++) for (let j = 0; j < 32; j++) m[j] += a[j] / r
  parentPort.postMessage(performance.now() - t + 0 * m[0])
} else if (workerData.kind === "write") {
  const z = new Float64Array(workerData.dst)
  const t = performance.now()
  for (let i = 0; i < N; i++) z[i] = i * 0.5
  parentPort.postMessage(performance.now() - t)
} else {
  const x = new Float64Array(workerData.src)
  const z = new Float64Array(workerData.dst)
  const t = performance.now()
  for (let i = workerData.from; i < workerData.to; i++) z[i] = (x[i] - 0.25) / 1.75
  parentPort.postMessage(performance.now() - t)
}
