/**
 * Gradient computation: an MLP's summed loss gradient over many shards of
 * rows, then their mean, summed in shard order, as one data-parallel training
 * step does (`Gradients.meanGradient`: shard gradients written into shared
 * memory, the sum over shards cut by parameter ranges). The sequential loop
 * sums the same shard gradients in the same order (`Gradients.aggregate`).
 */
import type { SharedMatrix } from "@weft/core"
import { Datasets, Gradients, Mlp } from "@weft/ml-workflows"
import { Effect } from "effect"
import { Digest } from "../internal/digest.js"
import { batches, describeLayers, rowsOf } from "../internal/rows.js"
import type { Workload } from "../Workload.js"

/** @since 0.1.0 */
export interface GradientsSize {
  readonly rows: number
  readonly features: number
  readonly hidden: ReadonlyArray<number>
  /** Shards the rows are cut into (one pool item per shard). */
  readonly shards: number
}

/** @since 0.1.0 */
export interface GradientsData {
  readonly X: SharedMatrix
  readonly y: Float64Array
  readonly state: Mlp.MlpState
  readonly shards: ReadonlyArray<Int32Array>
}

/** @since 0.1.0 */
export interface GradientsResult {
  /** The mean gradient over all rows. */
  readonly gradient: Float64Array
  /** The summed loss, added in shard order. */
  readonly loss: number
}

const combine = (parts: ReadonlyArray<Gradients.ShardGradient>): Effect.Effect<GradientsResult> =>
  Gradients.aggregate(parts).pipe(
    Effect.map((gradient) => {
      let loss = 0
      for (const p of parts) loss += p.loss
      return { gradient, loss }
    }),
    Effect.orDie // the shards are never empty here: a failure would be a bug
  )

/** @since 0.1.0 */
export const gradients: Workload<GradientsSize, GradientsData, GradientsResult> = {
  name: "gradients",
  title: "Gradient computation",
  sizes: {
    default: { rows: 8192, features: 32, hidden: [128, 128], shards: 64 },
    quick: { rows: 1024, features: 16, hidden: [32, 32], shards: 16 }
  },
  describe: (s) => `MLP ${describeLayers(s.features, s.hidden, 1)} gradients over ${s.rows} rows in ${s.shards} shards, aggregated in shard order`,
  setup: (size, seed) => {
    const { X, y } = Datasets.syntheticRegression({ rows: size.rows, features: size.features, noise: 1, seed })
    const state = Mlp.mlpInit([size.features, ...size.hidden, 1], seed, { activation: "relu", output: "identity" })
    const shards = batches(size.rows, Math.ceil(size.rows / size.shards)).map(rowsOf)
    return { X, y, state, shards }
  },
  // The shard gradients stay in shared memory and are summed there by parameter ranges,
  // each parameter over the shards in shard order, as `combine` sums them.
  runWeft: ({ X, y, state, shards }) =>
    Effect.map(Gradients.meanGradient(state, X, y, shards), ({ gradient, loss }) => ({ gradient, loss })),
  runSequential: ({ X, y, state, shards }) =>
    Effect.runSync(combine(shards.map((rows) => Mlp.mlpGradient(state, X, y, rows, undefined)))),
  fingerprint: ({ gradient, loss }) => new Digest().numbers(gradient).number(loss).hex(),
  scaling: { kernel: "chain", target: 0.95 }
}
