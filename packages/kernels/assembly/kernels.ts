// Dense float64 kernels in WebAssembly SIMD128 (AssemblyScript).
//
// Compiled by scripts/build-wasm.mjs with `-O3 --enable simd --runtime stub`:
// no relaxed SIMD and no fused multiply-add, so every product and every sum is
// one IEEE-754 double rounding, the same on every machine.
//
// Memory is owned by the JavaScript side (src/internal/wasm.ts): this module
// allocates nothing. The first 64 KiB are left to AssemblyScript's static data;
// the packing buffers follow at fixed addresses, then the staging area where
// the caller copies its operands (and grows the memory as it needs).
//
// gemm follows the BLIS layout (see flame/blis docs/KernelsHowTo.md and
// bluss/matrixmultiply): panels of op(B) (KC x NC, NR columns at a time) and
// of op(A) (MC x KC, MR rows at a time) are packed contiguously, and a
// register-blocked MR x NR micro-kernel of f64x2 accumulators walks them.
// The micro-kernel starts from the current C tile and adds the products in
// increasing k, so every C element is c + a0*b0 + a1*b1 + ... in exactly the
// order of the textbook loop: blocking never changes a bit of the result.

const MR: i32 = 4
const NR: i32 = 4
const KC: i32 = 256
const MC: i32 = 96
const NC: i32 = 1024

const PACK_A: usize = 65536
const PACK_B: usize = PACK_A + <usize>(MC * KC * 8)
const TILE: usize = PACK_B + <usize>(KC * NC * 8)
const STAGING: usize = (TILE + <usize>(MR * NR * 8) + 65535) & ~(<usize>65535)

/** Where the caller's operands may start (bytes). */
export function stagingBase(): usize {
  return STAGING
}

/** Where AssemblyScript's own static data ends (must stay below PACK_A). */
export function heapBase(): usize {
  return __heap_base
}

// op(A)[i, p] for the MC x KC block at (ic, pc), MR rows per panel; rows past
// m are zero.
function packA(mc: i32, kc: i32, a: usize, lda: i32, transA: i32, ic: i32, pc: i32): void {
  let dst = PACK_A
  for (let i0 = 0; i0 < mc; i0 += MR) {
    const rows = min(MR, mc - i0)
    if (transA) {
      // op(A)[i, p] = A[p, i]: MR contiguous doubles per p.
      let src = a + ((<usize>pc * <usize>lda + <usize>(ic + i0)) << 3)
      const step = <usize>lda << 3
      if (rows == MR) {
        for (let p = 0; p < kc; p++) {
          v128.store(dst, v128.load(src))
          v128.store(dst, v128.load(src, 16), 16)
          src += step
          dst += MR << 3
        }
      } else {
        for (let p = 0; p < kc; p++) {
          for (let r = 0; r < MR; r++) store<f64>(dst + (<usize>r << 3), r < rows ? load<f64>(src + (<usize>r << 3)) : 0.0)
          src += step
          dst += MR << 3
        }
      }
    } else {
      // op(A)[i, p] = A[i, p]: gather MR rows.
      const step = <usize>lda << 3
      const base = a + ((<usize>(ic + i0) * <usize>lda + <usize>pc) << 3)
      if (rows == MR) {
        for (let p = 0; p < kc; p++) {
          const s = base + (<usize>p << 3)
          store<f64>(dst, load<f64>(s))
          store<f64>(dst, load<f64>(s + step), 8)
          store<f64>(dst, load<f64>(s + 2 * step), 16)
          store<f64>(dst, load<f64>(s + 3 * step), 24)
          dst += MR << 3
        }
      } else {
        for (let p = 0; p < kc; p++) {
          const s = base + (<usize>p << 3)
          for (let r = 0; r < MR; r++) store<f64>(dst + (<usize>r << 3), r < rows ? load<f64>(s + <usize>r * step) : 0.0)
          dst += MR << 3
        }
      }
    }
  }
}

// op(B)[p, j] for the KC x NC block at (pc, jc), NR columns per panel;
// columns past n are zero.
function packB(kc: i32, nc: i32, b: usize, ldb: i32, transB: i32, pc: i32, jc: i32): void {
  let dst = PACK_B
  for (let j0 = 0; j0 < nc; j0 += NR) {
    const cols = min(NR, nc - j0)
    if (!transB) {
      let src = b + ((<usize>pc * <usize>ldb + <usize>(jc + j0)) << 3)
      const step = <usize>ldb << 3
      if (cols == NR) {
        for (let p = 0; p < kc; p++) {
          v128.store(dst, v128.load(src))
          v128.store(dst, v128.load(src, 16), 16)
          src += step
          dst += NR << 3
        }
      } else {
        for (let p = 0; p < kc; p++) {
          for (let c = 0; c < NR; c++) store<f64>(dst + (<usize>c << 3), c < cols ? load<f64>(src + (<usize>c << 3)) : 0.0)
          src += step
          dst += NR << 3
        }
      }
    } else {
      // op(B)[p, j] = B[j, p]
      const step = <usize>ldb << 3
      const base = b + ((<usize>(jc + j0) * <usize>ldb + <usize>pc) << 3)
      if (cols == NR) {
        for (let p = 0; p < kc; p++) {
          const s = base + (<usize>p << 3)
          store<f64>(dst, load<f64>(s))
          store<f64>(dst, load<f64>(s + step), 8)
          store<f64>(dst, load<f64>(s + 2 * step), 16)
          store<f64>(dst, load<f64>(s + 3 * step), 24)
          dst += NR << 3
        }
      } else {
        for (let p = 0; p < kc; p++) {
          const s = base + (<usize>p << 3)
          for (let c = 0; c < NR; c++) store<f64>(dst + (<usize>c << 3), c < cols ? load<f64>(s + <usize>c * step) : 0.0)
          dst += NR << 3
        }
      }
    }
  }
}

// C[0..MR, 0..NR] (row stride ldc bytes) += packed A panel x packed B panel,
// k in increasing order. Separate multiply and add: never a fused one.
@inline
function micro(kc: i32, pa: usize, pb: usize, c: usize, ldc: usize): void {
  let c00 = v128.load(c)
  let c01 = v128.load(c, 16)
  let c10 = v128.load(c + ldc)
  let c11 = v128.load(c + ldc, 16)
  let c20 = v128.load(c + 2 * ldc)
  let c21 = v128.load(c + 2 * ldc, 16)
  let c30 = v128.load(c + 3 * ldc)
  let c31 = v128.load(c + 3 * ldc, 16)
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(pb)
    const b1 = v128.load(pb, 16)
    let a = v128.load64_splat(pa)
    c00 = f64x2.add(c00, f64x2.mul(a, b0))
    c01 = f64x2.add(c01, f64x2.mul(a, b1))
    a = v128.load64_splat(pa, 8)
    c10 = f64x2.add(c10, f64x2.mul(a, b0))
    c11 = f64x2.add(c11, f64x2.mul(a, b1))
    a = v128.load64_splat(pa, 16)
    c20 = f64x2.add(c20, f64x2.mul(a, b0))
    c21 = f64x2.add(c21, f64x2.mul(a, b1))
    a = v128.load64_splat(pa, 24)
    c30 = f64x2.add(c30, f64x2.mul(a, b0))
    c31 = f64x2.add(c31, f64x2.mul(a, b1))
    pa += MR << 3
    pb += NR << 3
  }
  v128.store(c, c00)
  v128.store(c, c01, 16)
  v128.store(c + ldc, c10)
  v128.store(c + ldc, c11, 16)
  v128.store(c + 2 * ldc, c20)
  v128.store(c + 2 * ldc, c21, 16)
  v128.store(c + 3 * ldc, c30)
  v128.store(c + 3 * ldc, c31, 16)
}

/**
 * C = op(A) op(B) (accumulate = 0) or C += op(A) op(B) (accumulate = 1), with
 * op(A) m x k, op(B) k x n, C m x n; all row-major with leading dimensions in
 * doubles; op(X) = X or its transpose (transX = 1). Pointers are byte
 * addresses in this module's memory. With upper = 1, tiles wholly below the
 * diagonal are skipped (their C elements are left as they were): for a
 * symmetric product, whose lower triangle the caller mirrors.
 */
export function gemm(
  m: i32, n: i32, k: i32,
  a: usize, lda: i32, transA: i32,
  b: usize, ldb: i32, transB: i32,
  c: usize, ldc: i32, accumulate: i32, upper: i32
): void {
  if (m <= 0 || n <= 0) return
  const ldcBytes = <usize>ldc << 3
  if (!accumulate) {
    for (let i = 0; i < m; i++) memory.fill(c + <usize>i * ldcBytes, 0, <usize>n << 3)
  }
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc)
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc)
      packB(kc, nc, b, ldb, transB, pc, jc)
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic)
        packA(mc, kc, a, lda, transA, ic, pc)
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = min(NR, nc - jr)
          const pb = PACK_B + <usize>(jr * kc) * 8
          for (let ir = 0; ir < mc; ir += MR) {
            const rows = min(MR, mc - ir)
            // Upper triangle only (a symmetric result): skip tiles wholly below the diagonal.
            if (upper && jc + jr + NR - 1 < ic + ir) continue
            const pa = PACK_A + <usize>(ir * kc) * 8
            const ct = c + <usize>(ic + ir) * ldcBytes + (<usize>(jc + jr) << 3)
            if (rows == MR && cols == NR) {
              micro(kc, pa, pb, ct, ldcBytes)
            } else {
              // Edge tile: through a full MR x NR scratch tile.
              for (let r = 0; r < MR; r++) {
                for (let s = 0; s < NR; s++) {
                  store<f64>(TILE + (<usize>(r * NR + s) << 3), r < rows && s < cols ? load<f64>(ct + <usize>r * ldcBytes + (<usize>s << 3)) : 0.0)
                }
              }
              micro(kc, pa, pb, TILE, <usize>NR << 3)
              for (let r = 0; r < rows; r++) {
                for (let s = 0; s < cols; s++) {
                  store<f64>(ct + <usize>r * ldcBytes + (<usize>s << 3), load<f64>(TILE + (<usize>(r * NR + s) << 3)))
                }
              }
            }
          }
        }
      }
    }
  }
}

/** x[r, j] -= center[j] for the rows x cols block at x (byte addresses). */
export function subtractColumns(x: usize, rows: i32, cols: i32, center: usize): void {
  for (let r = 0; r < rows; r++) {
    const row = x + (<usize>(r * cols) << 3)
    let j = 0
    for (; j + 2 <= cols; j += 2) {
      const o = <usize>j << 3
      v128.store(row + o, f64x2.sub(v128.load(row + o), v128.load(center + o)))
    }
    for (; j < cols; j++) {
      const o = <usize>j << 3
      store<f64>(row + o, load<f64>(row + o) - load<f64>(center + o))
    }
  }
}

/**
 * out[j] += x[r, j] * y[r] for r = 0..rows in order (Xᵀy of a staged block).
 * Eight columns at a time stay in registers over all the rows.
 */
export function xtyAccumulate(x: usize, rows: i32, cols: i32, y: usize, out: usize): void {
  const stride = <usize>cols << 3
  let j = 0
  for (; j + 8 <= cols; j += 8) {
    const o = out + (<usize>j << 3)
    let a0 = v128.load(o)
    let a1 = v128.load(o, 16)
    let a2 = v128.load(o, 32)
    let a3 = v128.load(o, 48)
    let row = x + (<usize>j << 3)
    for (let r = 0; r < rows; r++) {
      const yv = v128.load64_splat(y + (<usize>r << 3))
      a0 = f64x2.add(a0, f64x2.mul(v128.load(row), yv))
      a1 = f64x2.add(a1, f64x2.mul(v128.load(row, 16), yv))
      a2 = f64x2.add(a2, f64x2.mul(v128.load(row, 32), yv))
      a3 = f64x2.add(a3, f64x2.mul(v128.load(row, 48), yv))
      row += stride
    }
    v128.store(o, a0)
    v128.store(o, a1, 16)
    v128.store(o, a2, 32)
    v128.store(o, a3, 48)
  }
  for (; j + 2 <= cols; j += 2) {
    const o = out + (<usize>j << 3)
    let a = v128.load(o)
    let row = x + (<usize>j << 3)
    for (let r = 0; r < rows; r++) {
      a = f64x2.add(a, f64x2.mul(v128.load(row), v128.load64_splat(y + (<usize>r << 3))))
      row += stride
    }
    v128.store(o, a)
  }
  for (; j < cols; j++) {
    const o = out + (<usize>j << 3)
    let a = load<f64>(o)
    let row = x + (<usize>j << 3)
    for (let r = 0; r < rows; r++) {
      a += load<f64>(row) * load<f64>(y + (<usize>r << 3))
      row += stride
    }
    store<f64>(o, a)
  }
}

/**
 * out[r] = Σ_j x[r, j] · w[j] for each of `rows` rows (row-major, `cols`
 * columns), summed in two lanes, even and odd j, each in increasing j, then
 * (even + odd) + x[r, cols − 1] · w[cols − 1] when cols is odd.
 */
export function rowDots(x: usize, rows: i32, cols: i32, w: usize, out: usize): void {
  const pairs = cols & ~1
  const stride = <usize>cols << 3
  let r = 0
  // Four rows at a time: four independent chains of additions.
  for (; r + 4 <= rows; r += 4) {
    const row = x + <usize>r * stride
    let a0 = f64x2.splat(0.0)
    let a1 = f64x2.splat(0.0)
    let a2 = f64x2.splat(0.0)
    let a3 = f64x2.splat(0.0)
    for (let j = 0; j < pairs; j += 2) {
      const o = <usize>j << 3
      const wv = v128.load(w + o)
      a0 = f64x2.add(a0, f64x2.mul(v128.load(row + o), wv))
      a1 = f64x2.add(a1, f64x2.mul(v128.load(row + stride + o), wv))
      a2 = f64x2.add(a2, f64x2.mul(v128.load(row + 2 * stride + o), wv))
      a3 = f64x2.add(a3, f64x2.mul(v128.load(row + 3 * stride + o), wv))
    }
    let s0 = f64x2.extract_lane(a0, 0) + f64x2.extract_lane(a0, 1)
    let s1 = f64x2.extract_lane(a1, 0) + f64x2.extract_lane(a1, 1)
    let s2 = f64x2.extract_lane(a2, 0) + f64x2.extract_lane(a2, 1)
    let s3 = f64x2.extract_lane(a3, 0) + f64x2.extract_lane(a3, 1)
    if (pairs < cols) {
      const o = <usize>pairs << 3
      const wl = load<f64>(w + o)
      s0 += load<f64>(row + o) * wl
      s1 += load<f64>(row + stride + o) * wl
      s2 += load<f64>(row + 2 * stride + o) * wl
      s3 += load<f64>(row + 3 * stride + o) * wl
    }
    const dst = out + (<usize>r << 3)
    store<f64>(dst, s0)
    store<f64>(dst, s1, 8)
    store<f64>(dst, s2, 16)
    store<f64>(dst, s3, 24)
  }
  for (; r < rows; r++) {
    const row = x + <usize>r * stride
    let acc = f64x2.splat(0.0)
    for (let j = 0; j < pairs; j += 2) {
      const o = <usize>j << 3
      acc = f64x2.add(acc, f64x2.mul(v128.load(row + o), v128.load(w + o)))
    }
    let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1)
    if (pairs < cols) {
      const o = <usize>pairs << 3
      s += load<f64>(row + o) * load<f64>(w + o)
    }
    store<f64>(out + (<usize>r << 3), s)
  }
}

/** Every row of the rows x cols block at c (row-major, contiguous) := v[0 .. cols). */
export function fillRows(c: usize, rows: i32, cols: i32, v: usize): void {
  const bytes = <usize>cols << 3
  for (let r = 0; r < rows; r++) memory.copy(c + <usize>r * bytes, v, bytes)
}

/**
 * x[i] := x[i] > 0 ? x[i] : 0 for i < count (NaN and -0 give +0, as that
 * JavaScript expression does), and the result also into pre[i] unless pre is 0.
 */
export function relu(x: usize, count: i32, pre: usize): void {
  const zero = f64x2.splat(0.0)
  let i = 0
  for (; i + 2 <= count; i += 2) {
    const o = <usize>i << 3
    const v = v128.load(x + o)
    const r = v128.and(v, f64x2.gt(v, zero))
    v128.store(x + o, r)
    if (pre) v128.store(pre + o, r)
  }
  for (; i < count; i++) {
    const o = <usize>i << 3
    const v = load<f64>(x + o)
    const r = v > 0 ? v : 0.0
    store<f64>(x + o, r)
    if (pre) store<f64>(pre + o, r)
  }
}

/**
 * d[i] := (d[i] · slope(h[i])) · m[i] (the factor m only when m is not 0),
 * slope = h > 0 ? 1 : 0 (tanh = 0) or 1 − h·h (tanh = 1): backpropagation
 * through a ReLU or tanh layer (h its outputs) and its dropout factors.
 */
export function activationBackward(d: usize, h: usize, m: usize, count: i32, tanh: i32): void {
  const zero = f64x2.splat(0.0)
  const one = f64x2.splat(1.0)
  let i = 0
  for (; i + 2 <= count; i += 2) {
    const o = <usize>i << 3
    const hv = v128.load(h + o)
    const slope = tanh ? f64x2.sub(one, f64x2.mul(hv, hv)) : v128.and(one, f64x2.gt(hv, zero))
    let v = f64x2.mul(v128.load(d + o), slope)
    if (m) v = f64x2.mul(v, v128.load(m + o))
    v128.store(d + o, v)
  }
  for (; i < count; i++) {
    const o = <usize>i << 3
    const hv = load<f64>(h + o)
    const slope = tanh ? 1.0 - hv * hv : hv > 0 ? 1.0 : 0.0
    let v = load<f64>(d + o) * slope
    if (m) v = v * load<f64>(m + o)
    store<f64>(d + o, v)
  }
}

/**
 * Residual sums of linear models over a block of rows (scoring many ridge
 * candidates on a fold's test rows without keeping their predictions):
 * for each model g and each row r in increasing order,
 *   c = bias[g] + x[r,0]·w[g,0] + x[r,1]·w[g,1] + ... (increasing j),
 *   d = t[r] − c,  sq[g] += d·d,  and ab[g] += |d| when ab is not 0.
 * x is rows x cols (row-major), t holds the rows' true values; the models
 * come packed by the caller (src/ResidualSums.ts): panels of NR models, each cols
 * groups of NR coefficients (k-major), `models` a multiple of NR (padding
 * models have zero coefficients and bias). Two lanes hold two models of one
 * row, so each model's sums run over the rows in order, the bits of the
 * scalar loop. Panel by panel: the panel's coefficients and its sums stay
 * in registers and L1 while the block of rows streams past.
 */
export function residualSums(
  x: usize, rows: i32, cols: i32, t: usize,
  pw: usize, bias: usize, models: i32,
  sq: usize, ab: usize
): void {
  const stride = <usize>cols << 3
  const panelBytes = <usize>(cols * NR) << 3
  for (let g = 0; g < models; g += NR) {
    const panel = pw + <usize>(g / NR) * panelBytes
    const bo = bias + (<usize>g << 3)
    const so = sq + (<usize>g << 3)
    let s0 = v128.load(so)
    let s1 = v128.load(so, 16)
    let a0 = f64x2.splat(0.0)
    let a1 = f64x2.splat(0.0)
    if (ab) {
      a0 = v128.load(ab + (<usize>g << 3))
      a1 = v128.load(ab + (<usize>g << 3), 16)
    }
    let r = 0
    for (; r + 4 <= rows; r += 4) {
      const b0 = v128.load(bo)
      const b1 = v128.load(bo, 16)
      let c00 = b0
      let c01 = b1
      let c10 = b0
      let c11 = b1
      let c20 = b0
      let c21 = b1
      let c30 = b0
      let c31 = b1
      let xr = x + <usize>r * stride
      let pb = panel
      for (let k = 0; k < cols; k++) {
        const w0 = v128.load(pb)
        const w1 = v128.load(pb, 16)
        let a = v128.load64_splat(xr)
        c00 = f64x2.add(c00, f64x2.mul(a, w0))
        c01 = f64x2.add(c01, f64x2.mul(a, w1))
        a = v128.load64_splat(xr + stride)
        c10 = f64x2.add(c10, f64x2.mul(a, w0))
        c11 = f64x2.add(c11, f64x2.mul(a, w1))
        a = v128.load64_splat(xr + 2 * stride)
        c20 = f64x2.add(c20, f64x2.mul(a, w0))
        c21 = f64x2.add(c21, f64x2.mul(a, w1))
        a = v128.load64_splat(xr + 3 * stride)
        c30 = f64x2.add(c30, f64x2.mul(a, w0))
        c31 = f64x2.add(c31, f64x2.mul(a, w1))
        xr += 8
        pb += NR << 3
      }
      const tr = t + (<usize>r << 3)
      let tv = v128.load64_splat(tr)
      let d0 = f64x2.sub(tv, c00)
      let d1 = f64x2.sub(tv, c01)
      s0 = f64x2.add(s0, f64x2.mul(d0, d0))
      s1 = f64x2.add(s1, f64x2.mul(d1, d1))
      if (ab) {
        a0 = f64x2.add(a0, f64x2.abs(d0))
        a1 = f64x2.add(a1, f64x2.abs(d1))
      }
      tv = v128.load64_splat(tr, 8)
      d0 = f64x2.sub(tv, c10)
      d1 = f64x2.sub(tv, c11)
      s0 = f64x2.add(s0, f64x2.mul(d0, d0))
      s1 = f64x2.add(s1, f64x2.mul(d1, d1))
      if (ab) {
        a0 = f64x2.add(a0, f64x2.abs(d0))
        a1 = f64x2.add(a1, f64x2.abs(d1))
      }
      tv = v128.load64_splat(tr, 16)
      d0 = f64x2.sub(tv, c20)
      d1 = f64x2.sub(tv, c21)
      s0 = f64x2.add(s0, f64x2.mul(d0, d0))
      s1 = f64x2.add(s1, f64x2.mul(d1, d1))
      if (ab) {
        a0 = f64x2.add(a0, f64x2.abs(d0))
        a1 = f64x2.add(a1, f64x2.abs(d1))
      }
      tv = v128.load64_splat(tr, 24)
      d0 = f64x2.sub(tv, c30)
      d1 = f64x2.sub(tv, c31)
      s0 = f64x2.add(s0, f64x2.mul(d0, d0))
      s1 = f64x2.add(s1, f64x2.mul(d1, d1))
      if (ab) {
        a0 = f64x2.add(a0, f64x2.abs(d0))
        a1 = f64x2.add(a1, f64x2.abs(d1))
      }
    }
    for (; r < rows; r++) {
      let c0 = v128.load(bo)
      let c1 = v128.load(bo, 16)
      let xr = x + <usize>r * stride
      let pb = panel
      for (let k = 0; k < cols; k++) {
        const a = v128.load64_splat(xr)
        c0 = f64x2.add(c0, f64x2.mul(a, v128.load(pb)))
        c1 = f64x2.add(c1, f64x2.mul(a, v128.load(pb, 16)))
        xr += 8
        pb += NR << 3
      }
      const tv = v128.load64_splat(t + (<usize>r << 3))
      const d0 = f64x2.sub(tv, c0)
      const d1 = f64x2.sub(tv, c1)
      s0 = f64x2.add(s0, f64x2.mul(d0, d0))
      s1 = f64x2.add(s1, f64x2.mul(d1, d1))
      if (ab) {
        a0 = f64x2.add(a0, f64x2.abs(d0))
        a1 = f64x2.add(a1, f64x2.abs(d1))
      }
    }
    v128.store(so, s0)
    v128.store(so, s1, 16)
    if (ab) {
      v128.store(ab + (<usize>g << 3), a0)
      v128.store(ab + (<usize>g << 3), a1, 16)
    }
  }
}

/**
 * Solves (A + shift·I) w = b (A p x p symmetric, row-major, only its lower
 * triangle read) by Cholesky factorisation LLᵀ (Golub & Van Loan, Algorithm
 * 4.2.1, column by column), then forward and back substitution; returns 0
 * when a pivot d is not above pivotTolerance times its diagonal entry (not
 * numerically positive definite), 1 otherwise. Every entry is computed as
 * the scalar loop computes it: L[i,j] = (A[i,j] − Σ_{k<j} L[i,k]·L[j,k]) / L[j,j],
 * the sum over k in increasing order; two rows i share an f64x2 (their
 * L[·,k] side by side in lt, the transposed copy of L), each lane its own
 * row's chain. l and lt are p x p scratch, w receives the solution.
 */
export function choleskySolve(a: usize, shift: f64, b: usize, p: i32, pivotTolerance: f64, l: usize, lt: usize, w: usize): i32 {
  const row = <usize>p << 3
  for (let j = 0; j < p; j++) {
    const lj = l + <usize>j * row
    const aj = load<f64>(a + <usize>j * row + (<usize>j << 3))
    const ajj = shift == 0 ? aj : aj + shift
    let d = ajj
    for (let k = 0; k < j; k++) {
      const v = load<f64>(lj + (<usize>k << 3))
      d -= v * v
    }
    if (!(d > ajj * pivotTolerance)) return 0
    const ljj = Math.sqrt(d)
    store<f64>(lj + (<usize>j << 3), ljj)
    store<f64>(lt + <usize>j * row + (<usize>j << 3), ljj)
    const dv = f64x2.splat(ljj)
    let i = j + 1
    for (; i + 4 <= p; i += 4) {
      const ai = a + <usize>i * row + (<usize>j << 3)
      let s0 = f64x2.replace_lane(f64x2.splat(load<f64>(ai)), 1, load<f64>(ai + row))
      let s1 = f64x2.replace_lane(f64x2.splat(load<f64>(ai + 2 * row)), 1, load<f64>(ai + 3 * row))
      let col = lt + (<usize>i << 3)
      for (let k = 0; k < j; k++) {
        const ljk = v128.load64_splat(lj + (<usize>k << 3))
        s0 = f64x2.sub(s0, f64x2.mul(v128.load(col), ljk))
        s1 = f64x2.sub(s1, f64x2.mul(v128.load(col, 16), ljk))
        col += row
      }
      s0 = f64x2.div(s0, dv)
      s1 = f64x2.div(s1, dv)
      v128.store(lt + <usize>j * row + (<usize>i << 3), s0)
      v128.store(lt + <usize>j * row + (<usize>i << 3), s1, 16)
      const li = l + <usize>i * row + (<usize>j << 3)
      store<f64>(li, f64x2.extract_lane(s0, 0))
      store<f64>(li + row, f64x2.extract_lane(s0, 1))
      store<f64>(li + 2 * row, f64x2.extract_lane(s1, 0))
      store<f64>(li + 3 * row, f64x2.extract_lane(s1, 1))
    }
    for (; i < p; i++) {
      let s = load<f64>(a + <usize>i * row + (<usize>j << 3))
      const li = l + <usize>i * row
      for (let k = 0; k < j; k++) s -= load<f64>(li + (<usize>k << 3)) * load<f64>(lj + (<usize>k << 3))
      s /= ljj
      store<f64>(li + (<usize>j << 3), s)
      store<f64>(lt + <usize>j * row + (<usize>i << 3), s)
    }
  }
  // Forward substitution L z = b, then back substitution Lᵀ w = z (Lᵀ's rows are lt's).
  for (let i = 0; i < p; i++) {
    const li = l + <usize>i * row
    let s = load<f64>(b + (<usize>i << 3))
    for (let k = 0; k < i; k++) s -= load<f64>(li + (<usize>k << 3)) * load<f64>(w + (<usize>k << 3))
    store<f64>(w + (<usize>i << 3), s / load<f64>(li + (<usize>i << 3)))
  }
  for (let i = p - 1; i >= 0; i--) {
    const ti = lt + <usize>i * row
    let s = load<f64>(w + (<usize>i << 3))
    for (let k = i + 1; k < p; k++) s -= load<f64>(ti + (<usize>k << 3)) * load<f64>(w + (<usize>k << 3))
    store<f64>(w + (<usize>i << 3), s / load<f64>(ti + (<usize>i << 3)))
  }
  return 1
}
