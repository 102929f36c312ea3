/**
 * Two reports side by side (before and after a change): the ratio of the
 * medians per row, and whether the change is larger than the noise.
 *
 * @since 0.1.0
 */
import { ms, table, times } from "./internal/format.js"
import { machineLine, type Machine } from "./Machine.js"
import type { ScalabilityReport } from "./Scalability.js"
import type { Summary } from "./Stats.js"

/**
 * One row found in both reports.
 *
 * @since 0.1.0
 * @category models
 */
export interface ComparisonRow {
  readonly workload: string
  readonly run: "sequential" | "weft" | "piscina"
  readonly threads: number
  readonly beforeMs: number
  readonly afterMs: number
  /** after / before: below 1, the change made it faster. */
  readonly ratio: number
  /** "faster" or "slower" when the medians' confidence intervals do not overlap, else "within noise". */
  readonly change: "faster" | "slower" | "within noise"
  /** The weft row's speedup over 1 thread, before and after (null for other rows). */
  readonly speedupBefore: number | null
  readonly speedupAfter: number | null
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Comparison {
  readonly before: { readonly createdAt: string; readonly machine: Machine }
  readonly after: { readonly createdAt: string; readonly machine: Machine }
  /** Same CPU model and core count: otherwise the ratios compare machines, not changes. */
  readonly sameMachine: boolean
  readonly rows: ReadonlyArray<ComparisonRow>
  /** Rows ("workload/run/threads") found in one report only. */
  readonly onlyBefore: ReadonlyArray<string>
  readonly onlyAfter: ReadonlyArray<string>
}

interface Row {
  readonly key: string
  readonly workload: string
  readonly run: ComparisonRow["run"]
  readonly threads: number
  readonly timing: Summary
  readonly speedup: number | null
}

const rowsOf = (report: ScalabilityReport): Array<Row> =>
  report.workloads.flatMap((w) => [
    { key: `${w.name}/sequential/1`, workload: w.name, run: "sequential" as const, threads: 1, timing: w.sequential.timing, speedup: null },
    ...w.counts.map((c) => ({ key: `${w.name}/weft/${c.threads}`, workload: w.name, run: "weft" as const, threads: c.threads, timing: c.timing, speedup: c.speedup })),
    ...(w.piscina ?? []).map((p) => ({ key: `${w.name}/piscina/${p.threads}`, workload: w.name, run: "piscina" as const, threads: p.threads, timing: p.timing, speedup: null }))
  ])

/**
 * Matches the rows of two reports (by workload, run and thread count) and
 * gives the ratio of their medians.
 *
 * @example
 * const c = compareReports(yield* readReport("before.json"), yield* readReport("after.json"))
 * console.log(renderComparison(c))
 * @since 0.1.0
 * @category analysis
 */
export const compareReports = (before: ScalabilityReport, after: ScalabilityReport): Comparison => {
  const a = rowsOf(before)
  const b = new Map(rowsOf(after).map((r) => [r.key, r]))
  const rows: Array<ComparisonRow> = []
  for (const r of a) {
    const s = b.get(r.key)
    if (s === undefined) continue
    const faster = s.timing.ci.high < r.timing.ci.low
    const slower = s.timing.ci.low > r.timing.ci.high
    rows.push({
      workload: r.workload,
      run: r.run,
      threads: r.threads,
      beforeMs: r.timing.median,
      afterMs: s.timing.median,
      ratio: s.timing.median / r.timing.median,
      change: faster ? "faster" : slower ? "slower" : "within noise",
      speedupBefore: r.speedup,
      speedupAfter: s.speedup
    })
  }
  const keysA = new Set(a.map((r) => r.key))
  return {
    before: { createdAt: before.createdAt, machine: before.machine },
    after: { createdAt: after.createdAt, machine: after.machine },
    sameMachine: before.machine.cpuModel === after.machine.cpuModel && before.machine.cores === after.machine.cores,
    rows,
    onlyBefore: a.filter((r) => !b.has(r.key)).map((r) => r.key),
    onlyAfter: [...b.keys()].filter((k) => !keysA.has(k))
  }
}

/**
 * The comparison as console text: one row per matched run with both
 * medians, the ratio (after / before) and the change.
 *
 * @since 0.1.0
 * @category rendering
 */
export const renderComparison = (c: Comparison): string => {
  const header = ["Workload", "Run", "Threads", "Before (ms)", "After (ms)", "Ratio", "Change", "Speedup before", "Speedup after"]
  const rows = c.rows.map((r) => [r.workload, r.run, String(r.threads), ms(r.beforeMs), ms(r.afterMs), times(r.ratio), r.change, times(r.speedupBefore), times(r.speedupAfter)])
  const lines = [
    `Before: ${c.before.createdAt} on ${machineLine(c.before.machine)}`,
    `After:  ${c.after.createdAt} on ${machineLine(c.after.machine)}`
  ]
  if (!c.sameMachine) lines.push("Warning: the reports come from different machines; the ratios compare machines as much as changes.")
  lines.push("Ratio is after / before (below 1: faster). A change counts only when the medians' confidence intervals do not overlap.")
  lines.push(table(header, rows, header.map((_, k) => k >= 2 && k !== 6)))
  if (c.onlyBefore.length > 0) lines.push(`Only in before: ${c.onlyBefore.join(", ")}`)
  if (c.onlyAfter.length > 0) lines.push(`Only in after: ${c.onlyAfter.join(", ")}`)
  return lines.join("\n") + "\n"
}
