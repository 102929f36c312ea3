// Memory of reading large files in the other formats (issue 16, item 5): a Parquet file (snappy,
// row groups of 100,000 rows) and an Arrow IPC stream of ROWS x (FEATURES + 1) random doubles are
// generated once (random doubles do not compress: the files are about the matrix's size), then
// each is read by Formats.readFile in a fresh process, the formats interleaved round after round.
// Prints, per format, the median and range of the read time and of the peak RSS, the RSS of the
// process before the read (node, effect and weft imported; the format's library is imported by the
// read itself, inside the measurement), and the matrix's size: the peak minus the baseline is what
// the read needed beyond node, to compare with the matrix it fills.
//   node packages/ml-workflows/bench/formats.bench.mjs [--rows 1200000] [--features 30] [--rounds 3] [--dir /tmp]
import { execFileSync } from "node:child_process"
import { createHash } from "node:crypto"
import { existsSync, openSync, closeSync, statSync, writeSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

const arg = (name, fallback) => {
  const at = process.argv.indexOf(name)
  return at > 0 ? process.argv[at + 1] : fallback
}

/** Fills `out` with doubles in [-1, 1) from a 32-bit LCG, continuing from `state`; returns the next state. */
const fill = (out, state) => {
  for (let i = 0; i < out.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    const hi = state
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    out[i] = ((hi * 2 ** 21 + (state >>> 11)) / 2 ** 52) * 2 - 1
  }
  return state
}

const GROUP = 100_000

const names = (features) => [...Array.from({ length: features }, (_, j) => `x${j}`), "y"]

/** The same columns, row group by row group, for both writers. */
function* groups(rows, features) {
  let state = 12345
  for (let r0 = 0; r0 < rows; r0 += GROUP) {
    const n = Math.min(GROUP, rows - r0)
    const columns = names(features).map(() => new Float64Array(n))
    for (const c of columns) state = fill(c, state)
    yield columns
  }
}

const makeParquet = async (path, rows, features) => {
  const { ParquetWriter, fileWriter, schemaFromColumnData } = await import("hyparquet-writer")
  const first = groups(1, features).next().value
  const schema = schemaFromColumnData({ columnData: names(features).map((name, j) => ({ name, data: first[j], type: "DOUBLE", nullable: false })) })
  const writer = new ParquetWriter({ writer: fileWriter(path), schema })
  for (const columns of groups(rows, features)) {
    await writer.write({ columnData: names(features).map((name, j) => ({ name, data: columns[j], type: "DOUBLE", nullable: false })), rowGroupSize: GROUP })
  }
  await writer.finish()
}

const makeArrow = async (path, rows, features) => {
  const { RecordBatchStreamWriter, makeData, RecordBatch, Schema, Field, Float64, Struct } = await import("apache-arrow")
  const fields = names(features).map((name) => new Field(name, new Float64(), false))
  const schema = new Schema(fields)
  const writer = new RecordBatchStreamWriter()
  const fd = openSync(path, "w")
  const drain = (async () => {
    for await (const chunk of writer) writeSync(fd, chunk)
  })()
  writer.reset(undefined, schema)
  for (const columns of groups(rows, features)) {
    const children = columns.map((c) => makeData({ type: new Float64(), data: c }))
    writer.write(new RecordBatch(schema, makeData({ type: new Struct(fields), length: columns[0].length, children })))
  }
  writer.finish()
  await drain
  closeSync(fd)
}

/** One read, in this process: prints one JSON line. */
const child = async (file) => {
  const { Effect } = await import("effect")
  const { Formats } = await import("@weft/ml-workflows")
  globalThis.gc?.()
  const baseline = process.memoryUsage().rss
  const t0 = performance.now()
  const data = await Effect.runPromise(Formats.readFile(file))
  const ms = performance.now() - t0
  const hash = createHash("sha256").update(new Uint8Array(data.X.data.buffer)).update(new Uint8Array(data.y.buffer)).digest("hex").slice(0, 16)
  const matrix = data.X.data.byteLength + data.y.byteLength
  console.log(JSON.stringify({ ms, baseline, peak: process.resourceUsage().maxRSS * 1024, matrix, hash, rows: data.X.rows }))
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const mb = (b) => (b / 2 ** 20).toFixed(0)

const main = async () => {
  const rows = Number(arg("--rows", "1200000"))
  const features = Number(arg("--features", "30"))
  const rounds = Number(arg("--rounds", "3"))
  const dir = arg("--dir", "/tmp")
  const files = { parquet: join(dir, `weft-bench-${rows}x${features}.parquet`), arrow: join(dir, `weft-bench-${rows}x${features}.arrows`) }
  if (!existsSync(files.parquet)) await makeParquet(files.parquet, rows, features)
  if (!existsSync(files.arrow)) await makeArrow(files.arrow, rows, features)
  const self = fileURLToPath(import.meta.url)
  const runs = { parquet: [], arrow: [] }
  for (let r = 0; r < rounds; r++) {
    for (const format of Object.keys(files)) {
      const out = execFileSync(process.execPath, ["--expose-gc", self, "--child", files[format]], { encoding: "utf8", maxBuffer: 1 << 20 })
      runs[format].push(JSON.parse(out.trim().split("\n").pop()))
    }
  }
  console.log(`${rows} rows x ${features} features + target; ${rounds} rounds, interleaved; load average ${execFileSync("cat", ["/proc/loadavg"], { encoding: "utf8" }).trim()}`)
  for (const format of Object.keys(files)) {
    const xs = runs[format]
    const range = (f) => `${mb(median(xs.map(f)))} MB (${mb(Math.min(...xs.map(f)))}-${mb(Math.max(...xs.map(f)))})`
    console.log(
      `${format.padEnd(8)} file ${mb(statSync(files[format]).size)} MB, matrix ${mb(xs[0].matrix)} MB: read ${median(xs.map((x) => x.ms)).toFixed(0)} ms ` +
        `(${Math.min(...xs.map((x) => x.ms)).toFixed(0)}-${Math.max(...xs.map((x) => x.ms)).toFixed(0)}), peak RSS ${range((x) => x.peak)}, ` +
        `before the read ${range((x) => x.baseline)}, peak - before ${range((x) => x.peak - x.baseline)}; data ${[...new Set(xs.map((x) => x.hash))].join(",")}`
    )
  }
}

if (process.argv[2] === "--child") await child(process.argv[3])
else await main()
