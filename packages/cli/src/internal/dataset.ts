/**
 * `--data`: a data file (CSV with any one-character `--delimiter`, TSV,
 * Parquet, Arrow IPC, JSON lines: by extension, or `--format`), a built-in
 * dataset or a synthetic one, loaded into shared memory, with every error
 * turned into one line that names the file, the row or line and the column.
 * A large CSV file or synthetic dataset is loaded on a pool of the run's
 * thread count (byte ranges of the file, chunks of rows), with a progress
 * bar; the data is the same at any thread count. The other formats are read
 * on the main thread, chunk by chunk into the shared matrix (the library's
 * `Formats.readFile`).
 */
import * as Options from "@effect/cli/Options"
import { Datasets, Formats, Loading } from "@weft/ml-workflows"
import { Effect, Option } from "effect"
import { closeSync, existsSync, openSync, readSync, statSync } from "node:fs"
import { DataError, UsageError } from "./errors.js"
import { threadsAsked, withLoadingPool, type PoolFlags } from "./pool.js"
import { track } from "./progress.js"

/** A dataset and what to call it in reports. */
export interface LoadedData extends Datasets.Dataset {
  /** The file path, the built-in name, or `synthetic:...` as given. */
  readonly source: string
}

const SYNTHETIC = "synthetic:"
const SYNTHETIC_KEYS = ["rows", "features", "seed", "noise", "informative"] as const

/** The options of `synthetic:rows=N,features=M,seed=S[,noise=X][,informative=K]`. */
const parseSynthetic = (spec: string): Effect.Effect<Datasets.SyntheticRegressionOptions, UsageError> =>
  Effect.gen(function* () {
    const fail = (why: string) => Effect.fail(new UsageError({ message: `invalid --data ${spec}: ${why}` }))
    const values: Record<string, number> = {}
    const body = spec.slice(SYNTHETIC.length)
    for (const part of body === "" ? [] : body.split(",")) {
      const [key, raw, ...rest] = part.split("=").map((s) => s.trim())
      if (!(SYNTHETIC_KEYS as ReadonlyArray<string>).includes(key)) return yield* fail(`unknown key '${key}'; the keys are ${SYNTHETIC_KEYS.join(", ")}`)
      if (raw === undefined || rest.length > 0 || raw === "" || !Number.isFinite(Number(raw))) return yield* fail(`${key} needs a number`)
      values[key] = Number(raw)
    }
    for (const key of ["rows", "features"]) if (values[key] === undefined) return yield* fail(`${key}= is required`)
    return {
      rows: values.rows,
      features: values.features,
      seed: values.seed ?? 0,
      ...(values.noise === undefined ? {} : { noise: values.noise }),
      ...(values.informative === undefined ? {} : { informative: values.informative })
    }
  })

/** `--delimiter CHAR`: the field separator of a CSV file. */
export const delimiter = Options.text("delimiter").pipe(
  Options.withPseudoName("CHAR"),
  Options.optional,
  Options.withDescription("CSV field separator: one character, or 'tab' (default ',').")
)

/** `--format NAME`: the format of the --data file, when its extension does not say. */
export const format = Options.choice("format", Formats.formatNames).pipe(
  Options.optional,
  Options.withDescription("Format of the --data file (default: from its extension).")
)

/** The data file options, for a command's options: `...Data.fileFlags`. */
export const fileFlags = { delimiter, format }

/** The flags that decide how data is loaded: the pool's, the file's format, and whether to show progress. */
export interface LoadFlags extends Pick<PoolFlags, "threads" | "oversubscribe" | "redis"> {
  readonly quiet?: boolean
  readonly verbose?: boolean
  readonly delimiter?: Option.Option<string>
  readonly format?: Option.Option<Formats.Format>
}

/** `--delimiter` as typed: `tab` and a typed backslash-t mean a tab. */
const delimiterOf = (flags: LoadFlags): string | undefined => {
  const given = flags.delimiter === undefined ? undefined : Option.getOrUndefined(flags.delimiter)
  return given === "tab" || given === "\\t" ? "\t" : given
}

/**
 * A CSV file of at least this many bytes is read on a pool (when the run has
 * more than one thread): about 0.3 s of reading on one thread of the 2-core
 * VM of docs/STARTUP.md, where starting the loading workers took 0.05 to 0.3 s.
 */
export const PARALLEL_CSV_BYTES = 32 * 2 ** 20

/** A synthetic dataset of at least this many values (rows × features) is drawn on a pool (about 0.3 s on one thread there). */
export const PARALLEL_SYNTHETIC_VALUES = 2 ** 22

/** A library input error as one line: `data.csv, line 3, column 2 ("b"): "x" is not a number; ...`. */
const dataMessage = (error: unknown): string => {
  if (typeof error === "object" && error !== null && (error as { _tag?: unknown })._tag === "InvalidOption") {
    const e = error as { option: string; value: unknown; reason: string }
    if (e.option === "target") return `--target ${JSON.stringify(e.value)}: ${e.reason}`
    if (e.option === "path") return `cannot read ${String(e.value)}: ${e.reason.replace(/^cannot be read \((.*)\)$/s, "$1")}`
    return e.reason.startsWith("is ") ? `${e.option}: ${JSON.stringify(e.value)} ${e.reason}` : `${e.option}: ${e.reason}`
  }
  return error instanceof Error ? error.message : String(error)
}

/**
 * A hint for a CSV file that failed to load: when its header has no
 * `delimiter` (a comma unless --delimiter said otherwise) but semicolons,
 * tabs or bars, it is most likely separated by those: say which --delimiter
 * reads it.
 */
export const delimiterHint = (path: string, delimiter = ","): string => {
  let header: string
  try {
    const fd = openSync(path, "r")
    try {
      const buffer = Buffer.alloc(65_536)
      header = buffer.toString("utf8", 0, readSync(fd, buffer, 0, buffer.length, 0)).split(/\r?\n/, 1)[0]
    } finally {
      closeSync(fd)
    }
  } catch {
    return ""
  }
  if (header.includes(delimiter)) return ""
  const named = delimiter === "," ? "comma" : delimiter === "\t" ? "tab" : JSON.stringify(delimiter)
  for (const [separator, name, flag] of [[",", "commas", ","], [";", '";"', ";"], ["\t", "tabs", "tab"], ["|", '"|"', "|"]] as const) {
    if (separator !== delimiter && header.includes(separator)) return ` (its header has no ${named} but ${name}: pass --delimiter '${flag}')`
  }
  return ""
}

/** Fails when a feature holds NaN (a missing value) or an infinity, naming the row and the column. */
const checkFinite = (data: LoadedData): Effect.Effect<LoadedData, DataError> => {
  const bad = data.X.findNonFinite()
  if (bad === undefined) return Effect.succeed(data)
  const what = Number.isNaN(bad.value) ? "a missing value (empty, NA or NaN)" : `a non-finite value (${bad.value})`
  const column = data.featureNames[bad.column] ?? String(bad.column + 1)
  return Effect.fail(
    new DataError({
      message: `${data.source}: data row ${bad.row + 1}, column ${JSON.stringify(column)} holds ${what}; fill or drop it, weft does not impute`
    })
  )
}

/**
 * The dataset `--data` names. Built-in names and `synthetic:` specs are usage
 * errors when malformed (exit 2); a file that cannot be read or parsed is a
 * data error (exit 1).
 */
export const load = (spec: string, target: Option.Option<string>, flags: LoadFlags = { threads: Option.none() }): Effect.Effect<LoadedData, UsageError | DataError> =>
  Effect.gen(function* () {
    const builtIn = (Datasets.datasetNames as ReadonlyArray<string>).includes(spec)
    if (builtIn || spec.startsWith(SYNTHETIC)) {
      for (const [name, given] of [["delimiter", flags.delimiter], ["format", flags.format]] as const) {
        if (given !== undefined && Option.isSome(given)) {
          return yield* Effect.fail(new UsageError({ message: `invalid --${name}: it applies to a data file, and ${spec} is a ${builtIn ? "built-in" : "synthetic"} dataset` }))
        }
      }
    }
    if (builtIn) {
      const data = Datasets.loadDataset(spec as Datasets.DatasetName)
      if (Option.isSome(target) && target.value !== data.targetName) {
        return yield* Effect.fail(
          new UsageError({ message: `invalid --target ${target.value}: the target of the built-in dataset ${spec} is ${JSON.stringify(data.targetName)}` })
        )
      }
      return { ...data, source: spec }
    }
    if (spec.startsWith(SYNTHETIC)) {
      if (Option.isSome(target)) return yield* Effect.fail(new UsageError({ message: "invalid --target: a synthetic dataset's target is y" }))
      const options = yield* parseSynthetic(spec)
      const invalid = (e: unknown) => new UsageError({ message: `invalid --data ${spec}: ${dataMessage(e)}` })
      const big = options.rows * options.features >= PARALLEL_SYNTHETIC_VALUES && (yield* threadsAsked(flags)) > 1
      const data = big
        ? yield* withLoadingPool(
            flags,
            Loading.syntheticRegression(options).pipe(
              track({ label: `drawing ${spec}`, unit: "chunks", total: Math.ceil(options.rows / 4096), quiet: flags.quiet ?? false, verbose: flags.verbose }),
              Effect.mapError(invalid)
            )
          )
        : yield* Effect.try({ try: () => Datasets.syntheticRegression(options), catch: invalid })
      return { X: data.X, y: data.y, featureNames: data.featureNames, targetName: data.targetName, source: spec }
    }
    if (!existsSync(spec)) {
      const hint = spec.includes(".") || spec.includes("/") ? "" : `; the built-in datasets are ${Datasets.datasetNames.join(", ")} and synthetic:rows=N,features=M`
      return yield* Effect.fail(new DataError({ message: `cannot read ${spec}: no such file${hint}` }))
    }
    if (statSync(spec).isDirectory()) return yield* Effect.fail(new DataError({ message: `cannot read ${spec}: it is a directory` }))
    const fileOptions: Formats.ReadOptions = {
      target: Option.getOrUndefined(target),
      format: flags.format === undefined ? undefined : Option.getOrUndefined(flags.format),
      delimiter: delimiterOf(flags)
    }
    const csvDelimiter = yield* Effect.try({
      try: () => Formats.csvDelimiter(spec, fileOptions),
      catch: (e) => {
        const { option, value, reason } = e as { option: string; value: unknown; reason: string }
        return new UsageError({ message: `invalid --${option} ${JSON.stringify(value)}: ${reason}` })
      }
    })
    if (csvDelimiter === undefined) {
      const data = yield* Formats.readFile(spec, fileOptions).pipe(Effect.mapError((e) => new DataError({ message: dataMessage(e) })))
      return yield* checkFinite({ ...data, source: spec })
    }
    const csvOptions = { target: fileOptions.target, delimiter: csvDelimiter }
    const size = statSync(spec).size
    const threads = size >= PARALLEL_CSV_BYTES ? yield* threadsAsked(flags) : 1
    const data =
      threads > 1
        ? yield* withLoadingPool(
            flags,
            Loading.readCsv(spec, csvOptions).pipe(
              track({ label: `reading ${spec} (${Math.round(size / 2 ** 20)} MB)`, unit: "parts", total: 2 * 8 * threads, quiet: flags.quiet ?? false, verbose: flags.verbose }),
              Effect.mapError((e) => new DataError({ message: dataMessage(e) + delimiterHint(spec, csvDelimiter) }))
            )
          )
        : yield* Effect.try({ try: () => Datasets.readCsv(spec, csvOptions), catch: (e) => new DataError({ message: dataMessage(e) + delimiterHint(spec, csvDelimiter) }) })
    return yield* checkFinite({ ...data, source: spec })
  })

/** `rows × features, target "name"` for reports. */
export const describeData = (data: LoadedData): string =>
  `${data.source}: ${data.X.rows} rows, ${data.X.columns} features, target ${JSON.stringify(data.targetName)}` +
  (data.classes === undefined ? "" : ` (${data.classes.length} classes)`)
