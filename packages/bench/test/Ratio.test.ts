import { Ratio } from "@weft/bench"
import { describe, expect, it } from "vitest"

describe("Ratio: speedup against the machine's ceiling", () => {
  it("Student's t quantiles are the table's", () => {
    expect(Ratio.tQuantile975(1)).toBe(12.706)
    expect(Ratio.tQuantile975(2)).toBe(4.303)
    expect(Ratio.tQuantile975(9)).toBe(2.262)
    expect(Ratio.tQuantile975(30)).toBe(2.042)
    expect(Ratio.tQuantile975(1000)).toBe(1.96)
    expect(Ratio.tQuantile975(0)).toBeNaN()
  })

  it("the mean's 95% interval, by hand: 0.90, 0.95, 1.00", () => {
    // mean 0.95; s = sqrt((0.05² + 0 + 0.05²) / 2) = 0.05; half-width 4.303 · 0.05 / √3 = 0.124217...
    const i = Ratio.meanInterval([0.9, 0.95, 1.0])
    expect(i.mean).toBeCloseTo(0.95, 12)
    expect(i.low).toBeCloseTo(0.95 - (4.303 * 0.05) / Math.sqrt(3), 12)
    expect(i.high).toBeCloseTo(0.95 + (4.303 * 0.05) / Math.sqrt(3), 12)
    expect(i.low).toBeCloseTo(0.825783, 6)
    expect([i.min, i.max, i.n]).toEqual([0.9, 1.0, 3])
  })

  it("no interval from one value, nothing from none", () => {
    expect(Ratio.meanInterval([0.9])).toEqual({ mean: 0.9, min: 0.9, max: 0.9, low: null, high: null, n: 1 })
    const none = Ratio.meanInterval([])
    expect(none.mean).toBeNaN()
    expect(none.low).toBeNull()
  })

  it("equal values: a zero-width interval", () => {
    const i = Ratio.meanInterval([1.2, 1.2, 1.2, 1.2])
    expect([i.low, i.high]).toEqual([1.2, 1.2])
  })

  it("structural bounds: 5 folds, and 20 fits plus a serial refit", () => {
    const folds = { tasks: 5, serial: 0, note: "" }
    expect(Ratio.structuralBound(folds, 1)).toBe(1)
    expect(Ratio.structuralBound(folds, 2)).toBeCloseTo(5 / 3, 12) // 1.667: three rounds of fits on the busier thread
    expect(Ratio.structuralBound(folds, 4)).toBe(2.5) // ⌈5/4⌉ = 2
    expect(Ratio.structuralBound(folds, 8)).toBe(5) // never more than 5 busy threads
    const grid = { tasks: 20, serial: 1.25, note: "" }
    expect(Ratio.structuralBound(grid, 2)).toBeCloseTo(21.25 / 11.25, 12) // 1.889
    expect(Ratio.structuralBound(grid, 16)).toBeCloseTo(21.25 / 3.25, 12) // ⌈20/16⌉ = 2
    expect(Ratio.serialFraction(grid)).toBeCloseTo(1.25 / 21.25, 12) // 0.0588
    expect(Ratio.serialFraction(folds)).toBe(0)
  })

  it("list schedules and the bound of measured tasks, by hand", () => {
    // Tasks in order, each to the thread that frees first (the lower one on a tie).
    // [3, 3, 2, 2, 2] on 2: t0 3, t1 3; t0 5, t1 5; t0 7 → 7; total 12, bound 12/7.
    expect(Ratio.listMakespan([3, 3, 2, 2, 2], 2)).toBe(7)
    expect(Ratio.measuredBound([3, 3, 2, 2, 2], 0, 2)).toBeCloseTo(12 / 7, 12) // 1.714 > 5/3
    // Equal tasks give the equal-task bound.
    expect(Ratio.measuredBound([1, 1, 1, 1, 1], 0, 2)).toBeCloseTo(Ratio.structuralBound({ tasks: 5, serial: 0, note: "" }, 2), 12)
    expect(Ratio.measuredBound([2, 2, 2, 2, 2], 0, 4)).toBe(2.5)
    // A long last task: [1, 1, 1, 1, 4] on 2: t0 1, t1 1, t0 2, t1 2, t0 6 → 6; 8/6.
    expect(Ratio.listMakespan([1, 1, 1, 1, 4], 2)).toBe(6)
    expect(Ratio.measuredBound([1, 1, 1, 1, 4], 0, 2)).toBeCloseTo(8 / 6, 12)
    // In order, not sorted: [4, 1, 1, 1, 1] on 2: t0 4; t1 1, 2, 3, 4 → 4; 8/4 = 2.
    expect(Ratio.listMakespan([4, 1, 1, 1, 1], 2)).toBe(4)
    // A serial part in the same unit: (8 + 2) / (4 + 2).
    expect(Ratio.measuredBound([4, 1, 1, 1, 1], 2, 2)).toBeCloseTo(10 / 6, 12)
    // One thread: the sum; more threads than tasks: the longest task.
    expect(Ratio.listMakespan([3, 1, 2], 1)).toBe(6)
    expect(Ratio.listMakespan([3, 1, 2], 8)).toBe(3)
    expect(Ratio.measuredBound([3, 1, 2], 0, 1)).toBe(1)
  })

  it("a round: the ratio is against min(ceiling, structural bound), of the kernel asked", () => {
    const ceilings = { chain: 1.9, stream: 1.5 }
    expect(Ratio.roundOf(1.8, ceilings, "chain", null)).toEqual({ speedup: 1.8, chain: 1.9, stream: 1.5, ceiling: 1.9, bound: 1.9, ratio: 1.8 / 1.9 })
    expect(Ratio.roundOf(1.2, ceilings, "stream", null).ratio).toBeCloseTo(0.8, 12)
    // The 5-fold bound (1.667) is below the chain ceiling: it is what the speedup is judged against.
    const cv = Ratio.roundOf(1.6, ceilings, "chain", 5 / 3)
    expect(cv.bound).toBeCloseTo(5 / 3, 12)
    expect(cv.ratio).toBeCloseTo(0.96, 12)
    // A machine giving less than the structure allows: the ceiling is the bound.
    expect(Ratio.roundOf(1.2, { chain: 1.5, stream: 1 }, "chain", 5 / 3).ratio).toBeCloseTo(0.8, 12)
  })
})
