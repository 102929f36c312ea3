/**
 * Monte-Carlo uncertainty: `samples` stochastic forward passes of an MLP with
 * dropout kept on, summarised per row (mean, std, quantiles)
 * (`Uncertainty.predictWithUncertainty`). Compute-heavy per batch, with
 * small results.
 */
import { Rng, SharedMatrix } from "@weft/core"
import { Aggregate, BatchInference, Mlp, Uncertainty } from "@weft/ml-workflows"
import { Digest } from "../internal/digest.js"
import { batches, describeLayers, rowsOf } from "../internal/rows.js"
import type { Workload } from "../Workload.js"
import { setupInference, type InferenceData } from "./inference.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface UncertaintySize {
  readonly rows: number
  readonly features: number
  readonly hidden: ReadonlyArray<number>
  /** Rows per batch (one pool item per batch). */
  readonly batchSize: number
  /** Stochastic passes per row. */
  readonly samples: number
  readonly dropout: number
}

/** @since 0.1.0 */
export interface UncertaintyData {
  readonly size: UncertaintySize
  readonly net: InferenceData
  readonly seed: number
}

const QUANTILES = [0.025, 0.5, 0.975]

/** One batch's summary, as the `mcRange` kernel computes it. */
const summariseBatch = (state: Mlp.MlpState, X: SharedMatrix, range: readonly [number, number], size: UncertaintySize, seed: number) => {
  const rows = rowsOf(range)
  const width = rows.length * state.layerSizes[state.layerSizes.length - 1]
  const draws = SharedMatrix.zeros(size.samples, width)
  for (let s = 0; s < size.samples; s++) {
    draws.data.set(Mlp.mlpForward(state, X, rows, { rate: size.dropout, seed: Rng.derive(seed, s) }), s * width)
  }
  return Aggregate.summarizeSamples(draws, { quantiles: QUANTILES })
}

/** @since 0.1.0 */
export const uncertainty: Workload<UncertaintySize, UncertaintyData, Uncertainty.Uncertainty> = {
  name: "uncertainty",
  title: "Monte-Carlo uncertainty",
  sizes: {
    default: { rows: 10_240, features: 32, hidden: [128, 128], batchSize: 128, samples: 10, dropout: 0.1 },
    quick: { rows: 200, features: 16, hidden: [32, 32], batchSize: 16, samples: 10, dropout: 0.1 }
  },
  describe: (s) =>
    `${s.samples} dropout passes (rate ${s.dropout}) of MLP ${describeLayers(s.features, s.hidden, 1)} over ${s.rows} rows, ${Math.ceil(s.rows / s.batchSize)} batches of ${s.batchSize}`,
  setup: (size, seed) => ({
    size,
    net: setupInference({ rows: size.rows, features: size.features, hidden: size.hidden, batchSize: size.batchSize }, seed),
    seed
  }),
  runWeft: ({ size, net, seed }) =>
    Uncertainty.predictWithUncertainty(net.model, net.X, { samples: size.samples, dropout: size.dropout, seed, quantiles: QUANTILES, batchSize: size.batchSize }),
  runSequential: ({ size, net, seed }) => {
    const parts = batches(net.X.rows, size.batchSize).map((range) => summariseBatch(net.state, net.X, range, size, seed >>> 0))
    return {
      outputs: 1,
      mean: BatchInference.concat(parts.map((p) => p.mean)),
      std: BatchInference.concat(parts.map((p) => p.std)),
      q: QUANTILES,
      quantiles: QUANTILES.map((_, k) => BatchInference.concat(parts.map((p) => p.quantiles[k])))
    }
  },
  fingerprint: (u) => {
    const d = new Digest().number(u.outputs).numbers(u.mean).numbers(u.std).numbers(u.q)
    for (const q of u.quantiles) d.numbers(q)
    return d.hex()
  },
  scaling: { kernel: "gemm", target: 0.95 }
}
