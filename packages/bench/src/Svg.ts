/**
 * Charts of a benchmark report as standalone SVG, written by hand (no chart
 * library): speedup against threads with the ideal line (log–log), efficiency
 * against threads, the distribution of durations per thread count, and
 * batch-count scaling. Each series is a `<g class="series" data-series="…">`,
 * each point carries a `<title>` with its value.
 *
 * @since 0.1.0
 */
import type { BatchScalingReport } from "./BatchScaling.js"
import { escapeXml, ms, percent, times } from "./internal/format.js"
import * as Amdahl from "./Amdahl.js"
import type { ScalabilityReport, WorkloadReport } from "./Scalability.js"

const WIDTH = 860
const HEIGHT = 440
const MARGIN = { left: 70, right: 270, top: 44, bottom: 56 }
const PLOT_W = WIDTH - MARGIN.left - MARGIN.right
const PLOT_H = HEIGHT - MARGIN.top - MARGIN.bottom
const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"]

/** A scale: maps a data value to a pixel offset inside the plot area. */
interface Scale {
  readonly map: (v: number) => number
  readonly ticks: ReadonlyArray<number>
}

const num = (x: number): string => (Math.round(x * 10) / 10).toString()

/** A base-2 logarithmic scale over [lo, hi], ticks at the powers of 2 inside it. */
const log2Scale = (lo: number, hi: number, pixels: number, flip: boolean): Scale => {
  let a = Math.log2(lo)
  let b = Math.log2(hi)
  if (b - a < 1e-9) {
    a -= 0.5
    b += 0.5
  }
  const ticks: Array<number> = []
  for (let k = Math.ceil(a - 1e-9); k <= Math.floor(b + 1e-9); k++) ticks.push(2 ** k)
  return { map: (v) => ((Math.log2(v) - a) / (b - a)) * pixels * (flip ? -1 : 1) + (flip ? pixels : 0), ticks }
}

/** A linear scale from `lo` to a round number at or above `hi`, with about five round ticks. */
const linearScale = (lo: number, hi: number, pixels: number, flip: boolean): Scale => {
  const span = hi - lo > 0 ? hi - lo : Math.abs(hi) || 1
  const raw = span / 5
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude
  const top = Math.ceil(hi / step - 1e-9) * step || step
  const ticks: Array<number> = []
  for (let t = lo; t <= top + step / 1e6; t += step) ticks.push(Math.round(t / step) * step)
  return { map: (v) => ((v - lo) / (top - lo)) * pixels * (flip ? -1 : 1) + (flip ? pixels : 0), ticks }
}

interface Series {
  readonly name: string
  readonly label: string
  readonly points: ReadonlyArray<{ readonly x: number; readonly y: number; readonly title: string }>
  readonly color: string
  readonly dashed?: boolean
  /** Draw markers at the points (default true). */
  readonly markers?: boolean
}

interface ChartSpec {
  readonly title: string
  readonly xLabel: string
  readonly yLabel: string
  readonly x: Scale
  readonly y: Scale
  readonly xTick: (v: number) => string
  readonly yTick: (v: number) => string
  readonly series: ReadonlyArray<Series>
  /** A line under the title. */
  readonly subtitle?: string
  /** Shade the plot right of this x (the machine's cores: oversubscribed counts). */
  readonly shadeFrom?: number
}

const frame = (title: string, body: ReadonlyArray<string>): string =>
  [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    ...body,
    "</svg>",
    ""
  ].join("\n")

const heading = (title: string, subtitle: string | undefined): Array<string> => [
  `<text class="chart-title" x="${MARGIN.left}" y="22" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
  ...(subtitle === undefined ? [] : [`<text class="chart-subtitle" x="${MARGIN.left}" y="37" font-size="11" fill="#555555">${escapeXml(subtitle)}</text>`])
]

const axes = (spec: Pick<ChartSpec, "x" | "y" | "xTick" | "yTick" | "xLabel" | "yLabel">, xTicks = spec.x.ticks, xTick = spec.xTick): string => {
  const out: Array<string> = [`<g class="axes" transform="translate(${MARGIN.left},${MARGIN.top})">`]
  for (const t of spec.y.ticks) {
    const y = num(spec.y.map(t))
    out.push(`<line x1="0" x2="${PLOT_W}" y1="${y}" y2="${y}" stroke="#e5e5e5"/>`)
    out.push(`<text x="-8" y="${y}" text-anchor="end" dominant-baseline="middle">${escapeXml(spec.yTick(t))}</text>`)
  }
  for (const t of xTicks) {
    const x = num(spec.x.map(t))
    out.push(`<line x1="${x}" x2="${x}" y1="0" y2="${PLOT_H}" stroke="#f0f0f0"/>`)
    out.push(`<text x="${x}" y="${PLOT_H + 18}" text-anchor="middle">${escapeXml(xTick(t))}</text>`)
  }
  out.push(`<rect x="0" y="0" width="${PLOT_W}" height="${PLOT_H}" fill="none" stroke="#333333"/>`)
  out.push(`<text x="${PLOT_W / 2}" y="${PLOT_H + 42}" text-anchor="middle">${escapeXml(spec.xLabel)}</text>`)
  out.push(`<text transform="translate(-52,${PLOT_H / 2}) rotate(-90)" text-anchor="middle">${escapeXml(spec.yLabel)}</text>`)
  out.push("</g>")
  return out.join("\n")
}

const legend = (series: ReadonlyArray<Pick<Series, "label" | "color" | "dashed">>): string => {
  const x = MARGIN.left + PLOT_W + 16
  const out = [`<g class="legend" transform="translate(${x},${MARGIN.top})">`]
  series.forEach((s, k) => {
    const y = 8 + k * 20
    out.push(`<line x1="0" x2="22" y1="${y}" y2="${y}" stroke="${s.color}" stroke-width="2"${s.dashed === true ? ' stroke-dasharray="5 4"' : ""}/>`)
    out.push(`<text x="28" y="${y}" dominant-baseline="middle">${escapeXml(s.label)}</text>`)
  })
  out.push("</g>")
  return out.join("\n")
}

const seriesGroup = (s: Series, x: Scale, y: Scale): string => {
  const pts = s.points.map((p) => `${num(x.map(p.x))},${num(y.map(p.y))}`).join(" ")
  const out = [`<g class="series" data-series="${escapeXml(s.name)}" transform="translate(${MARGIN.left},${MARGIN.top})">`]
  out.push(`<polyline points="${pts}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed === true ? ' stroke-dasharray="5 4"' : ""}/>`)
  if (s.markers !== false) {
    for (const p of s.points) {
      out.push(`<circle cx="${num(x.map(p.x))}" cy="${num(y.map(p.y))}" r="3.5" fill="${s.color}"><title>${escapeXml(p.title)}</title></circle>`)
    }
  }
  out.push("</g>")
  return out.join("\n")
}

const shade = (spec: ChartSpec): Array<string> => {
  if (spec.shadeFrom === undefined) return []
  const x = spec.x.map(spec.shadeFrom)
  if (!(x < PLOT_W)) return []
  return [
    `<g class="oversubscribed" transform="translate(${MARGIN.left},${MARGIN.top})">`,
    `<rect x="${num(x)}" y="0" width="${num(PLOT_W - x)}" height="${PLOT_H}" fill="#f2f2f2"/>`,
    `<text x="${num(PLOT_W - 6)}" y="14" text-anchor="end" fill="#777777">oversubscribed (more threads than cores)</text>`,
    "</g>"
  ]
}

const lineChart = (spec: ChartSpec): string =>
  frame(spec.title, [
    ...heading(spec.title, spec.subtitle),
    ...shade(spec),
    axes(spec),
    ...spec.series.map((s) => seriesGroup(s, spec.x, spec.y)),
    legend(spec.series)
  ])

const threadsOf = (report: ScalabilityReport): Array<number> => [...new Set(report.workloads.flatMap((w) => w.counts.map((c) => c.threads)))].sort((a, b) => a - b)

const color = (k: number): string => PALETTE[k % PALETTE.length]

const coresNote = (report: ScalabilityReport): string =>
  `${report.machine.cpuModel}, ${report.machine.cores} cores; counts above ${report.machine.cores} are oversubscribed`

/**
 * Speedup against threads for every workload, with the ideal line
 * (speedup = threads) and, dashed, each workload's fitted Amdahl curve; both
 * axes on a log-2 scale.
 *
 * @since 0.1.0
 * @category rendering
 */
export const speedupChart = (report: ScalabilityReport): string => {
  const threads = threadsOf(report)
  const lo = Math.min(...threads)
  const hi = Math.max(...threads)
  const speedups = report.workloads.flatMap((w) => w.counts.map((c) => c.efficiency * c.threads))
  const x = log2Scale(lo, hi, PLOT_W, false)
  const yLo = Math.min(1, ...speedups) / 1.25
  const yHi = Math.max(hi, ...speedups) * 1.25
  const y = log2Scale(yLo, yHi, PLOT_H, true)
  const series: Array<Series> = [
    { name: "ideal", label: "ideal (speedup = threads)", color: "#999999", dashed: true, markers: false, points: threads.map((n) => ({ x: n, y: n, title: `ideal: ${n}x` })) }
  ]
  report.workloads.forEach((w, k) => {
    series.push({
      name: w.name,
      label: w.name,
      color: color(k),
      points: w.counts.map((c) => ({
        x: c.threads,
        y: c.efficiency * c.threads,
        title: `${w.name}, ${c.threads} threads${c.oversubscribed ? " (oversubscribed)" : ""}: ${times(c.efficiency * c.threads)}`
      }))
    })
  })
  report.workloads.forEach((w, k) => {
    const fit = w.analysis.amdahl
    if (fit === null || threads.length < 2) return
    const grid = Array.from({ length: 33 }, (_, i) => lo * (hi / lo) ** (i / 32))
    series.push({
      name: `amdahl:${w.name}`,
      label: `${w.name}, Amdahl p = ${fit.p.toFixed(2)}`,
      color: color(k),
      dashed: true,
      markers: false,
      points: grid.map((n) => ({ x: n, y: Amdahl.speedupAt(fit.p, n), title: "" }))
    })
  })
  return lineChart({
    title: "Speedup against threads",
    subtitle: coresNote(report),
    shadeFrom: report.machine.cores,
    xLabel: "threads (log scale)",
    yLabel: "speedup over 1 thread (log scale)",
    x,
    y,
    xTick: (v) => String(v),
    yTick: (v) => `${v}x`,
    series
  })
}

/**
 * Efficiency (speedup / threads) against threads for every workload, with
 * the ideal (100%) line; threads on a log-2 scale.
 *
 * @since 0.1.0
 * @category rendering
 */
export const efficiencyChart = (report: ScalabilityReport): string => {
  const threads = threadsOf(report)
  const x = log2Scale(Math.min(...threads), Math.max(...threads), PLOT_W, false)
  const top = Math.max(1.1, ...report.workloads.flatMap((w) => w.counts.map((c) => c.efficiency)))
  const y = linearScale(0, top, PLOT_H, true)
  const series: Array<Series> = [
    { name: "ideal", label: "ideal (100%)", color: "#999999", dashed: true, markers: false, points: threads.map((n) => ({ x: n, y: 1, title: "ideal: 100%" })) },
    ...report.workloads.map((w, k) => ({
      name: w.name,
      label: w.name,
      color: color(k),
      points: w.counts.map((c) => ({ x: c.threads, y: c.efficiency, title: `${w.name}, ${c.threads} threads: ${percent(c.efficiency)}` }))
    }))
  ]
  return lineChart({
    title: "Efficiency against threads",
    subtitle: coresNote(report),
    shadeFrom: report.machine.cores,
    xLabel: "threads (log scale)",
    yLabel: "efficiency (speedup / threads)",
    x,
    y,
    xTick: (v) => String(v),
    yTick: (v) => percent(v, 0),
    series
  })
}

/**
 * The distribution of one workload's durations: for the sequential loop and
 * each thread count, every timed sample as a dot, the min–max range as a
 * line and the median as a bar.
 *
 * @since 0.1.0
 * @category rendering
 */
export const durationChart = (w: WorkloadReport): string => {
  const groups = [
    { name: "sequential", label: "seq", timing: w.sequential.timing },
    ...w.counts.map((c) => ({ name: `threads-${c.threads}`, label: `${c.threads}${c.oversubscribed ? "*" : ""}`, timing: c.timing }))
  ]
  const top = Math.max(...groups.flatMap((g) => g.timing.samples), 1)
  const y = linearScale(0, top, PLOT_H, true)
  const band = PLOT_W / groups.length
  const x: Scale = { map: (i) => band * (i + 0.5), ticks: groups.map((_, i) => i) }
  const body: Array<string> = [
    ...heading(`Duration per run: ${w.title}`, `${w.description}; * oversubscribed`),
    axes({ x, y, xTick: (i) => groups[i].label, yTick: (v) => String(v), xLabel: "threads (seq: plain loop, no pool)", yLabel: "duration (ms)" })
  ]
  groups.forEach((g, i) => {
    const cx = x.map(i)
    const c = i === 0 ? "#555555" : color(0)
    const out = [`<g class="series" data-series="${escapeXml(g.name)}" transform="translate(${MARGIN.left},${MARGIN.top})">`]
    out.push(`<line x1="${num(cx)}" x2="${num(cx)}" y1="${num(y.map(g.timing.min))}" y2="${num(y.map(g.timing.max))}" stroke="${c}"/>`)
    out.push(
      `<line x1="${num(cx - band / 4)}" x2="${num(cx + band / 4)}" y1="${num(y.map(g.timing.median))}" y2="${num(y.map(g.timing.median))}" stroke="${c}" stroke-width="3"><title>median ${ms(g.timing.median)} ms</title></line>`
    )
    g.timing.samples.forEach((s, k) => {
      // Spread the dots sideways, in sample order, so that equal values stay visible.
      const dx = g.timing.samples.length === 1 ? 0 : (k / (g.timing.samples.length - 1) - 0.5) * (band / 3)
      out.push(`<circle cx="${num(cx + dx)}" cy="${num(y.map(s))}" r="3" fill="${c}" fill-opacity="0.6"><title>run ${k + 1}: ${ms(s)} ms</title></circle>`)
    })
    out.push("</g>")
    body.push(out.join("\n"))
  })
  body.push(
    legend([
      { label: "sample (dot)", color: color(0) },
      { label: "median (bar), min–max (line)", color: "#555555" }
    ])
  )
  return frame(`Duration per run: ${w.title}`, body)
}

/**
 * Batch-count scaling: the pool's speedup over the plain loop against the
 * number of batches (log scale), with the break-even line at 1.
 *
 * @since 0.1.0
 * @category rendering
 */
export const batchScalingChart = (b: BatchScalingReport): string => {
  const counts = b.rows.map((r) => r.batches)
  const x = log2Scale(Math.min(...counts), Math.max(...counts), PLOT_W, false)
  const y = linearScale(0, Math.max(1.2, ...b.rows.map((r) => r.speedup)), PLOT_H, true)
  const spec: ChartSpec = {
    title: "Where parallelism starts to pay",
    subtitle: b.description,
    xLabel: "batches (log scale)",
    yLabel: "speedup over the plain loop",
    x,
    y,
    xTick: (v) => String(v),
    yTick: (v) => `${v}x`,
    series: [
      { name: "break-even", label: "break-even (1x)", color: "#999999", dashed: true, markers: false, points: counts.map((n) => ({ x: n, y: 1, title: "" })) },
      {
        name: "speedup",
        label: `weft, ${b.threads} threads`,
        color: color(0),
        points: b.rows.map((r) => ({ x: r.batches, y: r.speedup, title: `${r.batches} batches: ${times(r.speedup)}` }))
      }
    ]
  }
  // Batch counts are not powers of 2: tick at the counts themselves.
  return frame(spec.title, [
    ...heading(spec.title, spec.subtitle),
    axes(spec, counts, (v) => String(v)),
    ...spec.series.map((s) => seriesGroup(s, spec.x, spec.y)),
    legend(spec.series)
  ])
}

/** One point of a chart with error bars: the value and its low and high ends. */
interface BarPoint {
  readonly x: number
  readonly y: number
  readonly low: number
  readonly high: number
  readonly title: string
}

const errorBars = (name: string, points: ReadonlyArray<BarPoint>, x: Scale, y: Scale, color: string, dx: number): string => {
  const out = [`<g class="error-bars" data-series="${escapeXml(name)}" transform="translate(${MARGIN.left},${MARGIN.top})">`]
  for (const p of points) {
    if (!(p.high > p.low)) continue
    const cx = num(x.map(p.x) + dx)
    const y1 = num(y.map(p.low))
    const y2 = num(y.map(p.high))
    out.push(
      `<line class="error-bar" data-threads="${p.x}" x1="${cx}" x2="${cx}" y1="${y1}" y2="${y2}" stroke="${color}" stroke-width="1.5"><title>${escapeXml(p.title)}</title></line>`,
      `<line class="error-cap" x1="${num(x.map(p.x) + dx - 4)}" x2="${num(x.map(p.x) + dx + 4)}" y1="${y1}" y2="${y1}" stroke="${color}"/>`,
      `<line class="error-cap" x1="${num(x.map(p.x) + dx - 4)}" x2="${num(x.map(p.x) + dx + 4)}" y1="${y2}" y2="${y2}" stroke="${color}"/>`
    )
  }
  out.push("</g>")
  return out.join("\n")
}

const markersAt = (s: Series, x: Scale, y: Scale, dx: number): string => {
  const pts = s.points.map((p) => `${num(x.map(p.x) + dx)},${num(y.map(p.y))}`).join(" ")
  const out = [`<g class="series" data-series="${escapeXml(s.name)}" transform="translate(${MARGIN.left},${MARGIN.top})">`]
  out.push(`<polyline points="${pts}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed === true ? ' stroke-dasharray="5 4"' : ""}/>`)
  if (s.markers !== false) {
    for (const p of s.points) out.push(`<circle cx="${num(x.map(p.x) + dx)}" cy="${num(y.map(p.y))}" r="3.5" fill="${s.color}"><title>${escapeXml(p.title)}</title></circle>`)
  }
  out.push("</g>")
  return out.join("\n")
}

/**
 * One workload's speedup and the machine's ceiling (the kernel it is
 * compared with) against threads, each the mean over rounds with error bars
 * from the lowest to the highest round; the ideal line, and the structural
 * bound when the work cannot split evenly. Threads on a log-2 scale, speedup
 * linear. At 1 thread both are 1 by definition.
 *
 * @since 0.2.0
 * @category rendering
 */
export const ceilingChart = (w: WorkloadReport, cores?: number): string => {
  const threads = w.counts.map((c) => c.threads).sort((a, b) => a - b)
  const x = log2Scale(Math.min(...threads), Math.max(...threads), PLOT_W, false)
  const kernel = w.scaling?.kernel ?? "chain"
  const kernelName = kernel === "gemm" ? "compute ceiling (gemm)" : kernel === "chain" ? "compute ceiling (chain)" : "streaming ceiling (stream)"
  const speedups: Array<BarPoint> = w.counts.map((c) => {
    const k = c.ceiling ?? null
    if (k === null) {
      const s = c.efficiency * c.threads
      return { x: c.threads, y: s, low: s, high: s, title: `${c.threads} threads: speedup ${times(s)}` }
    }
    return {
      x: c.threads,
      y: k.speedup.mean,
      low: k.speedup.min,
      high: k.speedup.max,
      title: `${c.threads} threads: speedup ${times(k.speedup.mean)} (rounds ${times(k.speedup.min)}–${times(k.speedup.max)}), ${k.speedup.n} rounds`
    }
  })
  const measured = w.counts.some((c) => c.ceiling != null)
  const ceilings: Array<BarPoint> = !measured ? [] : w.counts.flatMap((c) => {
    if (c.threads === 1) return [{ x: 1, y: 1, low: 1, high: 1, title: "1 thread: ceiling 1.00x" }]
    const k = c.ceiling ?? null
    if (k === null) return []
    return [
      {
        x: c.threads,
        y: k.ceiling.mean,
        low: k.ceiling.min,
        high: k.ceiling.max,
        title: `${c.threads} threads: ${kernelName} ${times(k.ceiling.mean)} (rounds ${times(k.ceiling.min)}–${times(k.ceiling.max)}), speedup ÷ ${k.structuralBound === null ? "ceiling" : "bound"} ${k.ratio.mean.toFixed(2)}`
      }
    ]
  })
  const bounds = w.counts.flatMap((c) => (c.ceiling?.structuralBound == null ? [] : [{ x: c.threads, y: c.ceiling.structuralBound }]))
  const structure = w.scaling?.structure ?? null
  const top = Math.max(Math.max(...threads), ...speedups.map((p) => p.high), ...ceilings.map((p) => p.high), ...bounds.map((b) => b.y)) * 1.08
  const y = linearScale(0, top, PLOT_H, true)
  const ideal: Series = { name: "ideal", label: "ideal (speedup = threads)", color: "#999999", dashed: true, markers: false, points: threads.map((n) => ({ x: n, y: n, title: "" })) }
  const ceilingSeries: Series = { name: "ceiling", label: kernelName, color: "#ff7f0e", points: ceilings.map((p) => ({ x: p.x, y: p.y, title: p.title })) }
  const speedupSeries: Series = { name: "speedup", label: `${w.name} speedup`, color: color(0), points: speedups.map((p) => ({ x: p.x, y: p.y, title: p.title })) }
  const boundSeries: Array<Series> =
    structure === null
      ? []
      : [
          {
            name: "structural-bound",
            label: `structural bound (${structure.tasks} tasks${structure.serial > 0 ? " + serial" : ""})`,
            color: "#2ca02c",
            dashed: true,
            markers: false,
            points: [
              { x: 1, y: 1, title: "" },
              ...w.counts.filter((c) => c.threads > 1).map((c) => ({ x: c.threads, y: (structure.tasks + structure.serial) / (Math.ceil(structure.tasks / c.threads) + structure.serial), title: "" }))
            ]
          }
        ]
  const rounds = w.counts.find((c) => c.ceiling != null)?.ceiling?.rounds.length ?? 0
  const title = `Speedup and ceiling: ${w.title}`
  const spec: ChartSpec = {
    title,
    subtitle: `mean over ${rounds} round${rounds === 1 ? "" : "s"}; error bars: lowest to highest round${cores === undefined ? "" : `; ${cores} cores, counts above are oversubscribed`}`,
    xLabel: "threads (log scale)",
    yLabel: "speedup over 1 thread",
    x,
    y,
    xTick: (v) => String(v),
    yTick: (v) => `${v}x`,
    series: [ideal, ...boundSeries, ...(measured ? [ceilingSeries] : []), speedupSeries],
    ...(cores === undefined ? {} : { shadeFrom: cores })
  }
  return frame(title, [
    ...heading(spec.title, spec.subtitle),
    ...shade(spec),
    axes(spec),
    ...[ideal, ...boundSeries].map((s) => seriesGroup(s, x, y)),
    ...(ceilings.length > 0 ? [markersAt(ceilingSeries, x, y, 5), errorBars("ceiling", ceilings, x, y, ceilingSeries.color, 5)] : []),
    markersAt(speedupSeries, x, y, -5),
    errorBars("speedup", speedups, x, y, speedupSeries.color, -5),
    legend(spec.series)
  ])
}
