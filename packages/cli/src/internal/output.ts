/**
 * Where the CLI writes: results on stdout (and nothing else there), progress,
 * notes and errors on stderr. Plus the small text helpers every command's
 * report uses: numbers, aligned tables, CSV fields.
 */
import { Effect } from "effect"
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeFileSync } from "node:fs"
import { basename, dirname, join } from "node:path"

/** Writes a result to stdout; a newline is added. */
export const stdout = (text: string): Effect.Effect<void> => Effect.sync(() => void process.stdout.write(`${text}\n`))

/** Writes a note or an error to stderr; a newline is added. */
export const stderr = (text: string): Effect.Effect<void> => Effect.sync(() => void process.stderr.write(`${text}\n`))

/** A write error in a few words: `no space left on device (ENOSPC)`. */
export const writeError = (error: NodeJS.ErrnoException): string => {
  // Node's "ENOSPC: no space left on device, write" and "ENOENT: …, open '/tmp/.x.tmp'" without the call's details.
  const text = error.message.replace(/^[A-Z]+: /, "").replace(/, \w+( '.*')?$/, "")
  return error.code === undefined || text.includes(error.code) ? text : `${text} (${error.code})`
}

/**
 * Writes `text` (or bytes) to `path` so that `path` never holds a partial file: first to
 * a temporary file in the same folder (so that the rename stays on one file
 * system), flushed to disk, then renamed over `path`. Killed half-way, the run
 * leaves `path` as it was (absent, or the previous complete file) and, at worst,
 * a hidden `.NAME.weft-PID.tmp` beside it. Throws the file system's error.
 */
export const writeFileAtomically = (path: string, text: string | Uint8Array): void => {
  const temporary = join(dirname(path), `.${basename(path)}.weft-${process.pid}.tmp`)
  let fd: number | undefined
  try {
    fd = openSync(temporary, "w")
    writeFileSync(fd, text) // loops over partial writes, unlike one writeSync
    fsyncSync(fd)
    closeSync(fd)
    fd = undefined
    renameSync(temporary, path)
  } catch (error) {
    if (fd !== undefined) closeSync(fd)
    try {
      unlinkSync(temporary)
    } catch {
      // It was never created, or is already renamed.
    }
    throw error
  }
}

/** The one JSON document of a `--json` run. NaN and infinities become null, as JSON has no word for them. */
export const json = (value: unknown): Effect.Effect<void> => stdout(JSON.stringify(value, jsonReplacer, 2))

const jsonReplacer = (_key: string, value: unknown): unknown => {
  if (value instanceof Float64Array || value instanceof Int32Array) return Array.from(value)
  return value
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g

/** `text` without terminal colour codes. */
export const stripAnsi = (text: string): string => text.replace(ANSI, "")

/** A score for people: 4 decimals for moderate sizes, else 4 significant digits with an exponent. */
export const formatNumber = (x: number): string => {
  if (Number.isNaN(x)) return "NaN"
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf"
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x)
  const a = Math.abs(x)
  if (a >= 1e-3 && a < 1e6) return x.toFixed(4).replace(/\.?0+$/, "")
  return x.toExponential(3)
}

/** A parameter value as the user would type it: arrays as `[64,32]`, numbers to 6 significant digits. */
export const formatValue = (value: unknown): string =>
  Array.isArray(value)
    ? `[${value.map(formatValue).join(",")}]`
    : typeof value === "number" && !Number.isInteger(value)
      ? String(Number(value.toPrecision(6)))
      : String(value)

/** Parameters as `alpha=1 fitIntercept=true`, or `(defaults)`. */
export const formatParams = (params: Readonly<Record<string, unknown>>): string => {
  const entries = Object.entries(params)
  return entries.length === 0 ? "(defaults)" : entries.map(([k, v]) => `${k}=${formatValue(v)}`).join(" ")
}

/**
 * Rows of cells as an aligned, plain-text table: the first row is the header;
 * `right` lists the columns aligned to the right (numbers).
 */
export const table = (rows: ReadonlyArray<ReadonlyArray<string>>, right: ReadonlySet<number> = new Set()): string => {
  const widths: Array<number> = []
  for (const row of rows) row.forEach((cell, j) => (widths[j] = Math.max(widths[j] ?? 0, cell.length)))
  return rows
    .map((row) => row.map((cell, j) => (right.has(j) ? cell.padStart(widths[j]) : cell.padEnd(widths[j]))).join("  ").trimEnd())
    .join("\n")
}

/** `1 thread`, `2 threads`. */
export const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? "" : "s"}`

/** A CSV field, quoted when it holds a separator, a quote or a line break (RFC 4180). */
export const csvField = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value)

/** A number in a CSV file: full precision, so that a reader gets back the same double. */
export const csvNumber = (x: number): string => (Number.isNaN(x) ? "NaN" : String(x))
