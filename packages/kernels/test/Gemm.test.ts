import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { gemm, gemmReference, gemmWasm } from "../src/index.js"

// Random doubles of mixed magnitude, so that a change in summation order
// would show in the last bits.
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

const shape = fc.record({
  m: fc.integer({ min: 0, max: 23 }),
  n: fc.integer({ min: 0, max: 23 }),
  k: fc.integer({ min: 0, max: 23 }),
  transA: fc.boolean(),
  transB: fc.boolean(),
  accumulate: fc.boolean(),
  seed: fc.integer()
})

const check = (run: typeof gemm, s: { m: number; n: number; k: number; transA: boolean; transB: boolean; accumulate: boolean; seed: number }): void => {
  const { m, n, k, seed } = s
  const A = fill(m * k, seed)
  const B = fill(k * n, seed + 1)
  const C0 = fill(m * n, seed + 2)
  const expected = Float64Array.from(C0)
  const actual = Float64Array.from(C0)
  const options = { transA: s.transA, transB: s.transB, accumulate: s.accumulate }
  gemmReference(m, n, k, A, B, expected, options)
  run(m, n, k, A, B, actual, options)
  expect(sameBits(actual, expected)).toBe(true)
}

describe("gemm", () => {
  it("the WebAssembly kernel gives the reference's bits at small and odd shapes (1x1, empty, every transpose)", () => {
    fc.assert(fc.property(shape, (s) => check(gemmWasm, s)), { numRuns: 300 })
  })

  it("gives the reference's bits across the blocking edges (k past 256, m past 96, ragged tiles)", () => {
    const sizes: Array<[number, number, number]> = [[97, 5, 257], [5, 97, 513], [101, 33, 300], [1, 1, 600], [130, 7, 1]]
    for (const [m, n, k] of sizes) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          for (const accumulate of [false, true]) check(gemmWasm, { m, n, k, transA, transB, accumulate, seed: m * 31 + n + k })
        }
      }
    }
  })

  it("the dispatching gemm agrees with the reference on both sides of the size threshold", () => {
    const big = fc.record({
      m: fc.integer({ min: 0, max: 60 }),
      n: fc.integer({ min: 0, max: 60 }),
      k: fc.integer({ min: 0, max: 60 }),
      transA: fc.boolean(),
      transB: fc.boolean(),
      accumulate: fc.boolean(),
      seed: fc.integer()
    })
    fc.assert(fc.property(big, (s) => check(gemm, s)), { numRuns: 100 })
  })

  it("multiplies a known product (independent of the reference)", () => {
    const A = Float64Array.of(1, 2, 3, 4, 5, 6) // 2x3
    const B = Float64Array.of(7, 8, 9, 10, 11, 12) // 3x2
    const C = new Float64Array(4)
    gemmWasm(2, 2, 3, A, B, C)
    expect(Array.from(C)).toEqual([58, 64, 139, 154])
    gemmWasm(2, 2, 3, A, B, C, { accumulate: true })
    expect(Array.from(C)).toEqual([116, 128, 278, 308])
  })

  it("reads operands on a SharedArrayBuffer and through subarray views", () => {
    const m = 40
    const n = 30
    const k = 50
    const sab = new Float64Array(new SharedArrayBuffer(8 * (3 + m * k + k * n)))
    sab.set(fill(sab.length, 9))
    const A = sab.subarray(3, 3 + m * k)
    const B = sab.subarray(3 + m * k)
    const expected = new Float64Array(m * n)
    const actual = new Float64Array(m * n)
    gemmReference(m, n, k, A, B, expected)
    gemm(m, n, k, A, B, actual)
    expect(sameBits(actual, expected)).toBe(true)
  })

  it("rejects operands too short for the shape with a RangeError", () => {
    expect(() => gemm(2, 2, 2, new Float64Array(3), new Float64Array(4), new Float64Array(4))).toThrow(/A has 3 elements, needs 4/)
    expect(() => gemm(2, 2, 2, new Float64Array(4), new Float64Array(4), new Float64Array(3))).toThrow(/C has 3 elements/)
    expect(() => gemm(-1, 2, 2, new Float64Array(4), new Float64Array(4), new Float64Array(4))).toThrow(/m must be an integer/)
  })
})
