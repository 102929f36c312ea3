/**
 * Reports of a benchmark run: the console table (in the Rust module's
 * format — threads, duration, speedup, efficiency — with more columns after
 * those four), the JSON file with every raw sample and the machine, and the
 * files `writeReports` saves (JSON, text, SVG charts, an HTML page).
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { mkdir, readFile, writeFile } from "node:fs/promises"
import * as path from "node:path"
import type { BatchScalingReport } from "./BatchScaling.js"
import { ReportError } from "./Errors.js"
import { renderHtml, type ReportFiles } from "./Html.js"
import { ceilingColumns, ceilingMethod, ceilingText, fixed, intervalText, ms, percent, table, taskBoundOf, times } from "./internal/format.js"
import { loadLine, machineLine, softwareLine } from "./Machine.js"
import { FORMAT, type CountResult, type ScalabilityReport, type WorkloadReport } from "./Scalability.js"
import * as Svg from "./Svg.js"

const threadsLabel = (threads: number, oversubscribed: boolean): string => `${threads}${oversubscribed ? "*" : ""}`

const range = (lo: number, hi: number): string => `${ms(lo)}–${ms(hi)}`

/**
 * The seed's claims for batch inference (the Rust module this project ports):
 * speedup over 1 thread at 2, 4, 8 and 16 threads.
 *
 * @since 0.2.0
 * @category constants
 */
export const seedClaims: ReadonlyArray<{ readonly threads: number; readonly speedup: number }> = [
  { threads: 2, speedup: 1.92 },
  { threads: 4, speedup: 3.68 },
  { threads: 8, speedup: 6.94 },
  { threads: 16, speedup: 7.81 }
]

/** The counts above 1 that were judged against the ceiling. */
const withCeiling = (w: WorkloadReport): Array<CountResult & { ceiling: NonNullable<CountResult["ceiling"]> }> =>
  w.counts.filter((c): c is CountResult & { ceiling: NonNullable<CountResult["ceiling"]> } => c.ceiling !== undefined && c.ceiling !== null)

/**
 * The workload against the machine's ceiling: per count above 1, the mean
 * over rounds of the speedup, of the ceiling and of what the tasks allow,
 * the ratio speedup ÷ achievable with its 95% interval and range,
 * and the target. Empty when the ceiling was not measured.
 *
 * @since 0.2.0
 * @category rendering
 */
export const renderCeilingTable = (w: WorkloadReport): string => {
  const counts = withCeiling(w)
  if (counts.length === 0 || w.scaling === undefined) return ""
  const sc = w.scaling
  const structured = sc.structure !== null
  const header = ceilingColumns(structured)
  const rows = counts.map((c) => {
    const k = c.ceiling
    return [
      threadsLabel(c.threads, c.oversubscribed),
      times(k.speedup.mean),
      times(k.ceiling.mean),
      ...(structured ? [times(taskBoundOf(k)), times(k.bound.mean)] : []),
      fixed(k.ratio.mean),
      intervalText(k.ratio),
      `${fixed(k.ratio.min)}–${fixed(k.ratio.max)}`,
      k.target === null ? "–" : `≥ ${fixed(k.target)}: ${k.met === true ? "met" : "missed"}`
    ]
  })
  const notes = [ceilingMethod(sc.against, structured, counts[0].ceiling.rounds.length)]
  if (sc.structure !== null) {
    notes.push(
      `Structure: ${sc.structure.note}; bound at T threads (tasks + serial) / (⌈tasks / T⌉ + serial) = ${counts.map((c) => `${c.threads} → ${times(c.ceiling.structuralBound)}`).join(", ")}; share of the bound reached: ${counts.map((c) => `${c.threads} → ${percent(c.ceiling.speedup.mean / (c.ceiling.structuralBound ?? Number.NaN), 0)}`).join(", ")}.`
    )
  }
  const measured = counts.filter((c) => c.ceiling.measuredBound != null)
  if (measured.length > 0) {
    notes.push(
      `Bound of the tasks as measured on 1 thread (list schedule of each round's task times, used in place of the equal-task bound): ${measured
        .map((c) => `${c.threads} → ${times(c.ceiling.measuredBound!.mean)} (rounds ${times(c.ceiling.measuredBound!.min)}–${times(c.ceiling.measuredBound!.max)})`)
        .join(", ")}.`
    )
  }
  return [`${w.title} against the machine's ceiling`, table(header, rows, header.map((_, c) => c !== 0)), ...notes].join("\n")
}

/** What the seed's batch-inference claims need, and what this run shows of them. */
const seedClaimText = (w: WorkloadReport): string => {
  const lines = [
    `Seed claims for batch inference (the Rust module): ${seedClaims.map((c) => `${times(c.speedup)} at ${c.threads}`).join(", ")} threads. ` +
      `A bigger machine must show, at each count within its cores, a speedup at least the claim, which against an ideal ceiling (T) is a ratio of ${seedClaims.map((c) => `${fixed(c.speedup / c.threads)} at ${c.threads}`).join(", ")}; ` +
      "where its measured compute ceiling is below the claim, no pool can show the claim on it."
  ]
  const seen = seedClaims.flatMap((claim) => {
    const c = w.counts.find((x) => x.threads === claim.threads)
    if (c === undefined) return []
    const k = c.ceiling ?? null
    const speedup = k === null ? c.efficiency * c.threads : k.speedup.mean
    const verdict = speedup >= claim.speedup ? "reached" : "not reached"
    const ceiling = k === null ? "" : `, ceiling ${times(k.ceiling.mean)}${claim.speedup > k.ceiling.mean ? ": the claim is above what this machine gives" : ""}`
    return [`${claim.threads}${c.oversubscribed ? "* (oversubscribed)" : ""}: ${times(speedup)} against ${times(claim.speedup)}, ${verdict}${ceiling}`]
  })
  if (seen.length > 0) lines.push(`This run: ${seen.join("; ")}.`)
  return lines.join("\n")
}

/**
 * The table of one workload: one row for the plain sequential loop, then one
 * per thread count; columns Threads, Duration (ms, the median), Speedup,
 * Efficiency, then min–max, the median's confidence interval, the speedup
 * over the sequential loop, the workers' utilisation and, for batch
 * inference, piscina's median and weft's advantage over it. Below it, the
 * Amdahl fit, the Karp–Flatt fractions and the verdict.
 *
 * @since 0.1.0
 * @category rendering
 */
export const renderWorkloadTable = (w: WorkloadReport): string => {
  const withPiscina = w.piscina !== null
  const header = ["Threads", "Duration (ms)", "Speedup", "Efficiency", "Min–max (ms)", "CI of median (ms)", "vs sequential", "Utilisation"]
  if (withPiscina) header.push("piscina (ms)", "weft vs piscina")
  const right = header.map((_, c) => c !== 0)
  const seq = w.sequential.timing
  const rows: Array<Array<string>> = [
    ["sequential", ms(seq.median), "–", "–", range(seq.min, seq.max), range(seq.ci.low, seq.ci.high), times(1), "–", ...(withPiscina ? ["–", "–"] : [])]
  ]
  for (const c of w.counts) {
    const p = w.piscina?.find((r) => r.threads === c.threads)
    rows.push([
      threadsLabel(c.threads, c.oversubscribed),
      ms(c.timing.median),
      times(c.efficiency * c.threads),
      percent(c.efficiency),
      range(c.timing.min, c.timing.max),
      range(c.timing.ci.low, c.timing.ci.high),
      times(c.speedupVsSequential),
      percent(c.utilisation),
      ...(withPiscina ? [ms(p?.timing.median), times(p?.weftVsPiscina)] : [])
    ])
  }
  const lines = [`${w.title} — ${w.description}`, table(header, rows, right)]
  const notes: Array<string> = []
  if (w.counts.some((c) => c.oversubscribed)) notes.push("* oversubscribed: more threads than cores; shown, not fitted.")
  if (w.analysis.baseline === "sequential") notes.push("Speedup and efficiency are against the sequential loop (1 thread was not measured).")
  const level = w.counts[0]?.timing.ci.level ?? seq.ci.level
  notes.push(`CI: distribution-free interval of the median from order statistics, coverage ${percent(level)}.`)
  const a = w.analysis.amdahl
  const known = w.scaling?.structure ?? null
  const knownText = known === null || known.serial === 0 ? "" : `; the known serial part is ${known.serialFraction.toFixed(3)} of the work (the structure below)`
  if (a !== null) {
    notes.push(
      `Amdahl: p = ${a.p.toFixed(3)}, serial 1 − p = ${(1 - a.p).toFixed(3)} (least squares over ${a.threads.join(", ")} threads), ceiling ${ceilingText(a)}, rms residual of 1/speedup ${a.rmse.toFixed(3)}${knownText}.`
    )
  } else if (w.analysis.amdahlNote !== undefined && w.analysis.amdahlNote !== null) {
    notes.push(`Amdahl: ${w.analysis.amdahlNote}${knownText}.`)
  }
  const kf = w.counts.filter((c) => c.karpFlatt !== null)
  if (kf.length > 0) notes.push(`Karp–Flatt serial fraction: ${kf.map((c) => `${threadsLabel(c.threads, c.oversubscribed)} → ${c.karpFlatt!.toFixed(3)}`).join(", ")}.`)
  notes.push(`Verdict: ${w.name} ${w.analysis.verdict.text}.`)
  const ceiling = renderCeilingTable(w)
  const claims = w.name === "batch-inference" ? [seedClaimText(w)] : []
  return [...lines, ...notes, ...(ceiling === "" ? [] : ["", ceiling]), ...claims].join("\n")
}

/**
 * The batch-count scaling table: per batch count, the plain loop's and the
 * pool's medians and the pool's speedup, then where the pool starts to pay.
 *
 * @since 0.1.0
 * @category rendering
 */
export const renderBatchScalingTable = (b: BatchScalingReport): string => {
  const header = ["Batches", "Rows", "Sequential (ms)", "weft (ms)", "Speedup", "weft min–max (ms)"]
  const rows = b.rows.map((r) => [String(r.batches), String(r.rows), ms(r.sequential.median), ms(r.weft.median), times(r.speedup), range(r.weft.min, r.weft.max)])
  const verdict =
    b.breakEven === null
      ? "The pool was not faster than the plain loop at any batch count tried."
      : `The pool pays from ${b.breakEven} batches of ${b.rowsPerBatch} rows on (at every larger count tried).`
  return [`Batch scaling — ${b.description}${b.oversubscribed ? " (oversubscribed)" : ""}`, table(header, rows, header.map(() => true)), verdict].join("\n")
}

/**
 * The whole report as console text: the machine and settings, a table per
 * workload, and the batch-count scaling.
 *
 * @example
 * console.log(renderTable(report))
 * @since 0.1.0
 * @category rendering
 */
export const renderTable = (report: ScalabilityReport): string => {
  const s = report.settings
  const head = [
    `weft scalability benchmark, ${report.createdAt}`,
    `Machine: ${machineLine(report.machine)}`,
    ...(report.software === undefined ? [] : [`Measured: ${softwareLine(report.software)}`]),
    ...(report.load === undefined ? [] : [loadLine(report.load, report.machine.cores)]),
    `Settings: threads ${s.threads.join(", ")}; ${s.warmups} warm-up${s.warmups === 1 ? "" : "s"} + ${s.repeats} timed repeat${s.repeats === 1 ? "" : "s"} per count${(s.rounds ?? 1) > 1 ? `, in ${s.rounds} rounds over all counts` : ""}; size ${s.size}; seed ${s.seed}${s.gc ? "; gc before each run" : ""}`,
    "Duration is the median of the timed repeats (of every round); speedup is against the 1-thread run; efficiency is speedup / threads."
  ].join("\n")
  const parts = [head, ...report.workloads.map(renderWorkloadTable)]
  if (report.batchScaling !== null) parts.push(renderBatchScalingTable(report.batchScaling))
  return parts.join("\n\n") + "\n"
}

/**
 * The report as JSON text (every raw sample included).
 *
 * @since 0.1.0
 * @category reports
 */
export const toJson = (report: ScalabilityReport): string => JSON.stringify(report, null, 2) + "\n"

/**
 * Reads a report from JSON text; fails with `ReportError` for text that is
 * not JSON or not a `weft-bench/1` report. `source` names the text in errors.
 *
 * @example
 * const report = yield* fromJson(text, "before.json")
 * @since 0.1.0
 * @category reports
 */
export const fromJson = (text: string, source = "JSON input"): Effect.Effect<ScalabilityReport, ReportError> =>
  Effect.gen(function* () {
    const parsed = yield* Effect.try({
      try: () => JSON.parse(text) as unknown,
      catch: (e) => new ReportError({ path: source, reason: `not JSON: ${e instanceof Error ? e.message : String(e)}` })
    })
    const r = parsed as Partial<ScalabilityReport> | null
    if (r === null || typeof r !== "object" || r.format !== FORMAT) {
      return yield* Effect.fail(new ReportError({ path: source, reason: `not a ${FORMAT} report (format: ${JSON.stringify((r as { format?: unknown } | null)?.format)})` }))
    }
    if (!Array.isArray(r.workloads) || typeof r.machine !== "object" || typeof r.settings !== "object") {
      return yield* Effect.fail(new ReportError({ path: source, reason: "has no workloads, machine or settings" }))
    }
    return r as ScalabilityReport
  })

/**
 * Reads a report written by {@link writeReports} (its `report.json`, or the folder holding it).
 *
 * @since 0.1.0
 * @category reports
 */
export const readReport = (file: string): Effect.Effect<ScalabilityReport, ReportError> =>
  Effect.tryPromise({
    try: async () => {
      try {
        return await readFile(file, "utf8")
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "EISDIR") return await readFile(path.join(file, "report.json"), "utf8")
        throw e
      }
    },
    catch: (e) => new ReportError({ path: file, reason: e instanceof Error ? e.message : String(e) })
  }).pipe(Effect.flatMap((text) => fromJson(text, file)))

/**
 * The files {@link writeReports} wrote, as absolute paths.
 *
 * @since 0.1.0
 * @category models
 */
export interface WrittenReports {
  readonly dir: string
  readonly json: string
  readonly table: string
  readonly html: string
  readonly svgs: ReadonlyArray<string>
}

/**
 * The file names of a report's charts and pages, relative to its folder.
 *
 * @since 0.1.0
 * @category reports
 */
export const reportFiles = (report: ScalabilityReport): ReportFiles => ({
  json: "report.json",
  table: "table.txt",
  html: "index.html",
  speedup: "speedup.svg",
  efficiency: "efficiency.svg",
  durations: Object.fromEntries(report.workloads.map((w) => [w.name, `duration-${w.name}.svg`])),
  ceilings: Object.fromEntries(report.workloads.map((w) => [w.name, `ceiling-${w.name}.svg`])),
  batchScaling: report.batchScaling === null ? null : "batch-scaling.svg"
})

/**
 * Writes `report.json` (every raw sample and the machine), `table.txt`, the
 * SVG charts (speedup and efficiency against threads, a duration
 * distribution per workload, batch-count scaling) and `index.html`, which
 * gathers them, into `dir` (created if needed).
 *
 * @example
 * const written = yield* writeReports(report, "bench-out")
 * console.log(`open ${written.html}`)
 * @since 0.1.0
 * @category reports
 */
export const writeReports = (report: ScalabilityReport, dir: string): Effect.Effect<WrittenReports, ReportError> => {
  const files = reportFiles(report)
  const root = path.resolve(dir)
  const contents: Array<readonly [string, string]> = [
    [files.json, toJson(report)],
    [files.table, renderTable(report)],
    [files.speedup, Svg.speedupChart(report)],
    [files.efficiency, Svg.efficiencyChart(report)],
    ...report.workloads.map((w) => [files.durations[w.name], Svg.durationChart(w)] as const),
    ...report.workloads.map((w) => [files.ceilings![w.name], Svg.ceilingChart(w, report.machine.cores)] as const),
    ...(report.batchScaling === null || files.batchScaling === null ? [] : [[files.batchScaling, Svg.batchScalingChart(report.batchScaling)] as const]),
    [files.html, renderHtml(report, files)]
  ]
  return Effect.tryPromise({
    try: async () => {
      await mkdir(root, { recursive: true })
      for (const [name, text] of contents) await writeFile(path.join(root, name), text, "utf8")
    },
    catch: (e) => new ReportError({ path: root, reason: e instanceof Error ? e.message : String(e) })
  }).pipe(
    Effect.as({
      dir: root,
      json: path.join(root, files.json),
      table: path.join(root, files.table),
      html: path.join(root, files.html),
      svgs: contents.map(([name]) => name).filter((name) => name.endsWith(".svg")).map((name) => path.join(root, name))
    })
  )
}
