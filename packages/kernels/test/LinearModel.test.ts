import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { gemm, gemmReference, linearModelPass, linearModelPassReference, stageRows, type Residual } from "../src/index.js"

const fill = (n: number, seed: number): Float64Array => {
  const a = new Float64Array(n)
  let s = seed >>> 0
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    a[i] = ((s / 4294967296) * 2 - 1) * (i % 3 === 0 ? 50 : 1)
  }
  return a
}

const sameBits = (a: Float64Array, b: Float64Array): boolean => a.length === b.length && a.every((v, i) => Object.is(v, b[i]))

// A nonlinear residual that records what it saw (to compare the scores too).
const recorder = (seen: Array<number>, vectors: number): Residual => (z, count, start) => {
  let loss = start
  for (let q = 0; q < count * vectors; q++) {
    seen.push(z[q])
    loss += z[q] * z[q]
    z[q] = Math.tanh(z[q]) - 0.25
  }
  return loss
}

describe("linearModelPass", () => {
  it("gives the bits of its JavaScript reference: scores, loss and gradient, over any row subset", () => {
    const problem = fc
      .record({
        total: fc.integer({ min: 0, max: 1200 }),
        cols: fc.integer({ min: 1, max: 11 }),
        vectors: fc.integer({ min: 1, max: 3 }),
        withBias: fc.boolean(),
        seed: fc.integer()
      })
      .chain((p) =>
        fc.record({
          p: fc.constant(p),
          rows: fc.oneof(fc.constant(null), fc.array(fc.integer({ min: 0, max: Math.max(0, p.total - 1) }), { maxLength: p.total === 0 ? 0 : 1100 }))
        })
      )
    fc.assert(
      fc.property(problem, ({ p, rows }) => {
        const X = fill(p.total * p.cols, p.seed)
        const W = fill(p.vectors * p.cols, p.seed + 1)
        const bias = p.withBias ? fill(p.vectors, p.seed + 2) : null
        const sel = rows === null ? null : Int32Array.from(rows)
        const seenA: Array<number> = []
        const seenB: Array<number> = []
        const gA = new Float64Array(p.vectors * p.cols).fill(3)
        const gB = new Float64Array(p.vectors * p.cols)
        const lossA = linearModelPass(X, p.cols, sel, W, p.vectors, bias, recorder(seenA, p.vectors), gA)
        const lossB = linearModelPassReference(X, p.cols, sel, W, p.vectors, bias, recorder(seenB, p.vectors), gB)
        expect(sameBits(Float64Array.from(seenA), Float64Array.from(seenB))).toBe(true)
        expect(Object.is(lossA, lossB)).toBe(true)
        expect(sameBits(gA, gB)).toBe(true)
      }),
      { numRuns: 150 }
    )
  })

  it("computes hand-checked scores and gradient", () => {
    // X = [[1, 2, 3], [4, 5, 6]], w = [1, 0, -1], b = 0.5: scores -1.5, -1.5;
    // residual = score: gradient = -1.5·[1,2,3] + -1.5·[4,5,6].
    const X = Float64Array.of(1, 2, 3, 4, 5, 6)
    const g = new Float64Array(3)
    const scores: Array<number> = []
    const loss = linearModelPass(X, 3, null, Float64Array.of(1, 0, -1), 1, Float64Array.of(0.5), (z, count) => {
      for (let t = 0; t < count; t++) scores.push(z[t])
      return 7
    }, g)
    expect(scores).toEqual([-1.5, -1.5])
    expect(loss).toBe(7)
    expect(Array.from(g)).toEqual([-7.5, -10.5, -13.5])
  })

  it("passes over staged rows give the bits of unstaged passes, and other kernels run while rows are staged", () => {
    const cols = 7
    const X = fill(1500 * cols, 5)
    const rows = Int32Array.from({ length: 1200 }, (_, t) => (t * 37) % 1500)
    const W = fill(2 * cols, 6)
    const bias = fill(2, 7)
    const plain = new Float64Array(2 * cols)
    const lossPlain = linearModelPass(X, cols, rows, W, 2, bias, recorder([], 2), plain)
    const outer = stageRows(X, cols, null)
    const staged = stageRows(X, cols, rows)
    expect(staged).toBeDefined()
    try {
      // A gemm in between must not overwrite the staged rows.
      const A = fill(60 * 70, 1)
      const C = new Float64Array(60 * 60)
      const expected = new Float64Array(60 * 60)
      gemm(60, 60, 70, A, A, C, { transB: true })
      gemmReference(60, 60, 70, A, A, expected, { transB: true })
      expect(sameBits(C, expected)).toBe(true)
      for (let pass = 0; pass < 2; pass++) {
        const g = new Float64Array(2 * cols)
        const loss = linearModelPass(X, cols, rows, W, 2, bias, recorder([], 2), g, staged)
        expect(Object.is(loss, lossPlain)).toBe(true)
        expect(sameBits(g, plain)).toBe(true)
      }
      expect(() => linearModelPass(X, cols, null, W, 2, bias, recorder([], 2), new Float64Array(2 * cols), staged)).toThrow(/another X or row selection/)
      expect(() => outer?.release()).toThrow(/out of order/)
    } finally {
      staged?.release()
      outer?.release()
    }
    expect(stageRows(X, cols, rows, 100)).toBeUndefined()
  })
})
