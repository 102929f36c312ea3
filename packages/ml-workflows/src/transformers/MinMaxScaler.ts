/**
 * The min-max scaler, as scikit-learn's `MinMaxScaler`: `x * scale + min` per
 * column. One module of the fitted transformers (see `Transformers.ts`): plain
 * fitted data, pure functions, any thread.
 *
 * @since 0.1.0
 */
import { InvalidOption } from "@weft/core/Errors"
import type { SharedMatrix } from "@weft/core/SharedMatrix"
import { checkBoolean, checkRows, checkStatsNotEmpty, statsOf } from "../internal/transformerChecks.js"
import type { ColumnStats } from "../Stats.js"
import type { FitRows } from "./Transformer.js"

const EPSILON = Number.EPSILON

/**
 * A fitted min-max scaler: `x * scale + min` per column.
 *
 * @since 0.1.0
 * @category models
 */
export interface MinMaxScaler {
  readonly _tag: "MinMaxScaler"
  readonly featureRange: readonly [number, number]
  readonly dataMin: ReadonlyArray<number>
  readonly dataMax: ReadonlyArray<number>
  readonly scale: ReadonlyArray<number>
  readonly min: ReadonlyArray<number>
  readonly clip: boolean
}

/**
 * @since 0.1.0
 * @category models
 */
export interface MinMaxScalerOptions {
  /** The range the training data is mapped onto (default [0, 1]). */
  readonly featureRange?: readonly [number, number] | undefined
  /** Clip transformed values to `featureRange` (default false). */
  readonly clip?: boolean | undefined
}

const minMaxScalerFromStats = (stats: ColumnStats, options: MinMaxScalerOptions = {}): MinMaxScaler => {
  const range = options.featureRange ?? [0, 1]
  if (!Array.isArray(range) || range.length !== 2 || !Number.isFinite(range[0]) || !Number.isFinite(range[1]) || !(range[0] < range[1])) {
    throw new InvalidOption({ option: "featureRange", value: range, reason: "must be [lo, hi] with finite lo < hi" })
  }
  checkStatsNotEmpty(stats)
  const c = stats.columns
  const [lo, hi] = range
  const dataMin: Array<number> = new Array(c)
  const dataMax: Array<number> = new Array(c)
  const scale: Array<number> = new Array(c)
  const min: Array<number> = new Array(c)
  for (let j = 0; j < c; j++) {
    dataMin[j] = stats.min[j]
    dataMax[j] = stats.max[j]
    const dataRange = stats.max[j] - stats.min[j]
    // scikit-learn's _handle_zeros_in_scale: a (near-)zero range divides by 1.
    scale[j] = (hi - lo) / (dataRange < 10 * EPSILON ? 1 : dataRange)
    min[j] = lo - stats.min[j] * scale[j]
  }
  return { _tag: "MinMaxScaler", featureRange: [lo, hi], dataMin, dataMax, scale, min, clip: checkBoolean("clip", options.clip ?? false) }
}

/**
 * Maps each column linearly so that its training minimum and maximum land on
 * `featureRange`, as scikit-learn's `MinMaxScaler` (`x * scale + min`, NaN
 * ignored at fit and kept at transform; a constant column is shifted to `lo`).
 *
 * `fit` throws `InvalidOption` for a bad `featureRange`, `EmptyInput` for no
 * rows or a column with no value but NaN.
 *
 * @example
 * const scaler = MinMaxScaler.fit(X, { featureRange: [-1, 1] })
 * @since 0.1.0
 * @category transformers
 */
export const MinMaxScaler = {
  /** Fits on `X` (or its `rows`), in one pass. */
  fit: (X: SharedMatrix, options: MinMaxScalerOptions & FitRows = {}): MinMaxScaler =>
    minMaxScalerFromStats(statsOf(X, options.rows), options),
  /** Fits from column statistics (their `min` and `max`). */
  fitFromStats: minMaxScalerFromStats,
  /** Writes rows `start..end-1` of `X`, scaled, to `out` from row `outStart`. */
  transformRows: (state: MinMaxScaler, X: SharedMatrix, start: number, end: number, out: SharedMatrix, outStart: number): void => {
    const c = state.scale.length
    checkRows(X, c, start, end, out, c, outStart)
    const scale = Float64Array.from(state.scale)
    const min = Float64Array.from(state.min)
    const [lo, hi] = state.featureRange
    const src = X.data
    const dst = out.data
    for (let i = start, o = outStart; i < end; i++, o++) {
      const a = i * c
      const b = o * c
      for (let j = 0; j < c; j++) {
        const x = src[a + j] * scale[j] + min[j]
        dst[b + j] = state.clip ? (x < lo ? lo : x > hi ? hi : x) : x
      }
    }
  }
}
