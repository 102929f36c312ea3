/**
 * Data files in and out: a dataset read from CSV (any one-character
 * delimiter), Parquet, Arrow IPC (file and stream formats, Feather v2) or
 * JSON lines, chosen by the file's extension or by name; and a table of
 * results (predictions) written as CSV, JSON lines or Parquet.
 *
 * Every reader gives what `Datasets.readCsv` gives for the same data as CSV,
 * bit for bit: the same `Dataset` (feature names, the target chosen by name,
 * the last column by default; class labels numbered in sorted order), the
 * same missing values (a null or NaN feature is NaN, as an empty CSV field)
 * and the same typed errors, naming the file, the row (or line) and the
 * column: `InvalidOption` for a missing target column, a non-numeric feature,
 * a missing target value, or a file that is not of its format or is cut
 * short; `EmptyInput` for no rows; `ShapeMismatch` for a record of the wrong
 * width.
 *
 * Each reader fills one shared matrix allocated for the file's row count, so
 * that the memory of a read is the matrix plus one chunk of the file: a block
 * of a CSV or JSON lines file, one column chunk of a Parquet row group, one
 * Arrow record batch. The Parquet and Arrow libraries (hyparquet,
 * apache-arrow) are imported the first time such a file is read or written:
 * a program that reads CSV never loads them.
 *
 * @since 0.2.0
 */
import { EmptyInput, InvalidOption, ShapeMismatch } from "@weft/core/Errors"
import { Effect } from "effect"
import { fileURLToPath } from "node:url"
import { readCsv, type Dataset } from "./Datasets.js"
import { readArrowFile } from "./internal/arrow.js"
import { checkDelimiter, unreadable } from "./internal/csvPlan.js"
import { readJsonLinesFile } from "./internal/jsonl.js"
import { readParquetFile } from "./internal/parquet.js"

/**
 * The formats a dataset can be read from. `"tsv"` is CSV with a tab as the
 * delimiter; `"arrow"` is Arrow IPC, file or stream format, Feather v2
 * included.
 *
 * @since 0.2.0
 * @category models
 */
export type Format = "csv" | "tsv" | "parquet" | "arrow" | "jsonl"

/**
 * 
 *
 * @since 0.2.0
 * @category constants
 */
export const formatNames: ReadonlyArray<Format> = ["csv", "tsv", "parquet", "arrow", "jsonl"]

/**
 * The extensions (lower case) that choose a format; any other file is read as
 * CSV.
 *
 * @since 0.2.0
 * @category constants
 */
export const extensions: Readonly<Record<string, Format>> = {
  ".csv": "csv",
  ".tsv": "tsv",
  ".parquet": "parquet",
  ".arrow": "arrow",
  ".arrows": "arrow",
  ".feather": "arrow",
  ".ipc": "arrow",
  ".jsonl": "jsonl",
  ".ndjson": "jsonl"
}

/**
 * @since 0.2.0
 * @category models
 */
export interface ReadOptions {
  /** The name of the target column (default: the last column). */
  readonly target?: string | undefined
  /** The file's format (default: from its extension; CSV for an extension not in {@link extensions}). */
  readonly format?: Format | undefined
  /** CSV and TSV only: the field separator, one ASCII character (default `","`, or a tab for TSV). */
  readonly delimiter?: string | undefined
}

/** The extension of `path`, lower case, with its dot ("" for none). */
const extensionOf = (path: string): string => {
  const base = path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1)
  const dot = base.lastIndexOf(".")
  return dot <= 0 ? "" : base.slice(dot).toLowerCase()
}

/**
 * The format a file is read in: `format` when given, else the one its
 * extension names, else CSV. Throws `InvalidOption` for an unknown `format`.
 *
 * @example
 * formatOf("sales.parquet") // "parquet"
 * formatOf("export.txt", "tsv") // "tsv"
 * @since 0.2.0
 * @category formats
 */
export const formatOf = (path: string, format?: Format | undefined): Format => {
  if (format !== undefined) {
    if (!(formatNames as ReadonlyArray<string>).includes(format)) {
      throw new InvalidOption({ option: "format", value: format, reason: `unknown; the formats are ${formatNames.join(", ")}` })
    }
    return format
  }
  return extensions[extensionOf(path)] ?? "csv"
}

/**
 * The CSV options of a read (the delimiter, checked), or undefined when the
 * file is not CSV; throws `InvalidOption` for a delimiter given to another
 * format.
 *
 * @since 0.2.0
 * @category formats
 */
export const csvDelimiter = (path: string, options: ReadOptions = {}): string | undefined => {
  const format = formatOf(path, options.format)
  if (format === "csv" || format === "tsv") return checkDelimiter(options.delimiter ?? (format === "tsv" ? "\t" : ","))
  if (options.delimiter !== undefined) {
    throw new InvalidOption({ option: "delimiter", value: options.delimiter, reason: `applies to CSV files only; ${path} is read as ${format}` })
  }
  return undefined
}

/**
 * Errors of reading a file in any format.
 *
 * @since 0.2.0
 * @category errors
 */
export type ReadError = InvalidOption | EmptyInput | ShapeMismatch

/**
 * Reads a dataset from the file at `path` in its format (see
 * {@link formatOf}), on this thread. CSV is read by `Datasets.readCsv` (for
 * a large CSV file, `Loading.readCsv` reads byte ranges on the pool's
 * threads); Parquet row group by row group and column by column, Arrow record
 * batch by record batch, JSON lines line by line, each straight into one
 * shared matrix.
 *
 * @example
 * const { X, y, featureNames } = yield* Formats.readFile("houses.parquet", { target: "price" })
 * const semicolons = yield* Formats.readFile("export.csv", { delimiter: ";" })
 * @since 0.2.0
 * @category reading
 */
export const readFile = (path: string | URL, options: ReadOptions = {}): Effect.Effect<Dataset, ReadError> =>
  Effect.gen(function* () {
    const name = typeof path === "string" ? path : fileURLToPath(path)
    const attempt = <A>(f: () => A) => Effect.try({ try: f, catch: (e) => unreadable(name, e) as ReadError })
    const promise = <A>(f: () => Promise<A>) => Effect.tryPromise({ try: f, catch: (e) => unreadable(name, e) as ReadError })
    const format = yield* attempt(() => formatOf(name, options.format))
    const delimiter = yield* attempt(() => csvDelimiter(name, options))
    switch (format) {
      case "csv":
      case "tsv":
        return yield* attempt(() => readCsv(name, { target: options.target, delimiter }))
      case "parquet":
        return yield* promise(() => readParquetFile(name, name, options.target))
      case "arrow":
        return yield* promise(() => readArrowFile(name, name, options.target))
      case "jsonl":
        return yield* attempt(() => readJsonLinesFile(name, name, options.target))
    }
  })

// ---------------------------------------------------------------------------
// Writing

/**
 * The formats a table of results can be written in.
 *
 * @since 0.2.0
 * @category models
 */
export type OutputFormat = "csv" | "jsonl" | "parquet"

/**
 * One column of a table to write: numbers (NaN allowed) or strings.
 *
 * @since 0.2.0
 * @category models
 */
export interface Column {
  readonly name: string
  readonly values: Float64Array | ReadonlyArray<number> | ReadonlyArray<string>
}

/**
 * The output format of `path`: `format` when given, else `.jsonl`/`.ndjson`
 * for JSON lines, `.parquet` for Parquet, CSV otherwise.
 *
 * @since 0.2.0
 * @category formats
 */
export const outputFormatOf = (path: string, format?: OutputFormat | undefined): OutputFormat => {
  if (format !== undefined) {
    if (format !== "csv" && format !== "jsonl" && format !== "parquet") {
      throw new InvalidOption({ option: "format", value: format, reason: "unknown; tables are written as csv, jsonl or parquet" })
    }
    return format
  }
  const read = extensions[extensionOf(path)]
  return read === "jsonl" || read === "parquet" ? read : "csv"
}

/** A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
const csvField = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value)

/** A number in text: the shortest text that reads back as the same double; NaN as "NaN". */
const csvNumber = (x: number): string => (Number.isNaN(x) ? "NaN" : String(x))

const checkColumns = (columns: ReadonlyArray<Column>): number => {
  if (columns.length === 0) throw new EmptyInput({ what: "the columns of the table to write" })
  const rows = columns[0].values.length
  for (const c of columns) {
    if (c.values.length !== rows) throw new ShapeMismatch({ what: `column ${JSON.stringify(c.name)} of the table to write`, expected: `${rows} values`, actual: `${c.values.length} values` })
  }
  return rows
}

const isText = (values: Column["values"]): values is ReadonlyArray<string> => !(values instanceof Float64Array) && values.length > 0 && typeof values[0] === "string"

/**
 * The bytes of a table in `format`: CSV with a header (numbers with all their
 * digits, NaN as `NaN`), JSON lines (one object per row, NaN as `null`), or
 * Parquet (snappy; numbers as DOUBLE, strings as STRING, one row group per
 * million rows). Fails with `EmptyInput` for no columns and `ShapeMismatch`
 * for columns of different lengths.
 *
 * @example
 * const bytes = yield* Formats.encodeTable([{ name: "prediction", values: predictions }], "parquet")
 * @since 0.2.0
 * @category writing
 */
export const encodeTable = (columns: ReadonlyArray<Column>, format: OutputFormat): Effect.Effect<Uint8Array, EmptyInput | ShapeMismatch> =>
  Effect.gen(function* () {
    const rows = yield* Effect.try({ try: () => checkColumns(columns), catch: (e) => e as EmptyInput | ShapeMismatch })
    if (format === "parquet") {
      const { parquetWriteBuffer } = yield* Effect.promise(() => import("hyparquet-writer"))
      const columnData = columns.map((c) =>
        isText(c.values)
          ? { name: c.name, data: Array.from(c.values), type: "STRING" as const, nullable: false }
          : { name: c.name, data: Float64Array.from(c.values as ArrayLike<number>), type: "DOUBLE" as const, nullable: false }
      )
      return new Uint8Array(parquetWriteBuffer({ columnData, rowGroupSize: 1 << 20 }))
    }
    const lines: Array<string> = []
    if (format === "csv") {
      lines.push(columns.map((c) => csvField(c.name)).join(","))
      for (let i = 0; i < rows; i++) {
        lines.push(columns.map((c) => (typeof c.values[i] === "string" ? csvField(c.values[i] as string) : csvNumber(c.values[i] as number))).join(","))
      }
    } else {
      const keys = columns.map((c) => JSON.stringify(c.name))
      for (let i = 0; i < rows; i++) {
        lines.push(`{${columns.map((c, j) => `${keys[j]}:${typeof c.values[i] === "string" || Number.isFinite(c.values[i]) ? JSON.stringify(c.values[i]) : "null"}`).join(",")}}`)
      }
    }
    return new TextEncoder().encode(lines.length === 0 ? "" : `${lines.join("\n")}\n`)
  })
