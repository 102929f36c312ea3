/**
 * Preprocessing: a standard scaler fitted on chunks of rows (per-chunk
 * statistics merged in chunk order) and applied to every chunk
 * (`Preprocess.fit` then `Preprocess.transform`). Memory-bound: it shows
 * what memory bandwidth, not the core count, allows.
 */
import { SharedMatrix } from "@weft/core"
import { Datasets, Preprocess, Preprocessing, Stats } from "@weft/ml-workflows"
import { Effect } from "effect"
import { Digest } from "../internal/digest.js"
import { batches } from "../internal/rows.js"
import type { Workload } from "../Workload.js"

/** @since 0.1.0 */
export interface PreprocessingSize {
  readonly rows: number
  readonly features: number
  /** Rows per chunk (one pool item per chunk). */
  readonly batchSize: number
}

/** @since 0.1.0 */
export interface PreprocessingData {
  readonly size: PreprocessingSize
  readonly X: SharedMatrix
}

/** @since 0.1.0 */
export interface PreprocessingResult {
  readonly scaler: Preprocessing.Transformer
  readonly Z: SharedMatrix
}

const fingerprint = ({ scaler, Z }: PreprocessingResult): string => {
  const d = new Digest().text(scaler._tag)
  if (scaler._tag === "StandardScaler") d.numbers(scaler.mean).numbers(scaler.variance).numbers(scaler.scale)
  return d.numbers(Z.data).hex()
}

/** @since 0.1.0 */
export const preprocessing: Workload<PreprocessingSize, PreprocessingData, PreprocessingResult> = {
  name: "preprocessing",
  title: "Preprocessing",
  sizes: {
    default: { rows: 1_000_000, features: 32, batchSize: 4096 },
    quick: { rows: 40_000, features: 16, batchSize: 2048 }
  },
  describe: (s) => `standard scaler fit + transform, ${s.rows} rows × ${s.features} features, ${Math.ceil(s.rows / s.batchSize)} chunks of ${s.batchSize} rows`,
  setup: (size, seed) => ({ size, X: Datasets.syntheticRegression({ rows: size.rows, features: size.features, seed }).X }),
  runWeft: ({ size, X }) =>
    Effect.gen(function* () {
      const scaler = yield* Preprocess.fit(X, { kind: "standard" }, { batchSize: size.batchSize })
      const Z = yield* Preprocess.transform(scaler, X, { batchSize: size.batchSize })
      return { scaler, Z }
    }),
  runSequential: ({ size, X }) => {
    const chunks = batches(X.rows, size.batchSize)
    const scaler = Preprocessing.StandardScaler.fitFromStats(Stats.mergeAll(chunks.map(([start, end]) => Stats.columnStats(X, start, end))), {})
    const Z = SharedMatrix.zeros(X.rows, Preprocessing.outputColumns(scaler))
    for (const [start, end] of chunks) Preprocessing.transformRows(scaler, X, start, end, Z, start)
    return { scaler, Z }
  },
  fingerprint
}
