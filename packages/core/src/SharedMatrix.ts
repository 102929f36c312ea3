/**
 * A dense, row-major matrix of doubles in a `SharedArrayBuffer`.
 *
 * Workers receive the buffer itself, not a copy: sending a `SharedMatrix` to a
 * task costs the same for ten rows as for ten million. Row and row-range views
 * share the buffer too.
 *
 * @since 0.1.0
 */
// No `effect` and no `ml-matrix` here: this module loads in every worker, and
// workers should start in milliseconds. Effect-returning checks live in
// Validate.ts, ml-matrix conversions in Interop.ts.
import { EmptyInput, ShapeMismatch } from "./Errors.js"

const BYTES = Float64Array.BYTES_PER_ELEMENT

/**
 * The brand of a `SharedMatrix`, the same symbol in every copy of this module
 * (`Symbol.for`). A program can hold two copies of the class: a bundle (the
 * `weft` command's) has its own, and a package it leaves outside the bundle
 * (`@weft/cluster`) imports the installed one. `instanceof` is false across
 * copies; `SharedMatrix.isSharedMatrix` reads the brand, so it is true for a
 * matrix of any copy, which all have the same fields and methods.
 *
 * @since 0.1.0
 * @category symbols
 */
export const TypeId: unique symbol = Symbol.for("@weft/core/SharedMatrix") as never

/**
 * @example
 * const X = SharedMatrix.fromRows([[1, 2], [3, 4]])
 * X.get(1, 0) // 3
 * const top = X.rowRange(0, 1) // a view, no copy
 * @since 0.1.0
 * @category models
 */
export class SharedMatrix {
  /** The brand (see `TypeId`), on the prototype. */
  declare readonly [TypeId]: true
  /** The elements of this matrix (a view into the shared buffer), row-major. */
  readonly data: Float64Array

  private constructor(
    readonly buffer: SharedArrayBuffer,
    /** Offset of element (0, 0) in the buffer, in elements. */
    readonly offset: number,
    readonly rows: number,
    readonly columns: number
  ) {
    this.data = new Float64Array(buffer, offset * BYTES, rows * columns)
  }

  /** A zero-filled matrix. */
  static zeros(rows: number, columns: number): SharedMatrix {
    checkDimensions(rows, columns)
    return new SharedMatrix(new SharedArrayBuffer(rows * columns * BYTES), 0, rows, columns)
  }

  /**
   * Wraps an existing shared buffer without copying it.
   * Throws `ShapeMismatch` when the buffer is too small.
   */
  static fromBuffer(buffer: SharedArrayBuffer, rows: number, columns: number, offset = 0): SharedMatrix {
    checkDimensions(rows, columns)
    const needed = (offset + rows * columns) * BYTES
    if (!Number.isInteger(offset) || offset < 0 || needed > buffer.byteLength) {
      throw new ShapeMismatch({
        what: "shared buffer",
        expected: `at least ${needed} bytes for ${rows}x${columns} at offset ${offset}`,
        actual: `${buffer.byteLength} bytes`
      })
    }
    return new SharedMatrix(buffer, offset, rows, columns)
  }

  /**
   * Copies a flat row-major array into a new shared matrix.
   * Throws `ShapeMismatch` when `data.length !== rows * columns`.
   */
  static fromFlat(data: ArrayLike<number>, rows: number, columns: number): SharedMatrix {
    if (data.length !== rows * columns) {
      throw new ShapeMismatch({ what: "flat data", expected: `${rows * columns} values (${rows}x${columns})`, actual: `${data.length} values` })
    }
    const m = SharedMatrix.zeros(rows, columns)
    m.data.set(data)
    return m
  }

  /**
   * Copies an array of rows into a new shared matrix.
   * Throws `EmptyInput` for no rows or no columns, `ShapeMismatch` for ragged
   * rows (see `Validate.fromRows` for the same with errors in the error channel).
   */
  static fromRows(rows: ReadonlyArray<ArrayLike<number>>): SharedMatrix {
    if (rows.length === 0) throw new EmptyInput({ what: "matrix rows" })
    const columns = rows[0].length
    if (columns === 0) throw new EmptyInput({ what: "matrix columns" })
    const m = SharedMatrix.zeros(rows.length, columns)
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]
      if (row.length !== columns) {
        throw new ShapeMismatch({ what: `row ${i}`, expected: `${columns} columns (as row 0)`, actual: `${row.length} columns` })
      }
      m.data.set(row, i * columns)
    }
    return m
  }

  /**
   * A column vector (n x 1) holding a copy of `values` (ml-matrix's
   * `Matrix.columnVector`).
   *
   * @example
   * const y = SharedMatrix.columnVector([1, 2, 3]) // 3 x 1
   * @since 0.2.0
   */
  static columnVector(values: ArrayLike<number>): SharedMatrix {
    return SharedMatrix.fromFlat(values, values.length, 1)
  }

  /**
   * A column vector (n x 1) holding `values`.
   *
   * @deprecated since 0.2.0: use `SharedMatrix.columnVector` (this static name
   * read like the method `X.column(j)`, which reads column `j`); removed in 0.3.0
   * @since 0.1.0
   */
  static column(values: ArrayLike<number>): SharedMatrix {
    return SharedMatrix.columnVector(values)
  }

  /**
   * Whether `u` is a shared matrix, made by this copy of `@weft/core` or by
   * another one (see `TypeId`). Use it instead of `instanceof`.
   *
   * @example
   * SharedMatrix.isSharedMatrix(SharedMatrix.zeros(1, 1)) // true
   * SharedMatrix.isSharedMatrix({ rows: 1, columns: 1 })  // false
   */
  static isSharedMatrix(u: unknown): u is SharedMatrix {
    return typeof u === "object" && u !== null && (u as { readonly [TypeId]?: unknown })[TypeId] === true
  }

  get size(): number {
    return this.rows * this.columns
  }

  get(i: number, j: number): number {
    return this.data[i * this.columns + j]
  }

  set(i: number, j: number, value: number): void {
    this.data[i * this.columns + j] = value
  }

  /** Row `i` as a view (no copy): writes through to the matrix. */
  row(i: number): Float64Array {
    if (!Number.isInteger(i) || i < 0 || i >= this.rows) throw new RangeError(`row ${i} out of range 0..${this.rows - 1}`)
    return this.data.subarray(i * this.columns, (i + 1) * this.columns)
  }

  /** Rows `start` (inclusive) to `end` (exclusive) as a matrix view (no copy). */
  rowRange(start: number, end: number): SharedMatrix {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > this.rows || start > end) {
      throw new RangeError(`row range [${start}, ${end}) out of range for ${this.rows} rows`)
    }
    return new SharedMatrix(this.buffer, this.offset + start * this.columns, end - start, this.columns)
  }

  /** A new matrix (copy) holding the rows at `indices`, in that order. */
  selectRows(indices: ArrayLike<number>): SharedMatrix {
    const c = this.columns
    const out = SharedMatrix.zeros(indices.length, c)
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k]
      out.data.set(this.data.subarray(i * c, (i + 1) * c), k * c)
    }
    return out
  }

  /** Column `j` as a new array (copy). */
  column(j: number): Float64Array {
    const out = new Float64Array(this.rows)
    for (let i = 0; i < this.rows; i++) out[i] = this.data[i * this.columns + j]
    return out
  }

  /** A copy as an array of rows. */
  toRows(): Array<Array<number>> {
    const out: Array<Array<number>> = new Array(this.rows)
    for (let i = 0; i < this.rows; i++) out[i] = Array.from(this.row(i))
    return out
  }

  /** The first non-finite element, or `undefined` when every element is finite. */
  findNonFinite(): { row: number; column: number; value: number } | undefined {
    const d = this.data
    for (let k = 0; k < d.length; k++) {
      const v = d[k]
      if (!Number.isFinite(v)) return { row: Math.floor(k / this.columns), column: k % this.columns, value: v }
    }
    return undefined
  }

}

const checkDimensions = (rows: number, columns: number): void => {
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(columns) || columns < 0) {
    throw new ShapeMismatch({ what: "matrix dimensions", expected: "non-negative integers", actual: `${rows}x${columns}` })
  }
}

// On the prototype, not on each matrix: no own property is added, so deep equality, structured
// cloning and enumeration of a matrix are as before.
Object.defineProperty(SharedMatrix.prototype, TypeId, { value: true })
