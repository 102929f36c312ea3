import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { gemmReference, gemmWasm, residualSums, residualSumsReference, workspace } from "../src/index.js"

// Doubles of mixed magnitude, so that a change in summation order shows in the last bits.
const fill = (n: number, seed: number): Float64Array => {
  const a = new Float64Array(n)
  let s = seed >>> 0
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    a[i] = ((s / 4294967296) * 2 - 1) * (i % 7 === 0 ? 1000 : 1)
  }
  return a
}

const sameBits = (a: Float64Array, b: Float64Array): boolean => a.length === b.length && a.every((v, i) => Object.is(v, b[i]))

// An independent oracle: the predictions through gemm (C started at the intercepts, models x rows), then the sums row by row.
const viaGemm = (X: Float64Array, cols: number, rows: Int32Array, W: Float64Array, models: number, bias: Float64Array, truth: Float64Array) => {
  const n = rows.length
  const A = new Float64Array(n * cols)
  rows.forEach((r, t) => A.set(X.subarray(r * cols, (r + 1) * cols), t * cols))
  const C = new Float64Array(models * n)
  for (let g = 0; g < models; g++) C.fill(bias[g], g * n, (g + 1) * n)
  gemmReference(models, n, cols, W, A, C, { transB: true, accumulate: true })
  const squares = new Float64Array(models)
  const absolutes = new Float64Array(models)
  for (let g = 0; g < models; g++) {
    for (let t = 0; t < n; t++) {
      const d = truth[t] - C[g * n + t]
      squares[g] += d * d
      absolutes[g] += Math.abs(d)
    }
  }
  return { squares, absolutes }
}

const problem = fc.record({
  rows: fc.integer({ min: 1, max: 60 }),
  cols: fc.integer({ min: 0, max: 13 }),
  models: fc.integer({ min: 1, max: 11 }),
  selected: fc.integer({ min: 0, max: 80 }),
  seed: fc.integer()
})

describe("residualSums", () => {
  it("gives the bits of its JavaScript reference and of gemm-then-sum (any shape, repeated and unordered rows, sums started non-zero)", () => {
    fc.assert(
      fc.property(problem, ({ rows, cols, models, selected, seed }) => {
        const X = fill(rows * cols, seed)
        const W = fill(models * cols, seed + 1)
        const bias = fill(models, seed + 2)
        const pick = fill(selected, seed + 3)
        const which = Int32Array.from(pick, (v) => Math.floor(Math.abs(v) * 7919) % rows)
        const truth = fill(selected, seed + 4)
        const start = fill(models, seed + 5).map(Math.abs)
        const sq = Float64Array.from(start)
        const ab = Float64Array.from(start)
        residualSums(X, cols, which, W, models, bias, truth, sq, ab)
        const sqRef = Float64Array.from(start)
        const abRef = Float64Array.from(start)
        residualSumsReference(X, cols, which, W, models, bias, truth, sqRef, abRef)
        expect(sameBits(sq, sqRef)).toBe(true)
        expect(sameBits(ab, abRef)).toBe(true)
        const oracle = viaGemm(X, cols, which, W, models, bias, truth)
        const sq0 = new Float64Array(models)
        residualSums(X, cols, which, W, models, bias, truth, sq0, null)
        expect(sameBits(sq0, oracle.squares)).toBe(true)
      }),
      { numRuns: 200 }
    )
  })

  it("is the same across its blocks of rows (2,000 rows x 50 columns: several blocks), all rows or a subset in place", () => {
    const rows = 2000
    const cols = 50
    const models = 13
    const X = fill(rows * cols, 7)
    const W = fill(models * cols, 8)
    const bias = fill(models, 9)
    const truth = fill(rows, 10)
    const sq = new Float64Array(models)
    const ab = new Float64Array(models)
    const blocks: Array<[number, number]> = []
    residualSums(X, cols, null, W, models, bias, truth, sq, ab, (start, count) => blocks.push([start, count]))
    const oracle = viaGemm(X, cols, Int32Array.from({ length: rows }, (_, i) => i), W, models, bias, truth)
    expect(sameBits(sq, oracle.squares)).toBe(true)
    expect(sameBits(ab, oracle.absolutes)).toBe(true)
    expect(blocks.length).toBeGreaterThan(1)
    expect(blocks.reduce((n, [, c]) => n + c, 0)).toBe(rows)
    expect(blocks.every(([s], b) => b === 0 || s === blocks[b - 1][0] + blocks[b - 1][1])).toBe(true)
  })

  it("shows each block's sums to afterBlock, which may call other kernels", () => {
    const rows = 1500
    const cols = 20
    const X = fill(rows * cols, 1)
    const W = fill(3 * cols, 2)
    const bias = Float64Array.of(0, 0, 0)
    const truth = fill(rows, 3)
    truth[1200] = NaN
    const sq = new Float64Array(3)
    const seen: Array<[number, boolean]> = []
    residualSums(X, cols, null, W, 3, bias, truth, sq, null, (start) => {
      seen.push([start, Number.isFinite(sq[0])])
      // Another kernel in between: stages past the reserved models.
      const A = fill(40 * 40, start)
      gemmWasm(40, 40, 40, A, A, new Float64Array(1600))
      workspace(10).release()
    })
    const ref = new Float64Array(3)
    residualSumsReference(X, cols, null, W, 3, bias, truth, ref, null)
    expect(Number.isNaN(sq[0])).toBe(true)
    expect(sameBits(sq, ref)).toBe(true)
    // Blocks of 16,384 / 20 = 819 rows: finite until the block that holds row 1200.
    expect(seen).toEqual([
      [0, true],
      [819, false]
    ])
  })

  it("refuses operands that are too short", () => {
    const X = new Float64Array(6)
    expect(() => residualSums(X, 3, null, new Float64Array(5), 2, new Float64Array(2), new Float64Array(2), new Float64Array(2), null)).toThrow(
      "W has 5 values, needs 6"
    )
    expect(() => residualSums(X, 3, null, new Float64Array(6), 2, new Float64Array(2), new Float64Array(1), new Float64Array(2), null)).toThrow(
      "truth has 1 values, needs 2"
    )
  })
})
