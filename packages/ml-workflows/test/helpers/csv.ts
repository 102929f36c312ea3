/**
 * Test-only readers for the shared datasets and reference files (kept apart
 * from the package's own dataset loader so the model tests do not depend on it).
 */
import { readFileSync } from "node:fs"
import { SharedMatrix } from "@weft/core"

/** A dataset read from the package's shipped `data/<name>.csv` (copies of shared/datasets): features, target, and class names when the target is text. */
export interface CsvDataset {
  readonly X: SharedMatrix
  readonly y: Float64Array
  /** Sorted distinct target strings (label c is classes[c]); empty for a numeric target. */
  readonly classes: ReadonlyArray<string>
  readonly header: ReadonlyArray<string>
}

// Everything a test reads lives in the repository, so a clone alone passes its tests.
const DATA = new URL("../../data/", import.meta.url)

/** Reads a CSV with a header row whose last column is the target (numbers, or strings encoded in sorted order). */
export const readDataset = (name: string): CsvDataset => {
  const text = readFileSync(new URL(`${name}.csv`, DATA), "utf8")
  const lines = text.split(/\r?\n/).filter((line) => line.length > 0)
  const header = lines[0].split(",")
  const body = lines.slice(1).map((line) => line.split(","))
  const p = header.length - 1
  const X = SharedMatrix.zeros(body.length, p)
  const targets = body.map((cells) => cells[p])
  const numeric = targets.every((t) => t.trim() !== "" && Number.isFinite(Number(t)))
  const classes = numeric ? [] : Array.from(new Set(targets)).sort()
  const y = new Float64Array(body.length)
  for (let i = 0; i < body.length; i++) {
    const cells = body[i]
    if (cells.length !== header.length) throw new Error(`${name}.csv line ${i + 2}: ${cells.length} cells, expected ${header.length}`)
    for (let j = 0; j < p; j++) X.data[i * p + j] = Number(cells[j])
    y[i] = numeric ? Number(targets[i]) : classes.indexOf(targets[i])
  }
  return { X, y, classes, header }
}

/** Parses `test/fixtures/sklearn-shared.json` (a copy of shared/reference/sklearn.json: scikit-learn 1.2.1 answers). */
export const readSharedReference = (): any =>
  JSON.parse(readFileSync(new URL("../fixtures/sklearn-shared.json", import.meta.url), "utf8"))

/** Parses `test/fixtures/sklearn-models.json` (written by tools/reference/ml_models.py). */
export const readModelFixtures = (): any =>
  JSON.parse(readFileSync(new URL("../fixtures/sklearn-models.json", import.meta.url), "utf8"))

/** A copy of `X` with every column centred and divided by its population standard deviation (StandardScaler). */
export const standardise = (X: SharedMatrix): SharedMatrix => {
  const { rows, columns } = X
  const out = SharedMatrix.zeros(rows, columns)
  for (let j = 0; j < columns; j++) {
    let mean = 0
    for (let i = 0; i < rows; i++) mean += X.data[i * columns + j]
    mean /= rows
    let variance = 0
    for (let i = 0; i < rows; i++) variance += (X.data[i * columns + j] - mean) ** 2
    const sd = Math.sqrt(variance / rows)
    for (let i = 0; i < rows; i++) out.data[i * columns + j] = (X.data[i * columns + j] - mean) / sd
  }
  return out
}

/** The largest of |a[k] − b[k]| / max(|b[k]|, floor). */
export const maxRelativeError = (a: ArrayLike<number>, b: ArrayLike<number>, floor = 1): number => {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`)
  let worst = 0
  for (let k = 0; k < a.length; k++) {
    const e = Math.abs(a[k] - b[k]) / Math.max(Math.abs(b[k]), floor)
    if (!(e <= worst)) worst = e
  }
  return worst
}
