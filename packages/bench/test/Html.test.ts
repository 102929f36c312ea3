import { Html, Report } from "@weft/bench"
import { describe, expect, it } from "vitest"
import { makeReport } from "./helpers/report.js"

describe("HTML page", () => {
  const report = makeReport()
  const files = Report.reportFiles(report)
  const html = Html.renderHtml(report, files)

  it("references every chart it gathers, and the raw data", () => {
    const sources = [...html.matchAll(/<img src="([^"]+)"/g)].map((m) => m[1])
    expect(sources.sort()).toEqual(
      ["speedup.svg", "efficiency.svg", "duration-batch-inference.svg", "duration-cross-validation.svg", "batch-scaling.svg"].sort()
    )
    expect(html).toContain('<a href="report.json">')
    expect(html).toContain('<a href="table.txt">')
  })

  it("has a section, a table and a verdict per workload", () => {
    for (const w of report.workloads) {
      expect(html).toContain(`<section id="${w.name}">`)
      expect(html).toContain(`<h2>${w.title}</h2>`)
    }
    expect(html.match(/<table>/g)).toHaveLength(3) // two workloads and batch scaling
    expect(html.match(/class="verdict"/g)).toHaveLength(2)
    expect(html).toContain('<tr class="oversubscribed">')
    expect(html.startsWith("<!doctype html>")).toBe(true)
  })
})
