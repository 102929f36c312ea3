/**
 * Scores of many candidates' predictions against one fold's true values,
 * accumulated block by block as the predictions are made (issue 12: a
 * 200-alpha ridge grid spent more time allocating, checking and re-reading
 * 200 prediction arrays per fold, and recomputing the truth's mean and total
 * sum of squares for every candidate, than predicting).
 *
 * The truth is checked, and its mean and total sum of squares computed, once
 * per fold. Each candidate then keeps running sums over its residuals, in row
 * order. Every sum runs over the same values in the same order as
 * `meanSquaredError`, `rootMeanSquaredError`, `meanAbsoluteError` and
 * `r2Score` of Metrics.ts, so the scores are those functions' bits, and a
 * non-finite prediction fails the candidate with the error those functions
 * throw (the first such row). Other metrics are not streamed: the caller
 * keeps the predictions and calls the metric.
 *
 * A linear model (`Estimator.linearModel`) is scored without its predictions
 * ever being stored: `residualSums` of `@weft/kernels` makes each prediction
 * in registers, in the order `predict` sums it, and adds its residual to the
 * same running sums in the same row order (issue 12: with 200 candidates, the
 * blocks of predictions, their copies in and out of WebAssembly and the
 * JavaScript loop over them cost as much as the product). The first
 * non-finite prediction is then looked for, as above, only in a block after
 * which a candidate's sum is no longer finite, by predicting that block again
 * in the same order.
 */
import type { SharedMatrix } from "@weft/core"
import { NonFiniteValue } from "@weft/core/Errors"
import { residualSums } from "@weft/kernels"
import type { Estimator } from "../Estimator.js"
import { checkColumns, resolveRows } from "./ModelInput.js"

/** The metrics that can be accumulated here. */
const STREAMED = new Set(["mse", "rmse", "mae", "r2"])

/**
 * Whether every metric of `metrics` can be streamed against `truth` (all
 * finite, at least two values: the shorter and non-finite cases keep the
 * metric functions' own paths and errors).
 */
export const canStream = (metrics: ReadonlyArray<string>, truth: Float64Array): boolean => {
  if (truth.length < 2 || metrics.length === 0) return false
  for (const m of metrics) if (!STREAMED.has(m)) return false
  for (let i = 0; i < truth.length; i++) if (!Number.isFinite(truth[i])) return false
  return true
}

/** Running residual sums of `models` candidates against `truth`, fed one block of predictions (models x rows) at a time, in row order. */
export class StreamedScores {
  private readonly squares: Float64Array
  private readonly absolutes: Float64Array | undefined
  /** Per candidate, the first non-finite prediction's row (-1: none yet). */
  private readonly badRow: Int32Array
  private readonly badValue: Float64Array
  private readonly total: number

  constructor(
    private readonly metrics: ReadonlyArray<string>,
    private readonly truth: Float64Array,
    private readonly models: number
  ) {
    this.squares = new Float64Array(models)
    this.absolutes = metrics.includes("mae") ? new Float64Array(models) : undefined
    this.badRow = new Int32Array(models).fill(-1)
    this.badValue = new Float64Array(models)
    // As r2Score: the mean, then Σ(y - ȳ)² in row order.
    const n = truth.length
    let mean = 0
    for (let i = 0; i < n; i++) mean += truth[i]
    mean /= n
    let total = 0
    for (let i = 0; i < n; i++) {
      const c = truth[i] - mean
      total += c * c
    }
    this.total = total
  }

  /** Adds predictions for rows [start, start + length) of the truth: `block[g · length + i]` is candidate g's prediction for row start + i. */
  add(block: Float64Array, start: number, length: number): void {
    const t = this.truth
    const abs = this.absolutes
    for (let g = 0; g < this.models; g++) {
      const base = g * length - start
      let s = this.squares[g]
      if (abs === undefined) {
        for (let i = start; i < start + length; i++) {
          const d = t[i] - block[base + i]
          s += d * d
        }
      } else {
        let a = abs[g]
        for (let i = start; i < start + length; i++) {
          const d = t[i] - block[base + i]
          s += d * d
          a += Math.abs(d)
        }
        abs[g] = a
      }
      this.squares[g] = s
      // A non-finite prediction makes the sum non-finite (so may a huge finite
      // one): only then look for the first non-finite value in this block.
      if (!Number.isFinite(s) && this.badRow[g] < 0) {
        for (let i = 0; i < length; i++) {
          const v = block[g * length + i]
          if (!Number.isFinite(v)) {
            this.badRow[g] = start + i
            this.badValue[g] = v
            break
          }
        }
      }
    }
  }

  /**
   * Feeds the predictions of `states` (one per candidate) for `rows` of `X`:
   * in one pass of `residualSums` when the estimator is linear
   * (`linearModel`), else block by block from `predictManyBlocks` through
   * {@link add}. The same sums, bit for bit, either way.
   */
  stream<State>(
    estimator: Pick<Estimator<any, State>, "predictManyBlocks" | "linearModel">,
    states: ReadonlyArray<State>,
    X: SharedMatrix,
    rows: Int32Array | undefined
  ): void {
    if (estimator.linearModel === undefined) {
      estimator.predictManyBlocks!(states, X, rows, (block, start, length) => this.add(block, start, length))
      return
    }
    const p = X.columns
    const models = states.map(estimator.linearModel)
    for (const m of models) checkColumns(X, m.coef.length, "X")
    const which = resolveRows(X, rows)
    const G = models.length
    if (G === 0) return
    const W = new Float64Array(G * p)
    const bias = new Float64Array(G)
    models.forEach((m, g) => {
      W.set(m.coef, g * p)
      bias[g] = m.intercept
    })
    residualSums(X.data, p, which, W, G, bias, this.truth, this.squares, this.absolutes ?? null, (start, count) => {
      for (let g = 0; g < G; g++) {
        if (Number.isFinite(this.squares[g]) || this.badRow[g] >= 0) continue
        // The block's predictions of candidate g again, in predict's order, up to the first non-finite one.
        const data = X.data
        for (let t = start; t < start + count; t++) {
          const base = which[t] * p
          let c = bias[g]
          for (let j = 0; j < p; j++) c += data[base + j] * W[g * p + j]
          if (!Number.isFinite(c)) {
            this.badRow[g] = t
            this.badValue[g] = c
            break
          }
        }
      }
    })
  }

  /** Candidate g's scores, by metric name; throws the metric functions' `NonFiniteValue` for a non-finite prediction. */
  scores(g: number): Record<string, number> {
    if (this.badRow[g] >= 0) throw new NonFiniteValue({ what: "yPred", row: this.badRow[g], column: -1, value: this.badValue[g] })
    const n = this.truth.length
    const out: Record<string, number> = {}
    for (const m of this.metrics) {
      switch (m) {
        case "mse":
          out[m] = this.squares[g] / n
          break
        case "rmse":
          out[m] = Math.sqrt(this.squares[g] / n)
          break
        case "mae":
          out[m] = this.absolutes![g] / n
          break
        case "r2": {
          const residual = this.squares[g]
          out[m] = residual === 0 ? 1 : this.total === 0 ? 0 : 1 - residual / this.total
          break
        }
      }
    }
    return out
  }
}
