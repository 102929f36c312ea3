import { Amdahl, Svg } from "@weft/bench"
import { describe, expect, it } from "vitest"
import { makeReport } from "./helpers/report.js"
import { parseXml, type Element } from "./helpers/xml.js"

const seriesOf = (elements: ReadonlyArray<Element>): Array<string> =>
  elements.filter((e) => e.name === "g" && e.attributes.class === "series").map((e) => e.attributes["data-series"])

/** The (x, y) pixels of a polyline's points. */
const pointsOf = (svg: string, series: string): Array<[number, number]> => {
  const at = svg.indexOf(`data-series="${series}"`)
  const m = /<polyline points="([^"]*)"/.exec(svg.slice(at))!
  return m[1].split(" ").map((p) => p.split(",").map(Number) as [number, number])
}

describe("SVG charts", () => {
  const report = makeReport()

  it("speedup chart: well-formed, the ideal line, one series and one Amdahl curve per workload", () => {
    const svg = Svg.speedupChart(report)
    const elements = parseXml(svg)
    expect(elements[0]).toMatchObject({ name: "svg", attributes: { xmlns: "http://www.w3.org/2000/svg" } })
    expect(seriesOf(elements)).toEqual(["ideal", "batch-inference", "cross-validation", "amdahl:batch-inference", "amdahl:cross-validation"])
    // One marker per thread count, with its value.
    expect(svg).toContain("<title>batch-inference, 2 threads: 1.92x</title>")
    expect(svg).toContain("8 threads (oversubscribed)")
    expect(elements.some((e) => e.attributes.class === "oversubscribed")).toBe(true)
  })

  it("speedup chart: log scales, so the ideal line is straight and doubles at even steps", () => {
    const ideal = pointsOf(Svg.speedupChart(report), "ideal")
    expect(ideal).toHaveLength(4)
    const dx = ideal.slice(1).map((p, k) => p[0] - ideal[k][0])
    const dy = ideal.slice(1).map((p, k) => p[1] - ideal[k][1])
    for (const d of dx) expect(d).toBeCloseTo(dx[0], 0)
    for (const d of dy) expect(d).toBeCloseTo(dy[0], 0)
    expect(dy[0]).toBeLessThan(0) // up the page
  })

  it("efficiency chart: well-formed, the 100% line and one series per workload", () => {
    const elements = parseXml(Svg.efficiencyChart(report))
    expect(seriesOf(elements)).toEqual(["ideal", "batch-inference", "cross-validation"])
  })

  it("duration chart: the sequential loop and every count, one dot per sample", () => {
    const w = report.workloads[0]
    const elements = parseXml(Svg.durationChart(w))
    expect(seriesOf(elements)).toEqual(["sequential", "threads-1", "threads-2", "threads-4", "threads-8"])
    expect(elements.filter((e) => e.name === "circle")).toHaveLength(5 * 5)
  })

  it("batch-scaling chart: the speedup and the break-even line", () => {
    const elements = parseXml(Svg.batchScalingChart(report.batchScaling!))
    expect(seriesOf(elements)).toEqual(["break-even", "speedup"])
  })

  it("escapes text", () => {
    const w = { ...report.workloads[0], title: `a <b> & "c"`, description: "x < y" }
    const svg = Svg.durationChart(w)
    expect(() => parseXml(svg)).not.toThrow()
    expect(svg).toContain("a &lt;b&gt; &amp; &quot;c&quot;")
  })

  it("draws the Amdahl curve of the fitted p", () => {
    const fit = report.workloads[0].analysis.amdahl!
    expect(Svg.speedupChart(report)).toContain(`batch-inference, Amdahl p = ${fit.p.toFixed(2)}`)
    expect(Amdahl.speedupAt(fit.p, 1)).toBe(1)
  })
})
