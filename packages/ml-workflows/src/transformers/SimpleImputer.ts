/**
 * The imputer, as scikit-learn's `SimpleImputer`: each missing value of a
 * column filled with the column's mean, median, most frequent value or a
 * constant. One module of the fitted transformers (see `Transformers.ts`):
 * plain fitted data, pure functions, any thread.
 *
 * @since 0.1.0
 */
import { EmptyInput, InvalidOption, NonFiniteValue } from "@weft/core/Errors"
import type { SharedMatrix } from "@weft/core/SharedMatrix"
import { checkRows } from "../internal/transformerChecks.js"
import { type ColumnStats, median as medianOf } from "../Stats.js"
import type { FitRows } from "./Transformer.js"

/**
 * How {@link SimpleImputer} chooses each column's fill value.
 *
 * @since 0.1.0
 * @category models
 */
export type ImputeStrategy = "mean" | "median" | "most_frequent" | "constant"

/**
 * A fitted imputer: each missing value of column `j` becomes `statistics[j]`.
 *
 * @since 0.1.0
 * @category models
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
 * @category models
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
 * @category transformers
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
