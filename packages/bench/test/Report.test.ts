import { describe, expect, it } from "@effect/vitest"
import { Report, renderTable, type ScalabilityReport } from "@weft/bench"
import { Effect, Either } from "effect"
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import * as path from "node:path"
import { makeCeilingReport, makeReport } from "./helpers/report.js"

/** The header and the rows (split into cells) of the table under the line that starts with `title`. */
const tableRows = (text: string, title: string): Array<Array<string>> => {
  const lines = text.split("\n")
  const start = lines.findIndex((l) => l.startsWith(title)) + 1
  const rows = [lines[start]] // the header; lines[start + 1] is the rule
  for (let k = start + 2; /^(sequential|\d)/.test(lines[k]); k++) rows.push(lines[k])
  return rows.map((r) => r.trim().split(/\s{2,}/))
}

describe("the console table", () => {
  const report = makeReport()
  const text = renderTable(report)

  it("starts with the Rust module's four columns, then the extras", () => {
    const [header] = tableRows(text, "Batch inference")
    expect(header.slice(0, 4)).toEqual(["Threads", "Duration (ms)", "Speedup", "Efficiency"])
    expect(header.slice(4)).toEqual(["Min–max (ms)", "CI of median (ms)", "vs sequential", "Utilisation", "piscina (ms)", "weft vs piscina"])
  })

  it("has a row for the sequential loop and one per count, with the numbers of the report", () => {
    const rows = tableRows(text, "Batch inference").slice(1)
    expect(rows.map((r) => r[0])).toEqual(["sequential", "1", "2", "4", "8*"])
    // 1000 / 520 = 1.92x, 96.2%; 1000 / 280 = 3.57x, 89.3%
    expect(rows[2].slice(1, 4)).toEqual(["520.0", "1.92x", "96.2%"])
    expect(rows[3].slice(1, 4)).toEqual(["280.0", "3.57x", "89.3%"])
    // vs sequential: 950 / 520 = 1.83x; piscina 1.25 times slower.
    expect(rows[2][6]).toBe("1.83x")
    expect(rows[2].slice(-2)).toEqual(["650.0", "1.25x"])
  })

  it("marks oversubscribed counts and ends each workload with the analysis and the verdict", () => {
    expect(text).toContain("* oversubscribed: more threads than cores; shown, not fitted.")
    expect(text).toContain("Amdahl: p = ")
    expect(text).toContain("Karp–Flatt serial fraction: 2 → ")
    expect(text).toContain("Verdict: batch-inference scales to ~4 threads on this machine (4 cores)")
    expect(text).toContain("coverage 93.8%")
  })

  it("shows the batch scaling and where the pool starts to pay", () => {
    expect(text).toContain("Batch scaling — batch inference, test")
    expect(text).toContain("The pool pays from 50 batches of 32 rows on")
  })
})

describe("the console table against the machine's ceiling", () => {
  const report = makeCeilingReport()
  const text = renderTable(report)

  it("gives per count the mean speedup, the ceiling, the ratio with its t-interval and range, and the target", () => {
    const rows = tableRows(text, "Batch inference against the machine's ceiling")
    expect(rows[0]).toEqual(["Threads", "Speedup", "Ceiling", "Speedup ÷ ceiling", "95% CI", "Rounds (min–max)", "Target"])
    // 2 threads: speedups 1.8, 1.9, 1.5 (mean 1.73); ceilings 2.0, 2.0, 1.5 (1.83);
    // ratios 0.90, 0.95, 1.00: mean 0.95, 0.95 ± 4.303 · 0.05 / √3 = 0.83–1.07.
    expect(rows[1]).toEqual(["2", "1.73x", "1.83x", "0.95", "0.83–1.07", "0.90–1.00", "≥ 0.95: met"])
    expect(rows[3][0]).toBe("8*")
    expect(rows[3].at(-1)).toBe("–") // the target is stated at 2 threads
  })

  it("judges work that cannot split evenly against ceiling × task bound / T, and says the share of the bound reached", () => {
    const rows = tableRows(text, "Cross-validation against the machine's ceiling")
    expect(rows[0]).toEqual(["Threads", "Speedup", "Ceiling", "Task bound", "Achievable", "Speedup ÷ achievable", "95% CI", "Rounds (min–max)", "Target"])
    // speedups 1.5, 1.6, 1.6 (1.57); ceilings 2.0, 2.0, 1.6 (1.87); achievable × 5/6: 1.667, 1.667, 1.333 (1.56);
    // ratios 0.90, 0.96, 1.20: mean 1.02, s 0.1587, ± 4.303 · 0.1587 / √3 = 0.394.
    expect(rows[1]).toEqual(["2", "1.57x", "1.87x", "1.67x", "1.56x", "1.02", "0.63–1.41", "0.90–1.20", "≥ 0.90: met"])
    expect(text).toContain("bound at T threads (tasks + serial) / (⌈tasks / T⌉ + serial) = 2 → 1.67x, 4 → 2.50x, 8 → 5.00x")
    expect(text).toContain("share of the bound reached: 2 → 94%") // 1.567 / 1.667
  })

  it("names the kernel and how the ratio and its interval are computed", () => {
    expect(text).toContain(
      "Compared with the compute ceiling (WebAssembly matrix products on cache-resident blocks), run on every worker of the sample's own pool right before and right after each timed sample"
    )
    expect(text).toContain("ceiling = speedup / efficiency; ratio = speedup / ceiling = efficiency.")
    expect(text).toContain("Mean over 3 rounds; CI: 95% Student-t interval of the mean of the per-round ratios.")
  })

  it("states the seed's claims for batch inference and what a bigger machine must show", () => {
    expect(text).toContain("Seed claims for batch inference (the Rust module): 1.92x at 2, 3.68x at 4, 6.94x at 8, 7.81x at 16 threads.")
    // claim / T: 1.92 / 2 = 0.96, 3.68 / 4 = 0.92, 6.94 / 8 = 0.8675, 7.81 / 16 = 0.488
    expect(text).toContain("against an ideal ceiling (T) is a ratio of 0.96 at 2, 0.92 at 4, 0.87 at 8, 0.49 at 16")
    expect(text).toContain("This run: 2: 1.73x against 1.92x, not reached, ceiling 1.83x: the claim is above what this machine gives; 4: 3.57x against 3.68x, not reached, ceiling 3.87x; 8* (oversubscribed)")
  })

  it("records the version and commit, and warns when the load passed the cores", () => {
    expect(text).toContain("Measured: weft 0.2.0, commit 0123456789ab")
    expect(text).toContain("WARNING: the 1-minute load average reached 5.50 during the run, above the machine's 4 cores")
  })

  it("says why there is no Amdahl fit from fewer than 3 counts, next to the known serial part", () => {
    const w = report.workloads[1]
    const two = {
      ...w,
      counts: w.counts.slice(0, 2),
      scaling: { ...w.scaling!, structure: { tasks: 20, serial: 1.25, note: "20 fits and a refit", serialFraction: 1.25 / 21.25 } },
      analysis: { ...w.analysis, amdahl: null, amdahlNote: "not fitted: one thread count above 1 within the cores" }
    }
    const out = Report.renderWorkloadTable(two)
    expect(out).toContain("Amdahl: not fitted: one thread count above 1 within the cores; the known serial part is 0.059 of the work")
  })
})

describe("the JSON report", () => {
  it.effect("round-trips every field", () =>
    Effect.gen(function* () {
      const report = makeReport()
      const back = yield* Report.fromJson(Report.toJson(report))
      expect(back).toEqual(report)
      expect(back.workloads[0].counts[1].timing.samples).toEqual(report.workloads[0].counts[1].timing.samples)
    })
  )

  it.effect("rejects text that is not a weft-bench report", () =>
    Effect.gen(function* () {
      const notJson = yield* Effect.either(Report.fromJson("{", "x.json"))
      expect(Either.isLeft(notJson) && notJson.left._tag === "ReportError" && notJson.left.message).toMatch(/^report x.json: not JSON/)
      const other = yield* Effect.either(Report.fromJson(JSON.stringify({ format: "weft-model/1" })))
      expect(Either.isLeft(other) && other.left.reason).toContain("not a weft-bench/1 report")
    })
  )

  it.effect("writeReports writes JSON, text, charts and a page that readReport reads back", () =>
    Effect.gen(function* () {
      const dir = mkdtempSync(path.join(tmpdir(), "weft-bench-"))
      try {
        const report = makeReport()
        const written = yield* Report.writeReports(report, path.join(dir, "out"))
        for (const file of [written.json, written.table, written.html, ...written.svgs]) expect(existsSync(file), file).toBe(true)
        expect(written.svgs.map((f) => path.basename(f)).sort()).toEqual(
          [
            "batch-scaling.svg",
            "duration-batch-inference.svg",
            "duration-cross-validation.svg",
            "ceiling-batch-inference.svg",
            "ceiling-cross-validation.svg",
            "efficiency.svg",
            "speedup.svg"
          ].sort()
        )
        expect(readFileSync(written.table, "utf8")).toBe(renderTable(report))
        const back: ScalabilityReport = yield* Report.readReport(written.dir) // the folder works too
        expect(back).toEqual(report)
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    })
  )
})
