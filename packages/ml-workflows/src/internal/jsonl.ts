/**
 * JSON lines (`.jsonl`, `.ndjson`) into a dataset: one JSON object per line,
 * blank lines skipped. The columns are the keys of the first object, in its
 * order; every other object has those keys (an absent key or a null is a
 * missing value, as an empty CSV field is) and no other.
 *
 * Memory: the file is read in blocks of 1 MiB, twice: a first pass counts the
 * records (non-blank lines) so that the shared matrix is allocated once; the
 * second parses one line at a time into it. No string of the whole file is
 * ever made. Synchronous, like `Datasets.readCsv`.
 */
import { EmptyInput, InvalidOption, ShapeMismatch } from "@weft/core/Errors"
import { closeSync, openSync, readSync } from "node:fs"
import type { BytesDataset } from "./csvPlan.js"
import { TableSink } from "./tableSink.js"

const LF = 10
const BLOCK = 1 << 20

/** Calls `line(buffer, start, end, lineNumber)` for each line of the file (without its LF). */
const eachLine = (path: string, line: (buf: Buffer, start: number, end: number, number: number) => void): void => {
  const fd = openSync(path, "r")
  try {
    let buf = Buffer.allocUnsafe(BLOCK)
    let filled = 0
    let number = 1
    for (;;) {
      if (filled === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2)
        buf.copy(bigger, 0, 0, filled)
        buf = bigger
      }
      const got = readSync(fd, buf, filled, buf.length - filled, null)
      filled += got
      let pos = 0
      for (;;) {
        const lf = buf.indexOf(LF, pos)
        if (lf < 0 || lf >= filled) break
        line(buf, pos, lf, number++)
        pos = lf + 1
      }
      if (got === 0) {
        if (pos < filled) line(buf, pos, filled, number)
        return
      }
      buf.copy(buf, 0, pos, filled)
      filled -= pos
    }
  } finally {
    closeSync(fd)
  }
}

/** Whether bytes [start, end) are all white space (a blank line). */
const blank = (buf: Buffer, start: number, end: number): boolean => {
  for (let i = start; i < end; i++) {
    const b = buf[i]
    if (b !== 32 && b !== 9 && b !== 13) return false
  }
  return true
}

const parseLine = (source: string, buf: Buffer, start: number, end: number, number: number): Record<string, unknown> => {
  const text = buf.toString("utf8", start, end)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    throw new InvalidOption({ option: `${source}, line ${number}`, value: text.length > 80 ? `${text.slice(0, 77)}...` : text, reason: `is not valid JSON (${(e as Error).message})` })
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidOption({ option: `${source}, line ${number}`, value: text.length > 80 ? `${text.slice(0, 77)}...` : text, reason: "is not a JSON object; each line must hold one object of named values" })
  }
  return value as Record<string, unknown>
}

/** Reads the JSON lines file at `path` (called `source` in messages); throws the errors of `TableSink`, `InvalidOption` for a line that is not a JSON object, `ShapeMismatch` for an object with a key the first one lacks. */
export const readJsonLinesFile = (path: string, source: string, target: string | undefined): BytesDataset => {
  let names: ReadonlyArray<string> | undefined
  let rows = 0
  eachLine(path, (buf, start, end, number) => {
    if (blank(buf, start, end)) return
    if (names === undefined) names = Object.keys(parseLine(source, buf, start, end, number))
    rows++
  })
  if (names === undefined) throw new EmptyInput({ what: `${source} (no JSON objects)` })
  const sink = new TableSink(source, names, target, rows, "line")
  const columns = sink.names
  const width = columns.length
  const known = new Set(columns)
  let row = 0
  eachLine(path, (buf, start, end, number) => {
    if (blank(buf, start, end)) return
    if (row >= rows) throw new InvalidOption({ option: source, value: path, reason: "grew while it was read" })
    const record = parseLine(source, buf, start, end, number)
    let present = 0
    for (let col = 0; col < width; col++) {
      const value = Object.hasOwn(record, columns[col]) ? record[columns[col]] : undefined
      if (value !== undefined) present++
      sink.value(col, row, value, number)
    }
    if (present !== Object.keys(record).length) {
      const extra = Object.keys(record).find((k) => !known.has(k))!
      throw new ShapeMismatch({ what: `${source}, line ${number}`, expected: `the keys of the first object (${columns.map((c) => JSON.stringify(c)).join(", ")})`, actual: `also ${JSON.stringify(extra)}` })
    }
    row++
  })
  return sink.finish()
}
