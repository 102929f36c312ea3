// Micro-benchmark of @weft/pool against a plain piscina pool on the same tasks.
//   node packages/pool/bench/pool.bench.mjs [--quick] [--json out.json]
// (a) 20,000 trivial tasks: throughput, one call per task and as one chunked map;
// (b) a task that reads 10^6 and 10^7 doubles: time per task, shared matrix vs a cloned copy;
// (c) a CPU-bound kernel (40 products of 300x300 matrices): 1 and 2 threads, speedup.
// Each figure is the median of several repeats after a warm-up; all in one process, one machine.
import { Rng, SharedMatrix } from "@weft/core"
import { TaskModule, WorkerPool } from "@weft/pool"
import { Effect } from "effect"
import { writeFileSync } from "node:fs"
import * as os from "node:os"
import Piscina from "piscina"
import { matmul, square, sumAll } from "./kernels.mjs"

const only = process.argv.includes("--trivial-only")
const quick = process.argv.includes("--quick")
const jsonAt = process.argv.indexOf("--json")
const repeats = quick ? 2 : 7
const Kernels = TaskModule.make(new URL("./kernels.mjs", import.meta.url))
const piscinaWorker = new URL("./piscinaWorker.mjs", import.meta.url).href

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const timeAsync = async (f) => {
  const t = performance.now()
  const value = await f()
  return [performance.now() - t, value]
}
/** Warm-up once, then the median of `repeats` timings (ms). Checks every run returns the same value. */
const measure = async (f) => {
  const [, expected] = await timeAsync(f)
  const times = []
  for (let r = 0; r < repeats; r++) {
    const [ms, value] = await timeAsync(f)
    if (JSON.stringify(value) !== JSON.stringify(expected)) throw new Error("a benchmark run returned a different result")
    times.push(ms)
  }
  return { ms: median(times), min: Math.min(...times), max: Math.max(...times), value: expected }
}

const withWeft = (threads, use, transport) =>
  Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const pool = yield* WorkerPool.make({ threads, minParallelBatchSize: 1, transport })
        const tasks = yield* pool.load(Kernels)
        const run = (effect) => Effect.runPromise(effect)
        return yield* Effect.promise(() => use(pool, tasks, run))
      })
    )
  )

const withPiscina = async (threads, use) => {
  const pool = new Piscina({ filename: piscinaWorker, minThreads: threads, maxThreads: threads, idleTimeout: 60_000 })
  try {
    return await use(pool)
  } finally {
    await pool.destroy()
  }
}

const results = { machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, memoryGiB: Math.round(os.totalmem() / 2 ** 30) }, rows: [] }
const record = (row) => {
  results.rows.push(row)
  console.log(JSON.stringify(row))
}

// (a) trivial tasks
const N = quick ? 2000 : 20_000
const items = Array.from({ length: N }, (_, i) => i)
const expectedSquares = items.map(square)
const check = (out) => {
  if (out.length !== N || out.some((v, i) => v !== expectedSquares[i])) throw new Error("wrong squares")
  return out.length
}
const piscinaTrivial = await withPiscina(2, (p) => measure(async () => check(await Promise.all(items.map((x) => p.run({ op: "square", x }))))))
record({ bench: "trivial", impl: "piscina, one task each", threads: 2, tasksPerSecond: Math.round(N / (piscinaTrivial.ms / 1000)) })
for (const transport of ["threads", "worker_threads"]) {
  const perCall = await withWeft(
    2,
    (pool, tasks, run) => measure(async () => check(await run(Effect.forEach(items, (x) => tasks.square(x), { concurrency: "unbounded" })))),
    transport
  )
  const oneEach = await withWeft(2, (pool, tasks, run) => measure(async () => check(await run(pool.map(tasks.square, items, { chunkSize: 1 })))), transport)
  const chunked = await withWeft(2, (pool, tasks, run) => measure(async () => check(await run(pool.map(tasks.square, items)))), transport)
  record({ bench: "trivial", impl: `weft (${transport}), one call each, all submitted at once (Effect.forEach unbounded)`, threads: 2, tasksPerSecond: Math.round(N / (perCall.ms / 1000)) })
  record({ bench: "trivial", impl: `weft (${transport}), one call each (map, chunkSize 1)`, threads: 2, tasksPerSecond: Math.round(N / (oneEach.ms / 1000)) })
  record({ bench: "trivial", impl: `weft (${transport}), chunked map`, threads: 2, tasksPerSecond: Math.round(N / (chunked.ms / 1000)) })
}

if (only) {
  if (jsonAt > 0) writeFileSync(process.argv[jsonAt + 1], JSON.stringify(results, null, 2))
  process.exit(0)
}

// (b) reading big inputs
for (const size of quick ? [1e6] : [1e6, 1e7]) {
  const X = SharedMatrix.zeros(size, 1)
  const rng = new Rng.Rng(3)
  for (let k = 0; k < size; k++) X.data[k] = rng.next()
  const plain = new Float64Array(X.data) // an ordinary (non-shared) copy
  const shared = await withWeft(2, (pool, tasks, run) => measure(() => run(tasks.sumAll(X))), "worker_threads")
  const cloned = await withWeft(2, (pool, tasks, run) => measure(() => run(tasks.sumAll(plain))), "worker_threads")
  const sharedThreads = await withWeft(2, (pool, tasks, run) => measure(() => run(tasks.sumAll(X))), "threads")
  const clonedThreads = await withWeft(2, (pool, tasks, run) => measure(() => run(tasks.sumAll(plain))), "threads")
  const piscinaCloned = await withPiscina(2, (p) => measure(() => p.run({ op: "sum", X: plain })))
  // The same sum on the main thread: what the task costs with no messaging at all.
  const compute = await measure(async () => sumAll(X))
  if (shared.value !== cloned.value || cloned.value !== piscinaCloned.value || compute.value !== shared.value) throw new Error("sums differ")
  record({ bench: "read", doubles: size, impl: "the sum alone, main thread", msPerTask: +compute.ms.toFixed(2) })
  record({ bench: "read", doubles: size, impl: "weft (worker_threads), SharedMatrix", msPerTask: +shared.ms.toFixed(2) })
  record({ bench: "read", doubles: size, impl: "weft (worker_threads), cloned Float64Array", msPerTask: +cloned.ms.toFixed(2) })
  record({ bench: "read", doubles: size, impl: "weft (threads), SharedMatrix", msPerTask: +sharedThreads.ms.toFixed(2) })
  record({ bench: "read", doubles: size, impl: "weft (threads), cloned Float64Array", msPerTask: +clonedThreads.ms.toFixed(2) })
  record({ bench: "read", doubles: size, impl: "piscina, cloned Float64Array", msPerTask: +piscinaCloned.ms.toFixed(2) })
}

// (c) CPU-bound: 40 independent 300x300 products
const n = quick ? 120 : 300
const products = quick ? 8 : 40
const mats = Array.from({ length: products }, (_, p) => {
  const rng = new Rng.Rng(100 + p)
  const A = SharedMatrix.zeros(n, n)
  const B = SharedMatrix.zeros(n, n)
  for (let k = 0; k < n * n; k++) {
    A.data[k] = rng.normal()
    B.data[k] = rng.normal()
  }
  return { A, B }
})
const sequential = await measure(async () => mats.map(({ A, B }) => matmul(A, B, n)))
record({ bench: "matmul", impl: "main thread, no pool", threads: 1, ms: +sequential.ms.toFixed(1), speedup: 1 })
for (const threads of [1, 2]) {
  const weft = await withWeft(threads, (pool, tasks, run) =>
    measure(() => run(Effect.forEach(mats, ({ A, B }) => tasks.matmul(A, B, n), { concurrency: "unbounded" })))
  )
  const pisc = await withPiscina(threads, (p) => measure(() => Promise.all(mats.map(({ A, B }) => p.run({ op: "matmul", A: A.data, B: B.data, n })))))
  if (JSON.stringify(weft.value) !== JSON.stringify(sequential.value)) throw new Error("weft matmul differs from sequential")
  if (JSON.stringify(pisc.value) !== JSON.stringify(sequential.value)) throw new Error("piscina matmul differs from sequential")
  record({ bench: "matmul", impl: threads === 1 ? "weft (1 thread = calling thread)" : "weft", threads, ms: +weft.ms.toFixed(1), speedup: +(sequential.ms / weft.ms).toFixed(2) })
  record({ bench: "matmul", impl: "piscina (SharedArrayBuffer)", threads, ms: +pisc.ms.toFixed(1), speedup: +(sequential.ms / pisc.ms).toFixed(2) })
}
if (jsonAt > 0) writeFileSync(process.argv[jsonAt + 1], JSON.stringify(results, null, 2))
