import { Svg } from "@weft/bench"
import { describe, expect, it } from "vitest"
import { makeCeilingReport, makeReport, roundFigures } from "./helpers/report.js"
import { parseXml, type Element } from "./helpers/xml.js"

const mean = (xs: ReadonlyArray<number>) => xs.reduce((a, b) => a + b, 0) / xs.length

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

  it("draws the Amdahl curve of the fitted p through the speedups Amdahl's law gives at 1, 2, 4 and 8 threads", () => {
    // A fit of p = 0.9, by hand: S(n) = 1 / (0.1 + 0.9 / n).
    const expected: Record<number, number> = { 1: 1, 2: 1 / 0.55, 4: 1 / 0.325, 8: 1 / 0.2125 } // 1, 1.818, 3.077, 4.706
    const w0 = report.workloads[0]
    const fitted = { ...report, workloads: [{ ...w0, analysis: { ...w0.analysis, amdahl: { ...w0.analysis.amdahl!, p: 0.9 } } }, ...report.workloads.slice(1)] }
    const svg = Svg.speedupChart(fitted)
    expect(svg).toContain("batch-inference, Amdahl p = 0.90")
    // The scales, from the ideal line (speedup = threads, drawn at 1, 2, 4, 8): x = x0 + bx·log2(n), y = y0 + by·log2(S).
    const ideal = pointsOf(svg, "ideal")
    const bx = (ideal[3][0] - ideal[0][0]) / 3
    const by = (ideal[3][1] - ideal[0][1]) / 3
    const [x0, y0] = ideal[0]
    const curve = pointsOf(svg, "amdahl:batch-inference")
    expect(curve.length).toBeGreaterThan(10)
    for (const n of [1, 2, 4, 8]) {
      // The drawn height where the curve crosses x(n), between the two points around it.
      const x = x0 + bx * Math.log2(n)
      const k = Math.max(0, curve.findIndex(([cx]) => cx >= x - 1e-9) - 1)
      const [[xa, ya], [xb, yb]] = [curve[k], curve[k + 1]]
      const y = ya + ((yb - ya) * (x - xa)) / (xb - xa)
      const drawn = 2 ** ((y - y0) / by)
      // Within 0.01 of a doubling (0.7%): p = 0.91 would draw 4.88 at 8 threads, 0.05 of a doubling away.
      expect(Math.abs(Math.log2(drawn / expected[n])), `${n} threads: drawn ${drawn.toFixed(3)}, Amdahl ${expected[n].toFixed(3)}`).toBeLessThan(0.01)
    }
    // And it is not the ideal line: at 8 threads it is well below 8.
    expect(Math.abs(curve[curve.length - 1][1] - ideal[3][1])).toBeGreaterThan(5)
  })
})

describe("the speedup-and-ceiling chart", () => {
  const report = makeCeilingReport()
  const w = report.workloads[0] // batch inference: counts 1, 2, 4, 8*, 3 rounds each
  const svg = Svg.ceilingChart(w, report.machine.cores)
  const elements = parseXml(svg)
  const bars = (series: string) =>
    elements.filter((e) => e.name === "line" && e.attributes.class === "error-bar" && e.parent?.attributes["data-series"] === series)

  it("is well-formed: the ideal line, the ceiling and the speedup, with the oversubscribed area shaded", () => {
    expect(elements[0]).toMatchObject({ name: "svg" })
    expect(seriesOf(elements)).toEqual(["ideal", "ceiling", "speedup"])
    expect(elements.some((e) => e.attributes.class === "oversubscribed")).toBe(true)
  })

  it("draws an error bar per count above 1, from the lowest round to the highest, for the speedup and the ceiling", () => {
    const speedup = bars("speedup")
    const ceiling = bars("ceiling")
    expect(speedup.map((b) => b.attributes["data-threads"])).toEqual(["2", "4", "8"])
    expect(ceiling.map((b) => b.attributes["data-threads"])).toEqual(["2", "4", "8"])
    // Each bar has two caps.
    expect(elements.filter((e) => e.attributes.class === "error-cap")).toHaveLength(2 * 6)
    // The y scale is linear: recover it from the speedup markers (means) and check each bar's ends.
    const markers = elements.filter((e) => e.name === "circle" && e.parent?.attributes["data-series"] === "speedup")
    expect(markers).toHaveLength(4)
    const cy = markers.map((m) => Number(m.attributes.cy))
    const means = [1, ...[2, 4, 8].map((t) => mean(roundFigures["batch-inference"][t].speedup))]
    const slope = (cy[1] - cy[0]) / (means[1] - means[0])
    const at = (v: number) => cy[0] + slope * (v - 1)
    for (const [k, t] of [2, 4, 8].entries()) {
      const f = roundFigures["batch-inference"][t].speedup
      const b = speedup[k].attributes
      expect(Number(b.y1)).toBeCloseTo(at(Math.min(...f)), 0)
      expect(Number(b.y2)).toBeCloseTo(at(Math.max(...f)), 0)
      // The mean's marker sits inside its bar.
      expect(cy[k + 1]).toBeLessThanOrEqual(Math.max(Number(b.y1), Number(b.y2)))
      expect(cy[k + 1]).toBeGreaterThanOrEqual(Math.min(Number(b.y1), Number(b.y2)))
    }
    // At 2 threads the rounds' speedups run 1.5–1.9: that bar is longer than the 4-thread one (3.4–3.7).
    const length = (b: Element) => Math.abs(Number(b.attributes.y2) - Number(b.attributes.y1))
    expect(length(speedup[0]) / length(speedup[1])).toBeCloseTo(0.4 / 0.3, 1)
    expect(svg).toContain("2 threads: compute ceiling (gemm) 1.83x (rounds 1.50x–2.00x)")
  })

  it("adds the structural bound for work that cannot split evenly", () => {
    const cv = Svg.ceilingChart(report.workloads[1], report.machine.cores)
    expect(seriesOf(parseXml(cv))).toEqual(["ideal", "structural-bound", "ceiling", "speedup"])
  })

  it("draws no bars without rounds to spread over (a report without the ceiling)", () => {
    const old = makeReport().workloads[0]
    const e = parseXml(Svg.ceilingChart(old))
    expect(e.filter((x) => x.attributes.class === "error-bar")).toHaveLength(0)
    expect(seriesOf(e)).toEqual(["ideal", "speedup"])
  })
})
