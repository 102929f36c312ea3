/**
 * The one-hot encoder, as scikit-learn's `OneHotEncoder`: numeric category
 * codes in the chosen columns become indicator columns, in place. One module
 * of the fitted transformers (see `Transformers.ts`): plain fitted data, pure
 * functions, any thread.
 *
 * @since 0.1.0
 */
import { EmptyInput, InvalidOption, NonFiniteValue, ShapeMismatch } from "@weft/core/Errors"
import type { SharedMatrix } from "@weft/core/SharedMatrix"
import { checkRows } from "../internal/transformerChecks.js"
import type { FitRows } from "./Transformer.js"

/**
 * A fitted one-hot encoder. The output keeps the input's column order, each
 * categorical column replaced in place by one indicator column per category.
 *
 * @since 0.1.0
 * @category models
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
 * @category models
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
 * @category transformers
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
