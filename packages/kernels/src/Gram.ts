/**
 * The normal-equation statistics of a linear model over a subset of rows,
 * without copying X: the rows are packed by index into the module's memory a
 * block at a time, centred there, and multiplied by the gemm micro-kernel.
 * Sums run over the rows in the given order, as in {@link gramReference} and
 * {@link xtyReference}: same bits, at any thread count, on any machine.
 *
 * @since 0.2.0
 */
import { addr, at, heap, wasm } from "./internal/wasm.js"
import { gramReference, xtyReference } from "./Reference.js"

/**
 * Below this many multiply-adds (rows · cols²) {@link gram} runs the
 * plain-JavaScript loop (measured by bench/threshold.mjs).
 *
 * @since 0.2.0
 * @category constants
 */
export const GRAM_WASM_MIN = 512

/**
 * Below this many multiply-adds (rows · cols) {@link xty} runs plain JavaScript.
 *
 * @since 0.2.0
 * @category constants
 */
export const XTY_WASM_MIN = 1024

// Doubles of X staged per block (2 MiB: stays in the caches).
const BLOCK = 1 << 18

const rowCount = (what: string, X: Float64Array, cols: number, rows: Int32Array | Uint32Array | null): number => {
  if (!Number.isInteger(cols) || cols < 0) throw new RangeError(`@weft/kernels ${what}: cols must be an integer >= 0, got ${cols}`)
  if (rows === null) {
    if (cols === 0) return 0
    if (X.length % cols !== 0) throw new RangeError(`@weft/kernels ${what}: X has ${X.length} elements, not a multiple of ${cols} columns`)
    return X.length / cols
  }
  const total = cols === 0 ? Infinity : X.length / cols
  for (let t = 0; t < rows.length; t++) {
    const r = rows[t]
    if (!(r >= 0 && r < total)) throw new RangeError(`@weft/kernels ${what}: row index ${r} out of range [0, ${total})`)
  }
  return rows.length
}

// Copies rows [t0, t0 + count) of the selection into the staging area at `off`.
const stageRows = (
  h: Float64Array,
  X: Float64Array,
  cols: number,
  rows: Int32Array | Uint32Array | null,
  t0: number,
  count: number,
  off: number
): void => {
  if (rows === null) {
    h.set(X.subarray(t0 * cols, (t0 + count) * cols), at(off))
    return
  }
  let dst = at(off)
  for (let t = t0; t < t0 + count; t++) {
    const src = rows[t] * cols
    // Runs of consecutive indices are one copy.
    let run = 1
    while (t + run < t0 + count && rows[t + run] === rows[t] + run) run++
    h.set(X.subarray(src, src + run * cols), dst)
    dst += run * cols
    t += run - 1
  }
}

/**
 * out = Xcᵀ Xc (cols x cols, row-major, full symmetric) over `rows` of X
 * (null: all rows in order), Xc = X minus `center` per column when given.
 * X is row-major with `cols` columns and may be a view on a SharedArrayBuffer.
 *
 * @example
 * const G = new Float64Array(cols * cols)
 * gram(X.data, cols, foldRows, G, means)
 * @since 0.2.0
 * @category products
 */
export const gram = (
  X: Float64Array,
  cols: number,
  rows: Int32Array | Uint32Array | null,
  out: Float64Array,
  center?: Float64Array | null
): void => {
  const n = rowCount("gram", X, cols, rows)
  if (out.length < cols * cols) throw new RangeError(`@weft/kernels gram: out has ${out.length} elements, needs ${cols * cols}`)
  if (center != null && center.length < cols) throw new RangeError(`@weft/kernels gram: center has ${center.length} elements, needs ${cols}`)
  if (n * cols * cols < GRAM_WASM_MIN) return gramReference(X, cols, rows, out, center)
  gramWasm(X, cols, rows, out, center, n)
}

/**
 * {@link gram} always through WebAssembly (for tests and benchmarks); `n` is
 * the number of selected rows; arguments are not checked.
 *
 * @since 0.2.0
 * @category products
 */
export const gramWasm = (
  X: Float64Array,
  cols: number,
  rows: Int32Array | Uint32Array | null,
  out: Float64Array,
  center: Float64Array | null | undefined,
  n: number
): void => {
  if (cols === 0) return
  const rb = Math.max(1, Math.min(n, Math.floor(BLOCK / cols)))
  const offOut = 0
  const offCenter = cols * cols
  const offX = offCenter + cols + (cols & 1)
  let h = heap(offX + rb * cols)
  h.fill(0, at(offOut), at(offOut) + cols * cols)
  if (center != null) h.set(center.subarray(0, cols), at(offCenter))
  for (let t0 = 0; t0 < n; t0 += rb) {
    const count = Math.min(rb, n - t0)
    stageRows(h, X, cols, rows, t0, count, offX)
    if (center != null) wasm.subtractColumns(addr(offX), count, cols, addr(offCenter))
    wasm.gemm(cols, cols, count, addr(offX), cols, 1, addr(offX), cols, 0, addr(offOut), cols, 1, 1)
    h = heap(0)
  }
  out.set(h.subarray(at(offOut), at(offOut) + cols * cols))
  // The kernel computed the upper triangle (and some of the lower); the lower
  // is its mirror image, bit for bit (x_j·x_l = x_l·x_j, summed in the same order).
  for (let j = 0; j < cols; j++) for (let l = j + 1; l < cols; l++) out[l * cols + j] = out[j * cols + l]
}

/**
 * out = Xcᵀ (y - yCenter) over `rows` (null: all), y indexed by the same row
 * indices as X, Xc = X minus `center` per column when given.
 *
 * @since 0.2.0
 * @category products
 */
export const xty = (
  X: Float64Array,
  cols: number,
  rows: Int32Array | Uint32Array | null,
  y: Float64Array,
  out: Float64Array,
  center?: Float64Array | null,
  yCenter = 0
): void => {
  const n = rowCount("xty", X, cols, rows)
  if (out.length < cols) throw new RangeError(`@weft/kernels xty: out has ${out.length} elements, needs ${cols}`)
  if (center != null && center.length < cols) throw new RangeError(`@weft/kernels xty: center has ${center.length} elements, needs ${cols}`)
  let yNeeded = n
  if (rows !== null) {
    yNeeded = 0
    for (let t = 0; t < rows.length; t++) yNeeded = Math.max(yNeeded, rows[t] + 1)
  }
  if (y.length < yNeeded) throw new RangeError(`@weft/kernels xty: y has ${y.length} elements, needs ${yNeeded}`)
  if (n * cols < XTY_WASM_MIN) return xtyReference(X, cols, rows, y, out, center, yCenter)
  xtyWasm(X, cols, rows, y, out, center, yCenter, n)
}

/**
 * {@link xty} always through WebAssembly (for tests and benchmarks); `n` is
 * the number of selected rows; arguments are not checked.
 *
 * @since 0.2.0
 * @category products
 */
export const xtyWasm = (
  X: Float64Array,
  cols: number,
  rows: Int32Array | Uint32Array | null,
  y: Float64Array,
  out: Float64Array,
  center: Float64Array | null | undefined,
  yCenter: number,
  n: number
): void => {
  if (cols === 0) return
  const rb = Math.max(1, Math.min(n, Math.floor(BLOCK / Math.max(1, cols))))
  const offOut = 0
  const offCenter = cols + (cols & 1)
  const offY = offCenter + cols + (cols & 1)
  const offX = offY + rb + (rb & 1)
  let h = heap(offX + rb * cols)
  h.fill(0, at(offOut), at(offOut) + cols)
  if (center != null) h.set(center.subarray(0, cols), at(offCenter))
  for (let t0 = 0; t0 < n; t0 += rb) {
    const count = Math.min(rb, n - t0)
    stageRows(h, X, cols, rows, t0, count, offX)
    if (center != null) wasm.subtractColumns(addr(offX), count, cols, addr(offCenter))
    const yb = at(offY)
    for (let t = 0; t < count; t++) h[yb + t] = y[rows === null ? t0 + t : rows[t0 + t]] - yCenter
    wasm.xtyAccumulate(addr(offX), count, cols, addr(offY), addr(offOut))
    h = heap(0)
  }
  out.set(h.subarray(at(offOut), at(offOut) + cols))
}
