import { describe, expect, it } from "@effect/vitest"
import { Report, renderTable, type ScalabilityReport } from "@weft/bench"
import { Effect, Either } from "effect"
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import * as path from "node:path"
import { makeReport } from "./helpers/report.js"

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
          ["batch-scaling.svg", "duration-batch-inference.svg", "duration-cross-validation.svg", "efficiency.svg", "speedup.svg"].sort()
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
