import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { activationBackward, fillRows, gemmReference, gemmRegions, gemmWasm, reluRegion, workspace } from "../src/index.js"

// Mixed magnitudes and signs, with the special values an activation must
// treat as JavaScript does (−0, NaN, ±Infinity) sprinkled in.
const fill = (n: number, seed: number, specials = false): Float64Array => {
  const a = new Float64Array(n)
  let s = seed >>> 0
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    a[i] = ((s / 4294967296) * 2 - 1) * (i % 7 === 0 ? 1000 : 1)
    if (specials && i % 11 === 3) a[i] = [-0, 0, NaN, Infinity, -Infinity][(s >>> 8) % 5]
  }
  return a
}

const sameBits = (a: Float64Array, b: Float64Array): boolean => a.length === b.length && a.every((v, i) => Object.is(v, b[i]))

describe("regions of the kernels' memory", () => {
  it("gemmRegions gives the reference's bits in place (every transpose, accumulate, odd offsets)", () => {
    const shape = fc.record({
      m: fc.integer({ min: 0, max: 21 }),
      n: fc.integer({ min: 0, max: 21 }),
      k: fc.integer({ min: 0, max: 300 }),
      transA: fc.boolean(),
      transB: fc.boolean(),
      accumulate: fc.boolean(),
      offset: fc.integer({ min: 0, max: 3 }),
      seed: fc.integer()
    })
    fc.assert(
      fc.property(shape, ({ m, n, k, transA, transB, accumulate, offset, seed }) => {
        const A = fill(m * k, seed)
        const B = fill(k * n, seed + 1)
        const C0 = fill(m * n, seed + 2)
        const expected = Float64Array.from(C0)
        gemmReference(m, n, k, A, B, expected, { transA, transB, accumulate })
        const ws = workspace(offset + A.length + B.length + C0.length)
        try {
          const a = ws.sub(offset, A.length)
          const b = ws.sub(offset + A.length, B.length)
          const c = ws.sub(offset + A.length + B.length, C0.length)
          a.array().set(A)
          b.array().set(B)
          c.array().set(C0)
          gemmRegions(m, n, k, a, b, c, { transA, transB, accumulate })
          expect(sameBits(c.array(), expected)).toBe(true)
          // The operands are left as they were.
          expect(sameBits(a.array(), A) && sameBits(b.array(), B)).toBe(true)
        } finally {
          ws.release()
        }
      }),
      { numRuns: 150 }
    )
  })

  it("fillRows repeats the values on every row; reluRegion is x > 0 ? x : 0 (NaN, −0 give +0), copied when asked", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 }), fc.integer(), (rows, cols, seed) => {
        const values = fill(cols, seed, true)
        const ws = workspace(cols + 2 * rows * cols)
        try {
          const v = ws.sub(0, cols)
          const x = ws.sub(cols, rows * cols)
          const copy = ws.sub(cols + rows * cols, rows * cols)
          v.array().set(values)
          fillRows(x, rows, v)
          const expected = new Float64Array(rows * cols)
          for (let r = 0; r < rows; r++) expected.set(values, r * cols)
          expect(sameBits(x.array(), expected)).toBe(true)
          reluRegion(x, copy)
          const relu = expected.map((z) => (z > 0 ? z : 0))
          expect(sameBits(x.array(), relu)).toBe(true)
          expect(sameBits(copy.array(), relu)).toBe(true)
        } finally {
          ws.release()
        }
      }),
      { numRuns: 200 }
    )
  })

  it("activationBackward is (d · slope) · mask, slope h > 0 ? 1 : 0 (ReLU) or 1 − h·h (tanh)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.boolean(), fc.boolean(), fc.integer(), (n, tanh, masked, seed) => {
        const D = fill(n, seed, true)
        const H = fill(n, seed + 1, true)
        const M = fill(n, seed + 2, true)
        const expected = D.map((d, i) => {
          const slope = tanh ? 1 - H[i] * H[i] : H[i] > 0 ? 1 : 0
          return masked ? d * slope * M[i] : d * slope
        })
        const ws = workspace(3 * n)
        try {
          const [d, h, m] = [ws.sub(0, n), ws.sub(n, n), ws.sub(2 * n, n)]
          d.array().set(D)
          h.array().set(H)
          m.array().set(M)
          activationBackward(d, h, tanh ? "tanh" : "relu", masked ? m : undefined)
          expect(sameBits(d.array(), expected)).toBe(true)
        } finally {
          ws.release()
        }
      }),
      { numRuns: 200 }
    )
  })

  it("views taken after a call that grows the memory still see the region; bad shapes and ranges are refused", () => {
    const ws = workspace(4)
    try {
      const r = ws.sub(0, 4)
      r.array().set([1, -2, 3, -4])
      const before = r.array()
      // A large copying product stages above the reservation and grows the
      // module's memory (detaching older views): the region keeps its values.
      const big = 700
      const A = new Float64Array(big * big).fill(1)
      const C = new Float64Array(big * big)
      gemmWasm(big, big, big, A, A, C)
      expect(C[0]).toBe(big)
      expect(before.length).toBe(0)
      expect(() => ws.sub(2, 3)).toThrow(/outside \[0, 4\)/)
      expect(() => gemmRegions(3, 3, 3, r, r, r)).toThrow(/A has 4 elements, needs 9/)
      expect(() => workspace(-1)).toThrow(/length must be an integer >= 0/)
      expect(Array.from(r.array())).toEqual([1, -2, 3, -4])
    } finally {
      ws.release()
    }
  })
})
