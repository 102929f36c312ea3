/**
 * Datasets: a CSV reader into shared matrices, the three classic datasets
 * shipped with the package (iris, breast cancer, diabetes), and seeded
 * synthetic regression and classification problems.
 *
 * @since 0.1.0
 */
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import * as Check from "@weft/core/Check"
import { EmptyInput, InvalidOption, ShapeMismatch } from "@weft/core/Errors"
import * as Rng from "@weft/core/Rng"
import { SharedMatrix } from "@weft/core/SharedMatrix"
import { checkDelimiter, checkHeader, readCsvBytes } from "./internal/csvPlan.js"
import { fillRegressionChunk, regressionChunks, regressionCoef, type RegressionSpec } from "./internal/synthetic.js"
import { checkSeed } from "./Split.js"

/**
 * Features, target and names of a dataset. `X` and `y` live in shared memory,
 * ready for the workers. For a target read as strings, `y` holds class
 * numbers 0..K-1 and `classes[y]` the label names, sorted.
 *
 * @since 0.1.0
 * @category models
 */
export interface Dataset {
  readonly X: SharedMatrix
  readonly y: Float64Array
  readonly featureNames: ReadonlyArray<string>
  readonly targetName: string
  readonly classes?: ReadonlyArray<string>
}

/**
 * @since 0.1.0
 * @category models
 */
export interface CsvOptions {
  /** The name of the target column (default: the last column). */
  readonly target?: string | undefined
  /** What to call the input in error messages (default "CSV input"; `readCsv` uses the path). */
  readonly source?: string | undefined
  /**
   * The field separator: one ASCII character such as `","` (the default),
   * `";"`, `"\t"` or `"|"`; not a quote, a line break or a character of a
   * number. Quoting (`"a;b"`) works with any of them.
   */
  readonly delimiter?: string | undefined
}

/**
 * Parses CSV text with a header row into a {@link Dataset}: every column but
 * the target is a numeric feature; the target is numeric when all its values
 * are numbers, and otherwise class labels (numbered in sorted order of the
 * label strings, as scikit-learn's `LabelEncoder`). Fields may be quoted
 * (`"a, b"`, with `""` for a quote); blank lines are skipped; an empty
 * feature field, `NA`, `NaN` or `nan` is a missing value (NaN).
 *
 * Errors name the source, the 1-based line number and the column:
 * `EmptyInput` for no header or no data rows; `InvalidOption` for a missing
 * target column, a duplicate column name, a feature value that is not a
 * number, or a missing target value; `ShapeMismatch` for a row whose field
 * count differs from the header's.
 *
 * @example
 * const { X, y, classes } = parseCsv("a,b,label\n1,2,x\n3,4,y\n")
 * // X: 2x2, y: [0, 1], classes: ["x", "y"]
 * @since 0.1.0
 * @category loading
 */
export const parseCsv = (text: string, options: CsvOptions = {}): Dataset => {
  const source = options.source ?? "CSV input"
  const delimiter = checkDelimiter(options.delimiter).charCodeAt(0)
  const records = parseRecords(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, source, delimiter)
  if (records.length === 0) throw new EmptyInput({ what: source })
  const header = records[0].fields
  const width = header.length
  const { t, targetName } = checkHeader(header, records[0].line, source, options.target)
  const n = records.length - 1
  if (n === 0) throw new EmptyInput({ what: `${source} (a header but no data rows)` })

  const p = width - 1
  const featureNames = header.filter((_, j) => j !== t)
  const X = SharedMatrix.zeros(n, p)
  const targets: Array<string> = new Array(n)
  const targetLines = new Int32Array(n)
  const d = X.data
  for (let i = 0; i < n; i++) {
    const { line, fields } = records[i + 1]
    if (fields.length !== width) {
      throw new ShapeMismatch({ what: `${source}, line ${line}`, expected: `${width} fields (as the header)`, actual: `${fields.length} fields` })
    }
    let j = 0
    for (let col = 0; col < width; col++) {
      const field = fields[col]
      if (col === t) {
        targets[i] = field
        targetLines[i] = line
        continue
      }
      const x = parseNumber(field, true)
      if (x === undefined) {
        throw new InvalidOption({
          option: `${source}, line ${line}, column ${col + 1} (${JSON.stringify(header[col])})`,
          value: field,
          reason: "is not a number; feature columns must be numeric"
        })
      }
      d[i * p + j++] = x
    }
  }
  return { X, featureNames, targetName, ...encodeTarget(targets, targetLines, source, targetName, t) }
}

/**
 * Reads a CSV file (UTF-8) as {@link parseCsv} parses it; errors name the file.
 * Throws `InvalidOption` when the file cannot be read.
 *
 * A file without quotes is read as bytes, block by block, straight into the
 * shared matrix (no string per field: the memory it takes is the matrix and a
 * block of 1 MiB); a file with a quote, a carriage return inside a line, a
 * byte-order mark or a blank line before the header is read as text. The
 * results and the errors are the same either way. `Loading.readCsv` reads the
 * byte ranges of a large file on the pool's threads.
 *
 * @example
 * const { X, y } = readCsv("data/houses.csv", { target: "price" })
 * @since 0.1.0
 * @category loading
 */
export const readCsv = (path: string | URL, options: Omit<CsvOptions, "source"> = {}): Dataset => {
  const name = typeof path === "string" ? path : fileURLToPath(path)
  const delimiter = checkDelimiter(options.delimiter)
  const bytes = readCsvBytes(name, options.target, 1, delimiter)
  if (bytes !== undefined) return bytes
  let text: string
  try {
    text = readFileSync(path, "utf8")
  } catch (e) {
    throw new InvalidOption({ option: "path", value: name, reason: `cannot be read (${(e as Error).message})` })
  }
  return parseCsv(text, { ...options, source: name })
}

/**
 * The datasets shipped with the package.
 *
 * @since 0.1.0
 * @category models
 */
export type DatasetName = "iris" | "breast-cancer" | "diabetes"

/**
 * @since 0.1.0
 * @category constants
 */
export const datasetNames: ReadonlyArray<DatasetName> = ["iris", "breast-cancer", "diabetes"]

/**
 * One of the datasets shipped in the package's `data/` folder (exported from
 * scikit-learn 1.2.1's copies; see `data/README.md`): `iris` (150 × 4, three
 * species), `breast-cancer` (569 × 30, "benign" = 0 / "malignant" = 1, in
 * sorted label order, the reverse of scikit-learn's encoding), `diabetes`
 * (442 × 10, a numeric target). Throws `InvalidOption` for another name.
 *
 * @example
 * const { X, y, classes } = loadDataset("iris") // classes: ["setosa", "versicolor", "virginica"]
 * @since 0.1.0
 * @category loading
 */
export const loadDataset = (name: DatasetName): Dataset => {
  // One literal URL per file, so that bundlers see and copy each of them.
  switch (name) {
    case "iris":
      return readCsv(new URL("../data/iris.csv", import.meta.url))
    case "breast-cancer":
      return readCsv(new URL("../data/breast-cancer.csv", import.meta.url))
    case "diabetes":
      return readCsv(new URL("../data/diabetes.csv", import.meta.url))
    default:
      throw new InvalidOption({ option: "dataset", value: name, reason: `unknown; the built-in datasets are ${datasetNames.join(", ")}` })
  }
}

/**
 * @since 0.1.0
 * @category models
 */
export interface SyntheticRegressionOptions {
  readonly rows: number
  readonly features: number
  /** How many features carry signal; the others have coefficient 0 (default: all). */
  readonly informative?: number | undefined
  /** Standard deviation of the Gaussian noise added to y (default 0). */
  readonly noise?: number | undefined
  /** Intercept added to y (default 0). */
  readonly bias?: number | undefined
  readonly seed: number
}

/**
 * A random linear regression problem, after scikit-learn's `make_regression`:
 * features i.i.d. standard normal, the first `informative` coefficients
 * uniform in [0, 100) and the rest 0, `y = X·coef + bias + noise·N(0, 1)`.
 * Drawn with weft's `Rng` in chunks of 4096 rows, each from its own stream
 * (`Rng.derive(seed, 1, chunk)`: the chunk's features row by row, then its
 * noise; the coefficients from `Rng.derive(seed, 0)`): a pure function of the
 * options, which `Loading.syntheticRegression` draws on the pool's threads
 * with the same values at any thread count. (Since 0.2.0; 0.1.0 drew
 * everything from one stream, so the values changed once then.)
 * Returns the dataset and the true coefficients.
 *
 * Throws `InvalidOption` for an option out of range.
 *
 * @example
 * const { X, y, coef } = syntheticRegression({ rows: 1000, features: 5, noise: 0.1, seed: 1 })
 * @since 0.1.0
 * @category constructors
 */
export const syntheticRegression = (options: SyntheticRegressionOptions): Dataset & { readonly coef: ReadonlyArray<number> } => {
  const { spec, X, y } = regressionSetup(options)
  for (let c = 0; c < regressionChunks(spec.rows); c++) fillRegressionChunk(c, spec, X.data, y)
  return { X, y, featureNames: names(spec.features), targetName: "y", coef: Array.from(spec.coef) }
}

/** @internal The checked options of a synthetic regression, its coefficients, and the shared memory it fills. */
export const regressionSetup = (options: SyntheticRegressionOptions): { readonly spec: RegressionSpec; readonly X: SharedMatrix; readonly y: Float64Array } => {
  const n = Check.integer("rows", options.rows, { min: 1 })
  const p = Check.integer("features", options.features, { min: 1 })
  const informative = Check.integer("informative", options.informative ?? p, { min: 0, max: p })
  const noise = checkNonNegative("noise", options.noise ?? 0)
  const bias = Check.number("bias", options.bias ?? 0, { reason: "must be a finite number" })
  const seed = checkSeed(options.seed)
  const spec: RegressionSpec = { rows: n, features: p, coef: regressionCoef(seed, p, informative), bias, noise, seed }
  return { spec, X: SharedMatrix.zeros(n, p), y: sharedVector(n) }
}

/** @internal Feature names x0, x1, ... */
export const names = (p: number): Array<string> => Array.from({ length: p }, (_, j) => `x${j}`)

/**
 * @since 0.1.0
 * @category models
 */
export interface SyntheticClassificationOptions {
  readonly rows: number
  readonly features: number
  /** Number of classes, at least 2 and at most `rows` (default 2). */
  readonly classes?: number | undefined
  /** Standard deviation of the class centres around 0; larger is easier (default 2). */
  readonly separation?: number | undefined
  readonly seed: number
}

/**
 * A random classification problem of Gaussian blobs: `classes` centres drawn
 * from N(0, separation²) per feature, labels 0..K-1 as balanced as `rows`
 * allows and in random order, each row its class centre plus standard normal
 * noise. Drawn with weft's `Rng` in a fixed order (centres, labels, rows): a
 * pure function of the options.
 *
 * Throws `InvalidOption` for an option out of range.
 *
 * @example
 * const { X, y } = syntheticClassification({ rows: 300, features: 4, classes: 3, seed: 7 })
 * @since 0.1.0
 * @category constructors
 */
export const syntheticClassification = (options: SyntheticClassificationOptions): Dataset => {
  const n = Check.integer("rows", options.rows, { min: 1 })
  const p = Check.integer("features", options.features, { min: 1 })
  const K = Check.integer("classes", options.classes ?? 2, { min: 2, max: n })
  const separation = checkNonNegative("separation", options.separation ?? 2)
  const rng = new Rng.Rng(checkSeed(options.seed))
  const centres = new Float64Array(K * p)
  for (let k = 0; k < K * p; k++) centres[k] = separation * rng.normal()
  const labels = new Int32Array(n)
  for (let i = 0; i < n; i++) labels[i] = i % K
  rng.shuffle(labels)
  const X = SharedMatrix.zeros(n, p)
  const d = X.data
  const y = sharedVector(n)
  for (let i = 0; i < n; i++) {
    const c = labels[i]
    y[i] = c
    for (let j = 0; j < p; j++) d[i * p + j] = centres[c * p + j] + rng.normal()
  }
  return { X, y, featureNames: names(p), targetName: "y", classes: Array.from({ length: K }, (_, k) => String(k)) }
}

// ---------------------------------------------------------------------------

interface CsvRecord {
  readonly line: number
  readonly fields: Array<string>
}

const QUOTE = 34
const CR = 13
const LF = 10

/** Splits CSV text into records of fields (RFC 4180 quoting), each with the line it starts on. */
const parseRecords = (text: string, source: string, delimiter: number): Array<CsvRecord> => {
  const isSeparator = (ch: number): boolean => ch === delimiter || ch === LF || ch === CR
  const records: Array<CsvRecord> = []
  const n = text.length
  let i = 0
  let line = 1
  while (i < n) {
    const start = line
    const fields: Array<string> = []
    let blank = true
    for (;;) {
      let field: string
      if (text.charCodeAt(i) === QUOTE) {
        blank = false
        let value = ""
        let from = ++i
        for (;;) {
          if (i >= n) throw new InvalidOption({ option: `${source}, line ${start}`, value: "\"", reason: "a quoted field is never closed" })
          const ch = text.charCodeAt(i)
          if (ch === QUOTE) {
            value += text.slice(from, i)
            if (text.charCodeAt(i + 1) === QUOTE) {
              value += "\""
              i += 2
              from = i
              continue
            }
            i++
            break
          }
          if (ch === LF) line++
          i++
        }
        // Anything between the closing quote and the separator is kept, as most readers do.
        const rest = i
        while (i < n && !isSeparator(text.charCodeAt(i))) i++
        field = value + text.slice(rest, i)
      } else {
        const from = i
        while (i < n && !isSeparator(text.charCodeAt(i))) i++
        field = text.slice(from, i)
        if (field.length > 0) blank = false
      }
      fields.push(field)
      if (i < n && text.charCodeAt(i) === delimiter) {
        blank = false
        i++
        continue
      }
      break
    }
    // At the end of a record: skip its line break.
    if (i < n && text.charCodeAt(i) === CR) i++
    if (i < n && text.charCodeAt(i) === LF) i++
    line++
    if (!blank) records.push({ line: start, fields })
  }
  return records
}


const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/
const MISSING = new Set(["", "NA", "NaN", "nan"])

/** The number in `field`, NaN for a missing marker when `missing` allows it, or undefined. */
const parseNumber = (field: string, missing: boolean): number | undefined => {
  const s = field.trim()
  if (NUMBER.test(s)) return Number(s)
  if (missing && MISSING.has(s)) return Number.NaN
  return undefined
}

const encodeTarget = (
  targets: ReadonlyArray<string>,
  lines: Int32Array,
  source: string,
  targetName: string,
  t: number
): { y: Float64Array; classes?: ReadonlyArray<string> } => {
  const n = targets.length
  const y = sharedVector(n)
  let numeric = true
  for (let i = 0; i < n; i++) {
    if (MISSING.has(targets[i].trim())) {
      throw new InvalidOption({
        option: `${source}, line ${lines[i]}, column ${t + 1} (${JSON.stringify(targetName)})`,
        value: targets[i],
        reason: "the target value is missing"
      })
    }
    const x = parseNumber(targets[i], false)
    if (x === undefined) {
      numeric = false
      break
    }
    y[i] = x
  }
  if (numeric) return { y }
  const classes = Array.from(new Set(targets)).sort()
  const code = new Map(classes.map((label, k) => [label, k]))
  for (let i = 0; i < n; i++) y[i] = code.get(targets[i])!
  return { y, classes }
}

const sharedVector = (n: number): Float64Array => new Float64Array(new SharedArrayBuffer(n * Float64Array.BYTES_PER_ELEMENT))

const checkNonNegative = (option: string, value: unknown): number => Check.number(option, value, { min: 0 })
