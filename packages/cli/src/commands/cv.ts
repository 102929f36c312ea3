/**
 * `weft cv`: k-fold cross-validation of a built-in model on a CSV file or a
 * built-in dataset, folds in parallel on the pool.
 */
import * as Command from "@effect/cli/Command"
import { CrossValidation } from "@weft/ml-workflows"
import { WorkerPool } from "@weft/pool"
import { Effect, Option } from "effect"
import * as Data from "../internal/dataset.js"
import * as Loading from "../internal/loading.js"
import { namingClasses, reporting } from "../internal/errors.js"
import { describe } from "../internal/help.js"
import * as Flags from "../internal/options.js"
import { formatParams, json, stdout, table } from "../internal/output.js"
import { parseParams } from "../internal/params.js"
import { executorOf, where, withPool } from "../internal/pool.js"
import { checkMetrics, checkParams, choose, jobFlops } from "../internal/problem.js"
import { track } from "../internal/progress.js"
import * as Splitters from "../internal/splitters.js"
import { formatColumn } from "../internal/scores.js"
import { scaling } from "../internal/scaling.js"

const options = {
  data: Flags.data,
  ...Data.fileFlags,
  target: Flags.target,
  model: Flags.model,
  param: Flags.params,
  folds: Flags.folds,
  stratified: Flags.stratified,
  shuffle: Flags.shuffle,
  cv: Flags.cv,
  groups: Flags.groups,
  scale: Flags.scale,
  seed: Flags.seed,
  metric: Flags.metrics,
  threads: Flags.threads,
  oversubscribe: Flags.oversubscribe,
  ...Flags.cluster,
  json: Flags.json,
  quiet: Flags.quiet,
  verbose: Flags.verbose
}

const run = (flags: Command.Command.ParseConfig<typeof options>) =>
  Effect.gen(function* () {
    const userParams = yield* parseParams(flags.model, flags.param)
    const loaded = yield* Loading.load(flags.data, flags.target, flags)
    const problem = yield* choose(flags.model, loaded)
    const params = yield* checkParams(problem.estimator, userParams, "--param")
    const metrics = yield* checkMetrics(problem, flags.metric)
    const splits = yield* Splitters.resolve(flags, loaded, problem.y, problem.estimator.kind === "classifier")
    const { cv, data } = splits
    const seed = Option.getOrElse(flags.seed, () => 0)
    const scaled = scaling(problem.estimator, flags.scale)
    const started = performance.now()
    const { result, threads, executor } = yield* withPool(
      flags,
      Effect.gen(function* () {
        const result = yield* CrossValidation.crossValidate({ estimator: scaled.estimator, params: scaled.toLibrary(params), X: data.X, y: problem.y, cv, metrics, seed }).pipe(
          namingClasses(data, problem.classes),
          track({ label: `cv ${problem.name}`, unit: "folds", total: splits.splits, quiet: flags.quiet, verbose: flags.verbose })
        )
        const pool = yield* WorkerPool.WorkerPool
        return { result, threads: pool.config.threads, executor: executorOf(pool) }
      }),
      jobFlops(problem, [params], data.X, splits.splits)
    )
    const elapsedMs = performance.now() - started
    if (flags.json) {
      return yield* json({
        command: "cv",
        data: { source: data.source, rows: data.X.rows, features: data.X.columns, target: data.targetName, ...(problem.classes === undefined ? {} : { classes: problem.classes }) },
        model: { estimator: problem.name, params, ...(scaled.scale === undefined ? {} : { scale: scaled.scale }) },
        cv: splits.json,
        metrics,
        seed,
        threads,
        executor,
        folds: result.folds.map((f) => ({ fold: f.fold, scores: f.scores, fitMs: f.fitMs, scoreMs: f.scoreMs })),
        mean: result.mean,
        std: result.std,
        elapsedMs
      })
    }
    const header = ["fold", ...metrics, "fit ms"]
    // Each metric's column (folds and mean) with the digits that tell its values apart; folds numbered from 0, as in --json.
    const columns = metrics.map((m) => formatColumn([...result.folds.map((f) => f.scores[m]), result.mean[m]]))
    const stds = formatColumn(metrics.map((m) => result.std[m]))
    const rows = result.folds.map((f, i) => [String(f.fold), ...columns.map((c) => c[i]), f.fitMs.toFixed(1)])
    const right = new Set(header.map((_, j) => j))
    yield* stdout(
      [
        `${scaled.scale === undefined ? "" : `${scaled.scale} scaler, then `}${problem.name} ${formatParams(params)}`,
        Data.describeData(data),
        `${splits.description}, ${where(flags, threads, executor)}, ${(elapsedMs / 1000).toFixed(2)} s`,
        "",
        table([header, ...rows, ["mean", ...columns.map((c) => c[c.length - 1]), ""], ["std", ...stds, ""]], right)
      ].join("\n")
    )
  })

/** `weft cv`. */
export const cv = Command.make("cv", options, (flags) => reporting("cv", flags.verbose, run(flags))).pipe(
  Command.withDescription(
    describe("Cross-validate a built-in model on a CSV file or a built-in dataset: every fold is fitted and scored in parallel.", [
      "weft cv --data diabetes --model ridge --param alpha=1 --folds 5",
      "weft cv --data iris --model logistic --stratified --shuffle --seed 7 --metric accuracy --metric f1-macro",
      "weft cv --data houses.csv --target price --model mlp --param hiddenLayers=64,32 --json"
    ])
  )
)
