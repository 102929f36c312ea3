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

  it("capacity: each worker's own rate, summed; a split kernel counts a T-th per worker", () => {
    expect(Ratio.capacity("gemm", [100, 125])).toBeCloseTo(0.01 + 0.008, 15)
    expect(Ratio.capacity("chain", [100])).toBeCloseTo(0.01, 15)
    // Two halves of one array, 50 ms each: one whole pass per 50 ms.
    expect(Ratio.capacity("stream", [50, 50])).toBeCloseTo(0.02, 15)
    // The slowest worker does not set the pace of the others (a pool balances its load).
    expect(Ratio.capacity("gemm", [100, 200])).toBeCloseTo(0.015, 15)
  })

  it("a round: speedup and efficiency from the medians, ceiling = speedup / efficiency", () => {
    // 1 thread: 500 ms after a 100 ms kernel; 2 threads: 270 ms after 100 and 110 ms kernels.
    const r = Ratio.roundOf([{ ms: 500, pace: [100] }], [{ ms: 270, pace: [100, 110] }], "gemm", null)
    expect(r.speedup).toBeCloseTo(500 / 270, 12)
    // (500 / 100) / (270 × (1/100 + 1/110)) = 5 / 5.1545 = 0.9700
    expect(r.efficiency).toBeCloseTo(5 / (270 * (1 / 100 + 1 / 110)), 12)
    expect(r.ceiling).toBeCloseTo(1 + 100 / 110, 12) // what the two workers' kernels did against one
    expect(r.bound).toBeCloseTo(r.ceiling, 12)
    expect(r.ratio).toBeCloseTo(r.efficiency, 12)
  })

  it("a round: a core that runs slow for a while slows the kernel and the sample alike, and drops out", () => {
    // The same work on 1 thread, once at full speed and once 40% slower (kernel and sample alike),
    // against 2 threads at 0.9 of two full cores: efficiency 0.9 whatever the 1-thread samples met.
    const two = [{ ms: 1000 / 1.8, pace: [100, 100] }]
    const fast = Ratio.roundOf([{ ms: 1000, pace: [100] }], two, "gemm", null)
    const slow = Ratio.roundOf([{ ms: 1400, pace: [140] }], two, "gemm", null)
    expect(fast.efficiency).toBeCloseTo(0.9, 12)
    expect(slow.efficiency).toBeCloseTo(0.9, 12)
    // The raw speedup moved from 1.8x to 2.52x; the ceiling moved with it.
    expect(slow.speedup).toBeCloseTo(2.52, 12)
    expect(slow.ceiling).toBeCloseTo(2.8, 12)
    // Medians: one slow sample among three moves nothing.
    const three = Ratio.roundOf(
      [{ ms: 1000, pace: [100] }, { ms: 1400, pace: [100] }, { ms: 1000, pace: [100] }],
      [{ ms: 1000 / 1.8, pace: [100, 100] }, { ms: 1000 / 1.8, pace: [100, 100] }, { ms: 1000 / 1.8, pace: [100, 100] }],
      "gemm",
      null
    )
    expect(three.efficiency).toBeCloseTo(0.9, 12)
  })

  it("paceMakespan: the list schedule on workers of unequal speed, a tie to the faster worker", () => {
    // Equal workers: the equal-speed list schedule.
    expect(Ratio.paceMakespan([1, 1, 1, 1, 1], [1, 1])).toBe(Ratio.listMakespan([1, 1, 1, 1, 1], 2))
    expect(Ratio.paceMakespan([3, 3, 2, 2, 2], [2, 2])).toBe(2 * Ratio.listMakespan([3, 3, 2, 2, 2], 2))
    // One worker 1.5 times slower: fast takes 1 (ends 1), slow 2 (1.5), fast 3 (2), slow 4 (3), fast 5 (3).
    expect(Ratio.paceMakespan([1, 1, 1, 1, 1], [1, 1.5])).toBe(3)
    expect(Ratio.paceMakespan([1, 1, 1, 1, 1], [1.5, 1])).toBe(3)
    // 1.6 times slower: its second fold ends at 3.2.
    expect(Ratio.paceMakespan([1, 1, 1, 1, 1], [1, 1.6])).toBeCloseTo(3.2, 12)
    // Three times slower: the fast worker takes 4 folds, the slow one 1 (ends at 3, fast at 4).
    expect(Ratio.paceMakespan([1, 1, 1, 1, 1], [1, 3])).toBe(4)
  })

  it("a round: work of a few tasks is judged against their schedule on workers of the paces the kernel found", () => {
    // Equal paces: achievable = ceiling × task bound / threads. 5 folds on 2 workers at 100 ms (the
    // 1-thread worker also 100 ms): schedule 3 folds against 5, 1.5x reached of 5/3.
    const even = Ratio.roundOf([{ ms: 1000, pace: [100] }], [{ ms: 1000 / 1.5, pace: [100, 100] }], "gemm", { costs: [1, 1, 1, 1, 1], serial: 0 })
    expect(even.ceiling).toBeCloseTo(2, 12)
    expect(even.bound).toBeCloseTo(5 / 3, 12)
    expect(even.ratio).toBeCloseTo(1.5 / (5 / 3), 12)
    // One worker 1.5 times slower: capacity says 1 + 1/1.5 = 1.667 (ceiling), and "ceiling × 5/6" would
    // ask for 1.389; but the fast worker takes 3 folds and the slow one 2, done at 3 either way, so 5/3
    // is still in reach and a 1.5x run reached 0.9 of it.
    const slow = Ratio.roundOf([{ ms: 1000, pace: [100] }], [{ ms: 1000 / 1.5, pace: [100, 150] }], "gemm", { costs: [1, 1, 1, 1, 1], serial: 0 })
    expect(slow.ceiling).toBeCloseTo(1 + 1 / 1.5, 12)
    expect(slow.bound).toBeCloseTo(5 / 3, 12)
    expect(slow.ratio).toBeCloseTo(0.9, 12)
    // A serial part runs on the fastest worker after the schedule: 20 tasks + 1.25 on 2 equal workers → 21.25 / 11.25.
    const grid = Ratio.roundOf([{ ms: 1000, pace: [100] }], [{ ms: 600, pace: [100, 100] }], "gemm", {
      costs: new Array<number>(20).fill(1),
      serial: 1.25
    })
    expect(grid.bound).toBeCloseTo(21.25 / 11.25, 12)
    // The split streaming kernel: a worker's pace is a T-th of a whole run, so two halves at 50 ms = one core at 100 ms.
    const stream = Ratio.roundOf([{ ms: 1000, pace: [100] }], [{ ms: 600, pace: [50, 50] }], "stream", { costs: [1, 1, 1, 1, 1], serial: 0 })
    expect(stream.bound).toBeCloseTo(5 / 3, 12)
    // Many equal tasks on equal workers: the bound is the ceiling.
    const many = Ratio.roundOf([{ ms: 1000, pace: [100] }], [{ ms: 550, pace: [100, 100] }], "gemm", { costs: new Array<number>(200).fill(1), serial: 0 })
    expect(many.bound).toBeCloseTo(many.ceiling, 12)
  })
})
