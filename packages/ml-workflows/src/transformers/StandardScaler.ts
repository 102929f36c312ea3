/**
 * The standard scaler, as scikit-learn's `StandardScaler`: `(x - mean) / scale`
 * per column. One module of the fitted transformers (see `Transformers.ts`):
 * the fitted state is plain, JSON-serialisable data and every function here is
 * pure, so a worker can transform its own chunk of rows into a shared output.
 *
 * @since 0.1.0
 */
import type { SharedMatrix } from "@weft/core/SharedMatrix"
import { checkBoolean, checkRows, checkStatsNotEmpty, statsOf } from "../internal/transformerChecks.js"
import type { ColumnStats } from "../Stats.js"
import type { FitRows } from "./Transformer.js"

const EPSILON = Number.EPSILON

/**
 * A fitted standard scaler: `(x - mean) / scale` per column.
 *
 * @since 0.1.0
 * @category models
 */
export interface StandardScaler {
  readonly _tag: "StandardScaler"
  /** Column means (NaN ignored). */
  readonly mean: ReadonlyArray<number>
  /** Column population variances (ddof 0, NaN ignored). */
  readonly variance: ReadonlyArray<number>
  /** Column standard deviations, 1 for (near-)constant columns. */
  readonly scale: ReadonlyArray<number>
  readonly withMean: boolean
  readonly withStd: boolean
}

/**
 * @since 0.1.0
 * @category models
 */
export interface StandardScalerOptions {
  /** Subtract the mean (default true). */
  readonly withMean?: boolean | undefined
  /** Divide by the standard deviation (default true). */
  readonly withStd?: boolean | undefined
}

const standardScalerFromStats = (stats: ColumnStats, options: StandardScalerOptions = {}): StandardScaler => {
  checkStatsNotEmpty(stats)
  const c = stats.columns
  const mean: Array<number> = new Array(c)
  const variance: Array<number> = new Array(c)
  const scale: Array<number> = new Array(c)
  for (let j = 0; j < c; j++) {
    const n = stats.count[j]
    const m = stats.mean[j]
    const v = stats.m2[j] / n
    mean[j] = m
    variance[j] = v
    // scikit-learn's _is_constant_feature: a variance within the rounding error
    // of the two-pass algorithm (Chan, Golub & LeVeque) counts as zero.
    const bound = n * EPSILON * v + (n * m * EPSILON) ** 2
    scale[j] = v <= bound ? 1 : Math.sqrt(v)
  }
  return {
    _tag: "StandardScaler",
    mean,
    variance,
    scale,
    withMean: checkBoolean("withMean", options.withMean ?? true),
    withStd: checkBoolean("withStd", options.withStd ?? true)
  }
}

/**
 * Standardises features to zero mean and unit variance, as scikit-learn's
 * `StandardScaler`: the mean and the population standard deviation (ddof 0)
 * of each column, NaN ignored at fit and kept at transform; a constant column
 * (variance within rounding of zero) gets scale 1, not a division by zero.
 *
 * `fit` throws `EmptyInput` for no rows or a column with no value but NaN.
 *
 * @example
 * const scaler = StandardScaler.fit(X)
 * const Z = transform(scaler, X)
 * // or, in parallel: StandardScaler.fitFromStats(mergeAll(chunkStats))
 * @since 0.1.0
 * @category transformers
 */
export const StandardScaler = {
  /** Fits on `X` (or its `rows`), in one pass. */
  fit: (X: SharedMatrix, options: StandardScalerOptions & FitRows = {}): StandardScaler =>
    standardScalerFromStats(statsOf(X, options.rows), options),
  /** Fits from column statistics, for example merged from per-chunk partials. */
  fitFromStats: standardScalerFromStats,
  /** Writes rows `start..end-1` of `X`, standardised, to `out` from row `outStart`. */
  transformRows: (state: StandardScaler, X: SharedMatrix, start: number, end: number, out: SharedMatrix, outStart: number): void => {
    const c = state.mean.length
    checkRows(X, c, start, end, out, c, outStart)
    const shift = state.withMean ? Float64Array.from(state.mean) : new Float64Array(c)
    const scale = state.withStd ? Float64Array.from(state.scale) : new Float64Array(c).fill(1)
    const src = X.data
    const dst = out.data
    for (let i = start, o = outStart; i < end; i++, o++) {
      const a = i * c
      const b = o * c
      for (let j = 0; j < c; j++) dst[b + j] = (src[a + j] - shift[j]) / scale[j]
    }
  }
}
