/**
 * `--data`: a CSV file, a built-in dataset or a synthetic one, loaded into
 * shared memory, with every error turned into one line that names the file,
 * the line and the column. A large file or synthetic dataset is loaded on a
 * pool of the run's thread count (byte ranges of the file, chunks of rows),
 * with a progress bar; the data is the same at any thread count.
 */
import { Datasets, Loading } from "@weft/ml-workflows"
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

/** The flags that decide how data is loaded: the pool's, and whether to show progress. */
export interface LoadFlags extends Pick<PoolFlags, "threads" | "oversubscribe" | "redis"> {
  readonly quiet?: boolean
  readonly verbose?: boolean
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
 * A hint for a file that failed to load: when its header has no comma but
 * semicolons or tabs, it is most likely separated by those, and weft reads
 * commas only.
 */
export const delimiterHint = (path: string): string => {
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
  if (header.includes(",")) return ""
  for (const [separator, name] of [[";", '";"'], ["\t", "tabs"]] as const) {
    if (header.includes(separator)) return ` (its header has no comma but ${name}: weft reads comma-separated files; convert it first, e.g. with tr '${separator === "\t" ? "\\t" : separator}' ',')`
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
    if ((Datasets.datasetNames as ReadonlyArray<string>).includes(spec)) {
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
    const csvOptions = Option.isSome(target) ? { target: target.value } : {}
    const size = statSync(spec).size
    const threads = size >= PARALLEL_CSV_BYTES ? yield* threadsAsked(flags) : 1
    const data =
      threads > 1
        ? yield* withLoadingPool(
            flags,
            Loading.readCsv(spec, csvOptions).pipe(
              track({ label: `reading ${spec} (${Math.round(size / 2 ** 20)} MB)`, unit: "parts", total: 2 * 8 * threads, quiet: flags.quiet ?? false, verbose: flags.verbose }),
              Effect.mapError((e) => new DataError({ message: dataMessage(e) + delimiterHint(spec) }))
            )
          )
        : yield* Effect.try({ try: () => Datasets.readCsv(spec, csvOptions), catch: (e) => new DataError({ message: dataMessage(e) + delimiterHint(spec) }) })
    return yield* checkFinite({ ...data, source: spec })
  })

/** `rows × features, target "name"` for reports. */
export const describeData = (data: LoadedData): string =>
  `${data.source}: ${data.X.rows} rows, ${data.X.columns} features, target ${JSON.stringify(data.targetName)}` +
  (data.classes === undefined ? "" : ` (${data.classes.length} classes)`)
