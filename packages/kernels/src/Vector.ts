/**
 * Level-1 and level-2 kernels (dot, axpy, scal, gemv) in plain JavaScript.
 *
 * These read each element once, so copying the operands into WebAssembly
 * memory costs about as much as the arithmetic it would speed up: measured by
 * bench/threshold.mjs (see the README), gemv through the WebAssembly gemm is
 * 1.6x faster on square matrices but slower on the tall, thin ones of model
 * fitting (20,000 x 30), and level-1 work is smaller still. They stay plain
 * JavaScript; the models' heavy passes use {@link linearModelPass}, which
 * stages a block of rows once for two products. Summation is in increasing
 * index order.
 *
 * @since 0.2.0
 */

/**
 * Σ x[i] · y[i] over i < n, in order.
 *
 * @example
 * dot(3, x, y)
 * @since 0.2.0
 * @category vectors
 */
export const dot = (n: number, x: Float64Array, y: Float64Array, xOffset = 0, yOffset = 0): number => {
  let s = 0
  for (let i = 0; i < n; i++) s += x[xOffset + i] * y[yOffset + i]
  return s
}

/**
 * y[i] += alpha · x[i] for i < n.
 *
 * @since 0.2.0
 * @category vectors
 */
export const axpy = (n: number, alpha: number, x: Float64Array, y: Float64Array, xOffset = 0, yOffset = 0): void => {
  for (let i = 0; i < n; i++) y[yOffset + i] += alpha * x[xOffset + i]
}

/**
 * x[i] *= alpha for i < n.
 *
 * @since 0.2.0
 * @category vectors
 */
export const scal = (n: number, alpha: number, x: Float64Array, xOffset = 0): void => {
  for (let i = 0; i < n; i++) x[xOffset + i] *= alpha
}

/**
 * y = op(A) · x (or y += with `accumulate`): A stored m x n row-major; op(A) =
 * A (y has m elements, each a dot product in increasing column order) or Aᵀ
 * with `trans` (y has n elements, summed over A's rows in increasing order).
 *
 * @since 0.2.0
 * @category products
 */
export const gemv = (
  m: number,
  n: number,
  A: Float64Array,
  x: Float64Array,
  y: Float64Array,
  options: { readonly trans?: boolean; readonly accumulate?: boolean } = {}
): void => {
  if (options.trans === true) {
    if (options.accumulate !== true) y.fill(0, 0, n)
    for (let i = 0; i < m; i++) {
      const xi = x[i]
      const base = i * n
      for (let j = 0; j < n; j++) y[j] += A[base + j] * xi
    }
    return
  }
  for (let i = 0; i < m; i++) {
    let s = options.accumulate === true ? y[i] : 0
    const base = i * n
    for (let j = 0; j < n; j++) s += A[base + j] * x[j]
    y[i] = s
  }
}
