/**
 * Residual sums of many linear models over a subset of rows, without keeping
 * their predictions: for each model g, `Σ (t − ŷ_g)²` and `Σ |t − ŷ_g|` over
 * the rows in order, with `ŷ_g = bias[g] + x₀·w₀ + x₁·w₁ + ...`. This is what
 * scoring a fold's candidates of a ridge grid needs (mse, rmse, mae, r²).
 *
 * Why a kernel of its own (issue 12, 200 alphas against 20): through `gemm`,
 * each block of predictions (models x rows) was filled with the intercepts,
 * copied into the module, multiplied, copied out and re-read by a
 * JavaScript loop for the sums, and the coefficients were copied and packed
 * again for every block; with 200 models the block no longer fit a core's
 * cache. Here the coefficients are packed once per call, a block of rows is
 * copied in once, and each prediction is used in registers as soon as it is
 * made.
 *
 * Order (the same in {@link residualSumsReference}, so both give the same
 * bits, and the bits of `gemm` with C started at the intercepts followed by
 * `d = t − ŷ; s += d·d; a += |d|` row by row): a prediction sums its terms in
 * increasing j from the bias; a model's sums run over the rows in order.
 *
 * @since 0.2.0
 */
import { addr, at, copyRows, heap, reserve, wasm } from "./internal/wasm.js"

// Models per panel of the kernel (its NR) and doubles of rows per block (128 KiB, in a core's L2).
const PANEL = 4
const BLOCK_DOUBLES = 1 << 14

const check = (what: string, array: Float64Array, needed: number): void => {
  if (array.length < needed) throw new RangeError(`@weft/kernels residualSums: ${what} has ${array.length} values, needs ${needed}`)
}

/**
 * Adds, for each of `models` linear models (coefficients W, `models` x `cols`
 * row-major; intercepts `bias`), the residual sums over `rows` of X (null:
 * all rows) to `squares[g]` (Σ d²) and, unless null, `absolutes[g]` (Σ |d|),
 * with `d = truth[t] − ŷ_g` for the t-th selected row. After each block of
 * rows, `afterBlock(start, count)` (when given) sees the sums so far, the
 * block being selected rows [start, start + count): a caller can look there
 * for the first non-finite prediction of a model whose sum stopped being
 * finite.
 *
 * @example
 * const squares = new Float64Array(G)
 * residualSums(X.data, p, testRows, W, G, intercepts, yTest, squares, null)
 * const mse = squares.map((s) => s / testRows.length)
 * @since 0.2.0
 * @category passes
 */
export const residualSums = (
  X: Float64Array,
  cols: number,
  rows: Int32Array | Uint32Array | null,
  W: Float64Array,
  models: number,
  bias: Float64Array,
  truth: Float64Array,
  squares: Float64Array,
  absolutes: Float64Array | null,
  afterBlock?: (start: number, count: number) => void
): void => {
  const n = rows === null ? (cols === 0 ? 0 : X.length / cols) : rows.length
  check("W", W, models * cols)
  check("bias", bias, models)
  check("truth", truth, n)
  check("squares", squares, models)
  if (absolutes !== null) check("absolutes", absolutes, models)
  if (models === 0 || n === 0) return
  const padded = Math.ceil(models / PANEL) * PANEL
  const rb = Math.max(1, Math.min(n, Math.floor(BLOCK_DOUBLES / Math.max(1, cols))))
  // The packed models and their sums stay reserved for the whole call, so that
  // kernels called from afterBlock (which stage past them) leave them alone.
  const offB = padded * cols
  const offS = offB + padded
  const offA = offS + padded
  const packed = reserve(offA + padded)
  try {
    const base = packed.index
    let h = heap(0)
    // Panels of PANEL models, k-major: panel q holds w[q·PANEL + 0..3][j] at j·PANEL + 0..3.
    h.fill(0, base, base + offA + padded)
    for (let g = 0; g < models; g++) {
      const panel = base + Math.floor(g / PANEL) * PANEL * cols + (g % PANEL)
      const row = g * cols
      for (let j = 0; j < cols; j++) h[panel + j * PANEL] = W[row + j]
      h[base + offB + g] = bias[g]
    }
    h.set(squares.subarray(0, models), base + offS)
    if (absolutes !== null) h.set(absolutes.subarray(0, models), base + offA)
    const offT = 0
    const offX = rb + (rb & 1)
    for (let t0 = 0; t0 < n; t0 += rb) {
      const count = Math.min(rb, n - t0)
      h = heap(offX + rb * cols)
      h.set(truth.subarray(t0, t0 + count), at(offT))
      copyRows(h, at(offX), X, cols, rows, t0, count)
      wasm.residualSums(addr(offX), count, cols, addr(offT), base * 8, (base + offB) * 8, padded, (base + offS) * 8, absolutes === null ? 0 : (base + offA) * 8)
      if (afterBlock !== undefined || t0 + count >= n) {
        h = heap(0)
        squares.set(h.subarray(base + offS, base + offS + models))
        if (absolutes !== null) absolutes.set(h.subarray(base + offA, base + offA + models))
        if (afterBlock !== undefined) afterBlock(t0, count)
      }
    }
  } finally {
    packed.release()
  }
}

/**
 * {@link residualSums} in plain JavaScript, summing in the same order (the
 * test oracle).
 *
 * @since 0.2.0
 * @category references
 */
export const residualSumsReference = (
  X: Float64Array,
  cols: number,
  rows: Int32Array | Uint32Array | null,
  W: Float64Array,
  models: number,
  bias: Float64Array,
  truth: Float64Array,
  squares: Float64Array,
  absolutes: Float64Array | null
): void => {
  const n = rows === null ? (cols === 0 ? 0 : X.length / cols) : rows.length
  for (let g = 0; g < models; g++) {
    let s = squares[g]
    let a = absolutes === null ? 0 : absolutes[g]
    for (let t = 0; t < n; t++) {
      const base = (rows === null ? t : rows[t]) * cols
      let c = bias[g]
      for (let j = 0; j < cols; j++) c += X[base + j] * W[g * cols + j]
      const d = truth[t] - c
      s += d * d
      a += Math.abs(d)
    }
    squares[g] = s
    if (absolutes !== null) absolutes[g] = a
  }
}
