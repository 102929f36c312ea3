/**
 * Plain-JavaScript reference implementations of every kernel: the test oracle
 * and the path for sizes where a WebAssembly call would cost more than it
 * saves. Each sums in the textbook order (over k, or over rows, increasing),
 * which is also the order of the WebAssembly kernels, so both give the same
 * bits.
 *
 * @since 0.2.0
 */

/**
 * Options of {@link gemm}: transposes and accumulation.
 *
 * @since 0.2.0
 * @category models
 */
export interface GemmOptions {
  /** A is stored k x m (row-major) and op(A) = Aᵀ. Default false. */
  readonly transA?: boolean
  /** B is stored n x k (row-major) and op(B) = Bᵀ. Default false. */
  readonly transB?: boolean
  /** C += op(A) op(B) instead of C = op(A) op(B). Default false. */
  readonly accumulate?: boolean
}

/**
 * C = op(A) · op(B) (or C += with `accumulate`), C m x n row-major, every
 * element summed over k in increasing order starting from 0 (or from C).
 *
 * @since 0.2.0
 * @category references
 */
export const gemmReference = (
  m: number,
  n: number,
  k: number,
  A: Float64Array,
  B: Float64Array,
  C: Float64Array,
  options: GemmOptions = {}
): void => {
  const tA = options.transA === true
  const tB = options.transB === true
  if (options.accumulate !== true) C.fill(0, 0, m * n)
  for (let i = 0; i < m; i++) {
    const ci = i * n
    for (let p = 0; p < k; p++) {
      const a = tA ? A[p * m + i] : A[i * k + p]
      if (tB) {
        for (let j = 0; j < n; j++) C[ci + j] += a * B[j * k + p]
      } else {
        const bp = p * n
        for (let j = 0; j < n; j++) C[ci + j] += a * B[bp + j]
      }
    }
  }
}

/**
 * out = Xcᵀ Xc (cols x cols, full) over the given rows of X in order, where
 * Xc = X minus `center` per column (no centring when absent).
 *
 * @since 0.2.0
 * @category references
 */
export const gramReference = (
  X: Float64Array,
  cols: number,
  rows: Int32Array | Uint32Array | null,
  out: Float64Array,
  center?: Float64Array | null
): void => {
  const n = rows === null ? (cols === 0 ? 0 : X.length / cols) : rows.length
  out.fill(0, 0, cols * cols)
  const xc = new Float64Array(cols)
  for (let t = 0; t < n; t++) {
    const base = (rows === null ? t : rows[t]) * cols
    for (let j = 0; j < cols; j++) xc[j] = center == null ? X[base + j] : X[base + j] - center[j]
    for (let j = 0; j < cols; j++) {
      const a = xc[j]
      const o = j * cols
      for (let l = 0; l < cols; l++) out[o + l] += a * xc[l]
    }
  }
}

/**
 * out = Xcᵀ (y - yCenter) over the given rows in order (y indexed like X's rows).
 *
 * @since 0.2.0
 * @category references
 */
export const xtyReference = (
  X: Float64Array,
  cols: number,
  rows: Int32Array | Uint32Array | null,
  y: Float64Array,
  out: Float64Array,
  center?: Float64Array | null,
  yCenter = 0
): void => {
  const n = rows === null ? (cols === 0 ? y.length : X.length / cols) : rows.length
  out.fill(0, 0, cols)
  for (let t = 0; t < n; t++) {
    const r = rows === null ? t : rows[t]
    const base = r * cols
    const yr = y[r] - yCenter
    for (let j = 0; j < cols; j++) out[j] += (center == null ? X[base + j] : X[base + j] - center[j]) * yr
  }
}
