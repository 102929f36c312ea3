/**
 * `weft predict`: batch inference with a saved model, in parallel over row
 * batches; with --uncertainty, Monte-Carlo dropout mean and standard
 * deviation per row (MLPs only).
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import { SharedMatrix } from "@weft/core"
import { BatchInference, Formats, Registry, Uncertainty, type Model } from "@weft/ml-workflows"
import { displayName } from "../internal/models.js"
import { WorkerPool } from "@weft/pool"
import { Effect, Option } from "effect"
import * as Data from "../internal/dataset.js"
import * as Loading from "../internal/loading.js"
import { DataError, reporting, UsageError } from "../internal/errors.js"
import { describe } from "../internal/help.js"
import * as AllowModules from "../internal/allowModules.js"
import * as ModelFile from "../internal/modelFile.js"
import * as Flags from "../internal/options.js"
import { json, stdout, writeError, writeFileAtomically } from "../internal/output.js"
import { withPool } from "../internal/pool.js"
import { track } from "../internal/progress.js"

/** Rows per inference task (the library's default batch). */
const BATCH_ROWS = 256

const options = {
  model: Options.text("model").pipe(Options.withPseudoName("FILE"), Options.withDescription("A model saved by weft grid --save.")),
  data: Flags.data,
  ...Data.fileFlags,
  target: Options.text("target").pipe(
    Options.withPseudoName("COLUMN"),
    Options.optional,
    Options.withDescription("A column of the CSV file that is not a feature (default: the last column, which is used as a feature when the model needs it).")
  ),
  uncertainty: Flags.integer("uncertainty", 1, "SAMPLES").pipe(
    Options.optional,
    Options.withDescription("Monte-Carlo dropout with SAMPLES stochastic passes per row: adds mean and std columns (MLP models).")
  ),
  dropout: Flags.number("dropout", "RATE").pipe(
    Options.optional,
    Options.withDescription("Dropout rate of --uncertainty, in (0, 1) (default: the model's own).")
  ),
  seed: Flags.seed,
  out: Options.text("out").pipe(
    Options.withPseudoName("FILE"),
    Options.optional,
    Options.withDescription("Write the predictions to FILE: .parquet, .jsonl or else CSV (default: stdout).")
  ),
  allowModule: AllowModules.flag(
    "An installed package that the model may load to predict (an mljs-adapted model; repeatable). A model file names no other code: the built-in models and weft's cart models need none."
  ),
  threads: Flags.threads,
  oversubscribe: Flags.oversubscribe,
  json: Flags.json,
  quiet: Flags.quiet,
  verbose: Flags.verbose
}

/**
 * The model's feature columns from `data`, by name: features of the file,
 * or its (numeric) last column when the model needs that one too.
 */
const featuresFor = (model: Model.FittedModel, data: Data.LoadedData): Effect.Effect<SharedMatrix, DataError> =>
  Effect.suspend(() => {
    const names = model.featureNames
    if (names === undefined || (names.length === data.featureNames.length && names.every((n, j) => n === data.featureNames[j]))) {
      return Effect.succeed(data.X)
    }
    const columns: Array<Float64Array> = []
    for (const name of names) {
      const j = data.featureNames.indexOf(name)
      if (j >= 0) columns.push(data.X.column(j))
      else if (name === data.targetName && data.classes === undefined) columns.push(data.y)
      else {
        const why = name === data.targetName ? "is not numeric" : "is missing"
        return Effect.fail(
          new DataError({ message: `${data.source}: column ${JSON.stringify(name)} ${why}; the model reads ${names.map((n) => JSON.stringify(n)).join(", ")}` })
        )
      }
    }
    const X = SharedMatrix.zeros(data.X.rows, names.length)
    for (let i = 0; i < X.rows; i++) for (let j = 0; j < names.length; j++) X.data[i * names.length + j] = columns[j][i]
    return Effect.succeed(X)
  })

const checkUncertainty = (model: Model.FittedModel, dropout: Option.Option<number>): Effect.Effect<void, UsageError> => {
  if (model.estimator !== "mlp-regressor" && model.estimator !== "mlp-classifier") {
    return Effect.fail(new UsageError({ message: `invalid --uncertainty: Monte-Carlo dropout needs an MLP model, and this one is ${displayName(model.estimator)}` }))
  }
  if (Option.isSome(dropout)) {
    return dropout.value > 0 && dropout.value < 1 ? Effect.void : Effect.fail(new UsageError({ message: `invalid --dropout ${dropout.value}: must be in (0, 1)` }))
  }
  const own = model.params.dropout
  return typeof own === "number" && own > 0
    ? Effect.void
    : Effect.fail(new UsageError({ message: "invalid --uncertainty: the model was fitted without dropout; give --dropout RATE (such as 0.1)" }))
}

const run = (flags: Command.Command.ParseConfig<typeof options>) =>
  Effect.gen(function* () {
    const model = yield* ModelFile.load(flags.model, flags.allowModule)
    if (Option.isSome(flags.uncertainty)) yield* checkUncertainty(model, flags.dropout)
    const classifier = Registry.getEstimator(model.estimator).kind === "classifier"
    const data = yield* Loading.load(flags.data, flags.target, flags)
    const X = yield* featuresFor(model, data)
    const seed = Option.getOrElse(flags.seed, () => 0)
    const batches = Math.ceil(X.rows / BATCH_ROWS) * (Option.isSome(flags.uncertainty) ? 2 : 1)
    const { predictions, mc, threads } = yield* withPool(
      flags,
      Effect.gen(function* () {
        const predictions = yield* BatchInference.predict(model, X, { batchSize: BATCH_ROWS })
        const mc = Option.isSome(flags.uncertainty)
          ? yield* Uncertainty.predictWithUncertainty(model, X, {
              samples: flags.uncertainty.value,
              seed,
              batchSize: BATCH_ROWS,
              quantiles: [],
              ...(Option.isSome(flags.dropout) ? { dropout: flags.dropout.value } : {})
            })
          : undefined
        return { predictions, mc, threads: (yield* WorkerPool.WorkerPool).config.threads }
      }).pipe(track({ label: "predict", unit: "batches", total: batches, quiet: flags.quiet }))
    )
    const labelOf = (k: number): string | number => (classifier && model.classes !== undefined ? (model.classes[k] ?? k) : k)
    const labels = Array.from(predictions, (p) => labelOf(p))
    const outputNames = mc === undefined ? [] : mc.outputs === 1 ? [""] : Array.from({ length: mc.outputs }, (_, c) => `_${String(labelOf(c))}`)
    const header = ["prediction", ...outputNames.flatMap((n) => [`mean${n}`, `std${n}`])]
    // The table of results: class names as strings, numbers as doubles (written with all their digits).
    const columns: Array<Formats.Column> = [
      { name: "prediction", values: labels.every((l) => typeof l === "number") ? Float64Array.from(labels as Array<number>) : labels.map(String) }
    ]
    if (mc !== undefined) {
      for (let c = 0; c < mc.outputs; c++) {
        const strided = (values: Float64Array) => Float64Array.from({ length: labels.length }, (_, i) => values[i * mc.outputs + c])
        columns.push({ name: `mean${outputNames[c]}`, values: strided(mc.mean) }, { name: `std${outputNames[c]}`, values: strided(mc.std) })
      }
    }
    const encode = (format: Formats.OutputFormat) =>
      Formats.encodeTable(columns, format).pipe(Effect.mapError((e) => new DataError({ message: `cannot write the predictions: ${e.message}` })))
    if (Option.isSome(flags.out)) {
      const path = flags.out.value
      // CSV, JSON lines or Parquet by the extension of --out.
      const bytes = yield* encode(Formats.outputFormatOf(path))
      // Atomically: a run killed while writing never leaves a truncated file at --out.
      yield* Effect.try({
        try: () => writeFileAtomically(path, bytes),
        catch: (e) => new DataError({ message: `cannot write ${path}: ${writeError(e as NodeJS.ErrnoException)}` })
      })
    }
    if (flags.json) {
      const perRow = (values: Float64Array, outputs: number) =>
        outputs === 1 ? Array.from(values) : Array.from({ length: values.length / outputs }, (_, i) => Array.from(values.subarray(i * outputs, (i + 1) * outputs)))
      return yield* json({
        command: "predict",
        model: { file: flags.model, estimator: displayName(model.estimator), params: model.params, ...(model.classes === undefined ? {} : { classes: model.classes }) },
        data: { source: data.source, rows: X.rows, features: X.columns },
        threads,
        predictions: labels,
        ...(mc === undefined
          ? {}
          : { uncertainty: { samples: Option.getOrThrow(flags.uncertainty), seed, outputs: mc.outputs, mean: perRow(mc.mean, mc.outputs), std: perRow(mc.std, mc.outputs) } }),
        ...(Option.isSome(flags.out) ? { out: flags.out.value } : {})
      })
    }
    if (Option.isSome(flags.out)) return yield* stdout(`wrote ${labels.length} predictions (${header.join(", ")}) to ${flags.out.value}`)
    const csv = yield* encode("csv")
    yield* Effect.sync(() => void process.stdout.write(csv))
  })

/** `weft predict`. */
export const predict = Command.make("predict", options, (flags) => reporting("predict", flags.verbose, run(flags))).pipe(
  Command.withDescription(
    describe(
      "Batch inference with a saved model, in parallel over batches of rows. Columns are matched to the model's features by name. " +
        "With --uncertainty, Monte-Carlo dropout adds the mean and standard deviation of each output.",
      [
        "weft predict --model ridge.json --data diabetes --out preds.csv",
        "weft predict --model mlp.json --data new.csv --uncertainty 100 --dropout 0.1 --json"
      ]
    )
  )
)
