/**
 * `weft grid`: grid search (or random search with --random N) with
 * cross-validation; every (candidate x fold) fit is one task on the pool.
 * Prints the candidates ranked, the best parameters, and with --save writes
 * the best model refitted on all rows.
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import { GridSearch, ParameterGrid } from "@weft/ml-workflows"
import { WorkerPool } from "@weft/pool"
import { Effect, Option } from "effect"
import * as Data from "../internal/dataset.js"
import * as Loading from "../internal/loading.js"
import { DataError, namingClasses, reporting, UsageError } from "../internal/errors.js"
import { describe } from "../internal/help.js"
import * as ModelFile from "../internal/modelFile.js"
import * as Flags from "../internal/options.js"
import { count, formatParams, formatValue, json, stderr, stdout, table } from "../internal/output.js"
import { defaultsOf } from "../internal/models.js"
import { parseGrid, parseParams } from "../internal/params.js"
import { executorOf, where, withPool } from "../internal/pool.js"
import { checkMetrics, checkParams, choose, jobFlops } from "../internal/problem.js"
import { track } from "../internal/progress.js"
import * as Splitters from "../internal/splitters.js"
import { formatColumn, formatScore } from "../internal/scores.js"
import { scaling } from "../internal/scaling.js"

const options = {
  data: Flags.data,
  ...Data.fileFlags,
  target: Flags.target,
  model: Flags.model,
  param: Flags.params,
  grid: Options.text("grid").pipe(
    Options.withPseudoName("NAME=V1,V2"),
    Options.repeated,
    Options.withDescription(
      "Values of a parameter to search, e.g. alpha=0.1,1,10 or hiddenLayers=[32],[64,32] (repeatable). " +
        "With --random, also a law: loguniform(1e-3,10), uniform(0,1), randint(1,5)."
    )
  ),
  folds: Flags.folds,
  stratified: Flags.stratified,
  shuffle: Flags.shuffle,
  cv: Flags.cv,
  groups: Flags.groups,
  scale: Flags.scale,
  seed: Flags.seed,
  metric: Flags.metrics,
  random: Flags.integer("random", 1).pipe(
    Options.optional,
    Options.withDescription("Random search: draw N candidates from the --grid lists and laws (seeded by --seed) instead of trying them all.")
  ),
  save: Options.text("save").pipe(
    Options.withPseudoName("FILE"),
    Options.optional,
    Options.withDescription("Refit the best candidate on all rows and save it as JSON (for weft predict).")
  ),
  threads: Flags.threads,
  oversubscribe: Flags.oversubscribe,
  ...Flags.cluster,
  json: Flags.json,
  quiet: Flags.quiet,
  verbose: Flags.verbose
}

/** From this many fits on, a search announces itself on stderr before it starts. */
const LARGE_SEARCH_FITS = 1000

const run = (flags: Command.Command.ParseConfig<typeof options>) =>
  Effect.gen(function* () {
    const fixed = yield* parseParams(flags.model, flags.param)
    if (flags.grid.length === 0) {
      return yield* Effect.fail(new UsageError({ message: "give at least one --grid NAME=V1,V2,... to search over" }))
    }
    const space = yield* parseGrid(flags.model, flags.grid, fixed)
    if (space.hasLaws && Option.isNone(flags.random)) {
      return yield* Effect.fail(new UsageError({ message: "invalid --grid: loguniform, uniform and randint are for a random search; add --random N" }))
    }
    const seed = Option.getOrElse(flags.seed, () => 0)
    const allowed = Object.keys(defaultsOf(flags.model))
    const candidates = yield* Effect.try({
      try: () =>
        Option.isSome(flags.random)
          ? ParameterGrid.parameterSampler(space.distributions, flags.random.value, seed, { allowed })
          : ParameterGrid.parameterGrid(space.distributions as ParameterGrid.Grid, { allowed }),
      catch: (e) => new UsageError({ message: `invalid --grid: ${(e as Error).message}` })
    })
    const loaded = yield* Loading.load(flags.data, flags.target, flags)
    const problem = yield* choose(flags.model, loaded)
    for (const candidate of candidates) yield* checkParams(problem.estimator, candidate, "--grid")
    const metrics = yield* checkMetrics(problem, flags.metric)
    const splits = yield* Splitters.resolve(flags, loaded, problem.y, problem.estimator.kind === "classifier")
    const { cv, data } = splits
    const scaled = scaling(problem.estimator, flags.scale)
    const refit = Option.isSome(flags.save)
    const fits = candidates.length * splits.splits + (refit ? 1 : 0)
    // A large search says what it is about to do before it starts, even in a log (stderr not a terminal).
    if (fits >= LARGE_SEARCH_FITS && !flags.quiet) {
      yield* stderr(
        `weft grid: ${count(candidates.length, "candidate")} x ${splits.splits} folds = ${fits} fits of ${problem.name} on ${data.X.rows} rows; ` +
          (flags.verbose ? "progress every 10 s" : "--verbose notes progress every 10 s")
      )
    }
    const started = performance.now()
    const { result, threads, executor } = yield* withPool(
      flags,
      Effect.gen(function* () {
        const result = yield* GridSearch.searchCandidates(candidates.map(scaled.toLibrary), {
          estimator: scaled.estimator,
          X: data.X,
          y: problem.y,
          cv,
          metrics,
          refit: refit ? metrics[0] : false,
          seed
        }).pipe(
          namingClasses(data, problem.classes),
          track({ label: `${Option.isSome(flags.random) ? "random" : "grid"} ${problem.name}`, unit: "fits", total: fits, quiet: flags.quiet, verbose: flags.verbose })
        )
        const pool = yield* WorkerPool.WorkerPool
        return { result, threads: pool.config.threads, executor: executorOf(pool) }
      }),
      jobFlops(problem, candidates, data.X, splits.splits, refit ? 1 : 0)
    )
    const elapsedMs = performance.now() - started
    const bestParams = scaled.fromLibrary(result.bestParams)
    const ranked = result.candidates.map((c) => ({ ...c, params: scaled.fromLibrary(c.params) }))
    if (refit) {
      if (result.bestModel === undefined) {
        return yield* Effect.fail(new DataError({ message: `no candidate could be fitted, so there is no model to save (${result.candidates[result.bestIndex].error})` }))
      }
      yield* ModelFile.save(flags.save.value, {
        ...result.bestModel,
        featureNames: data.featureNames,
        ...(problem.classes === undefined ? {} : { classes: problem.classes })
      })
    }
    const order = result.candidates.map((_, i) => i).sort((a, b) => result.candidates[a].rank - result.candidates[b].rank || a - b)
    if (flags.json) {
      return yield* json({
        command: "grid",
        search: Option.isSome(flags.random) ? "random" : "grid",
        data: { source: data.source, rows: data.X.rows, features: data.X.columns, target: data.targetName, ...(problem.classes === undefined ? {} : { classes: problem.classes }) },
        model: { estimator: problem.name, fixedParams: fixed, ...(scaled.scale === undefined ? {} : { scale: scaled.scale }) },
        cv: splits.json,
        metrics,
        rankedBy: result.rankedBy,
        seed,
        threads,
        executor,
        candidates: order.map((i) => ({ index: i, ...ranked[i] })),
        bestIndex: result.bestIndex,
        bestParams,
        bestScore: result.bestScore,
        ...(refit ? { saved: flags.save.value } : {}),
        elapsedMs
      })
    }
    const searched = Object.keys(space.distributions).filter((name) => !(name in fixed))
    const header = ["rank", ...searched, ...metrics.flatMap((m) => [`${m} mean`, `${m} std`]), "fit ms"]
    // Each column with the digits that tell its values apart, so that the ranking shows in the table.
    const fitted = order.filter((i) => result.candidates[i].error === undefined)
    const column = (values: (i: number) => number) => {
      const texts = formatColumn(fitted.map(values))
      return new Map(fitted.map((i, k) => [i, texts[k]]))
    }
    const means = metrics.map((m) => column((i) => result.candidates[i].mean[m]))
    const stds = metrics.map((m) => column((i) => result.candidates[i].std[m]))
    const rows = order.map((i) => {
      const c = ranked[i]
      const cells = [String(c.rank), ...searched.map((name) => formatValue(c.params[name]))]
      if (c.error !== undefined) return [...cells, `failed: ${c.error}`]
      return [...cells, ...metrics.flatMap((_, j) => [means[j].get(i)!, stds[j].get(i)!]), c.meanFitMs.toFixed(1)]
    })
    const ranking = metrics.indexOf(result.rankedBy)
    const bestText = (ranking >= 0 ? means[ranking].get(result.bestIndex) : undefined) ?? formatScore(result.bestScore)
    const right = new Set([0, ...header.map((_, j) => j).slice(1 + searched.length)])
    const kind = Option.isSome(flags.random) ? "random search" : "grid search"
    yield* stdout(
      [
        `${scaled.scale === undefined ? "" : `${scaled.scale} scaler, then `}${problem.name}, ${kind} over ${count(candidates.length, "candidate")} x ${splits.splits} folds${Object.keys(fixed).length > 0 ? ` (fixed: ${formatParams(fixed)})` : ""}`,
        Data.describeData(data),
        `${splits.description}, ${where(flags, threads, executor)}, ${(elapsedMs / 1000).toFixed(2)} s`,
        "",
        table([header, ...rows], right),
        "",
        `best: ${formatParams(bestParams)} (${result.rankedBy} ${bestText})`,
        ...(refit ? [`saved the best model, refitted on all ${data.X.rows} rows, to ${flags.save.value}`] : [])
      ].join("\n")
    )
  })

/** `weft grid`. */
export const grid = Command.make("grid", options, (flags) => reporting("grid", flags.verbose, run(flags))).pipe(
  Command.withDescription(
    describe(
      "Grid search (or random search) with cross-validation: every candidate x fold fit runs in parallel. " +
        "Prints the candidates ranked by the first metric and the best parameters; --save writes the best model refitted on all rows.",
      [
        "weft grid --data diabetes --model ridge --grid alpha=0.01,0.1,1,10 --save ridge.json",
        "weft grid --data iris --model logistic --grid C=0.1,1,10 --stratified --metric accuracy --metric logloss",
        "weft grid --data diabetes --model ridge --grid alpha=0.1,1,10,100 --scale standard",
        "weft grid --data diabetes --model ridge --grid 'alpha=loguniform(1e-3,100)' --random 20 --seed 1 --json"
      ]
    )
  )
)
