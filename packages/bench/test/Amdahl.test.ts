import { Amdahl } from "@weft/bench"
import { describe, expect, it } from "vitest"

const counts = [1, 2, 4, 8, 16]
const exact = (p: number) => counts.map((n) => ({ threads: n, speedup: 1 / (1 - p + p / n) }))

/** A small seeded generator (LCG), independent of the code under test. */
const lcg = (seed: number) => () => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0
  return seed / 2 ** 32
}

describe("Amdahl fit", () => {
  it.each([0.9, 0.5, 0.99, 0, 1])("recovers p = %s from exact speedups", (p) => {
    const fit = Amdahl.fit(exact(p))!
    expect(fit.p).toBeCloseTo(p, 12)
    expect(fit.rmse).toBeLessThan(1e-12)
    expect(fit.threads).toEqual([2, 4, 8, 16])
  })

  it.each([0.9, 0.5, 0.99])("recovers p = %s within 0.02 from speedups with ±3% noise", (p) => {
    const next = lcg(Math.round(p * 1000))
    for (let trial = 0; trial < 20; trial++) {
      const noisy = exact(p).map((q) => ({ threads: q.threads, speedup: q.speedup * (1 + 0.06 * (next() - 0.5)) }))
      const fit = Amdahl.fit(noisy)!
      expect(Math.abs(fit.p - p)).toBeLessThan(0.02)
      expect(fit.rmse).toBeGreaterThan(0)
    }
  })

  it("ignores the 1-thread point and needs a count above 1", () => {
    expect(Amdahl.fit([{ threads: 1, speedup: 1 }])).toBeUndefined()
    expect(Amdahl.fit([])).toBeUndefined()
    // One point determines p exactly: S(2) = 1.6 → 1/1.6 = 1 − p/2 → p = 0.75.
    expect(Amdahl.fit([{ threads: 2, speedup: 1.6 }])!.p).toBeCloseTo(0.75, 12)
  })

  it("gives p > 1 for superlinear speedups and p < 0 for slowdowns, unclamped", () => {
    expect(Amdahl.fit([{ threads: 2, speedup: 2.5 }])!.p).toBeGreaterThan(1)
    expect(Amdahl.fit([{ threads: 2, speedup: 0.5 }])!.p).toBeLessThan(0)
  })
})

describe("Amdahl helpers", () => {
  it("speedupAt follows the law", () => {
    expect(Amdahl.speedupAt(0.9, 4)).toBeCloseTo(1 / (0.1 + 0.225), 12)
    expect(Amdahl.speedupAt(1, 16)).toBeCloseTo(16, 12)
    expect(Amdahl.speedupAt(0, 16)).toBe(1)
  })

  it("ceiling is 1 / (1 − p), and none for p ≥ 1", () => {
    expect(Amdahl.ceiling(0.9)).toBeCloseTo(10, 12)
    expect(Amdahl.ceiling(0.5)).toBeCloseTo(2, 12)
    expect(Amdahl.ceiling(0.99)).toBeCloseTo(100, 9)
    expect(Amdahl.ceiling(1)).toBeNull()
  })

  it("Karp–Flatt matches hand-computed values", () => {
    // e = (1/S − 1/n) / (1 − 1/n)
    expect(Amdahl.karpFlatt(4, 3)).toBeCloseTo((1 / 3 - 1 / 4) / (3 / 4), 12) // 0.1111…
    expect(Amdahl.karpFlatt(2, 1.8)).toBeCloseTo((1 / 1.8 - 0.5) / 0.5, 12) // 0.1111…
    expect(Amdahl.karpFlatt(8, 8)).toBeCloseTo(0, 12)
    expect(Amdahl.karpFlatt(8, 1)).toBeCloseTo(1, 12)
    expect(Amdahl.karpFlatt(1, 1)).toBeUndefined()
  })

  it("Karp–Flatt equals 1 − p at every count for exact Amdahl speedups", () => {
    for (const { threads, speedup } of exact(0.9).slice(1)) expect(Amdahl.karpFlatt(threads, speedup)).toBeCloseTo(0.1, 12)
  })

  it("efficientUpTo solves S(n)/n = e", () => {
    const n = Amdahl.efficientUpTo(0.9, 0.5)!
    expect(n).toBeCloseTo(11, 12)
    expect(Amdahl.speedupAt(0.9, n) / n).toBeCloseTo(0.5, 12)
    expect(Amdahl.efficientUpTo(1)).toBeNull()
  })
})

describe("verdict", () => {
  const rows = (p: number, cores: number) => exact(p).map((q) => ({ ...q, oversubscribed: q.threads > cores }))

  it("names the largest count that keeps 50% efficiency and a 10% gain", () => {
    // p = 0.9: efficiency 91% at 2, 77% at 4, 59% at 8, 41% at 16.
    const v = Amdahl.verdict(rows(0.9, 16), Amdahl.fit(exact(0.9)), { cores: 16 })
    expect(v.scalesTo).toBe(8)
    expect(v.mayScaleFurther).toBe(false)
    expect(v.text).toContain("scales to ~8 threads on this machine (16 cores)")
    expect(v.text).toContain("at 16 threads: 6.40x, 40% efficiency")
    expect(v.text).toContain("p = 0.900")
    expect(v.text).toContain("ceiling 10.0x")
    expect(v.text).toContain("beyond ~11 threads")
    expect(v.text).toContain("stays near 0.100")
  })

  it("ignores oversubscribed counts and says so", () => {
    const v = Amdahl.verdict(rows(0.99, 2), Amdahl.fit(exact(0.99).slice(0, 2)), { cores: 2 })
    expect(v.scalesTo).toBe(2)
    expect(v.text).toContain("4, 8, 16 threads oversubscribed")
  })

  it("says 'at least' when every count scaled and the machine has more cores", () => {
    const v = Amdahl.verdict(rows(0.99, 64).slice(0, 3), undefined, { cores: 64 })
    expect(v.scalesTo).toBe(4)
    expect(v.mayScaleFurther).toBe(true)
    expect(v.text).toContain("scales to at least 4 threads")
  })

  it("says when a workload does not scale", () => {
    const flat = [
      { threads: 1, speedup: 1, oversubscribed: false },
      { threads: 2, speedup: 1.02, oversubscribed: false }
    ]
    const v = Amdahl.verdict(flat, Amdahl.fit(flat), { cores: 2 })
    expect(v.scalesTo).toBe(1)
    expect(v.text).toContain("does not scale on this machine (2 cores): 2 threads give 1.02x (51% efficiency)")
  })

  it("calls out a Karp–Flatt fraction that grows with threads", () => {
    const overhead = [1, 2, 4, 8].map((n) => ({ threads: n, speedup: n / (1 + 0.05 * (n - 1) * n), oversubscribed: false }))
    const v = Amdahl.verdict(overhead, Amdahl.fit(overhead), { cores: 8 })
    expect(v.text).toContain("overhead that grows with threads")
  })

  it("explains a negative p instead of quoting a ceiling below 1", () => {
    const slower = [{ threads: 2, speedup: 0.5, oversubscribed: false }]
    const v = Amdahl.verdict(slower, Amdahl.fit(slower), { cores: 2 })
    expect(v.text).toContain("p ≤ 0")
    expect(v.text).not.toContain("ceiling")
  })
})
