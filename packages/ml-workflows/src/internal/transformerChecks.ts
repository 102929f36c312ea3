/**
 * The checks every fitted transformer (`src/transformers/`) shares: the shape
 * of a row range to transform, statistics that cover every column, boolean
 * options. Pure and effect-free: transformers run in workers.
 */
import { EmptyInput, InvalidOption, ShapeMismatch } from "@weft/core/Errors"
import type { SharedMatrix } from "@weft/core/SharedMatrix"
import { type ColumnStats, columnStats, columnStatsAt } from "../Stats.js"

/** Column statistics of `X`, or of its `rows`. */
export const statsOf = (X: SharedMatrix, rows: Int32Array | undefined): ColumnStats =>
  rows === undefined ? columnStats(X) : columnStatsAt(X, rows)

/** Throws `EmptyInput` when a column has no value but NaN (or there are no rows). */
export const checkStatsNotEmpty = (stats: ColumnStats): void => {
  for (let j = 0; j < stats.columns; j++) {
    if (stats.count[j] === 0) {
      throw new EmptyInput({ what: stats.nanCount[j] > 0 ? `column ${j} (every value is NaN)` : "rows to fit on" })
    }
  }
}

/** `value` when it is a boolean; else throws `InvalidOption`. */
export const checkBoolean = (option: string, value: unknown): boolean => {
  if (typeof value !== "boolean") throw new InvalidOption({ option, value, reason: "must be true or false" })
  return value
}

/**
 * Throws `ShapeMismatch` when `X` or `out` has the wrong number of columns or
 * `out` too few rows from `outStart`, `RangeError` for a row range outside `X`.
 */
export const checkRows = (X: SharedMatrix, columns: number, start: number, end: number, out: SharedMatrix, outColumns: number, outStart: number): void => {
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
