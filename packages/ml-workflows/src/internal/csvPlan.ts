/**
 * The steps of reading a CSV file with the byte reader (csvBytes.ts), shared
 * by the one-thread reader (Datasets.readCsv) and the parallel one
 * (Loading.readCsv): check the header, cut the data into byte ranges, count
 * each range's records, allocate the shared matrix, parse each range into its
 * rows, and turn what the ranges report into the text reader's errors, or into
 * class labels. The runs over ranges are the caller's: in a loop or on a pool.
 */
import { EmptyInput, InvalidOption, ShapeMismatch } from "@weft/core/Errors"
import { SharedMatrix } from "@weft/core/SharedMatrix"
import { countRange, labelRange, parseRange, readHeader, type CsvLayout, type RangeCount, type RangeParsed } from "./csvBytes.js"

/** The header's checks, as `parseCsv` makes them: names once each, the target among them, a feature besides it. Returns the target's column. */
export const checkHeader = (header: ReadonlyArray<string>, line: number, source: string, target: string | undefined): { readonly t: number; readonly targetName: string } => {
  const seen = new Set<string>()
  for (const name of header) {
    if (seen.has(name)) {
      throw new InvalidOption({ option: "column name", value: name, reason: `appears twice in the header of ${source} (line ${line})` })
    }
    seen.add(name)
  }
  const targetName = target ?? header[header.length - 1]
  const t = header.indexOf(targetName)
  if (t < 0) {
    throw new InvalidOption({
      option: "target",
      value: targetName,
      reason: `${source} has no column of that name; its columns are ${header.map((h) => JSON.stringify(h)).join(", ")}`
    })
  }
  if (header.length < 2) throw new EmptyInput({ what: `the feature columns of ${source} (the header names only the target)` })
  return { t, targetName }
}

/**
 * The field separator a caller asked for, checked: one ASCII character that
 * cannot be part of a number or of a record's framing (not a quote, a line
 * break, a digit, a sign, a dot or an exponent letter). Default: a comma.
 */
export const checkDelimiter = (delimiter: string | undefined): string => {
  if (delimiter === undefined) return ","
  if (typeof delimiter !== "string" || delimiter.length !== 1 || delimiter.charCodeAt(0) >= 0x80 || /["\r\n0-9.+\-eE]/.test(delimiter)) {
    throw new InvalidOption({
      option: "delimiter",
      value: delimiter,
      reason: "must be one ASCII character other than a quote, a line break, a digit, '.', '+', '-', 'e' or 'E' (such as ',', ';', '|' or a tab)"
    })
  }
  return delimiter
}

/** A file the byte reader can read, cut into ranges. */
export interface CsvPlan {
  readonly layout: CsvLayout
  readonly source: string
  readonly header: ReadonlyArray<string>
  readonly targetName: string
  /** [from, to) byte ranges covering the data, in file order. */
  readonly ranges: ReadonlyArray<readonly [number, number]>
}

/**
 * The plan for reading `path` in `pieces` ranges, or undefined when the byte
 * reader cannot read it (a byte-order mark, a blank line or quotes before the
 * data): then the text reader must. Throws the header's errors.
 */
export const planCsv = (path: string, source: string, target: string | undefined, pieces: number, delimiter = ","): CsvPlan | undefined => {
  const head = readHeader(path)
  if (!head.ok) return undefined
  const header = head.text.split(delimiter)
  const { t, targetName } = checkHeader(header, 1, source, target)
  const layout: CsvLayout = { path, dataStart: head.dataStart, size: head.size, firstLine: 2, width: header.length, target: t, delimiter: delimiter.charCodeAt(0) }
  const bytes = head.size - head.dataStart
  const k = Math.max(1, Math.min(pieces, Math.floor(bytes / 4096) || 1))
  const ranges: Array<readonly [number, number]> = []
  for (let i = 0; i < k; i++) {
    ranges.push([head.dataStart + Math.floor((bytes * i) / k), head.dataStart + Math.floor((bytes * (i + 1)) / k)])
  }
  return { layout, source, header, targetName, ranges }
}

/** The rows and lines before each range, and the matrix and targets they fill. */
export interface CsvTarget {
  readonly X: SharedMatrix
  readonly y: Float64Array
  readonly firstLines: ReadonlyArray<number>
  readonly firstRows: ReadonlyArray<number>
}

/** Allocates the shared matrix for the records the ranges counted; throws `EmptyInput` for none. */
export const allocate = (plan: CsvPlan, counts: ReadonlyArray<RangeCount>): CsvTarget => {
  const firstLines: Array<number> = []
  const firstRows: Array<number> = []
  let line = plan.layout.firstLine
  let rows = 0
  for (const c of counts) {
    firstLines.push(line)
    firstRows.push(rows)
    line += c.lines
    rows += c.records
  }
  if (rows === 0) throw new EmptyInput({ what: `${plan.source} (a header but no data rows)` })
  const X = SharedMatrix.zeros(rows, plan.layout.width - 1)
  const y = new Float64Array(new SharedArrayBuffer(rows * Float64Array.BYTES_PER_ELEMENT))
  return { X, y, firstLines, firstRows }
}

/**
 * What the parsed ranges amount to: `"text"` when the text reader must read
 * the file, `"labels"` when the target holds class labels (the caller then
 * runs `labelRange` on every range and calls `withLabels`), or `"numbers"`.
 * Throws the text reader's error for the first problem in the file.
 */
export const verdict = (plan: CsvPlan, parsed: ReadonlyArray<RangeParsed>): "text" | "labels" | "numbers" => {
  const { source, header, layout } = plan
  const issue = parsed.map((r) => r.issue).filter((i) => i !== null).sort((a, b) => a.line - b.line)[0]
  if (issue !== undefined) {
    switch (issue._tag) {
      case "Fallback":
        return "text"
      case "Width":
        throw new ShapeMismatch({ what: `${source}, line ${issue.line}`, expected: `${layout.width} fields (as the header)`, actual: `${issue.fields} fields` })
      case "Feature":
        throw new InvalidOption({
          option: `${source}, line ${issue.line}, column ${issue.column + 1} (${JSON.stringify(header[issue.column])})`,
          value: issue.value,
          reason: "is not a number; feature columns must be numeric"
        })
    }
  }
  const event = parsed.map((r) => r.target).filter((e) => e !== null).sort((a, b) => a.line - b.line)[0]
  if (event === undefined) return "numbers"
  if (event._tag === "Missing") {
    throw new InvalidOption({
      option: `${source}, line ${event.line}, column ${layout.target + 1} (${JSON.stringify(plan.targetName)})`,
      value: event.value,
      reason: "the target value is missing"
    })
  }
  return "labels"
}

/**
 * The class labels of the whole file, sorted as `parseCsv` sorts them, from
 * each range's own list; renumbers `y` (each range's rows hold indices into
 * its own list) to indices into the sorted one.
 */
export const withLabels = (target: CsvTarget, labels: ReadonlyArray<ReadonlyArray<string>>): ReadonlyArray<string> => {
  const classes = Array.from(new Set(labels.flat())).sort()
  const code = new Map(classes.map((label, k) => [label, k]))
  const { y, firstRows } = target
  for (let r = 0; r < labels.length; r++) {
    const local = labels[r].map((label) => code.get(label)!)
    const end = r + 1 < firstRows.length ? firstRows[r + 1] : y.length
    for (let i = firstRows[r]; i < end; i++) y[i] = local[y[i]]
  }
  return classes
}

/** A dataset as the byte reader gives it (Datasets.Dataset, without importing it). */
export interface BytesDataset {
  readonly X: SharedMatrix
  readonly y: Float64Array
  readonly featureNames: ReadonlyArray<string>
  readonly targetName: string
  readonly classes?: ReadonlyArray<string>
}

/** The dataset from a plan whose ranges are all parsed; `labels` runs `labelRange` on every range when needed. */
export const assemble = (
  plan: CsvPlan,
  out: CsvTarget,
  kind: "labels" | "numbers",
  labels: () => ReadonlyArray<ReadonlyArray<string>>
): BytesDataset => {
  const featureNames = plan.header.filter((_, j) => j !== plan.layout.target)
  if (kind === "numbers") return { X: out.X, y: out.y, featureNames, targetName: plan.targetName }
  return { X: out.X, y: out.y, featureNames, targetName: plan.targetName, classes: withLabels(out, labels()) }
}

/** Errors of the file system as `readCsv` reports them: the path cannot be read. */
export const unreadable = (path: string, e: unknown): unknown =>
  e instanceof InvalidOption || e instanceof EmptyInput || e instanceof ShapeMismatch
    ? e
    : new InvalidOption({ option: "path", value: path, reason: `cannot be read (${(e as Error).message})` })

/**
 * The byte reader on this thread, in `pieces` ranges one after the other, or
 * undefined when the file must be read as text.
 */
export const readCsvBytes = (path: string, target: string | undefined, pieces: number, delimiter = ","): BytesDataset | undefined => {
  try {
    const plan = planCsv(path, path, target, pieces, delimiter)
    if (plan === undefined) return undefined
    const out = allocate(plan, plan.ranges.map(([from, to]) => countRange(plan.layout, from, to)))
    const parsed = plan.ranges.map(([from, to], r) => parseRange(plan.layout, from, to, out.firstLines[r], out.firstRows[r], out.X.data, out.y))
    const kind = verdict(plan, parsed)
    if (kind === "text") return undefined
    return assemble(plan, out, kind, () => plan.ranges.map(([from, to], r) => labelRange(plan.layout, from, to, out.firstRows[r], out.y)))
  } catch (e) {
    throw unreadable(path, e)
  }
}
