import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { gram, gramReference, gramWasm, xty, xtyReference, xtyWasm } from "../src/index.js"

const fill = (n: number, seed: number): Float64Array => {
  const a = new Float64Array(n)
  let s = seed >>> 0
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    a[i] = ((s / 4294967296) * 2 - 1) * (i % 5 === 0 ? 100 : 1)
  }
  return a
}

const sameBits = (a: Float64Array, b: Float64Array): boolean => a.length === b.length && a.every((v, i) => Object.is(v, b[i]))

// A dataset, a selection of its rows (all, or a shuffled, non-contiguous,
// possibly repeating subset) and an optional centre.
const problem = fc
  .record({
    total: fc.integer({ min: 0, max: 60 }),
    cols: fc.integer({ min: 1, max: 13 }),
    seed: fc.integer(),
    centred: fc.boolean(),
    yCenter: fc.double({ min: -5, max: 5, noNaN: true })
  })
  .chain((p) =>
    fc.record({
      p: fc.constant(p),
      rows: fc.oneof(fc.constant(null), fc.array(fc.integer({ min: 0, max: Math.max(0, p.total - 1) }), { maxLength: p.total === 0 ? 0 : 80 }))
    })
  )

describe("gram", () => {
  it("the WebAssembly path gives the reference's bits over any row subset, centred or not", () => {
    fc.assert(
      fc.property(problem, ({ p, rows }) => {
        const X = fill(p.total * p.cols, p.seed)
        const sel = rows === null ? null : Int32Array.from(rows)
        const center = p.centred ? fill(p.cols, p.seed + 1) : null
        const n = sel === null ? p.total : sel.length
        const expected = new Float64Array(p.cols * p.cols)
        const actual = new Float64Array(p.cols * p.cols).fill(7)
        gramReference(X, p.cols, sel, expected, center)
        gramWasm(X, p.cols, sel, actual, center, n)
        expect(sameBits(actual, expected)).toBe(true)
      }),
      { numRuns: 300 }
    )
  })

  it("crosses its row blocks and the gemm blocking without changing a bit, and the result is symmetric", () => {
    const cols = 150
    const total = 700
    const X = fill(total * cols, 3)
    const rows = Uint32Array.from({ length: 600 }, (_, t) => (t * 617) % total)
    const center = fill(cols, 4)
    const expected = new Float64Array(cols * cols)
    const actual = new Float64Array(cols * cols)
    gramReference(X, cols, rows, expected, center)
    gram(X, cols, rows, actual, center)
    expect(sameBits(actual, expected)).toBe(true)
    for (let j = 0; j < cols; j++) for (let l = 0; l < j; l++) expect(Object.is(actual[j * cols + l], actual[l * cols + j])).toBe(true)
  })

  it("computes a known Gram matrix (independent of the reference)", () => {
    // rows 2 and 0 of [[1,2],[3,4],[5,6]], centred on [1,1]: [[4,5],[0,1]]
    const X = Float64Array.of(1, 2, 3, 4, 5, 6)
    const out = new Float64Array(4)
    gramWasm(X, 2, Int32Array.of(2, 0), out, Float64Array.of(1, 1), 2)
    expect(Array.from(out)).toEqual([16, 20, 20, 26])
  })

  it("rejects a row index out of range and a ragged X", () => {
    expect(() => gram(new Float64Array(6), 2, Int32Array.of(3), new Float64Array(4))).toThrow(/row index 3 out of range/)
    expect(() => gram(new Float64Array(5), 2, null, new Float64Array(4))).toThrow(/not a multiple of 2 columns/)
  })
})

describe("xty", () => {
  it("the WebAssembly path gives the reference's bits over any row subset, centred or not", () => {
    fc.assert(
      fc.property(problem, ({ p, rows }) => {
        const X = fill(p.total * p.cols, p.seed)
        const y = fill(p.total, p.seed + 2)
        const sel = rows === null ? null : Int32Array.from(rows)
        const center = p.centred ? fill(p.cols, p.seed + 1) : null
        const n = sel === null ? p.total : sel.length
        const expected = new Float64Array(p.cols)
        const actual = new Float64Array(p.cols).fill(7)
        xtyReference(X, p.cols, sel, y, expected, center, p.yCenter)
        xtyWasm(X, p.cols, sel, y, actual, center, p.yCenter, n)
        expect(sameBits(actual, expected)).toBe(true)
        const dispatched = new Float64Array(p.cols)
        xty(X, p.cols, sel, y, dispatched, center, p.yCenter)
        expect(sameBits(dispatched, expected)).toBe(true)
      }),
      { numRuns: 300 }
    )
  })

  it("computes a known Xᵀy (independent of the reference)", () => {
    const X = Float64Array.of(1, 2, 3, 4, 5, 6)
    const y = Float64Array.of(1, 10, 100)
    const out = new Float64Array(2)
    xtyWasm(X, 2, Int32Array.of(1, 2), y, out, null, 0, 2)
    expect(Array.from(out)).toEqual([530, 640])
  })
})
