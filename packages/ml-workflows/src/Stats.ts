/**
 * Descriptive statistics: per-column partials that merge exactly across
 * chunks of rows (so a parallel pass gives what a sequential one does), and
 * the mean, standard deviation and quantiles of a sample.
 *
 * @since 0.1.0
 */
import * as Check from "@weft/core/Check"
import { EmptyInput, InvalidOption, ShapeMismatch } from "@weft/core/Errors"
import type { SharedMatrix } from "@weft/core/SharedMatrix"

/**
 * Per-column summary of a block of rows, NaN ignored: `count` non-NaN values,
 * their `mean` and `m2` (sum of squared deviations from the mean), `min`,
 * `max`, and `nanCount` NaNs. A column with no value has mean NaN, m2 0,
 * min +Infinity and max -Infinity. Plain data: it can cross to and from a worker.
 *
 * @since 0.1.0
 * @category models
 */
export interface ColumnStats {
  readonly columns: number
  readonly count: Float64Array
  readonly mean: Float64Array
  readonly m2: Float64Array
  readonly min: Float64Array
  readonly max: Float64Array
  readonly nanCount: Float64Array
}

/**
 * The statistics of no rows (the identity of {@link merge}).
 *
 * @since 0.1.0
 * @category constructors
 */
export const emptyStats = (columns: number): ColumnStats => {
  const stats = allocate(columns)
  stats.mean.fill(Number.NaN)
  return stats
}

/**
 * The {@link ColumnStats} of rows `start..end-1` of `X`, NaN ignored, in one
 * pass with Welford's online update (Welford 1962; Knuth, TAOCP vol. 2,
 * 4.2.2). A min or max tie keeps the first value seen, so that -0 and 0 come
 * out as a single pass over all the rows would leave them. Infinite values
 * are counted and make the mean and m2 of their column non-finite.
 *
 * Throws `RangeError` for a row range outside `X`.
 *
 * @example
 * const parts = [columnStats(X, 0, 500), columnStats(X, 500, X.rows)]
 * const all = mergeAll(parts) // equals columnStats(X) to rounding
 * @since 0.1.0
 * @category statistics
 */
export const columnStats = (X: SharedMatrix, start = 0, end = X.rows): ColumnStats => {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > X.rows || start > end) {
    throw new RangeError(`row range [${start}, ${end}) out of range for ${X.rows} rows`)
  }
  const stats = allocate(X.columns)
  for (let i = start; i < end; i++) addRow(stats, X.data, i * X.columns)
  return finish(stats)
}

/**
 * The {@link ColumnStats} of the rows of `X` listed in `rows`, in that order
 * (the same update as {@link columnStats}), for example a fold's training rows.
 *
 * Throws `RangeError` for a row index outside `X`.
 *
 * @since 0.1.0
 * @category statistics
 */
export const columnStatsAt = (X: SharedMatrix, rows: ArrayLike<number>): ColumnStats => {
  const stats = allocate(X.columns)
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r]
    if (!Number.isInteger(i) || i < 0 || i >= X.rows) throw new RangeError(`row ${i} out of range 0..${X.rows - 1}`)
    addRow(stats, X.data, i * X.columns)
  }
  return finish(stats)
}

/**
 * The statistics of the rows of `a` followed by the rows of `b`, by Chan,
 * Golub & LeVeque's pairwise update (1979; "Updating formulae and a pairwise
 * algorithm for computing sample variances"). Counts, minima and maxima are
 * exact; mean and m2 agree with a single pass to rounding. Merge partials in
 * chunk order so that the result does not depend on which thread finished first.
 *
 * Throws `ShapeMismatch` when the column counts differ.
 *
 * @since 0.1.0
 * @category statistics
 */
export const merge = (a: ColumnStats, b: ColumnStats): ColumnStats => {
  if (a.columns !== b.columns) {
    throw new ShapeMismatch({ what: "column statistics to merge", expected: `${a.columns} columns`, actual: `${b.columns} columns` })
  }
  const c = a.columns
  const out = allocate(c)
  for (let j = 0; j < c; j++) {
    const na = a.count[j]
    const nb = b.count[j]
    const n = na + nb
    out.count[j] = n
    out.nanCount[j] = a.nanCount[j] + b.nanCount[j]
    out.min[j] = b.min[j] < a.min[j] ? b.min[j] : a.min[j]
    out.max[j] = b.max[j] > a.max[j] ? b.max[j] : a.max[j]
    if (nb === 0) {
      out.mean[j] = a.mean[j]
      out.m2[j] = a.m2[j]
    } else if (na === 0) {
      out.mean[j] = b.mean[j]
      out.m2[j] = b.m2[j]
    } else {
      const delta = b.mean[j] - a.mean[j]
      out.mean[j] = a.mean[j] + delta * (nb / n)
      out.m2[j] = a.m2[j] + b.m2[j] + delta * delta * ((na * nb) / n)
    }
  }
  return out
}

/**
 * `parts` merged left to right (chunk 0, then 1, ...). Throws `EmptyInput` for no parts.
 *
 * @since 0.1.0
 * @category statistics
 */
export const mergeAll = (parts: ReadonlyArray<ColumnStats>): ColumnStats => {
  if (parts.length === 0) throw new EmptyInput({ what: "column statistics to merge" })
  let acc = parts[0]
  for (let p = 1; p < parts.length; p++) acc = merge(acc, parts[p])
  return acc
}

/**
 * Per-column variance `m2 / (count - ddof)` (population variance for `ddof = 0`,
 * the default; the unbiased estimate for `ddof = 1`). A column with
 * `count <= ddof` gets NaN, as numpy's `nanvar` does.
 *
 * @since 0.1.0
 * @category statistics
 */
export const columnVariance = (stats: ColumnStats, ddof = 0): Float64Array => {
  checkDdof(ddof)
  const out = new Float64Array(stats.columns)
  for (let j = 0; j < stats.columns; j++) {
    const dof = stats.count[j] - ddof
    out[j] = dof > 0 ? stats.m2[j] / dof : Number.NaN
  }
  return out
}

/**
 * Per-column standard deviation, the square root of {@link columnVariance}.
 *
 * @since 0.1.0
 * @category statistics
 */
export const columnStd = (stats: ColumnStats, ddof = 0): Float64Array => {
  const out = columnVariance(stats, ddof)
  for (let j = 0; j < out.length; j++) out[j] = Math.sqrt(out[j])
  return out
}

/**
 * The arithmetic mean of `values`. Throws `EmptyInput` when there are none.
 *
 * @example
 * mean([1, 2, 4]) // 7 / 3
 * @since 0.1.0
 * @category statistics
 */
export const mean = (values: ArrayLike<number>): number => {
  const n = values.length
  if (n === 0) throw new EmptyInput({ what: "values" })
  let sum = 0
  for (let i = 0; i < n; i++) sum += values[i]
  return sum / n
}

/**
 * @since 0.1.0
 * @category models
 */
export interface StdOptions {
  /** Delta degrees of freedom: the divisor is `n - ddof` (default 0, the population value, as numpy). */
  readonly ddof?: number | undefined
}

/**
 * The variance of `values` by the two-pass algorithm, divided by `n - ddof`
 * (numpy's `var`). Throws `EmptyInput` for no values, `InvalidOption` unless
 * `0 <= ddof < n`.
 *
 * @example
 * variance([1, 2, 3, 4]) // 1.25
 * variance([1, 2, 3, 4], { ddof: 1 }) // 5 / 3
 * @since 0.1.0
 * @category statistics
 */
export const variance = (values: ArrayLike<number>, options: StdOptions = {}): number => {
  const ddof = options.ddof ?? 0
  checkDdof(ddof)
  const n = values.length
  const m = mean(values)
  if (ddof >= n) {
    throw new InvalidOption({ option: "ddof", value: ddof, reason: `must be less than the number of values (${n})` })
  }
  let ss = 0
  for (let i = 0; i < n; i++) {
    const d = values[i] - m
    ss += d * d
  }
  return ss / (n - ddof)
}

/**
 * The standard deviation of `values`: the square root of {@link variance}
 * (population value for the default `ddof = 0`, as numpy's `std`).
 *
 * @example
 * std([2, 4, 4, 4, 5, 5, 7, 9]) // 2
 * @since 0.1.0
 * @category statistics
 */
export const std = (values: ArrayLike<number>, options: StdOptions = {}): number => Math.sqrt(variance(values, options))

/**
 * @since 0.1.0
 * @category models
 */
export interface QuantileOptions {
  /** The values are already in ascending order: skip the sort (default false). */
  readonly sorted?: boolean | undefined
}

/**
 * The `q`-quantile of `values` by linear interpolation between the closest
 * ranks, numpy's default (`method="linear"`, Hyndman & Fan's type 7), with
 * numpy's own interpolation formula so results agree to the bit. NaN anywhere
 * gives NaN, as numpy's `quantile` does. `values` is not modified.
 *
 * Throws `EmptyInput` for no values and `InvalidOption` unless `0 <= q <= 1`.
 *
 * @example
 * quantile([1, 2, 3, 4], 0.25) // 1.75
 * @since 0.1.0
 * @category statistics
 */
export const quantile = (values: ArrayLike<number>, q: number, options: QuantileOptions = {}): number =>
  quantiles(values, [q], options)[0]

/**
 * {@link quantile} for each of `qs`, sorting `values` (a copy) once.
 *
 * @example
 * quantiles([3, 1, 2], [0, 0.5, 1]) // Float64Array [1, 2, 3]
 * @since 0.1.0
 * @category statistics
 */
export const quantiles = (values: ArrayLike<number>, qs: ArrayLike<number>, options: QuantileOptions = {}): Float64Array => {
  for (let k = 0; k < qs.length; k++) checkProbability(qs[k])
  const n = values.length
  if (n === 0) throw new EmptyInput({ what: "values" })
  const sorted = options.sorted === true ? values : sortedCopy(values)
  const out = new Float64Array(qs.length)
  if (hasNaN(sorted)) return out.fill(Number.NaN)
  for (let k = 0; k < qs.length; k++) out[k] = interpolate(sorted, qs[k])
  return out
}

/**
 * The median of `values`: the middle value, or the mean of the two middle
 * values for an even count (numpy's `median`). NaN anywhere gives NaN.
 * Throws `EmptyInput` for no values.
 *
 * @example
 * median([4, 1, 3, 2]) // 2.5
 * @since 0.1.0
 * @category statistics
 */
export const median = (values: ArrayLike<number>, options: QuantileOptions = {}): number => {
  const n = values.length
  if (n === 0) throw new EmptyInput({ what: "values" })
  const sorted = options.sorted === true ? values : sortedCopy(values)
  if (hasNaN(sorted)) return Number.NaN
  const half = n >> 1
  return n % 2 === 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2
}

/** numpy's `_quantile` for `method="linear"` on sorted, NaN-free values. */
const interpolate = (sorted: ArrayLike<number>, q: number): number => {
  const n = sorted.length
  const h = (n - 1) * q
  if (h >= n - 1) return sorted[n - 1]
  const lo = Math.floor(h)
  const t = h - lo
  const a = sorted[lo]
  const b = sorted[lo + 1]
  const diff = b - a
  // numpy's _lerp: from the nearer end, so that t = 1 gives b exactly.
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t
}

const sortedCopy = (values: ArrayLike<number>): Float64Array => Float64Array.from(values).sort()

const hasNaN = (values: ArrayLike<number>): boolean => {
  for (let i = 0; i < values.length; i++) if (values[i] !== values[i]) return true
  return false
}

const checkProbability = (q: number): void => {
  if (typeof q !== "number" || !(q >= 0 && q <= 1)) {
    throw new InvalidOption({ option: "q", value: q, reason: "a quantile must be between 0 and 1" })
  }
}

const checkDdof = (ddof: number): void => {
  Check.integer("ddof", ddof, { min: 0 })
}

/** Welford's update of `stats` with the row starting at `offset` of `d`. */
const addRow = (stats: ColumnStats, d: Float64Array, offset: number): void => {
  const { columns, count, mean, m2, min, max, nanCount } = stats
  for (let j = 0; j < columns; j++) {
    const x = d[offset + j]
    if (x !== x) {
      nanCount[j]++
      continue
    }
    const n = ++count[j]
    const delta = x - mean[j]
    mean[j] += delta / n
    m2[j] += delta * (x - mean[j])
    if (x < min[j]) min[j] = x
    if (x > max[j]) max[j] = x
  }
}

const finish = (stats: ColumnStats): ColumnStats => {
  for (let j = 0; j < stats.columns; j++) if (stats.count[j] === 0) stats.mean[j] = Number.NaN
  return stats
}

const allocate = (columns: number): ColumnStats => {
  const c = Check.integer("columns", columns, { min: 0 })
  const min = new Float64Array(c).fill(Number.POSITIVE_INFINITY)
  const max = new Float64Array(c).fill(Number.NEGATIVE_INFINITY)
  return {
    columns: c,
    count: new Float64Array(c),
    mean: new Float64Array(c),
    m2: new Float64Array(c),
    min,
    max,
    nanCount: new Float64Array(c)
  }
}
