import { Stats } from "@weft/bench"
import { describe, expect, it } from "vitest"

describe("Stats", () => {
  it("median of odd and even counts", () => {
    expect(Stats.median([5, 1, 3])).toBe(3)
    expect(Stats.median([3, 1, 2, 10])).toBe(2.5)
    expect(Stats.median([])).toBeNaN()
  })

  it("the median's interval from order statistics matches binomial coverage by hand", () => {
    // n = 10: [x(2), x(9)] covers with 1 − 2·(1 + 10)/1024 = 0.978515625; [x(3), x(8)] only 0.890625.
    const ten = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]
    expect(Stats.medianCi(ten)).toEqual({ low: 2, high: 9, level: 1 - 22 / 1024 })
    // n = 5: no interval reaches 95%; [min, max] covers 1 − 2/32 = 0.9375.
    expect(Stats.medianCi([5, 3, 1, 4, 2])).toEqual({ low: 1, high: 5, level: 0.9375 })
    // n = 20: [x(6), x(15)] covers 1 − 2·P(B ≤ 5) = 0.9586…, [x(7), x(14)] 0.8847…
    const twenty = Array.from({ length: 20 }, (_, i) => i + 1)
    const ci = Stats.medianCi(twenty)
    expect([ci.low, ci.high]).toEqual([6, 15])
    expect(ci.level).toBeCloseTo(1 - (2 * (1 + 20 + 190 + 1140 + 4845 + 15504)) / 2 ** 20, 12)
    // A lower level gives a narrower interval.
    expect(Stats.medianCi(twenty, 0.8)).toMatchObject({ low: 7, high: 14 })
  })

  it("summarize keeps every sample in order", () => {
    const s = Stats.summarize([101, 99, 100, 130, 98])
    expect(s).toMatchObject({ samples: [101, 99, 100, 130, 98], median: 100, min: 98, max: 130, mean: 105.6 })
    expect(s.ci).toEqual({ low: 98, high: 130, level: 0.9375 })
  })
})
