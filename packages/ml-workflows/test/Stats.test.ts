import { readFileSync } from "node:fs"
import { EmptyInput, InvalidOption, ShapeMismatch, SharedMatrix } from "@weft/core"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  type ColumnStats,
  columnStats,
  columnStatsAt,
  columnStd,
  columnVariance,
  emptyStats,
  mean,
  median,
  merge,
  mergeAll,
  quantile,
  quantiles,
  std,
  variance
} from "../src/Stats.js"
import { thrown } from "./helpers/thrown.js"

interface NumpyCase {
  readonly values: ReadonlyArray<number>
  readonly q: ReadonlyArray<number>
  readonly quantiles: ReadonlyArray<number>
  readonly median: number
  readonly mean: number
  readonly var0: number
  readonly std0: number
  readonly std1: number | null
}

const fixture = JSON.parse(readFileSync(new URL("./fixtures/sklearn-selection.json", import.meta.url), "utf8"))
const nan = (rows: ReadonlyArray<ReadonlyArray<number | null>>) => rows.map((r) => r.map((v) => (v === null ? Number.NaN : v)))

const relClose = (actual: number, expected: number, rel: number): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected))
}

describe("quantile, median, mean, variance, std", () => {
  it("equal numpy's quantile (linear), median, mean, var and std", () => {
    for (const c of fixture.stats as ReadonlyArray<NumpyCase>) {
      // Same sort, same virtual index (n-1)q, same lerp: numpy's quantiles to the bit.
      expect(Array.from(quantiles(c.values, c.q))).toEqual(c.quantiles)
      c.q.forEach((q, k) => expect(quantile(c.values, q)).toBe(c.quantiles[k]))
      expect(median(c.values)).toBe(c.median)
      // numpy sums pairwise, we sum left to right: equal to rounding.
      relClose(mean(c.values), c.mean, 1e-13)
      relClose(variance(c.values), c.var0, 1e-12)
      relClose(std(c.values), c.std0, 1e-12)
      if (c.std1 !== null) relClose(std(c.values, { ddof: 1 }), c.std1, 1e-12)
    }
  })

  it("hand-computed values: median of an even count is the mean of the middle two", () => {
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([7, 1, 3])).toBe(3)
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75)
    expect(quantile([10, 0], 0.5)).toBe(5)
    expect(std([2, 4, 4, 4, 5, 5, 7, 9])).toBe(2)
    expect(variance([1, 2, 3, 4], { ddof: 1 })).toBeCloseTo(5 / 3, 15)
  })

  it("does not sort its input, and a sorted input with { sorted: true } gives the same result", () => {
    const values = Float64Array.of(5, 1, 4, 2, 3)
    expect(quantile(values, 0.3)).toBe(quantile(Float64Array.of(1, 2, 3, 4, 5), 0.3, { sorted: true }))
    expect(Array.from(values)).toEqual([5, 1, 4, 2, 3])
  })

  it("gives NaN when a value is NaN, as numpy", () => {
    expect(quantile([1, Number.NaN, 3], 0.5)).toBeNaN()
    expect(median([1, Number.NaN])).toBeNaN()
  })

  it("rejects empty input, q outside [0, 1] and ddof >= n", () => {
    expect(thrown(() => quantile([], 0.5))).toBeInstanceOf(EmptyInput)
    expect(thrown(() => median([]))).toBeInstanceOf(EmptyInput)
    expect(thrown(() => mean([]))).toBeInstanceOf(EmptyInput)
    expect(thrown(() => quantile([1], 1.5))).toMatchObject({ _tag: "InvalidOption", option: "q", value: 1.5 })
    expect(thrown(() => quantile([1], Number.NaN))).toBeInstanceOf(InvalidOption)
    expect(thrown(() => std([1, 2], { ddof: 2 }))).toMatchObject({ _tag: "InvalidOption", option: "ddof" })
  })
})

const expectStatsEqual = (merged: ColumnStats, single: ColumnStats, data: SharedMatrix): void => {
  expect(merged.columns).toBe(single.columns)
  for (let j = 0; j < single.columns; j++) {
    // Counts, minima and maxima: bit for bit (Object.is tells -0 from 0).
    expect(Object.is(merged.count[j], single.count[j])).toBe(true)
    expect(Object.is(merged.nanCount[j], single.nanCount[j])).toBe(true)
    expect(Object.is(merged.min[j], single.min[j])).toBe(true)
    expect(Object.is(merged.max[j], single.max[j])).toBe(true)
    if (single.count[j] === 0) {
      expect(merged.mean[j]).toBeNaN()
      continue
    }
    // Mean and m2: within 1e-12 of the data's scale (max |x| and sum x^2), since a
    // mean or m2 near zero has no meaningful relative error.
    let scale = 0
    let squares = 0
    for (let i = 0; i < data.rows; i++) {
      const x = data.get(i, j)
      if (x === x) {
        scale = Math.max(scale, Math.abs(x))
        squares += x * x
      }
    }
    expect(Math.abs(merged.mean[j] - single.mean[j])).toBeLessThanOrEqual(1e-12 * Math.max(Math.abs(single.mean[j]), scale))
    expect(Math.abs(merged.m2[j] - single.m2[j])).toBeLessThanOrEqual(1e-12 * Math.max(single.m2[j], squares))
  }
}

describe("ColumnStats", () => {
  it("counts, means, variances, extremes and NaNs of a small matrix (scikit-learn's StandardScaler ignoring NaN)", () => {
    const small = fixture.scalers.small
    const X = SharedMatrix.fromRows(nan(small.X))
    const s = columnStats(X)
    expect(Array.from(s.count)).toEqual([4, 5, 3, 5])
    expect(Array.from(s.nanCount)).toEqual([1, 0, 2, 0])
    expect(Array.from(s.min)).toEqual([1, 5, 3, 0.1])
    expect(Array.from(s.max)).toEqual([7, 5, 8, 0.1])
    small.standard.mean.forEach((m: number, j: number) => relClose(s.mean[j], m, 1e-15))
    const v = columnVariance(s)
    small.standard.var.forEach((expected: number, j: number) => expect(Math.abs(v[j] - expected)).toBeLessThanOrEqual(1e-14 * Math.max(1, expected)))
    // Hand-computed unbiased variance of column 0 = [1, 2, 4, 7]: mean 3.5, m2 21, 21 / 3 = 7.
    expect(columnVariance(s, 1)[0]).toBeCloseTo(7, 14)
    expect(columnStd(s)[0]).toBeCloseTo(Math.sqrt(21 / 4), 14)
  })

  it("merging per-chunk partials in chunk order equals one pass, for any chunking", () => {
    const value = fc.oneof(
      // Magnitudes below 1e-100 become 0: squares of subnormals underflow, and a
      // relative tolerance means nothing there.
      { weight: 10, arbitrary: fc.double({ min: -1e3, max: 1e3, noNaN: true }).map((x) => (Math.abs(x) < 1e-100 ? 0 : x)) },
      { weight: 1, arbitrary: fc.constantFrom(Number.NaN, 0, -0) }
    )
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((c) =>
          fc.tuple(
            fc.constant(c),
            fc.array(fc.array(value, { minLength: c, maxLength: c }), { minLength: 0, maxLength: 60 }),
            fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 8 })
          )
        ),
        ([c, rows, cuts]) => {
          const X = SharedMatrix.zeros(rows.length, c)
          rows.forEach((r, i) => X.data.set(r, i * c))
          const bounds = [0, ...cuts.map((b) => Math.min(b, rows.length)).sort((a, b) => a - b), rows.length]
          const parts: Array<ColumnStats> = []
          for (let p = 0; p + 1 < bounds.length; p++) parts.push(columnStats(X, bounds[p], bounds[p + 1]))
          expectStatsEqual(mergeAll(parts), columnStats(X), X)
          expectStatsEqual(merge(emptyStats(c), columnStats(X)), columnStats(X), X)
        }
      )
    )
  })

  it("keeps the first of -0 and 0 as a single pass does", () => {
    const X = SharedMatrix.fromRows([[0], [-0]])
    const merged = merge(columnStats(X, 0, 1), columnStats(X, 1, 2))
    expect(Object.is(merged.min[0], 0)).toBe(true)
    expect(Object.is(columnStats(X).min[0], 0)).toBe(true)
  })

  it("columnStatsAt over a row list equals columnStats of those rows", () => {
    const X = SharedMatrix.fromRows([[1, 10], [2, Number.NaN], [4, 30], [8, 40], [16, 50]])
    const rows = Int32Array.of(4, 0, 2)
    const at = columnStatsAt(X, rows)
    const copied = columnStats(X.selectRows(rows))
    expect(at).toEqual(copied)
    expect(thrown(() => columnStatsAt(X, [5]))).toBeInstanceOf(RangeError)
  })

  it("an all-NaN column has no mean; merging different widths is a ShapeMismatch", () => {
    const s = columnStats(SharedMatrix.fromRows([[Number.NaN, 1], [Number.NaN, 2]]))
    expect(s.count[0]).toBe(0)
    expect(s.mean[0]).toBeNaN()
    expect(columnVariance(s)[0]).toBeNaN()
    expect(thrown(() => merge(emptyStats(2), emptyStats(3)))).toBeInstanceOf(ShapeMismatch)
    expect(thrown(() => mergeAll([]))).toBeInstanceOf(EmptyInput)
    expect(thrown(() => columnStats(SharedMatrix.zeros(3, 1), 2, 4))).toBeInstanceOf(RangeError)
  })
})
