/**
 * Batch inference: an MLP's forward pass over many batches of rows
 * (`BatchInference.predict`), as in the Rust module's summary.
 */
import type { SharedMatrix } from "@weft/core"
import { BatchInference, Datasets, Mlp, type Model } from "@weft/ml-workflows"
import { Digest } from "../internal/digest.js"
import { batches, describeLayers, rowsOf } from "../internal/rows.js"
import type { Workload } from "../Workload.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface InferenceSize {
  readonly rows: number
  readonly features: number
  /** Units of each hidden layer. */
  readonly hidden: ReadonlyArray<number>
  /** Rows per batch (one pool item per batch). */
  readonly batchSize: number
}

/** @since 0.1.0 */
export interface InferenceData {
  readonly size: InferenceSize
  readonly X: SharedMatrix
  readonly model: Model.FittedModel
  readonly state: Mlp.MlpState
}

/** An untrained regressor with seeded weights: inference costs the same whatever the weights are. */
export const setupInference = (size: InferenceSize, seed: number): InferenceData => {
  const { X } = Datasets.syntheticRegression({ rows: size.rows, features: size.features, seed })
  const state = Mlp.mlpInit([size.features, ...size.hidden, 1], seed, { activation: "relu", output: "identity" })
  const model: Model.FittedModel = { estimator: "mlp-regressor", params: Mlp.MlpRegressor.params({ hiddenLayers: size.hidden }), state }
  return { size, X, model, state }
}

/** The forward pass of one batch, as the `predictRange` kernel computes it for a regressor. */
export const forwardBatch = (state: Mlp.MlpState, X: SharedMatrix, range: readonly [number, number]): Float64Array =>
  Mlp.mlpForward(state, X, rowsOf(range))

/** @since 0.1.0 */
export const inference: Workload<InferenceSize, InferenceData, Float64Array> = {
  name: "batch-inference",
  title: "Batch inference",
  sizes: {
    default: { rows: 256_000, features: 32, hidden: [128, 128], batchSize: 2048 },
    quick: { rows: 3_000, features: 16, hidden: [32, 32], batchSize: 128 }
  },
  describe: (s) =>
    `${s.rows} rows × ${s.features} features, MLP ${describeLayers(s.features, s.hidden, 1)}, ${Math.ceil(s.rows / s.batchSize)} batches of ${s.batchSize} rows`,
  setup: setupInference,
  runWeft: (d) => BatchInference.predict(d.model, d.X, { batchSize: d.size.batchSize }),
  runSequential: (d) => BatchInference.concat(batches(d.X.rows, d.size.batchSize).map((range) => forwardBatch(d.state, d.X, range))),
  fingerprint: (yHat) => new Digest().numbers(yHat).hex(),
  scaling: { kernel: "gemm", target: 0.95 }
}
