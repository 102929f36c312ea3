/**
 * Number and table formatting shared by the text, SVG and HTML reports.
 */

/** Milliseconds with one decimal ("1234.5"), or "–" for a missing value. */
export const ms = (x: number | null | undefined): string => (x === null || x === undefined || !Number.isFinite(x) ? "–" : x.toFixed(1))

/** A number with `digits` decimals, or "–" for a missing value. */
export const fixed = (x: number | null | undefined, digits = 2): string => (x === null || x === undefined || !Number.isFinite(x) ? "–" : x.toFixed(digits))

/** An interval as "0.87–0.95", or "–" without one. */
export const intervalText = (i: { readonly low: number | null; readonly high: number | null }, digits = 2): string =>
  i.low === null || i.high === null ? "–" : `${fixed(i.low, digits)}–${fixed(i.high, digits)}`

/** A ratio as "1.87x". */
export const times = (x: number | null | undefined): string => (x === null || x === undefined || !Number.isFinite(x) ? "–" : `${x.toFixed(2)}x`)

/** A fraction as "93.6%". */
export const percent = (x: number | null | undefined, digits = 1): string =>
  x === null || x === undefined || !Number.isFinite(x) ? "–" : `${(100 * x).toFixed(digits)}%`

/** The Amdahl ceiling in words: none for p ≥ 1, no speedup for p ≤ 0. */
export const ceilingText = (a: { readonly p: number; readonly ceiling: number | null }): string =>
  a.ceiling === null ? "none (p ≥ 1)" : a.p <= 0 ? "none: no speedup (p ≤ 0)" : times(a.ceiling)

/** Columns padded to their widest cell; `right[c]` right-aligns column c (numbers). */
export const table = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>, right: ReadonlyArray<boolean>): string => {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? "").length)))
  const line = (cells: ReadonlyArray<string>) =>
    cells
      .map((cell, c) => (right[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join("  ")
      .trimEnd()
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n")
}

/** Escapes text for XML and HTML content and attribute values. */
export const escapeXml = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;")

/**
 * The columns of a workload's table against the machine's ceiling (text and
 * HTML reports alike): the task-bound columns where the work cannot split
 * evenly.
 */
export const ceilingColumns = (structured: boolean): Array<string> => [
  "Threads",
  "Speedup",
  "Ceiling",
  ...(structured ? ["Task bound", "Achievable"] : []),
  structured ? "Speedup ÷ achievable" : "Speedup ÷ ceiling",
  "95% CI",
  "Rounds (min–max)",
  "Target"
]

/** The bound of a count's tasks as the report used it: measured on 1 thread where it was, else the equal-task one. */
export const taskBoundOf = (k: { readonly structuralBound: number | null; readonly measuredBound?: { readonly mean: number } | null }): number | null =>
  k.measuredBound?.mean ?? k.structuralBound

/** How the ratio is made, in words, for the reports. */
export const ceilingMethod = (against: string, structured: boolean, rounds: number): string =>
  `Compared with the ${against}, run on every worker of the sample's own pool right before and right after each timed sample (1-thread and T-thread samples interleaved, 1, T, T, 1, …). ` +
  "Per round: speedup = median of the 1-thread samples / median of the T-thread ones; efficiency = the same medians after each sample is measured in kernel runs its workers could do around it, the mean of the two kernel times (a core that runs slow for a while slows both and drops out); ceiling = speedup / efficiency" +
  (structured
    ? "; achievable = the speedup of the workload's few tasks scheduled as the pool takes them (each by the first free worker) on workers of the paces the kernel found around each sample, the task bound when all run alike; ratio = speedup / achievable"
    : "; ratio = speedup / ceiling = efficiency") +
  `. Mean over ${rounds} round${rounds === 1 ? "" : "s"}; CI: 95% Student-t interval of the mean of the per-round ratios${rounds < 2 ? " (needs 2 rounds or more)" : ""}.`
