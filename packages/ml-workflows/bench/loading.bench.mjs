// Loading data (issue 13): a numeric CSV file read by the text reader (0.1.0's readCsv),
// by the byte reader on one thread (readCsv now), and by Loading.readCsv on a pool of 1, 2 and
// 3 threads; synthetic:rows=1000000,features=50 drawn by Datasets.syntheticRegression and by
// Loading.syntheticRegression on 1, 2 and 3 threads. Each run is a fresh process (so that its
// peak RSS is its own), the modes interleaved round after round; prints the median and range
// of the time of each, the peak RSS against the matrix's size, and a hash of the data to show
// that every mode gives the same values. A pool is started, and its workers have loaded the
// task module, before the clock starts: the time is the load's; the start-up of the workers
// is printed apart ("start" modes time both).
//   node packages/ml-workflows/bench/loading.bench.mjs --csv FILE [--rounds 5] [--modes text,bytes,pool1,pool2]
//   node packages/ml-workflows/bench/loading.bench.mjs --synthetic [--rows 1000000] [--features 50] [--rounds 5]
import { execFileSync } from "node:child_process"
import { createHash } from "node:crypto"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"

const arg = (name, fallback) => {
  const at = process.argv.indexOf(name)
  return at > 0 ? process.argv[at + 1] : fallback
}

const hash = (d) => createHash("sha256").update(new Uint8Array(d.X.data.buffer)).update(new Uint8Array(d.y.buffer)).digest("hex").slice(0, 16)

/** One measurement, in this process: prints one JSON line. */
const child = async (mode, file, rows, features) => {
  const { Effect } = await import("effect")
  const { Datasets, Loading } = await import("@weft/ml-workflows")
  const { WorkerPool } = await import("@weft/pool")
  const syn = { rows, features, seed: 1 }
  const onPool = (threads, effect) =>
    Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const t0 = performance.now()
          const pool = yield* WorkerPool.make({ threads })
          const tasks = yield* pool.load(Loading.Module)
          // A call per worker, so that every worker has imported the task module.
          if (pool.size > 0) yield* pool.map(tasks.regressionChunk, Array.from({ length: pool.size }, () => 0), { chunkSize: 1, minParallelBatchSize: 1, args: [{ rows: 0, features: 1, coef: new Float64Array(1), bias: 0, noise: 0, seed: 0 }, new Float64Array(0), new Float64Array(0)] })
          const t1 = performance.now()
          const data = yield* Effect.provideService(effect, WorkerPool.WorkerPool, pool)
          return { ms: performance.now() - t1, startMs: t1 - t0, data }
        })
      )
    )
  const t0 = performance.now()
  let out
  if (mode === "none") out = { ms: 0, data: undefined }
  else if (mode === "text") out = { data: Datasets.parseCsv(readFileSync(file, "utf8"), { source: file }) }
  else if (mode === "bytes") out = { data: Datasets.readCsv(file) }
  else if (mode.startsWith("pool")) out = await onPool(Number(mode.slice(4)), Loading.readCsv(file))
  else if (mode === "synserial") out = { data: Datasets.syntheticRegression(syn) }
  else if (mode.startsWith("syn")) out = await onPool(Number(mode.slice(3)), Loading.syntheticRegression(syn))
  else throw new Error(`unknown mode ${mode}`)
  const ms = out.ms ?? performance.now() - t0
  const d = out.data
  console.log(
    JSON.stringify({
      mode,
      ms,
      startMs: out.startMs,
      maxRssMB: process.resourceUsage().maxRSS / 1024,
      matrixMB: d === undefined ? 0 : (d.X.data.byteLength + d.y.byteLength) / 2 ** 20,
      hash: d === undefined ? "" : hash(d)
    })
  )
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

if (process.argv[2] === "--child") {
  await child(process.argv[3], process.argv[4], Number(process.argv[5]), Number(process.argv[6]))
} else {
  const file = arg("--csv", undefined)
  const synthetic = process.argv.includes("--synthetic")
  if ((file === undefined) === !synthetic) throw new Error("give --csv FILE or --synthetic")
  const rounds = Number(arg("--rounds", 5))
  const rows = Number(arg("--rows", 1_000_000))
  const features = Number(arg("--features", 50))
  const modes = arg("--modes", synthetic ? "synserial,syn1,syn2,syn3" : "text,bytes,pool1,pool2,pool3").split(",")
  const script = fileURLToPath(import.meta.url)
  const runs = Object.fromEntries(["none", ...modes].map((m) => [m, []]))
  for (let r = 0; r < rounds; r++) {
    for (const mode of r === 0 ? ["none", ...modes] : modes) {
      const line = execFileSync(process.execPath, [script, "--child", mode, file ?? "", String(rows), String(features)], { encoding: "utf8", maxBuffer: 1 << 20 })
      const result = JSON.parse(line.trim().split("\n").pop())
      runs[mode].push(result)
      process.stderr.write(`round ${r + 1} ${mode}: ${result.ms.toFixed(0)} ms\n`)
    }
  }
  const base = runs.none[0].maxRssMB
  console.log(`${synthetic ? `synthetic:rows=${rows},features=${features}` : file}; ${rounds} rounds; a process that loads the modules and reads nothing peaks at ${base.toFixed(0)} MB RSS`)
  const first = median(runs[modes[0]].map((r) => r.ms))
  for (const mode of modes) {
    const ms = runs[mode].map((r) => r.ms)
    const rss = runs[mode].map((r) => r.maxRssMB)
    const hashes = new Set(runs[mode].map((r) => r.hash))
    const start = runs[mode].filter((r) => r.startMs !== undefined).map((r) => r.startMs)
    console.log(
      `${mode.padEnd(10)} median ${median(ms).toFixed(0).padStart(6)} ms (range ${Math.min(...ms).toFixed(0)}-${Math.max(...ms).toFixed(0)}), ` +
        `${(first / median(ms)).toFixed(2)}x ${modes[0]}; peak RSS ${median(rss).toFixed(0)} MB (matrix ${runs[mode][0].matrixMB.toFixed(0)} MB, ` +
        `+${(median(rss) - base - runs[mode][0].matrixMB).toFixed(0)} MB beyond it and the idle process)` +
        (start.length > 0 ? `; pool start ${median(start).toFixed(0)} ms` : "") +
        `; data ${[...hashes].join(",")}`
    )
  }
}
