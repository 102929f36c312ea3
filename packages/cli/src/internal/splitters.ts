/**
 * `--cv SPLITTER[:KEY=VALUE,...]` and `--groups COLUMN`: every splitter of
 * @weft/ml-workflows on the command line, as one flag whose value reads like
 * the library's spec (`--cv repeated-kfold:k=5,repeats=3,seed=0`).
 *
 * The older flags (`--folds`, `--stratified`, `--shuffle`) stay, as the short
 * way to say k-fold; they do not mix with `--cv`, which says it all. `--seed`
 * is the seed of a shuffling splitter whose spec gives none. A group splitter
 * takes its groups from a numeric column of the data (`--groups COLUMN`),
 * which is then no longer a feature.
 *
 * The spec is checked here, naming the key (exit 2), and then by the library
 * itself (`CrossValidation.splitsOf`, run once up front: its reason becomes a
 * usage error too), so that a run never starts with splits it cannot make.
 */
import { Options, SharedMatrix } from "@weft/core"
import { CrossValidation } from "@weft/ml-workflows"
import { Effect, Option } from "effect"
import type { LoadedData } from "./dataset.js"
import { DataError, UsageError } from "./errors.js"

type Value = { readonly type: "int"; readonly min: number; readonly max?: number } | { readonly type: "number" } | { readonly type: "bool" }

const K: Value = { type: "int", min: 2 }
const SEED: Value = { type: "int", min: 0, max: 0xffffffff }
const SHUFFLE: Value = { type: "bool" }

/** The splitters, each with its keys (as typed after the colon). */
export const SPLITTERS = {
  kfold: { k: K, shuffle: SHUFFLE, seed: SEED },
  stratified: { k: K, shuffle: SHUFFLE, seed: SEED },
  "repeated-kfold": { k: K, repeats: { type: "int", min: 1 }, seed: SEED },
  "repeated-stratified": { k: K, repeats: { type: "int", min: 1 }, seed: SEED },
  "shuffle-split": { splits: { type: "int", min: 1 }, test: { type: "number" }, train: { type: "number" }, seed: SEED },
  "leave-one-out": {},
  group: { k: K },
  "stratified-group": { k: K, shuffle: SHUFFLE, seed: SEED },
  timeseries: { splits: { type: "int", min: 2 }, "max-train": { type: "int", min: 1 }, test: { type: "int", min: 1 }, gap: { type: "int", min: 0 } }
} as const satisfies Record<string, Record<string, Value>>

/** A splitter's name. */
export type Splitter = keyof typeof SPLITTERS

const NAMES = Object.keys(SPLITTERS) as ReadonlyArray<Splitter>
const ALIASES: Readonly<Record<string, Splitter>> = { loo: "leave-one-out", "time-series": "timeseries", "stratified-kfold": "stratified" }

/** `--cv` as typed, parsed: the splitter and its keys' values. */
export interface Parsed {
  readonly splitter: Splitter
  readonly values: Readonly<Record<string, number | boolean>>
}

/** The splitters that need `--groups`, and those that need classes. */
const GROUPED: ReadonlySet<Splitter> = new Set(["group", "stratified-group"])
const STRATIFIED: ReadonlySet<Splitter> = new Set(["stratified", "repeated-stratified", "stratified-group"])

/** Parses `SPLITTER[:KEY=VALUE,...]`, or fails naming the part that is wrong. */
export const parse = (text: string): Effect.Effect<Parsed, UsageError> =>
  Effect.gen(function* () {
    const fail = (why: string) => Effect.fail(new UsageError({ message: `invalid --cv '${text}': ${why}` }))
    const colon = text.indexOf(":")
    const name = (colon < 0 ? text : text.slice(0, colon)).trim()
    const splitter = (NAMES as ReadonlyArray<string>).includes(name) ? (name as Splitter) : ALIASES[name]
    if (splitter === undefined) return yield* fail(`unknown splitter '${name}'; the splitters are ${NAMES.join(", ")}`)
    const keys: Readonly<Record<string, Value>> = SPLITTERS[splitter]
    const values: Record<string, number | boolean> = {}
    const body = colon < 0 ? "" : text.slice(colon + 1).trim()
    for (const part of body === "" ? [] : body.split(",")) {
      const eq = part.indexOf("=")
      const key = (eq < 0 ? part : part.slice(0, eq)).trim()
      const raw = eq < 0 ? undefined : part.slice(eq + 1).trim()
      const spec = keys[key]
      const known = Object.keys(keys)
      if (spec === undefined) {
        return yield* fail(known.length === 0 ? `${splitter} takes no keys` : `unknown key '${key}' of ${splitter}; its keys are ${known.join(", ")}`)
      }
      if (key in values) return yield* fail(`${key} is given twice`)
      if (spec.type === "bool") {
        if (raw !== undefined && raw !== "true" && raw !== "false") return yield* fail(`${key} is true or false (or just ${key})`)
        values[key] = raw !== "false"
        continue
      }
      const value = Number(raw)
      if (raw === undefined || raw === "" || !Number.isFinite(value)) return yield* fail(`${key} needs a number (${key}=...)`)
      if (spec.type === "int") {
        // core's one option checker, its reason under this flag's name
        yield* Options.integer(key, value, { min: spec.min, max: spec.max }).pipe(Effect.catchTag("InvalidOption", (e) => fail(`${key} ${e.reason}`)))
      }
      if (spec.type === "number" && value <= 0) return yield* fail(`${key} must be positive: a fraction of the rows below 1, or a count of rows`)
      values[key] = value
    }
    return { splitter, values }
  })

/** The flags that choose the splits. */
export interface SplitFlags {
  readonly cv: Option.Option<string>
  readonly groups: Option.Option<string>
  readonly folds: Option.Option<number>
  readonly stratified: boolean
  readonly shuffle: boolean
  readonly seed: Option.Option<number>
}

/** The splits of a run: the library's spec, what to call it, how many splits, and the data (without a groups column). */
export interface Resolved {
  readonly cv: CrossValidation.CvSpec
  /** `5-fold cross-validation repeated 3 times (seed 0)`, for the summary line. */
  readonly description: string
  readonly splits: number
  /** The spec as --json shows it: groups by column name, not their values. */
  readonly json: Readonly<Record<string, unknown>>
  readonly data: LoadedData
}

/** The library's option names as --cv keys, for its messages. */
const KEY_OF: Readonly<Record<string, string>> = { testSize: "test", trainSize: "train", nSplits: "splits", nRepeats: "repeats", maxTrainSize: "max-train" }

/** `data` without its column `name`, whose values it returns. */
const takeColumn = (data: LoadedData, name: string): Effect.Effect<{ data: LoadedData; column: Float64Array }, UsageError> => {
  const j = data.featureNames.indexOf(name)
  if (j < 0) {
    const why = name === data.targetName ? "it is the target" : `the feature columns are ${data.featureNames.join(", ")}`
    return Effect.fail(new UsageError({ message: `invalid --groups ${JSON.stringify(name)}: not a feature column of ${data.source} (${why})` }))
  }
  if (data.X.columns < 2) return Effect.fail(new UsageError({ message: `invalid --groups ${JSON.stringify(name)}: it is the only feature of ${data.source}` }))
  const { rows, columns } = data.X
  const X = SharedMatrix.zeros(rows, columns - 1)
  const column = new Float64Array(rows)
  for (let i = 0; i < rows; i++) {
    const from = data.X.data.subarray(i * columns, (i + 1) * columns)
    column[i] = from[j]
    X.data.set(from.subarray(0, j), i * (columns - 1))
    X.data.set(from.subarray(j + 1), i * (columns - 1) + j)
  }
  return Effect.succeed({ data: { ...data, X, featureNames: data.featureNames.filter((_, c) => c !== j) }, column })
}

const shuffled = (shuffle: boolean | undefined, seed: number): string => (shuffle === true ? `, shuffled (seed ${seed})` : "")

/**
 * The splits the flags ask for, checked against the data and made once by the
 * library (so that a bad spec fails before any fit).
 */
export const resolve = (
  flags: SplitFlags,
  data: LoadedData,
  y: Float64Array,
  classifier: boolean
): Effect.Effect<Resolved, UsageError | DataError> =>
  Effect.gen(function* () {
    const seed = Option.getOrElse(flags.seed, () => 0)
    let parsed: Parsed
    if (Option.isSome(flags.cv)) {
      const mixed = [Option.isSome(flags.folds) ? "--folds" : "", flags.stratified ? "--stratified" : "", flags.shuffle ? "--shuffle" : ""].filter((f) => f !== "")
      if (mixed.length > 0) {
        return yield* Effect.fail(new UsageError({ message: `${mixed.join(", ")} and --cv do not mix: say it in --cv (e.g. --cv stratified:k=5,shuffle)` }))
      }
      parsed = yield* parse(flags.cv.value)
    } else {
      const k = Option.getOrElse(flags.folds, () => 5)
      parsed = { splitter: flags.stratified ? "stratified" : "kfold", values: { k, ...(flags.shuffle ? { shuffle: true } : {}) } }
    }
    const { splitter, values: v } = parsed
    const flag = Option.isSome(flags.cv) ? `--cv ${splitter}` : "--stratified"
    if (STRATIFIED.has(splitter) && !classifier) {
      return yield* Effect.fail(new UsageError({ message: `invalid ${flag}: stratified folds need a classifier and a class target` }))
    }
    if (GROUPED.has(splitter) !== Option.isSome(flags.groups)) {
      return yield* Effect.fail(
        new UsageError({
          message: GROUPED.has(splitter) ? `--cv ${splitter} needs --groups COLUMN (a column of the data that holds each row's group)` : `--groups is for --cv group or stratified-group`
        })
      )
    }
    const k = typeof v.k === "number" ? v.k : 5
    if ("k" in SPLITTERS[splitter] && k > data.X.rows) {
      return yield* Effect.fail(new DataError({ message: `${data.source} has ${data.X.rows} rows, too few for ${k} folds (${Option.isSome(flags.cv) ? "--cv" : "--folds"})` }))
    }
    const s = typeof v.seed === "number" ? v.seed : seed
    const grouped = Option.isSome(flags.groups) ? yield* takeColumn(data, flags.groups.value) : undefined
    const groups = grouped?.column ?? new Float64Array(0)
    const by = Option.isSome(flags.groups) ? ` by ${JSON.stringify(flags.groups.value)}` : ""
    const num = (key: string): number | undefined => (typeof v[key] === "number" ? (v[key] as number) : undefined)
    /** The keys given, under the library's names. */
    const pick = (names: Readonly<Record<string, string>>): Record<string, number> =>
      Object.fromEntries(Object.entries(names).flatMap(([key, name]) => (typeof v[key] === "number" ? [[name, v[key]]] : [])))
    let cv: CrossValidation.CvSpec
    let description: string
    switch (splitter) {
      case "kfold":
      case "stratified":
        cv = v.shuffle === true ? { kind: splitter, k, shuffle: true, seed: s } : { kind: splitter, k }
        description = `${k}-fold ${splitter === "stratified" ? "stratified " : ""}cross-validation${shuffled(v.shuffle as boolean | undefined, s)}`
        break
      case "repeated-kfold":
      case "repeated-stratified": {
        const repeats = num("repeats") ?? 10
        cv = { kind: splitter, k, nRepeats: repeats, seed: s }
        description = `${k}-fold ${splitter === "repeated-stratified" ? "stratified " : ""}cross-validation repeated ${repeats} times (seed ${s})`
        break
      }
      case "shuffle-split": {
        const splits = num("splits") ?? 10
        cv = { kind: splitter, nSplits: splits, seed: s, ...pick({ test: "testSize", train: "trainSize" }) } as CrossValidation.CvSpec
        description = `shuffle-split cross-validation (seed ${s}${num("test") === undefined ? "" : `, test ${num("test")}`}${num("train") === undefined ? "" : `, train ${num("train")}`})`
        break
      }
      case "leave-one-out":
        cv = { kind: splitter }
        description = "leave-one-out cross-validation"
        break
      case "group":
        cv = { kind: splitter, groups, k }
        description = `${k}-fold group cross-validation${by}`
        break
      case "stratified-group":
        cv = v.shuffle === true ? { kind: splitter, groups, k, shuffle: true, seed: s } : { kind: splitter, groups, k }
        description = `${k}-fold stratified group cross-validation${by}${shuffled(v.shuffle as boolean | undefined, s)}`
        break
      case "timeseries": {
        const splits = num("splits") ?? 5
        cv = { kind: splitter, nSplits: splits, ...pick({ "max-train": "maxTrainSize", test: "testSize", gap: "gap" }) } as CrossValidation.CvSpec
        description = `time-series cross-validation${num("gap") === undefined ? "" : ` (gap ${num("gap")})`}`
        break
      }
    }
    const made = yield* CrossValidation.splitsOf(cv, y).pipe(
      Effect.mapError((e) => {
        const key = KEY_OF[e.option] ?? e.option
        return new UsageError({ message: `invalid ${Option.isSome(flags.cv) ? `--cv ${flags.cv.value}` : "--folds"}: ${key} ${e.reason}` })
      })
    )
    const { groups: _groups, ...shown } = cv as { groups?: unknown }
    return {
      cv,
      description: "k" in SPLITTERS[splitter] && !splitter.startsWith("repeated") && made.length === k ? description : `${description}, ${made.length} splits`,
      splits: made.length,
      json: { ...shown, ...(Option.isSome(flags.groups) ? { groups: flags.groups.value } : {}), folds: made.length },
      data: grouped?.data ?? data
    }
  })
