/**
 * Checks shared by the built-in models: their parameters (one `InvalidOption`
 * naming the parameter) and what `fit` and `predict` read (rows in range,
 * targets of the right length and finite, class labels 0..K-1).
 *
 * @internal
 */
import * as Check from "@weft/core/Check"
import { EmptyInput, InvalidOption, NonFiniteValue, ShapeMismatch } from "@weft/core/Errors"
import type { SharedMatrix } from "@weft/core/SharedMatrix"

/** Throws `InvalidOption` for a parameter name outside `known`. */
export const checkKnownParams = (model: string, input: Readonly<Record<string, unknown>>, known: ReadonlyArray<string>): void => {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new InvalidOption({ option: `${model} params`, value: input, reason: "must be an object" })
  }
  for (const name of Object.keys(input)) {
    if (!known.includes(name)) {
      throw new InvalidOption({ option: name, value: input[name], reason: `unknown parameter of ${model}; known: ${known.join(", ")}` })
    }
  }
}

/** Bounds of a numeric parameter; `above`/`below` are strict. */
export interface NumberBounds {
  readonly min?: number
  readonly max?: number
  readonly above?: number
  readonly below?: number
  readonly integer?: boolean
}

/** The number `input[name]` (or `fallback` when absent), checked against `bounds`. */
export const readNumber = (input: Readonly<Record<string, unknown>>, name: string, fallback: number, bounds: NumberBounds = {}): number => {
  const value = input[name]
  if (value === undefined) return fallback
  return checkBounds(name, value, bounds)
}

/** `value` checked by core's one option checker: `Check.integer` or `Check.number` within `bounds`. */
const checkBounds = (name: string, value: unknown, { integer, ...range }: NumberBounds): number =>
  integer === true ? Check.integer(name, value, range) : Check.number(name, value, range)

/** The boolean `input[name]`, or `fallback` when absent. */
export const readBoolean = (input: Readonly<Record<string, unknown>>, name: string, fallback: boolean): boolean => {
  const value = input[name]
  if (value === undefined) return fallback
  if (typeof value !== "boolean") throw new InvalidOption({ option: name, value, reason: "must be true or false" })
  return value
}

/** The string `input[name]`, one of `choices`, or `fallback` when absent. */
export const readChoice = <A extends string>(
  input: Readonly<Record<string, unknown>>,
  name: string,
  fallback: A,
  choices: ReadonlyArray<A>
): A => {
  const value = input[name]
  if (value === undefined) return fallback
  if (typeof value !== "string" || !(choices as ReadonlyArray<string>).includes(value)) {
    throw new InvalidOption({ option: name, value, reason: `must be one of ${choices.map((c) => JSON.stringify(c)).join(", ")}` })
  }
  return value as A
}

/** The array of numbers `input[name]`, each checked against `bounds`, or `fallback` when absent. */
export const readNumberArray = (
  input: Readonly<Record<string, unknown>>,
  name: string,
  fallback: ReadonlyArray<number>,
  bounds: NumberBounds = {}
): Array<number> => {
  const value = input[name]
  if (value === undefined) return fallback.slice()
  if (!Array.isArray(value)) throw new InvalidOption({ option: name, value, reason: "must be an array of numbers" })
  for (const v of value) {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new InvalidOption({ option: name, value, reason: "must be an array of finite numbers" })
    checkBounds(name, v, bounds)
  }
  return value.slice()
}

/**
 * The rows a model reads: `rows` checked to lie in `0..X.rows-1`, or every row
 * of `X` when absent. Throws `EmptyInput` when there are none.
 */
export const resolveRows = (X: SharedMatrix, rows: Int32Array | undefined, what = "rows"): Int32Array => {
  if (rows === undefined) {
    if (X.rows === 0) throw new EmptyInput({ what: "X" })
    const all = new Int32Array(X.rows)
    for (let i = 0; i < X.rows; i++) all[i] = i
    return all
  }
  if (rows.length === 0) throw new EmptyInput({ what })
  const n = X.rows
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k]
    if (i < 0 || i >= n) {
      throw new ShapeMismatch({ what: `${what}[${k}]`, expected: `a row index in 0..${n - 1}`, actual: String(i) })
    }
  }
  return rows
}

/** Throws `ShapeMismatch` unless `X` has `columns` columns. */
export const checkColumns = (X: SharedMatrix, columns: number, what: string): void => {
  if (X.columns !== columns) {
    throw new ShapeMismatch({ what, expected: `${columns} columns (as in training)`, actual: `${X.columns} columns` })
  }
}

/**
 * Checks the training input of a model: `y` as long as `X` has rows, and the
 * training rows of `X` and `y` finite. Returns the training rows.
 */
export const checkFitInput = (X: SharedMatrix, y: Float64Array, rows: Int32Array | undefined): Int32Array => {
  if (y.length !== X.rows) {
    throw new ShapeMismatch({ what: "y", expected: `${X.rows} values (one per row of X)`, actual: `${y.length} values` })
  }
  if (X.columns === 0) throw new EmptyInput({ what: "X columns" })
  const train = resolveRows(X, rows)
  const p = X.columns
  const data = X.data
  for (let k = 0; k < train.length; k++) {
    const i = train[k]
    if (!Number.isFinite(y[i])) throw new NonFiniteValue({ what: "y", row: i, column: -1, value: y[i] })
    const base = i * p
    for (let j = 0; j < p; j++) {
      const v = data[base + j]
      if (!Number.isFinite(v)) throw new NonFiniteValue({ what: "X", row: i, column: j, value: v })
    }
  }
  return train
}

/**
 * The number of classes of a classifier: `nClasses` when given, else one more
 * than the largest training label. Labels must be integers in 0..K-1.
 */
export const classCount = (y: Float64Array, rows: Int32Array, nClasses: number | undefined): number => {
  let largest = 0
  for (let k = 0; k < rows.length; k++) {
    const label = y[rows[k]]
    if (!Number.isInteger(label) || label < 0) {
      throw new InvalidOption({ option: "y", value: label, reason: `class labels must be integers 0..K-1 (row ${rows[k]})` })
    }
    if (label > largest) largest = label
  }
  if (nClasses === undefined) return largest + 1
  if (!Number.isInteger(nClasses) || nClasses < 1) {
    throw new InvalidOption({ option: "nClasses", value: nClasses, reason: "must be a positive integer" })
  }
  if (largest >= nClasses) {
    throw new InvalidOption({ option: "y", value: largest, reason: `class label out of range for nClasses = ${nClasses}` })
  }
  return nClasses
}
