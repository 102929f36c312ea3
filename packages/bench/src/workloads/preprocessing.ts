/**
 * Preprocessing: a standard scaler fitted on chunks of rows (per-chunk
 * statistics merged in chunk order) and applied to every chunk
 * (`Preprocess.fit` then `Preprocess.transform`). The transform streams X
 * through memory, so that half of the work shows what memory bandwidth, not
 * the core count, allows.
 *
 * By default the transform writes into one output matrix built with the
 * data (`reuseOutput`), in the weft run and in the sequential loop alike, as
 * a pipeline that transforms batch after batch does. A new 256 MB matrix per
 * run (`reuseOutput: false`, what this workload measured before) makes every
 * run pay the operating system for the first touch of 65,536 fresh pages,
 * which on a VM costs more than the arithmetic and does not parallelise.
 */
import { SharedMatrix } from "@weft/core"
import { Datasets, Preprocess, Preprocessing, Stats } from "@weft/ml-workflows"
import { Effect } from "effect"
import { Digest } from "../internal/digest.js"
import { batches } from "../internal/rows.js"
import type { Workload } from "../Workload.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface PreprocessingSize {
  readonly rows: number
  readonly features: number
  /** Rows per chunk (one pool item per chunk). */
  readonly batchSize: number
  /** Transform into one output matrix built with the data (default true), or into a new one every run. */
  readonly reuseOutput?: boolean | undefined
}

/** @since 0.1.0 */
export interface PreprocessingData {
  readonly size: PreprocessingSize
  readonly X: SharedMatrix
  /** The output every run writes into, when `reuseOutput`. */
  readonly out: SharedMatrix | undefined
}

/** @since 0.1.0 */
export interface PreprocessingResult {
  readonly scaler: Preprocessing.Transformer
  readonly Z: SharedMatrix
}

/**
 * The digest of the scaler and of Z; then Z is filled with NaN, so that a run
 * into a reused output matrix must write every value again to match (a run
 * that wrote nothing would otherwise pass on its predecessor's numbers).
 */
const fingerprint = ({ scaler, Z }: PreprocessingResult): string => {
  const d = new Digest().text(scaler._tag)
  if (scaler._tag === "StandardScaler") d.numbers(scaler.mean).numbers(scaler.variance).numbers(scaler.scale)
  const hex = d.numbers(Z.data).hex()
  Z.data.fill(Number.NaN)
  return hex
}

/** @since 0.1.0 */
export const preprocessing: Workload<PreprocessingSize, PreprocessingData, PreprocessingResult> = {
  name: "preprocessing",
  title: "Preprocessing",
  sizes: {
    default: { rows: 1_500_000, features: 32, batchSize: 8192, reuseOutput: true },
    quick: { rows: 40_000, features: 16, batchSize: 2048, reuseOutput: true }
  },
  describe: (s) =>
    `standard scaler fit + transform, ${s.rows} rows × ${s.features} features, ${Math.ceil(s.rows / s.batchSize)} chunks of ${s.batchSize} rows, ` +
    (s.reuseOutput === false ? "into a new output matrix each run" : "into a reused output matrix"),
  setup: (size, seed) => {
    const X = Datasets.syntheticRegression({ rows: size.rows, features: size.features, seed }).X
    return { size, X, out: size.reuseOutput === false ? undefined : SharedMatrix.zeros(X.rows, X.columns) }
  },
  runWeft: ({ size, X, out }) =>
    Effect.gen(function* () {
      const scaler = yield* Preprocess.fit(X, { kind: "standard" }, { batchSize: size.batchSize })
      const Z = yield* Preprocess.transform(scaler, X, { batchSize: size.batchSize, out })
      return { scaler, Z }
    }),
  runSequential: ({ size, X, out }) => {
    const chunks = batches(X.rows, size.batchSize)
    const scaler = Preprocessing.StandardScaler.fitFromStats(Stats.mergeAll(chunks.map(([start, end]) => Stats.columnStats(X, start, end))), {})
    const Z = out ?? SharedMatrix.zeros(X.rows, Preprocessing.outputColumns(scaler))
    for (const [start, end] of chunks) Preprocessing.transformRows(scaler, X, start, end, Z, start)
    return { scaler, Z }
  },
  fingerprint,
  scaling: { kernel: "stream", target: 0.9 }
}
