/**
 * Runs inside a piscina worker (the baseline, not weft): the forward pass of
 * one batch of rows that arrive as a cloned Float64Array, with the same MLP
 * function weft's kernel calls. The network comes once, in `workerData`.
 *
 * It imports the `@weft/ml-workflows` index (the package has no sub-path
 * exports), which loads Effect into the worker; that is start-up cost, paid
 * during the warm-up.
 */
import { SharedMatrix } from "@weft/core/SharedMatrix"
import { Mlp } from "@weft/ml-workflows"
import { workerData } from "node:worker_threads"

/** One batch: its rows, row-major, copied out of the dataset. */
export interface BatchTask {
  readonly data: Float64Array
  readonly rows: number
  readonly columns: number
}

const state = (workerData as { readonly state: Mlp.MlpState }).state

/** Predictions for the batch's rows (the forward pass of each row depends on that row alone). */
export default ({ data, rows, columns }: BatchTask): Float64Array => Mlp.mlpForward(state, SharedMatrix.fromFlat(data, rows, columns))
