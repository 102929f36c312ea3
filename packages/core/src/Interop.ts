/**
 * Conversions between `SharedMatrix` and ml-matrix's `Matrix` (copies).
 *
 * @since 0.1.0
 */
import { Matrix } from "ml-matrix"
import { SharedMatrix } from "./SharedMatrix.js"

/**
 * Copies an ml-matrix `Matrix` into a new shared matrix.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromMatrix = (matrix: Matrix): SharedMatrix => {
  const out = SharedMatrix.zeros(matrix.rows, matrix.columns)
  for (let i = 0; i < matrix.rows; i++) {
    for (let j = 0; j < matrix.columns; j++) out.data[i * matrix.columns + j] = matrix.get(i, j)
  }
  return out
}

/**
 * Copies a shared matrix into an ml-matrix `Matrix`.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toMatrix = (X: SharedMatrix): Matrix => {
  const m = new Matrix(X.rows, X.columns)
  for (let i = 0; i < X.rows; i++) {
    for (let j = 0; j < X.columns; j++) m.set(i, j, X.data[i * X.columns + j])
  }
  return m
}
