/**
 * One pass of a generalised linear model (logistic, softmax, least squares)
 * over a subset of rows: scores `X·Wᵀ + b`, the caller's loss and residuals,
 * then the gradient `Rᵀ·X`, each block of rows copied into the module once
 * for both products. This is the inner loop of an L-BFGS fit.
 *
 * Order of the sums (the same in {@link linearModelPassReference}, so both give
 * the same bits): a score is `b + ((Σ_even + Σ_odd) + last)`, the products
 * x_j·w_j of even and of odd j each summed in increasing j, the last term
 * there when `cols` is odd; a gradient entry is summed over the rows in order.
 *
 * @since 0.2.0
 */
import { addr, at, copyRows, heap, reserve, wasm } from "./internal/wasm.js"

/**
 * Turns `scores` (count x vectors, row-major; rows `start .. start + count` of
 * the selection) into the residuals ∂loss/∂score in place, and returns the
 * block's summed loss.
 *
 * @since 0.2.0
 * @category models
 */
export type Residual = (scores: Float64Array, count: number, start: number) => number

const BLOCK_ROWS = 512

/**
 * Rows of X copied once into the module's memory, for many passes of
 * {@link linearModelPass} over the same rows (the iterations of one fit).
 * X must not change while it is staged; `release` it when done (in the
 * reverse order of staging, as `try … finally` does).
 *
 * @since 0.2.0
 * @category models
 */
export interface StagedRows {
  readonly X: Float64Array
  readonly cols: number
  readonly rows: Int32Array | Uint32Array | null
  /** Index of the first staged double in the module's memory. */
  readonly index: number
  readonly release: () => void
}

/**
 * Copies `rows` of X (null: all) into the module's memory, or returns
 * undefined when they exceed `maxDoubles` (default 2^24, 128 MiB): then
 * {@link linearModelPass} stages them block by block at each pass.
 *
 * @example
 * const staged = stageRows(X.data, p, trainRows)
 * try {
 *   for (let epoch = 0; epoch < epochs; epoch++) linearModelPass(X.data, p, trainRows, w, 1, b, residual, g, staged)
 * } finally {
 *   staged?.release()
 * }
 * @since 0.2.0
 * @category passes
 */
export const stageRows = (
  X: Float64Array,
  cols: number,
  rows: Int32Array | Uint32Array | null,
  maxDoubles = 1 << 24
): StagedRows | undefined => {
  const n = rows === null ? (cols === 0 ? 0 : X.length / cols) : rows.length
  if (n * cols > maxDoubles) return undefined
  const { index, release } = reserve(n * cols)
  copyRows(heap(0), index, X, cols, rows, 0, n)
  return { X, cols, rows, index, release }
}

/**
 * Σ loss over `rows` of X (null: all), and `gradient` (vectors x cols,
 * overwritten) = Σ_rows residual ⊗ x. W holds `vectors` weight vectors of
 * `cols` values (row-major), `bias` one value per vector (null: none).
 *
 * @example
 * const loss = linearModelPass(X.data, p, trainRows, w, 1, b, (z, count) => {
 *   let l = 0
 *   for (let t = 0; t < count; t++) z[t] = sigmoid(z[t]) - y[t] // and l += the row's loss
 *   return l
 * }, g)
 * @since 0.2.0
 * @category passes
 */
export const linearModelPass = (
  X: Float64Array,
  cols: number,
  rows: Int32Array | Uint32Array | null,
  W: Float64Array,
  vectors: number,
  bias: Float64Array | null,
  residual: Residual,
  gradient: Float64Array,
  staged?: StagedRows
): number => {
  const n = rows === null ? (cols === 0 ? 0 : X.length / cols) : rows.length
  if (staged !== undefined && (staged.X !== X || staged.cols !== cols || staged.rows !== rows)) {
    throw new RangeError("@weft/kernels linearModelPass: staged rows of another X or row selection")
  }
  if (W.length < vectors * cols) throw new RangeError(`@weft/kernels linearModelPass: W has ${W.length} values, needs ${vectors * cols}`)
  if (gradient.length < vectors * cols) throw new RangeError(`@weft/kernels linearModelPass: gradient has ${gradient.length} values, needs ${vectors * cols}`)
  const rb = Math.max(1, Math.min(BLOCK_ROWS, n))
  const even = (k: number) => k + (k & 1)
  const offW = 0
  const offG = even(vectors * cols)
  const offR = offG + even(vectors * cols)
  const offX = offR + even(vectors * rb)
  let h = heap(offX + rb * cols)
  h.set(W.subarray(0, vectors * cols), at(offW))
  h.fill(0, at(offG), at(offG) + vectors * cols)
  const scores = new Float64Array(rb * vectors)
  let loss = 0
  for (let t0 = 0; t0 < n; t0 += rb) {
    const count = Math.min(rb, n - t0)
    // The block's rows: staged for the whole fit, or copied now.
    let xAddr = addr(offX)
    if (staged !== undefined) xAddr = (staged.index + t0 * cols) * 8
    else copyRows(h, at(offX), X, cols, rows, t0, count)
    for (let v = 0; v < vectors; v++) {
      wasm.rowDots(xAddr, count, cols, addr(offW + v * cols), addr(offR + v * rb))
      const b = bias === null ? 0 : bias[v]
      const src = at(offR + v * rb)
      for (let t = 0; t < count; t++) scores[t * vectors + v] = bias === null ? h[src + t] : b + h[src + t]
    }
    loss += residual(scores, count, t0)
    for (let v = 0; v < vectors; v++) {
      const dst = at(offR + v * rb)
      for (let t = 0; t < count; t++) h[dst + t] = scores[t * vectors + v]
      wasm.xtyAccumulate(xAddr, count, cols, addr(offR + v * rb), addr(offG + v * cols))
    }
    h = heap(0)
  }
  gradient.set(h.subarray(at(offG), at(offG) + vectors * cols))
  return loss
}

/**
 * {@link linearModelPass} in plain JavaScript, summing in the same order (the
 * test oracle).
 *
 * @since 0.2.0
 * @category references
 */
export const linearModelPassReference = (
  X: Float64Array,
  cols: number,
  rows: Int32Array | Uint32Array | null,
  W: Float64Array,
  vectors: number,
  bias: Float64Array | null,
  residual: Residual,
  gradient: Float64Array
): number => {
  const n = rows === null ? (cols === 0 ? 0 : X.length / cols) : rows.length
  const rb = Math.max(1, Math.min(BLOCK_ROWS, n))
  gradient.fill(0, 0, vectors * cols)
  const scores = new Float64Array(rb * vectors)
  const pairs = cols & ~1
  let loss = 0
  for (let t0 = 0; t0 < n; t0 += rb) {
    const count = Math.min(rb, n - t0)
    for (let t = 0; t < count; t++) {
      const base = (rows === null ? t0 + t : rows[t0 + t]) * cols
      for (let v = 0; v < vectors; v++) {
        let even = 0
        let odd = 0
        for (let j = 0; j < pairs; j += 2) {
          even += X[base + j] * W[v * cols + j]
          odd += X[base + j + 1] * W[v * cols + j + 1]
        }
        let s = even + odd
        if (pairs < cols) s += X[base + pairs] * W[v * cols + pairs]
        scores[t * vectors + v] = bias === null ? s : bias[v] + s
      }
    }
    loss += residual(scores, count, t0)
    for (let t = 0; t < count; t++) {
      const base = (rows === null ? t0 + t : rows[t0 + t]) * cols
      for (let v = 0; v < vectors; v++) {
        const r = scores[t * vectors + v]
        for (let j = 0; j < cols; j++) gradient[v * cols + j] += X[base + j] * r
      }
    }
  }
  return loss
}
