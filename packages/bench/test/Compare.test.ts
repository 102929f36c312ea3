import { compareReports, renderComparison } from "@weft/bench"
import { describe, expect, it } from "vitest"
import { makeReport } from "./helpers/report.js"

describe("comparing two reports", () => {
  it("gives after / before per row, and calls a change only outside the noise", () => {
    const before = makeReport()
    const after = makeReport(0.8) // everything 20% faster
    const c = compareReports(before, after)
    expect(c.sameMachine).toBe(true)
    // Per workload: the sequential row, 4 weft rows; batch inference also 4 piscina rows.
    expect(c.rows).toHaveLength(1 + 4 + 4 + 1 + 4)
    for (const r of c.rows) {
      expect(r.ratio).toBeCloseTo(0.8, 12)
      // Samples spread −2%…+5% around the median: a 20% change is outside both intervals.
      expect(r.change).toBe("faster")
    }
    const row = c.rows.find((r) => r.workload === "batch-inference" && r.run === "weft" && r.threads === 2)!
    expect(row).toMatchObject({ beforeMs: 520, afterMs: 416 })
    expect(row.speedupBefore).toBeCloseTo(1000 / 520, 12)
  })

  it("calls a change within the intervals noise", () => {
    const c = compareReports(makeReport(), makeReport(1.01))
    expect(c.rows.every((r) => r.change === "within noise")).toBe(true)
  })

  it("lists rows found in one report only and warns about different machines", () => {
    const before = makeReport()
    const after = { ...makeReport(), machine: { ...makeReport().machine, cores: 8 }, workloads: makeReport().workloads.slice(0, 1) }
    const c = compareReports(before, after)
    expect(c.sameMachine).toBe(false)
    expect(c.onlyBefore).toContain("cross-validation/weft/4")
    const text = renderComparison(c)
    expect(text).toContain("Warning: the reports come from different machines")
    expect(text).toContain("Only in before: cross-validation/sequential/1")
    expect(text).toMatch(/batch-inference\s+weft\s+2\s+520\.0\s+520\.0\s+1\.00x\s+within noise/)
  })
})
