import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { choleskySolve, choleskySolveReference, gemmReference } from "../src/index.js"

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

const sameBits = (a: Float64Array | undefined, b: Float64Array | undefined): boolean =>
  a === undefined || b === undefined ? a === b : a.length === b.length && a.every((v, i) => Object.is(v, b[i]))

// MᵀM of an r x p matrix: positive definite when r >= p (almost surely), singular when r < p.
const gram = (rows: number, p: number, seed: number): Float64Array => {
  const M = fill(rows * p, seed)
  const A = new Float64Array(p * p)
  gemmReference(p, p, rows, M, M, A, { transA: true })
  return A
}

describe("choleskySolve", () => {
  it("gives the bits of its JavaScript reference, solving or refusing alike (full rank, rank-deficient, shifted)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: -5, max: 10 }),
        fc.constantFrom(0, 1e-3, 1, 1e3),
        fc.constantFrom(1e-14, 1e-10),
        fc.integer(),
        (p, extraRows, shift, tolerance, seed) => {
          const A = gram(Math.max(1, p + extraRows), p, seed)
          const b = fill(p, seed + 1)
          const before = A.slice()
          const w = choleskySolve(A, shift, b, p, tolerance)
          expect(sameBits(w, choleskySolveReference(A, shift, b, p, tolerance))).toBe(true)
          expect(sameBits(A, before)).toBe(true)
        }
      ),
      { numRuns: 300 }
    )
  })

  it("solves the system (residual of a well-conditioned 50 x 50 system near rounding)", () => {
    const p = 50
    const A = gram(200, p, 3)
    const b = fill(p, 4)
    const w = choleskySolve(A, 0.5, b, p, 1e-14)!
    let worst = 0
    for (let i = 0; i < p; i++) {
      let s = 0.5 * w[i]
      for (let j = 0; j < p; j++) s += A[i * p + j] * w[j]
      worst = Math.max(worst, Math.abs(s - b[i]) / Math.max(1, Math.abs(b[i])))
    }
    expect(worst).toBeLessThan(1e-9)
  })

  it("refuses a matrix that is not positive definite, and short operands", () => {
    expect(choleskySolve(Float64Array.of(1, 2, 2, 1), 0, Float64Array.of(1, 1), 2, 1e-10)).toBeUndefined()
    expect(() => choleskySolve(new Float64Array(3), 0, new Float64Array(2), 2, 1e-10)).toThrow("A needs 4 values and b 2")
  })
})
