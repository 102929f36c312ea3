/**
 * Gradient computation: an MLP's summed loss gradient over many shards of
 * rows, then their mean, summed in shard order, as one data-parallel training
 * step does (`Gradients.meanGradient`: shard gradients written into shared
 * memory, the sum over shards cut by parameter ranges). The sequential loop
 * sums the same shard gradients in the same order (`Gradients.aggregate`).
 *
 * By default the shard gradients go into one shards × parameters matrix
 * built with the data (`reuseRows`, `Gradients.meanGradient`'s `into`), in the
 * weft run and in the sequential loop alike, as a training loop does step
 * after step (`Gradients.trainMlp`). A new 10.7 MB shared matrix per run
 * (`reuseRows: false`, what this workload measured before) has the workers
 * touch 2,600 fresh pages for the first time while they compute: on the
 * 2-core VM the page faults of two threads of one process wait on each other,
 * and the workers' busy time per run was 1.3–1.7x that of a reused matrix
 * under the same load (docs/BENCHMARKS.md, "Gradients: where the time goes").
 */
import { SharedMatrix } from "@weft/core"
import { Datasets, Gradients, Mlp } from "@weft/ml-workflows"
import { Effect } from "effect"
import { Digest } from "../internal/digest.js"
import { batches, describeLayers, rowsOf } from "../internal/rows.js"
import type { Workload } from "../Workload.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface GradientsSize {
  readonly rows: number
  readonly features: number
  readonly hidden: ReadonlyArray<number>
  /** Shards the rows are cut into (one pool item per shard). */
  readonly shards: number
  /** Write the shard gradients into one matrix built with the data (default true), or into a new one every run. */
  readonly reuseRows?: boolean | undefined
}

/** @since 0.1.0 */
export interface GradientsData {
  readonly X: SharedMatrix
  readonly y: Float64Array
  readonly state: Mlp.MlpState
  readonly shards: ReadonlyArray<Int32Array>
  /** The shards × parameters matrix every run writes its shard gradients into, when `reuseRows`. */
  readonly rows: SharedMatrix | undefined
}

/** @since 0.1.0 */
export interface GradientsResult {
  /** The mean gradient over all rows. */
  readonly gradient: Float64Array
  /** The summed loss, added in shard order. */
  readonly loss: number
  /** The reused shard-gradient matrix the run wrote into (not in the fingerprint: it is cleared after each run). */
  readonly rows?: SharedMatrix | undefined
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
    default: { rows: 81_920, features: 32, hidden: [128, 128], shards: 64, reuseRows: true },
    quick: { rows: 1024, features: 16, hidden: [32, 32], shards: 16, reuseRows: true }
  },
  describe: (s) =>
    `MLP ${describeLayers(s.features, s.hidden, 1)} gradients over ${s.rows} rows in ${s.shards} shards, aggregated in shard order, ` +
    (s.reuseRows === false ? "into a new shard matrix each run" : "into a reused shard matrix"),
  setup: (size, seed) => {
    const { X, y } = Datasets.syntheticRegression({ rows: size.rows, features: size.features, noise: 1, seed })
    const state = Mlp.mlpInit([size.features, ...size.hidden, 1], seed, { activation: "relu", output: "identity" })
    const shards = batches(size.rows, Math.ceil(size.rows / size.shards)).map(rowsOf)
    const rows = size.reuseRows === false ? undefined : SharedMatrix.zeros(shards.length, state.params.length)
    return { X, y, state, shards, rows }
  },
  // The shard gradients stay in shared memory and are summed there by parameter ranges,
  // each parameter over the shards in shard order, as `combine` sums them.
  runWeft: ({ X, y, state, shards, rows }) =>
    Effect.map(Gradients.meanGradient(state, X, y, shards, { into: rows }), ({ gradient, loss }) => ({ gradient, loss, rows })),
  runSequential: ({ X, y, state, shards, rows }) =>
    ({ ...Effect.runSync(combine(shards.map((r, s) => Mlp.mlpGradient(state, X, y, r, undefined, rows?.row(s))))), rows }),
  // The reused rows are filled with NaN after each run: a run that wrote no shard gradient cannot pass on its predecessor's.
  fingerprint: ({ gradient, loss, rows }) => {
    const hex = new Digest().numbers(gradient).number(loss).hex()
    rows?.data.fill(Number.NaN)
    return hex
  },
  scaling: { kernel: "gemm", target: 0.95 }
}
