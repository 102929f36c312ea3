/**
 * Loading data on the pool's threads, straight into shared memory: a CSV file
 * read in byte ranges, one per task, and a synthetic regression drawn in
 * chunks. The results are those of `Datasets.readCsv` and
 * `Datasets.syntheticRegression`, bit for bit, at any thread count; only the
 * time changes. The tasks run in a small worker module (worker/loading.js),
 * not in the built-in kernels, so a pool that only loads starts fast.
 *
 * @since 0.2.0
 */
import type { EmptyInput, ShapeMismatch, TaskError } from "@weft/core"
import { InvalidOption } from "@weft/core/Errors"
import { type TaskModule, WorkerPool } from "@weft/pool"
import { Effect } from "effect"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import * as Formats from "./Formats.js"
import { names, parseCsv, regressionSetup, type CsvOptions, type Dataset, type SyntheticRegressionOptions } from "./Datasets.js"
import { allocate, assemble, checkDelimiter, planCsv, unreadable, verdict, type BytesDataset } from "./internal/csvPlan.js"
import { LoadingTasks } from "./internal/loadingModule.js"
import { regressionChunks } from "./internal/synthetic.js"

/**
 * The built-in loading task module; a cluster node need not serve it (data is
 * loaded where the command runs).
 *
 * @since 0.2.0
 * @category task modules
 */
export const Module: TaskModule.TaskModule<typeof import("./worker/loading.js")> = LoadingTasks

/** Byte ranges per thread: enough for the threads to balance and for a progress bar to move. */
const RANGES_PER_THREAD = 8

/**
 * Errors of reading a file: those of `Datasets.readCsv`, and a task that failed.
 *
 * @since 0.2.0
 * @category errors
 */
export type ReadError = InvalidOption | EmptyInput | ShapeMismatch | TaskError

const attempt = <A>(path: string, f: () => A): Effect.Effect<A, InvalidOption | EmptyInput | ShapeMismatch> =>
  Effect.try({ try: f, catch: (e) => unreadable(path, e) as InvalidOption | EmptyInput | ShapeMismatch })

/**
 * Reads a CSV file as `Datasets.readCsv` does, its byte ranges parsed on the
 * pool's threads into one shared matrix: a pass that counts each range's
 * records, the allocation, a pass that parses each range into its rows (and,
 * for class labels, a pass that collects them). A file the byte reader hands
 * over (quotes, a byte-order mark, ...) is read as text on this thread.
 *
 * @example
 * const { X, y } = yield* Loading.readCsv("big.csv", { target: "price" })
 * @since 0.2.0
 * @category operations
 */
export const readCsv = (
  path: string | URL,
  options: Omit<CsvOptions, "source"> = {}
): Effect.Effect<Dataset, ReadError, WorkerPool.WorkerPool> =>
  Effect.gen(function* () {
    const name = typeof path === "string" ? path : fileURLToPath(path)
    const pool = yield* WorkerPool.WorkerPool
    const tasks = yield* pool.load(LoadingTasks)
    const pieces = Math.max(1, pool.config.threads * RANGES_PER_THREAD)
    const delimiter = yield* attempt(name, () => checkDelimiter(options.delimiter))
    const plan = yield* attempt(name, () => planCsv(name, name, options.target, pieces, delimiter))
    const text = attempt(name, () => parseCsv(readFileSync(name, "utf8"), { ...options, source: name }))
    if (plan === undefined) return yield* text
    const csv = { layout: plan.layout, ranges: plan.ranges }
    const items = plan.ranges.map((_, r) => r)
    // One range per task: a range is already a good share of work.
    const one = { chunkSize: 1, minParallelBatchSize: 2 }
    const counts = yield* pool.map(tasks.csvCount, items, { ...one, args: [csv] })
    const out = yield* attempt(name, () => allocate(plan, counts))
    const parsed = yield* pool.map(tasks.csvParse, items, { ...one, args: [csv, out.firstLines, out.firstRows, out.X.data, out.y] })
    const kind = yield* attempt(name, () => verdict(plan, parsed))
    if (kind === "text") return yield* text
    const labels = kind === "labels" ? yield* pool.map(tasks.csvLabels, items, { ...one, args: [csv, out.firstRows, out.y] }) : []
    const data: BytesDataset = assemble(plan, out, kind, () => labels)
    return data
  })

/**
 * Reads a dataset from a file in any format `Formats.readFile` reads: CSV
 * (and TSV) by byte ranges on the pool's threads, as {@link readCsv}; Parquet,
 * Arrow IPC and JSON lines as `Formats.readFile` reads them, on this thread.
 *
 * @example
 * const { X, y } = yield* Loading.readFile("big.parquet", { target: "price" })
 * @since 0.2.0
 * @category operations
 */
export const readFile = (
  path: string | URL,
  options: Formats.ReadOptions = {}
): Effect.Effect<Dataset, ReadError, WorkerPool.WorkerPool> =>
  Effect.gen(function* () {
    const name = typeof path === "string" ? path : fileURLToPath(path)
    const format = yield* attempt(name, () => Formats.formatOf(name, options.format))
    if (format !== "csv" && format !== "tsv") return yield* Formats.readFile(name, options)
    const delimiter = yield* attempt(name, () => Formats.csvDelimiter(name, options))
    return yield* readCsv(name, { target: options.target, delimiter })
  })

/**
 * `Datasets.syntheticRegression`, its chunks of rows drawn on the pool's
 * threads: the same values at any thread count.
 *
 * @example
 * const { X, y, coef } = yield* Loading.syntheticRegression({ rows: 1_000_000, features: 50, seed: 1 })
 * @since 0.2.0
 * @category operations
 */
export const syntheticRegression = (
  options: SyntheticRegressionOptions
): Effect.Effect<Dataset & { readonly coef: ReadonlyArray<number> }, InvalidOption | TaskError, WorkerPool.WorkerPool> =>
  Effect.gen(function* () {
    const { spec, X, y } = yield* Effect.try({
      try: () => regressionSetup(options),
      catch: (e) => (e instanceof InvalidOption ? e : new InvalidOption({ option: "options", value: options, reason: String(e) }))
    })
    const pool = yield* WorkerPool.WorkerPool
    const tasks = yield* pool.load(LoadingTasks)
    const chunks = Array.from({ length: regressionChunks(spec.rows) }, (_, c) => c)
    yield* pool.map(tasks.regressionChunk, chunks, { minParallelBatchSize: 2, args: [spec, X.data, y] })
    return { X, y, featureNames: names(spec.features), targetName: "y", coef: Array.from(spec.coef) }
  })
