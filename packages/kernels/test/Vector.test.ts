import { describe, expect, it } from "vitest"
import { axpy, dot, gemm, gemv, scal } from "../src/index.js"

describe("vector kernels", () => {
  it("dot, axpy and scal on hand-computed values, with offsets", () => {
    const x = Float64Array.of(9, 1, 2, 3)
    const y = Float64Array.of(4, 5, 6)
    expect(dot(3, x, y, 1)).toBe(32)
    axpy(3, 2, x, y, 1)
    expect(Array.from(y)).toEqual([6, 9, 12])
    scal(2, 0.5, y, 1)
    expect(Array.from(y)).toEqual([6, 4.5, 6])
    expect(dot(0, x, y)).toBe(0)
  })

  it("gemv and its transpose agree with gemm on one column (same bits)", () => {
    const m = 7
    const n = 5
    const A = Float64Array.from({ length: m * n }, (_, i) => Math.sin(i) * 10)
    const x = Float64Array.from({ length: n }, (_, i) => Math.cos(i))
    const y = new Float64Array(m)
    const viaGemm = new Float64Array(m)
    gemv(m, n, A, x, y)
    gemm(m, 1, n, A, x, viaGemm)
    expect(Array.from(y)).toEqual(Array.from(viaGemm))
    const z = Float64Array.from({ length: m }, (_, i) => i - 3)
    const yt = new Float64Array(n)
    const ytGemm = new Float64Array(n)
    gemv(m, n, A, z, yt, { trans: true })
    gemm(n, 1, m, A, z, ytGemm, { transA: true })
    expect(Array.from(yt)).toEqual(Array.from(ytGemm))
    gemv(m, n, A, z, yt, { trans: true, accumulate: true })
    gemm(n, 1, m, A, z, ytGemm, { transA: true, accumulate: true })
    expect(Array.from(yt)).toEqual(Array.from(ytGemm))
  })
})
