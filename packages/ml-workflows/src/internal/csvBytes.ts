/**
 * A numeric CSV reader over bytes, for the files most datasets are: no quoted
 * fields. It reads a byte range of the file in blocks, straight into the rows
 * of a shared matrix, without a string per field or per record, so that the
 * memory it needs is the matrix plus a block; ranges can run on different
 * threads (see Loading.ts). What it cannot read as the text reader
 * (Datasets.parseCsv) would — a quote anywhere, a byte-order mark or a blank
 * line before the header, a field outside ASCII — it reports, and the caller
 * falls back to the text reader, whose results and messages are the reference.
 *
 * A range owns the lines that start in it: a range that does not start at the
 * first data byte starts after the first line break at or after its start - 1.
 * No effect import: this module runs in workers.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs"

const QUOTE = 34
const CR = 13
const LF = 10
const MINUS = 45
const PLUS = 43
const DOT = 46
const ZERO = 48
const NINE = 57
const LOWER_E = 101
const UPPER_E = 69

const BLOCK = 1 << 20

/** What the byte reader needs to know of a file: its layout after the header. */
export interface CsvLayout {
  readonly path: string
  /** The first byte after the header's line break. */
  readonly dataStart: number
  /** The file's size in bytes when the header was read. */
  readonly size: number
  /** The 1-based line number of the first data line. */
  readonly firstLine: number
  /** Fields per record (the header's). */
  readonly width: number
  /** The target's column. */
  readonly target: number
  /** The field separator, one byte (44, a comma, unless the caller chose another). */
  readonly delimiter: number
}

/** Lines and records (non-blank lines) a range owns. */
export interface RangeCount {
  readonly lines: number
  readonly records: number
}

/** A problem found at a line, for the caller to turn into the text reader's error. */
export type RangeIssue =
  | { readonly _tag: "Width"; readonly line: number; readonly fields: number }
  | { readonly _tag: "Feature"; readonly line: number; readonly column: number; readonly value: string }
  | { readonly _tag: "Fallback"; readonly line: number; readonly reason: string }

/** The first thing about the target column that numeric targets cannot have: a missing or a non-numeric value. */
export type TargetEvent = { readonly _tag: "Missing" | "Label"; readonly line: number; readonly value: string }

/** What parsing a range found: the first problem, else the first target event (null when none). */
export interface RangeParsed {
  readonly issue: RangeIssue | null
  readonly target: TargetEvent | null
}

/** Calls `line(buffer, start, end, lineIndex)` for each line (without its LF) the range [from, to) owns. */
const eachLine = (
  layout: CsvLayout,
  from: number,
  to: number,
  line: (buf: Buffer, start: number, end: number, index: number) => boolean
): void => {
  const fd = openSync(layout.path, "r")
  try {
    const size = Math.min(layout.size, fstatSync(fd).size)
    let buf = Buffer.allocUnsafe(BLOCK)
    // The file offset of buf[0], and how many bytes of buf are filled.
    let base = from
    let filled = 0
    const fill = (): number => {
      if (filled === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2)
        buf.copy(bigger, 0, 0, filled)
        buf = bigger
      }
      const want = Math.min(buf.length - filled, size - (base + filled))
      if (want <= 0) return 0
      const got = readSync(fd, buf, filled, want, base + filled)
      filled += got
      return got
    }
    let pos = 0
    if (from > layout.dataStart) {
      // Skip to the first line that starts at or after `from`: after the first LF at or after from - 1.
      base = from - 1
      for (;;) {
        const lf = buf.indexOf(LF, pos)
        if (lf >= 0 && lf < filled) {
          pos = lf + 1
          break
        }
        pos = filled
        if (fill() === 0) return
      }
    }
    let index = 0
    for (;;) {
      if (base + pos >= to || base + pos >= size) return
      let lf = buf.indexOf(LF, pos)
      while (lf < 0 || lf >= filled) {
        // The line goes on past the block: keep it, drop what is done, read on.
        if (pos > 0) {
          buf.copy(buf, 0, pos, filled)
          base += pos
          filled -= pos
          pos = 0
        }
        const before = filled
        if (fill() === 0) {
          lf = -1
          break
        }
        lf = buf.indexOf(LF, before)
      }
      const end = lf < 0 ? filled : lf
      if (!line(buf, pos, end, index++)) return
      if (lf < 0) return
      pos = lf + 1
      if (pos >= filled) {
        base += pos
        filled = 0
        pos = 0
        if (fill() === 0) return
      }
    }
  } finally {
    closeSync(fd)
  }
}

const lineEnd = (buf: Buffer, start: number, end: number): number => (end > start && buf[end - 1] === CR ? end - 1 : end)

/** Counts the lines and the records (non-blank lines) that the range [from, to) of the file owns. */
export const countRange = (layout: CsvLayout, from: number, to: number): RangeCount => {
  let lines = 0
  let records = 0
  eachLine(layout, from, to, (buf, start, end) => {
    lines++
    if (lineEnd(buf, start, end) > start) records++
    return true
  })
  return { lines, records }
}

/** ASCII white space as `String.prototype.trim` sees it, less CR and LF (which end records). */
const isSpace = (b: number): boolean => b === 32 || b === 9 || b === 11 || b === 12

/** Whether bytes [a, b) hold a quote or a CR: the text reader would split or join records there. */
const textOnly = (buf: Buffer, a: number, b: number): boolean => {
  for (let i = a; i < b; i++) if (buf[i] === QUOTE || buf[i] === CR) return true
  return false
}

// The text reader's grammar (Datasets.ts), for the fields outside ASCII.
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/
const MISSING = new Set(["", "NA", "NaN", "nan"])

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22]

/** Not a number in the text reader's grammar. */
const NOT_A_NUMBER = Symbol("not a number")

type Parsed = number | typeof NOT_A_NUMBER

/**
 * The number in bytes [a, b), trimmed, in the text reader's grammar
 * (`[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?`), as `Number` reads it: exactly
 * (Clinger's fast path: at most 15 significant digits and a power of ten of
 * at most 22, one correctly rounded operation), else by `Number` itself on
 * the text. `missing` also takes "", "NA", "NaN" and "nan", as NaN.
 */
const parseField = (buf: Buffer, a: number, b: number, missing: boolean): Parsed => {
  while (a < b && isSpace(buf[a])) a++
  while (b > a && isSpace(buf[b - 1])) b--
  for (let i = a; i < b; i++) {
    if (buf[i] >= 0x80) {
      const s = buf.toString("utf8", a, b).trim()
      if (NUMBER.test(s)) return Number(s)
      return missing && MISSING.has(s) ? Number.NaN : NOT_A_NUMBER
    }
  }
  const n = b - a
  if (n === 0) return missing ? Number.NaN : NOT_A_NUMBER
  let i = a
  let negative = false
  if (buf[i] === MINUS || buf[i] === PLUS) negative = buf[i++] === MINUS
  let mantissa = 0
  let digits = 0
  let intDigits = 0
  let fracDigits = 0
  let exact = true
  while (i < b && buf[i] >= ZERO && buf[i] <= NINE) {
    if (digits > 0 || buf[i] !== ZERO) {
      if (digits < 15) mantissa = mantissa * 10 + (buf[i] - ZERO)
      else exact = false
      digits++
    }
    intDigits++
    i++
  }
  let scale = 0
  if (i < b && buf[i] === DOT) {
    i++
    while (i < b && buf[i] >= ZERO && buf[i] <= NINE) {
      if (digits > 0 || buf[i] !== ZERO) {
        if (digits < 15) mantissa = mantissa * 10 + (buf[i] - ZERO)
        else exact = false
        digits++
      }
      if (exact) scale++
      fracDigits++
      i++
    }
  }
  if (intDigits + fracDigits === 0) return missing ? missingMarker(buf, a, b) : NOT_A_NUMBER
  let exponent = 0
  if (i < b && (buf[i] === LOWER_E || buf[i] === UPPER_E)) {
    i++
    let expNegative = false
    if (i < b && (buf[i] === MINUS || buf[i] === PLUS)) expNegative = buf[i++] === MINUS
    const from = i
    while (i < b && buf[i] >= ZERO && buf[i] <= NINE) {
      if (exponent < 10000) exponent = exponent * 10 + (buf[i] - ZERO)
      i++
    }
    if (i === from) return missing ? missingMarker(buf, a, b) : NOT_A_NUMBER
    if (expNegative) exponent = -exponent
  }
  if (i !== b) return missing ? missingMarker(buf, a, b) : NOT_A_NUMBER
  const power = exponent - scale
  if (exact && power >= -22 && power <= 22) {
    // Both operands exact (mantissa < 10^15 < 2^53, 10^22 the largest exact power): one rounding, as Number's.
    const value = power >= 0 ? mantissa * POW10[power] : mantissa / POW10[-power]
    return negative ? -value : value
  }
  return Number(buf.toString("latin1", a, b))
}

/** NaN for a missing marker ("NA", "NaN", "nan"; "" is handled before), else not a number. */
const missingMarker = (buf: Buffer, a: number, b: number): Parsed => {
  const n = b - a
  if (n === 2 && buf[a] === 78 && buf[a + 1] === 65) return Number.NaN
  if (n === 3 && buf[a + 1] === 97 && ((buf[a] === 78 && buf[a + 2] === 78) || (buf[a] === 110 && buf[a + 2] === 110))) return Number.NaN
  return NOT_A_NUMBER
}

/**
 * Parses the records the range [from, to) owns into rows `row0`, `row0 + 1`,
 * ... of `X` (row-major, `width - 1` columns, the target left out) and of
 * `y` (the target, as numbers). Stops at the first problem. Records must be
 * as many as `countRange` found.
 */
export const parseRange = (
  layout: CsvLayout,
  from: number,
  to: number,
  firstLine: number,
  row0: number,
  X: Float64Array,
  y: Float64Array
): RangeParsed => {
  const { width, target, delimiter } = layout
  const p = width - 1
  let row = row0
  let issue: RangeIssue | null = null
  let targetEvent: TargetEvent | null = null
  eachLine(layout, from, to, (buf, start, end, index) => {
    const stop = lineEnd(buf, start, end)
    if (stop === start) return true
    const line = firstLine + index
    let col = 0
    let j = 0
    let a = start
    const out = row * p
    const fieldsOfLine = (): number => {
      let fields = 1
      for (let i = start; i < stop; i++) if (buf[i] === delimiter) fields++
      return fields
    }
    for (;;) {
      let b = a
      while (b < stop && buf[b] !== delimiter) b++
      if (col < width) {
        if (col === target) {
          const x = parseField(buf, a, b, false)
          if (typeof x === "number") y[row] = x
          else if (textOnly(buf, a, b)) {
            issue = { _tag: "Fallback", line, reason: "a quote or a carriage return inside a record" }
            return false
          } else if (targetEvent === null) {
            const value = buf.toString("utf8", a, b)
            targetEvent = { _tag: MISSING.has(value.trim()) ? "Missing" : "Label", line, value }
          }
        } else {
          const x = parseField(buf, a, b, true)
          if (typeof x !== "number") {
            // The text reader checks the field count of a record before its values.
            issue = textOnly(buf, start, stop)
              ? { _tag: "Fallback", line, reason: "a quote or a carriage return inside a record" }
              : fieldsOfLine() !== width
              ? { _tag: "Width", line, fields: fieldsOfLine() }
              : { _tag: "Feature", line, column: col, value: buf.toString("utf8", a, b) }
            return false
          }
          X[out + j++] = x
        }
      }
      col++
      if (b >= stop) break
      a = b + 1
    }
    if (col !== width) {
      issue = textOnly(buf, start, stop) ? { _tag: "Fallback", line, reason: "a quote or a carriage return inside a record" } : { _tag: "Width", line, fields: col }
      return false
    }
    row++
    return true
  })
  return { issue, target: targetEvent }
}

/**
 * The target fields of the records the range owns, as labels: each distinct
 * value once (in order of appearance), and for each record, written into `y`
 * from `row0`, the index of its value in that list.
 */
export const labelRange = (layout: CsvLayout, from: number, to: number, row0: number, y: Float64Array): Array<string> => {
  const { target, delimiter } = layout
  const labels: Array<string> = []
  const index = new Map<string, number>()
  let row = row0
  eachLine(layout, from, to, (buf, start, end) => {
    const stop = lineEnd(buf, start, end)
    if (stop === start) return true
    let a = start
    for (let col = 0; col < target; col++) {
      while (buf[a] !== delimiter) a++
      a++
    }
    let b = a
    while (b < stop && buf[b] !== delimiter) b++
    const value = buf.toString("utf8", a, b)
    let k = index.get(value)
    if (k === undefined) {
      k = labels.push(value) - 1
      index.set(value, k)
    }
    y[row++] = k
    return true
  })
  return labels
}

/** What `readHeader` found: the header's raw text and where the data starts, or why the byte reader cannot read the file. */
export type HeaderBytes =
  | { readonly ok: true; readonly text: string; readonly dataStart: number; readonly size: number }
  | { readonly ok: false; readonly reason: string }

/**
 * The header line of the file at `path` (its first line), and the offset of
 * the byte after its line break. Not for the byte reader: a file that starts
 * with a byte-order mark, a blank line or a quoted header, or is empty.
 */
export const readHeader = (path: string): HeaderBytes => {
  const fd = openSync(path, "r")
  try {
    const size = fstatSync(fd).size
    let buf = Buffer.allocUnsafe(Math.min(size, 1 << 16))
    let filled = 0
    for (;;) {
      const lf = buf.indexOf(LF)
      if (lf >= 0 && lf < filled) {
        return headerOf(buf, lf, lf + 1, size)
      }
      if (filled === size) return headerOf(buf, filled, filled, size)
      if (filled === buf.length) {
        const bigger = Buffer.allocUnsafe(Math.min(size, buf.length * 2))
        buf.copy(bigger, 0, 0, filled)
        buf = bigger
      }
      filled += readSync(fd, buf, filled, buf.length - filled, filled)
    }
  } finally {
    closeSync(fd)
  }
}

const headerOf = (buf: Buffer, end: number, dataStart: number, size: number): HeaderBytes => {
  const stop = lineEnd(buf, 0, end)
  if (stop === 0) return { ok: false, reason: "a blank first line" }
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { ok: false, reason: "a byte-order mark" }
  const quote = buf.indexOf(QUOTE)
  if (quote >= 0 && quote < stop) return { ok: false, reason: "a quoted header" }
  return { ok: true, text: buf.toString("utf8", 0, stop), dataStart, size }
}
