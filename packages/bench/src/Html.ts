/**
 * One self-contained HTML page that gathers a benchmark report: the machine,
 * the software and the settings, a table and verdict per workload, the
 * workload against the machine's ceiling, every chart drawn inline (the same
 * SVG as the files beside it), and links to the raw JSON and the text table.
 *
 * @since 0.1.0
 */
import type { BatchScalingReport } from "./BatchScaling.js"
import { ceilingColumns, ceilingMethod, ceilingText, escapeXml, intervalText, ms, percent, taskBoundOf, times } from "./internal/format.js"
import { loadLine, machineLine, softwareLine } from "./Machine.js"
import type { ScalabilityReport, WorkloadReport } from "./Scalability.js"
import * as Svg from "./Svg.js"

/**
 * The file names of a report's parts, relative to the page.
 *
 * @since 0.1.0
 * @category models
 */
export interface ReportFiles {
  readonly json: string
  readonly table: string
  readonly html: string
  readonly speedup: string
  readonly efficiency: string
  /** Duration chart per workload name. */
  readonly durations: Readonly<Record<string, string>>
  /** Speedup-and-ceiling chart per workload name. */
  readonly ceilings?: Readonly<Record<string, string>>
  readonly batchScaling: string | null
}

const cell = (text: string, numeric = true): string => `<td${numeric ? ' class="num"' : ""}>${escapeXml(text)}</td>`

/** A chart drawn inline (the page needs no other file), with the name of its SVG file beside the page. */
const figure = (svg: string, file: string | undefined, caption: string): string =>
  `<figure data-file="${escapeXml(file ?? "")}">\n${svg.replace(/^<\?xml[^>]*>\n?/, "").trimEnd()}\n<figcaption>${escapeXml(caption)}${file === undefined ? "" : ` (<a href="${escapeXml(file)}">${escapeXml(file)}</a>)`}</figcaption></figure>`

const ceilingSection = (w: WorkloadReport, files: ReportFiles, cores: number): string => {
  const counts = w.counts.filter((c) => c.ceiling !== undefined && c.ceiling !== null)
  if (counts.length === 0 || w.scaling === undefined) return ""
  const structured = w.scaling.structure !== null
  const head = ceilingColumns(structured)
  const rows = counts.map((c) => {
    const k = c.ceiling!
    return (
      `<tr${c.oversubscribed ? ' class="oversubscribed"' : ""}${k.met === false ? ' data-missed="true"' : ""}>` +
      cell(`${c.threads}${c.oversubscribed ? "*" : ""}`, false) +
      cell(times(k.speedup.mean)) +
      cell(times(k.ceiling.mean)) +
      (structured ? cell(times(taskBoundOf(k))) + cell(times(k.bound.mean)) : "") +
      cell(k.ratio.mean.toFixed(2)) +
      cell(intervalText(k.ratio)) +
      cell(`${k.ratio.min.toFixed(2)}–${k.ratio.max.toFixed(2)}`) +
      cell(k.target === null ? "–" : `≥ ${k.target.toFixed(2)}: ${k.met === true ? "met" : "missed"}`, false) +
      "</tr>"
    )
  })
  return [
    `<h3>Against the machine's ceiling</h3>`,
    `<p>${escapeXml(ceilingMethod(w.scaling.against, structured, counts[0].ceiling!.rounds.length))}${w.scaling.structure === null ? "" : ` Structure: ${escapeXml(w.scaling.structure.note)}.`}</p>`,
    `<table class="ceiling"><thead><tr>${head.map((h) => `<th>${escapeXml(h)}</th>`).join("")}</tr></thead><tbody>`,
    ...rows,
    "</tbody></table>",
    figure(Svg.ceilingChart(w, cores), files.ceilings?.[w.name], `Speedup and ceiling of ${w.title} against threads`)
  ].join("\n")
}

const workloadSection = (w: WorkloadReport, files: ReportFiles, cores: number): string => {
  const withPiscina = w.piscina !== null
  const head = ["Threads", "Duration (ms)", "Speedup", "Efficiency", "Min–max (ms)", "CI of median (ms)", "vs sequential", "Utilisation", "Karp–Flatt"]
  if (withPiscina) head.push("piscina (ms)", "weft vs piscina")
  const seq = w.sequential.timing
  const rows = [
    `<tr>${cell("sequential", false)}${cell(ms(seq.median))}${cell("–")}${cell("–")}${cell(`${ms(seq.min)}–${ms(seq.max)}`)}${cell(`${ms(seq.ci.low)}–${ms(seq.ci.high)}`)}${cell("1.00x")}${cell("–")}${cell("–")}${withPiscina ? cell("–") + cell("–") : ""}</tr>`,
    ...w.counts.map((c) => {
      const p = w.piscina?.find((r) => r.threads === c.threads)
      return (
        `<tr${c.oversubscribed ? ' class="oversubscribed"' : ""}>` +
        cell(`${c.threads}${c.oversubscribed ? "*" : ""}`, false) +
        cell(ms(c.timing.median)) +
        cell(times(c.efficiency * c.threads)) +
        cell(percent(c.efficiency)) +
        cell(`${ms(c.timing.min)}–${ms(c.timing.max)}`) +
        cell(`${ms(c.timing.ci.low)}–${ms(c.timing.ci.high)}`) +
        cell(times(c.speedupVsSequential)) +
        cell(percent(c.utilisation)) +
        cell(c.karpFlatt === null ? "–" : c.karpFlatt.toFixed(3)) +
        (withPiscina ? cell(ms(p?.timing.median)) + cell(times(p?.weftVsPiscina)) : "") +
        "</tr>"
      )
    })
  ]
  const a = w.analysis.amdahl
  return [
    `<section id="${escapeXml(w.name)}">`,
    `<h2>${escapeXml(w.title)}</h2>`,
    `<p>${escapeXml(w.description)}</p>`,
    `<table><thead><tr>${head.map((h) => `<th>${escapeXml(h)}</th>`).join("")}</tr></thead><tbody>`,
    ...rows,
    "</tbody></table>",
    a === null
      ? w.analysis.amdahlNote == null
        ? ""
        : `<p>Amdahl: ${escapeXml(w.analysis.amdahlNote)}.</p>`
      : `<p>Amdahl: p = ${a.p.toFixed(3)}, serial 1 − p = ${(1 - a.p).toFixed(3)} (fitted over ${escapeXml(a.threads.join(", "))} threads), ceiling ${escapeXml(ceilingText(a))}.</p>`,
    w.scaling?.structure == null || w.scaling.structure.serial === 0 ? "" : `<p>Known serial part: ${w.scaling.structure.serialFraction.toFixed(3)} of the work (${escapeXml(w.scaling.structure.note)}).</p>`,
    `<p class="verdict"><strong>Verdict:</strong> ${escapeXml(`${w.name} ${w.analysis.verdict.text}.`)}</p>`,
    ceilingSection(w, files, cores),
    figure(Svg.durationChart(w), files.durations[w.name], `Durations of ${w.title}`),
    "</section>"
  ].join("\n")
}

const batchSection = (b: BatchScalingReport, file: string | null): string =>
  [
    `<section id="batch-scaling">`,
    "<h2>Batch scaling</h2>",
    `<p>${escapeXml(b.description)}</p>`,
    "<table><thead><tr><th>Batches</th><th>Rows</th><th>Sequential (ms)</th><th>weft (ms)</th><th>Speedup</th></tr></thead><tbody>",
    ...b.rows.map((r) => `<tr>${cell(String(r.batches))}${cell(String(r.rows))}${cell(ms(r.sequential.median))}${cell(ms(r.weft.median))}${cell(times(r.speedup))}</tr>`),
    "</tbody></table>",
    `<p>${escapeXml(b.breakEven === null ? "The pool was not faster than the plain loop at any batch count tried." : `The pool pays from ${b.breakEven} batches of ${b.rowsPerBatch} rows on.`)}</p>`,
    figure(Svg.batchScalingChart(b), file ?? undefined, "Speedup against the number of batches"),
    "</section>"
  ].join("\n")

/**
 * The page. It references the SVG files by `files`' names (relative), so it
 * belongs in the same folder as them.
 *
 * @since 0.1.0
 * @category rendering
 */
export const renderHtml = (report: ScalabilityReport, files: ReportFiles): string => {
  const s = report.settings
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<title>weft scalability benchmark, ${escapeXml(report.createdAt)}</title>`,
    "<style>",
    "body { font-family: Helvetica, Arial, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }",
    "table { border-collapse: collapse; margin: 0.5em 0; } th, td { padding: 0.25em 0.6em; border-bottom: 1px solid #ddd; }",
    "td.num { text-align: right; font-variant-numeric: tabular-nums; } tr.oversubscribed { color: #888; }",
    "figure { margin: 1em 0; } .verdict { background: #f5f7fa; padding: 0.5em; } .warning { background: #fff3cd; padding: 0.5em; } tr[data-missed] td { color: #a00; }",
    "</style>",
    "</head>",
    "<body>",
    "<h1>weft scalability benchmark</h1>",
    ...(report.software === undefined ? [] : [`<p class="software">Measured: ${escapeXml(softwareLine(report.software))}.</p>`]),
    ...(report.load === undefined ? [] : [`<p class="${report.load.exceededCores ? "warning" : "load"}">${escapeXml(loadLine(report.load, report.machine.cores))}</p>`]),
    `<p>${escapeXml(machineLine(report.machine))}. Run ${escapeXml(report.createdAt)}: threads ${escapeXml(s.threads.join(", "))}, ${s.warmups} warm-up(s) and ${s.repeats} timed repeat(s) per count${(s.rounds ?? 1) > 1 ? ` in ${s.rounds} rounds over all counts` : ""}, size ${escapeXml(s.size)}, seed ${s.seed}.</p>`,
    "<p>Duration is the median of the timed repeats; speedup is against the 1-thread run; efficiency is speedup / threads; * marks counts above the machine's cores (oversubscribed, not fitted). " +
      "The CI is the distribution-free interval of the median from order statistics. Every run's result was checked equal, bit for bit, to the plain sequential loop's.</p>",
    `<p>Raw data: <a href="${escapeXml(files.json)}">${escapeXml(files.json)}</a> · text: <a href="${escapeXml(files.table)}">${escapeXml(files.table)}</a></p>`,
    figure(Svg.speedupChart(report), files.speedup, "Speedup against threads"),
    figure(Svg.efficiencyChart(report), files.efficiency, "Efficiency against threads"),
    ...report.workloads.map((w) => workloadSection(w, files, report.machine.cores)),
    ...(report.batchScaling === null ? [] : [batchSection(report.batchScaling, files.batchScaling)]),
    "</body>",
    "</html>",
    ""
  ].join("\n")
}
