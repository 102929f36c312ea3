/**
 * The one place where a columnar or record-by-record reader (Parquet, Arrow
 * IPC, JSON lines) turns values into a dataset, so that every format makes
 * the CSV reader's decisions and says its errors the same way:
 *
 * - a feature value is a number (integers, 64-bit ones as bigint, are
 *   converted, rounded to nearest as `Number` does); a null, an absent value
 *   or NaN is a missing value, NaN, as an empty CSV field is; anything else
 *   (a string, a boolean, a date) is an `InvalidOption` naming the column and
 *   the row;
 * - the target is numeric, or class labels (strings or booleans) numbered in
 *   sorted order of their text, as `parseCsv` numbers them; a missing target
 *   (null, NaN) is an `InvalidOption`, as in a CSV file; numbers and labels
 *   mixed in one target column are an `InvalidOption` too.
 *
 * The matrix is allocated once, for the row count the reader knows before it
 * reads (Parquet's footer, a first pass over Arrow batches or JSON lines),
 * and filled in place: the memory of a read is that matrix plus the reader's
 * current chunk.
 */
import { EmptyInput, InvalidOption } from "@weft/core/Errors"
import { SharedMatrix } from "@weft/core/SharedMatrix"
import { checkHeader, type BytesDataset } from "./csvPlan.js"

/** How a reader names a row in messages: `row 3` (Parquet, Arrow) or `line 3` (JSON lines). */
export type RowWord = "row" | "line"

/** A dataset being filled: the shared matrix and target for `rows` rows of `names`. */
export class TableSink {
  readonly X: SharedMatrix
  readonly y: Float64Array
  readonly featureNames: ReadonlyArray<string>
  readonly targetName: string
  /** The target's column among `names`. */
  readonly t: number
  /** Each header column's column in `X`, -1 for the target. */
  private readonly into: Int32Array
  private readonly p: number
  private kind: "numbers" | "labels" | undefined = undefined
  private readonly labels = new Map<string, number>()

  constructor(
    readonly source: string,
    readonly names: ReadonlyArray<string>,
    target: string | undefined,
    readonly rows: number,
    private readonly word: RowWord = "row"
  ) {
    const { t, targetName } = checkHeader(names, 1, source, target)
    this.t = t
    this.targetName = targetName
    this.featureNames = names.filter((_, j) => j !== t)
    if (rows === 0) throw new EmptyInput({ what: `${source} (columns but no data rows)` })
    this.p = names.length - 1
    this.into = Int32Array.from(names, (_, col) => (col === t ? -1 : col < t ? col : col - 1))
    this.X = SharedMatrix.zeros(rows, this.p)
    this.y = new Float64Array(new SharedArrayBuffer(rows * Float64Array.BYTES_PER_ELEMENT))
  }

  private where(col: number, row: number): string {
    return `${this.source}, ${this.word} ${row}, column ${col + 1} (${JSON.stringify(this.names[col])})`
  }

  /** Writes `values` (one column's, rows `row0`, `row0 + 1`, ...) into the column `col` of the header. `first` is what to call row `row0` in messages. */
  column(col: number, row0: number, values: ArrayLike<unknown>, first = row0 + 1): void {
    if (row0 + values.length > this.rows) {
      throw new InvalidOption({ option: this.source, value: row0 + values.length, reason: `holds more rows than its metadata says (${this.rows})` })
    }
    if (col === this.t) {
      for (let i = 0; i < values.length; i++) this.target(row0 + i, values[i], first + i)
      return
    }
    const j = this.into[col]
    const p = this.p
    const d = this.X.data
    if (values instanceof Float64Array || values instanceof Float32Array || values instanceof Int32Array || values instanceof Int16Array ||
      values instanceof Int8Array || values instanceof Uint32Array || values instanceof Uint16Array || values instanceof Uint8Array) {
      for (let i = 0; i < values.length; i++) d[(row0 + i) * p + j] = values[i]
      return
    }
    // hyparquet hands over plain arrays: numbers are written inline, anything else goes through the checks.
    for (let i = 0, at = row0 * p + j; i < values.length; i++, at += p) {
      const v = values[i]
      d[at] = typeof v === "number" ? v : this.feature(col, v, first + i)
    }
  }

  /** Writes one value of the header's column `col` at `row`; `label` is what to call the row in messages. */
  value(col: number, row: number, value: unknown, label = row + 1): void {
    if (col === this.t) this.target(row, value, label)
    else this.X.data[row * this.p + this.into[col]] = this.feature(col, value, label)
  }

  private feature(col: number, value: unknown, label: number): number {
    if (typeof value === "number") return value
    if (typeof value === "bigint") return Number(value)
    if (value === null || value === undefined) return Number.NaN
    throw new InvalidOption({ option: this.where(col, label), value: show(value), reason: "is not a number; feature columns must be numeric" })
  }

  private target(row: number, value: unknown, label: number): void {
    const number = typeof value === "number" ? value : typeof value === "bigint" ? Number(value) : undefined
    if (value === null || value === undefined || (number !== undefined && Number.isNaN(number))) {
      throw new InvalidOption({ option: this.where(this.t, label), value: value === undefined ? null : show(value), reason: "the target value is missing" })
    }
    const kind = number !== undefined ? "numbers" : typeof value === "string" || typeof value === "boolean" ? "labels" : undefined
    if (kind === undefined) {
      throw new InvalidOption({ option: this.where(this.t, label), value: show(value), reason: "is neither a number nor a class label (a string or a boolean)" })
    }
    if (this.kind !== undefined && this.kind !== kind) {
      throw new InvalidOption({
        option: this.where(this.t, label),
        value: show(value),
        reason: `the target column mixes numbers and class labels; it must hold one or the other`
      })
    }
    this.kind = kind
    if (number !== undefined) {
      this.y[row] = number
      return
    }
    const text = String(value)
    let k = this.labels.get(text)
    if (k === undefined) {
      k = this.labels.size
      this.labels.set(text, k)
    }
    this.y[row] = k
  }

  /** The dataset; class labels renumbered to their sorted order, as `parseCsv` numbers them. */
  finish(): BytesDataset {
    const { X, y, featureNames, targetName } = this
    if (this.kind !== "labels") return { X, y, featureNames, targetName }
    const classes = Array.from(this.labels.keys()).sort()
    const code = new Float64Array(this.labels.size)
    for (const [text, k] of this.labels) code[k] = classes.indexOf(text)
    for (let i = 0; i < y.length; i++) y[i] = code[y[i]]
    return { X, y, featureNames, targetName, classes }
  }
}

/** A value for a message: strings as they are, dates as ISO text, the rest as `String` writes it. */
const show = (value: unknown): unknown =>
  typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value === null
    ? value
    : value instanceof Date
      ? value.toISOString()
      : typeof value === "bigint"
        ? String(value)
        : String(value as object)
