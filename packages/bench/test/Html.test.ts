import { Html, Report } from "@weft/bench"
import { describe, expect, it } from "vitest"
import { makeCeilingReport, makeReport } from "./helpers/report.js"
import { parseXml } from "./helpers/xml.js"

/** The inline SVGs of a page, parsed. */
const inlineSvgs = (html: string) => [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => parseXml(m[0]))

describe("HTML page", () => {
  const report = makeReport()
  const files = Report.reportFiles(report)
  const html = Html.renderHtml(report, files)

  it("is self-contained: every chart drawn inline (no image to fetch), with links to its file and to the raw data", () => {
    expect(html).not.toContain("<img")
    const figures = [...html.matchAll(/<figure data-file="([^"]*)">/g)].map((m) => m[1])
    expect(figures.sort()).toEqual(
      [
        "speedup.svg",
        "efficiency.svg",
        "duration-batch-inference.svg",
        "duration-cross-validation.svg",
        "batch-scaling.svg"
      ].sort()
    )
    expect(inlineSvgs(html)).toHaveLength(5) // each one well-formed
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

describe("HTML page with the machine's ceiling", () => {
  const report = makeCeilingReport()
  const html = Html.renderHtml(report, Report.reportFiles(report))

  it("plots speedup and ceiling per thread count with error bars, for every workload", () => {
    const charts = inlineSvgs(html).filter((e) => e.some((x) => x.attributes["data-series"] === "ceiling"))
    expect(charts).toHaveLength(2)
    for (const chart of charts) {
      const bars = chart.filter((e) => e.attributes.class === "error-bar")
      // Counts 2, 4 and 8, for the speedup and for the ceiling.
      expect(bars.map((b) => `${b.parent?.attributes["data-series"]}@${b.attributes["data-threads"]}`).sort()).toEqual(
        ["ceiling@2", "ceiling@4", "ceiling@8", "speedup@2", "speedup@4", "speedup@8"]
      )
    }
  })

  it("tables the ratio with its interval and the target, and names the kernel and the structure", () => {
    expect(html.match(/<table class="ceiling">/g)).toHaveLength(2)
    expect(html).toContain("<td class=\"num\">0.95</td><td class=\"num\">0.83–1.07</td><td class=\"num\">0.90–1.00</td><td>≥ 0.95: met</td>")
    expect(html).toContain("compute ceiling (WebAssembly matrix products on cache-resident blocks)")
    expect(html).toContain("5 fits of equal size, one task each")
  })

  it("records the software and warns of the load", () => {
    expect(html).toContain("Measured: weft 0.2.0, commit 0123456789ab.")
    expect(html).toContain('<p class="warning">WARNING: the 1-minute load average reached 5.50 during the run, above the machine&apos;s 4 cores')
  })
})
