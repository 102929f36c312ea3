/**
 * `--data`: a CSV file, a built-in dataset or a synthetic one, loaded into
 * shared memory, with every error turned into one line that names the file,
 * the line and the column.
 */
import { Datasets } from "@weft/ml-workflows"
import { Effect, Option } from "effect"
import { existsSync, statSync } from "node:fs"
import { DataError, UsageError } from "./errors.js"

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

/** A library input error as one line: `data.csv, line 3, column 2 ("b"): "x" is not a number; ...`. */
const dataMessage = (error: unknown): string => {
  if (typeof error === "object" && error !== null && (error as { _tag?: unknown })._tag === "InvalidOption") {
    const e = error as { option: string; value: unknown; reason: string }
    if (e.option === "target") return `--target ${JSON.stringify(e.value)}: ${e.reason}`
    return e.reason.startsWith("is ") ? `${e.option}: ${JSON.stringify(e.value)} ${e.reason}` : `${e.option}: ${e.reason}`
  }
  return error instanceof Error ? error.message : String(error)
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
export const load = (spec: string, target: Option.Option<string>): Effect.Effect<LoadedData, UsageError | DataError> =>
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
      const data = yield* Effect.try({
        try: () => Datasets.syntheticRegression(options),
        catch: (e) => new UsageError({ message: `invalid --data ${spec}: ${dataMessage(e)}` })
      })
      return { X: data.X, y: data.y, featureNames: data.featureNames, targetName: data.targetName, source: spec }
    }
    if (!existsSync(spec)) {
      const hint = spec.includes(".") || spec.includes("/") ? "" : `; the built-in datasets are ${Datasets.datasetNames.join(", ")} and synthetic:rows=N,features=M`
      return yield* Effect.fail(new DataError({ message: `cannot read ${spec}: no such file${hint}` }))
    }
    if (statSync(spec).isDirectory()) return yield* Effect.fail(new DataError({ message: `cannot read ${spec}: it is a directory` }))
    const data = yield* Effect.try({
      try: () => Datasets.readCsv(spec, Option.isSome(target) ? { target: target.value } : {}),
      catch: (e) => new DataError({ message: dataMessage(e) })
    })
    return yield* checkFinite({ ...data, source: spec })
  })

/** `rows × features, target "name"` for reports. */
export const describeData = (data: LoadedData): string =>
  `${data.source}: ${data.X.rows} rows, ${data.X.columns} features, target ${JSON.stringify(data.targetName)}` +
  (data.classes === undefined ? "" : ` (${data.classes.length} classes)`)
