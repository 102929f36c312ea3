/**
 * Fitted feature transformers, as scikit-learn's `StandardScaler`,
 * `MinMaxScaler`, `SimpleImputer` and `OneHotEncoder`.
 *
 * A fitted transformer is plain, JSON-serialisable data; `transformRows` is a
 * pure function that reads a row range of one shared matrix and writes the
 * same number of rows into another, so each worker can transform its own
 * chunk into a shared output. Scalers can be fitted from {@link ColumnStats}
 * merged across chunks, so fitting parallelises too.
 *
 * @since 0.1.0
 */
import { EmptyInput, InvalidOption, NonFiniteValue, ShapeMismatch } from "@weft/core/Errors"
import { SharedMatrix } from "@weft/core/SharedMatrix"
import { type ColumnStats, columnStats, columnStatsAt, median as medianOf } from "./Stats.js"

const EPSILON = Number.EPSILON

/**
 * Rows of `X` to fit on (all rows when absent), so that a cross-validation
 * fold fits on its training rows without copying them.
 *
 * @since 0.1.0
 */
export interface FitRows {
  readonly rows?: Int32Array | undefined
}

// ---------------------------------------------------------------------------
// StandardScaler
// ---------------------------------------------------------------------------

/**
 * A fitted standard scaler: `(x - mean) / scale` per column.
 *
 * @since 0.1.0
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

// ---------------------------------------------------------------------------
// MinMaxScaler
// ---------------------------------------------------------------------------

/**
 * A fitted min-max scaler: `x * scale + min` per column.
 *
 * @since 0.1.0
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

// ---------------------------------------------------------------------------
// SimpleImputer
// ---------------------------------------------------------------------------

/**
 * How {@link SimpleImputer} chooses each column's fill value.
 *
 * @since 0.1.0
 */
export type ImputeStrategy = "mean" | "median" | "most_frequent" | "constant"

/**
 * A fitted imputer: each missing value of column `j` becomes `statistics[j]`.
 *
 * @since 0.1.0
 */
export interface SimpleImputer {
  readonly _tag: "SimpleImputer"
  readonly strategy: ImputeStrategy
  /** The value that marks a missing entry; `null` stands for NaN (JSON has no NaN). */
  readonly missingValue: number | null
  readonly statistics: ReadonlyArray<number>
}

/**
 * @since 0.1.0
 */
export interface SimpleImputerOptions {
  /** Default "mean". */
  readonly strategy?: ImputeStrategy | undefined
  /** The fill value of the "constant" strategy (default 0). */
  readonly fillValue?: number | undefined
  /** The value that marks a missing entry (default NaN). */
  readonly missingValue?: number | undefined
}

const imputerOptions = (options: SimpleImputerOptions): { strategy: ImputeStrategy; fillValue: number; missing: number } => {
  const strategy = options.strategy ?? "mean"
  if (strategy !== "mean" && strategy !== "median" && strategy !== "most_frequent" && strategy !== "constant") {
    throw new InvalidOption({ option: "strategy", value: strategy, reason: 'must be "mean", "median", "most_frequent" or "constant"' })
  }
  const fillValue = options.fillValue ?? 0
  if (typeof fillValue !== "number") throw new InvalidOption({ option: "fillValue", value: fillValue, reason: "must be a number" })
  if (options.fillValue !== undefined && strategy !== "constant") {
    throw new InvalidOption({ option: "fillValue", value: fillValue, reason: 'is only used by strategy "constant"' })
  }
  const missing = options.missingValue ?? Number.NaN
  if (typeof missing !== "number" || missing === Number.POSITIVE_INFINITY || missing === Number.NEGATIVE_INFINITY) {
    throw new InvalidOption({ option: "missingValue", value: missing, reason: "must be a finite number or NaN" })
  }
  return { strategy, fillValue, missing }
}

const imputerFit = (X: SharedMatrix, options: SimpleImputerOptions & FitRows = {}): SimpleImputer => {
  const { strategy, fillValue, missing } = imputerOptions(options)
  const rows = options.rows ?? null
  const nRows = rows === null ? X.rows : rows.length
  if (nRows === 0) throw new EmptyInput({ what: "rows to fit the imputer on" })
  const c = X.columns
  const statistics: Array<number> = new Array(c)
  if (strategy === "constant") {
    statistics.fill(fillValue)
    return imputer(strategy, missing, statistics)
  }
  const missingIsNaN = Number.isNaN(missing)
  const d = X.data
  const column = new Float64Array(nRows)
  for (let j = 0; j < c; j++) {
    let count = 0
    for (let r = 0; r < nRows; r++) {
      const i = rows === null ? r : rows[r]
      const x = d[i * c + j]
      if (missingIsNaN ? x !== x : x === missing) continue
      if (x !== x) throw new NonFiniteValue({ what: "X (NaN with a missingValue other than NaN)", row: i, column: j, value: x })
      column[count++] = x
    }
    if (count === 0) {
      throw new EmptyInput({
        what: `column ${j} (every value is missing, so the ${strategy} is undefined; use strategy "constant")`
      })
    }
    const present = column.subarray(0, count)
    statistics[j] = strategy === "mean" ? meanOf(present) : strategy === "median" ? medianOf(present) : mostFrequent(present)
  }
  return imputer(strategy, missing, statistics)
}

const imputer = (strategy: ImputeStrategy, missing: number, statistics: Array<number>): SimpleImputer => ({
  _tag: "SimpleImputer",
  strategy,
  missingValue: Number.isNaN(missing) ? null : missing,
  statistics
})

/**
 * Fills missing values column by column, as scikit-learn's `SimpleImputer`:
 * with the column's mean, median or most frequent value (the smallest on a
 * tie, as scikit-learn) over the entries that are not missing, or with a
 * constant. The missing marker is NaN unless `missingValue` says otherwise.
 *
 * `fit` throws `EmptyInput` for no rows, or for a column whose every entry is
 * missing (scikit-learn would drop it; use "constant" there), `InvalidOption`
 * for a bad option. `fitFromStats` serves the "mean" and "constant" strategies
 * with the NaN marker.
 *
 * @example
 * const imputer = SimpleImputer.fit(X, { strategy: "median" })
 * const filled = transform(imputer, X)
 * @since 0.1.0
 */
export const SimpleImputer = {
  /** Fits on `X` (or its `rows`); median and most frequent sort each column once. */
  fit: imputerFit,
  /** Fits the "mean" (or "constant") strategy from column statistics merged across chunks. */
  fitFromStats: (stats: ColumnStats, options: SimpleImputerOptions = {}): SimpleImputer => {
    const { strategy, fillValue, missing } = imputerOptions(options)
    if (strategy !== "mean" && strategy !== "constant") {
      throw new InvalidOption({ option: "strategy", value: strategy, reason: `needs every value of a column; use SimpleImputer.fit for "${strategy}"` })
    }
    if (!Number.isNaN(missing)) {
      throw new InvalidOption({ option: "missingValue", value: missing, reason: "column statistics only skip NaN; use SimpleImputer.fit for another marker" })
    }
    if (strategy === "constant") return imputer(strategy, missing, new Array(stats.columns).fill(fillValue))
    for (let j = 0; j < stats.columns; j++) {
      if (stats.count[j] === 0) throw new EmptyInput({ what: `column ${j} (every value is missing, so the mean is undefined; use strategy "constant")` })
    }
    return imputer(strategy, missing, Array.from(stats.mean))
  },
  /** Writes rows `start..end-1` of `X`, missing values filled, to `out` from row `outStart`. */
  transformRows: (state: SimpleImputer, X: SharedMatrix, start: number, end: number, out: SharedMatrix, outStart: number): void => {
    const c = state.statistics.length
    checkRows(X, c, start, end, out, c, outStart)
    const fill = Float64Array.from(state.statistics)
    const src = X.data
    const dst = out.data
    const marker = state.missingValue
    for (let i = start, o = outStart; i < end; i++, o++) {
      const a = i * c
      const b = o * c
      for (let j = 0; j < c; j++) {
        const x = src[a + j]
        dst[b + j] = (marker === null ? x !== x : x === marker) ? fill[j] : x
      }
    }
  }
}

const meanOf = (values: Float64Array): number => {
  let sum = 0
  for (let i = 0; i < values.length; i++) sum += values[i]
  return sum / values.length
}

/** The most frequent value, the smallest among equally frequent ones. */
const mostFrequent = (values: Float64Array): number => {
  const sorted = Float64Array.from(values).sort()
  let best = sorted[0]
  let bestCount = 0
  for (let i = 0; i < sorted.length; ) {
    let k = i + 1
    while (k < sorted.length && sorted[k] === sorted[i]) k++
    if (k - i > bestCount) {
      best = sorted[i]
      bestCount = k - i
    }
    i = k
  }
  return best
}

// ---------------------------------------------------------------------------
// OneHotEncoder
// ---------------------------------------------------------------------------

/**
 * A fitted one-hot encoder. The output keeps the input's column order, each
 * categorical column replaced in place by one indicator column per category.
 *
 * @since 0.1.0
 */
export interface OneHotEncoder {
  readonly _tag: "OneHotEncoder"
  readonly inputColumns: number
  /** The categorical input columns, ascending. */
  readonly columns: ReadonlyArray<number>
  /** The categories of each categorical column, ascending. */
  readonly categories: ReadonlyArray<ReadonlyArray<number>>
  readonly handleUnknown: "error" | "ignore"
  readonly outputColumns: number
}

/**
 * @since 0.1.0
 */
export interface OneHotEncoderOptions {
  /** The input columns to encode (the others pass through unchanged). */
  readonly columns: ReadonlyArray<number>
  /** A category unseen at fit: fail ("error", the default) or encode as all zeros ("ignore"). */
  readonly handleUnknown?: "error" | "ignore" | undefined
}

const oneHotFit = (X: SharedMatrix, options: OneHotEncoderOptions & FitRows): OneHotEncoder => {
  const handleUnknown = options.handleUnknown ?? "error"
  if (handleUnknown !== "error" && handleUnknown !== "ignore") {
    throw new InvalidOption({ option: "handleUnknown", value: handleUnknown, reason: 'must be "error" or "ignore"' })
  }
  const c = X.columns
  if (!Array.isArray(options.columns)) throw new InvalidOption({ option: "columns", value: options.columns, reason: "must be an array of column indices" })
  const columns = [...options.columns].sort((a, b) => a - b)
  for (let k = 0; k < columns.length; k++) {
    const j = columns[k]
    if (!Number.isInteger(j) || j < 0 || j >= c) {
      throw new InvalidOption({ option: "columns", value: j, reason: `column indices must be integers in 0..${c - 1}` })
    }
    if (k > 0 && columns[k - 1] === j) throw new InvalidOption({ option: "columns", value: j, reason: "lists a column twice" })
  }
  const rows = options.rows ?? null
  const nRows = rows === null ? X.rows : rows.length
  if (nRows === 0) throw new EmptyInput({ what: "rows to fit the one-hot encoder on" })
  const d = X.data
  const categories: Array<Array<number>> = []
  let outputColumns = c
  for (const j of columns) {
    const seen = new Set<number>()
    for (let r = 0; r < nRows; r++) {
      const i = rows === null ? r : rows[r]
      const x = d[i * c + j]
      if (!Number.isFinite(x)) throw new NonFiniteValue({ what: "categorical column of X", row: i, column: j, value: x })
      seen.add(x === 0 ? 0 : x) // -0 and 0 are one category
    }
    const sorted = Array.from(seen).sort((a, b) => a - b)
    categories.push(sorted)
    outputColumns += sorted.length - 1
  }
  return { _tag: "OneHotEncoder", inputColumns: c, columns, categories, handleUnknown, outputColumns }
}

/**
 * Encodes the given categorical columns (numeric codes) as indicator columns,
 * as scikit-learn's `OneHotEncoder`: the categories of each column are the
 * distinct values seen at fit, in ascending order. A value unseen at fit
 * throws `InvalidOption` naming the row and column, or, with
 * `handleUnknown: "ignore"`, becomes all zeros. Other columns pass through.
 *
 * `fit` throws `InvalidOption` for bad column indices, `NonFiniteValue` for a
 * NaN or infinity in a categorical column, `EmptyInput` for no rows.
 *
 * @example
 * const enc = OneHotEncoder.fit(X, { columns: [2] })
 * const Z = transform(enc, X) // X.columns - 1 + enc.categories[0].length columns
 * @since 0.1.0
 */
export const OneHotEncoder = {
  /** Fits on `X` (or its `rows`). */
  fit: oneHotFit,
  /** Writes rows `start..end-1` of `X`, encoded, to `out` from row `outStart`. */
  transformRows: (state: OneHotEncoder, X: SharedMatrix, start: number, end: number, out: SharedMatrix, outStart: number): void => {
    const c = state.inputColumns
    const w = state.outputColumns
    checkRows(X, c, start, end, out, w, outStart)
    // block[j]: which categorical column input column j is, or -1.
    const block = new Int32Array(c).fill(-1)
    for (let k = 0; k < state.columns.length; k++) block[state.columns[k]] = k
    const cats = state.categories.map((values) => Float64Array.from(values))
    const ignore = state.handleUnknown === "ignore"
    const src = X.data
    const dst = out.data
    for (let i = start, o = outStart; i < end; i++, o++) {
      const a = i * c
      let b = o * w
      for (let j = 0; j < c; j++) {
        const x = src[a + j]
        const k = block[j]
        if (k < 0) {
          dst[b++] = x
          continue
        }
        const values = cats[k]
        const at = binarySearch(values, x)
        if (at < 0 && !ignore) {
          throw new InvalidOption({
            option: `X[${i}, ${j}]`,
            value: x,
            reason: `category not seen at fit (known: ${Array.from(values).join(", ")}); pass handleUnknown: "ignore" to encode it as all zeros`
          })
        }
        for (let q = 0; q < values.length; q++) dst[b + q] = q === at ? 1 : 0
        b += values.length
      }
    }
  },
  /**
   * Names of the output columns: a passed-through column keeps its name, an
   * encoded one becomes `name_category` (scikit-learn's `get_feature_names_out`).
   */
  featureNames: (state: OneHotEncoder, inputNames: ReadonlyArray<string>): Array<string> => {
    if (inputNames.length !== state.inputColumns) {
      throw new ShapeMismatch({ what: "feature names", expected: `${state.inputColumns} names`, actual: `${inputNames.length} names` })
    }
    const out: Array<string> = []
    for (let j = 0; j < state.inputColumns; j++) {
      const k = state.columns.indexOf(j)
      if (k < 0) out.push(inputNames[j])
      else for (const value of state.categories[k]) out.push(`${inputNames[j]}_${value}`)
    }
    return out
  }
}

/** The index of `x` in ascending `values`, or -1. */
const binarySearch = (values: Float64Array, x: number): number => {
  let lo = 0
  let hi = values.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const v = values[mid]
    if (v < x) lo = mid + 1
    else if (v > x) hi = mid - 1
    else return mid
  }
  return -1
}

// ---------------------------------------------------------------------------
// Any transformer
// ---------------------------------------------------------------------------

/**
 * Any fitted transformer of this module; `_tag` says which.
 *
 * @since 0.1.0
 */
export type Transformer = StandardScaler | MinMaxScaler | SimpleImputer | OneHotEncoder

/**
 * The number of columns `state` reads.
 *
 * @since 0.1.0
 */
export const inputColumns = (state: Transformer): number => {
  switch (state._tag) {
    case "StandardScaler":
      return state.mean.length
    case "MinMaxScaler":
      return state.scale.length
    case "SimpleImputer":
      return state.statistics.length
    case "OneHotEncoder":
      return state.inputColumns
  }
}

/**
 * The number of columns `state` writes.
 *
 * @since 0.1.0
 */
export const outputColumns = (state: Transformer): number =>
  state._tag === "OneHotEncoder" ? state.outputColumns : inputColumns(state)

/**
 * Rows `start..end-1` of `X` transformed by `state`, written to rows
 * `outStart..outStart + end - start - 1` of `out` (a different matrix, or the
 * same one where input and output widths agree). A worker calls this on its
 * chunk; all chunks together equal {@link transform}.
 *
 * Throws `ShapeMismatch` when `X` or `out` has the wrong number of columns or
 * `out` too few rows, `RangeError` for a row range outside `X`.
 *
 * @since 0.1.0
 */
export const transformRows = (state: Transformer, X: SharedMatrix, start: number, end: number, out: SharedMatrix, outStart: number): void => {
  switch (state._tag) {
    case "StandardScaler":
      return StandardScaler.transformRows(state, X, start, end, out, outStart)
    case "MinMaxScaler":
      return MinMaxScaler.transformRows(state, X, start, end, out, outStart)
    case "SimpleImputer":
      return SimpleImputer.transformRows(state, X, start, end, out, outStart)
    case "OneHotEncoder":
      return OneHotEncoder.transformRows(state, X, start, end, out, outStart)
  }
}

/**
 * All of `X` transformed by `state`, into a new shared matrix.
 *
 * @example
 * const Z = transform(StandardScaler.fit(X), X)
 * @since 0.1.0
 */
export const transform = (state: Transformer, X: SharedMatrix): SharedMatrix => {
  const out = SharedMatrix.zeros(X.rows, outputColumns(state))
  transformRows(state, X, 0, X.rows, out, 0)
  return out
}

// ---------------------------------------------------------------------------

const statsOf = (X: SharedMatrix, rows: Int32Array | undefined): ColumnStats =>
  rows === undefined ? columnStats(X) : columnStatsAt(X, rows)

const checkStatsNotEmpty = (stats: ColumnStats): void => {
  for (let j = 0; j < stats.columns; j++) {
    if (stats.count[j] === 0) {
      throw new EmptyInput({ what: stats.nanCount[j] > 0 ? `column ${j} (every value is NaN)` : "rows to fit on" })
    }
  }
}

const checkBoolean = (option: string, value: unknown): boolean => {
  if (typeof value !== "boolean") throw new InvalidOption({ option, value, reason: "must be true or false" })
  return value
}

const checkRows = (X: SharedMatrix, columns: number, start: number, end: number, out: SharedMatrix, outColumns: number, outStart: number): void => {
  if (X.columns !== columns) {
    throw new ShapeMismatch({ what: "X", expected: `${columns} columns (as at fit)`, actual: `${X.columns} columns` })
  }
  if (out.columns !== outColumns) {
    throw new ShapeMismatch({ what: "output matrix", expected: `${outColumns} columns`, actual: `${out.columns} columns` })
  }
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > X.rows || start > end) {
    throw new RangeError(`row range [${start}, ${end}) out of range for ${X.rows} rows`)
  }
  if (!Number.isInteger(outStart) || outStart < 0 || outStart + (end - start) > out.rows) {
    throw new ShapeMismatch({
      what: "output matrix",
      expected: `rows ${outStart}..${outStart + (end - start) - 1}`,
      actual: `${out.rows} rows`
    })
  }
}
