/**
 * The model a command fits, given the dataset: `mlp` becomes a classifier
 * for a class target and a regressor otherwise; a classifier on a numeric
 * target reads integer values as class labels (as scikit-learn does); a
 * regressor refuses class labels. Parameters and metrics are checked against
 * the chosen model here, so that the library's own checks only ever see
 * valid flags.
 */
import type { Estimator } from "@weft/ml-workflows"
import { Metrics } from "@weft/ml-workflows"
import { Effect } from "effect"
import type { LoadedData } from "./dataset.js"
import { UsageError } from "./errors.js"
import * as Models from "./models.js"
import { formatValue } from "./output.js"

/** What a command fits: the estimator, the encoded targets and the class names of a classifier. */
export interface Problem {
  /** The model's name on the command line and in reports ("ridge", "mlp-classifier", "cart-regressor"). */
  readonly name: string
  readonly estimator: Estimator<any, any>
  /** Targets: values for a regressor, class numbers 0..K-1 for a classifier. */
  readonly y: Float64Array
  readonly classes?: ReadonlyArray<string>
}

const sharedVector = (n: number): Float64Array => new Float64Array(new SharedArrayBuffer(n * Float64Array.BYTES_PER_ELEMENT))

/** Integer targets as class numbers 0..K-1 in increasing order of value (scikit-learn's `LabelEncoder`). */
const encodeIntegers = (model: string, data: LoadedData): Effect.Effect<ReadonlyArray<string>, UsageError> =>
  Effect.suspend(() => {
    const { y } = data
    for (let i = 0; i < y.length; i++) {
      if (!Number.isInteger(y[i])) {
        return Effect.fail(
          new UsageError({
            message:
              `${model} is a classifier, but the target ${JSON.stringify(data.targetName)} of ${data.source} holds ` +
              `numbers that are not class labels (data row ${i + 1}: ${y[i]}); use a regressor (linear, ridge, mlp)`
          })
        )
      }
    }
    return Effect.succeed(Array.from(new Set(y)).sort((a, b) => a - b).map(String))
  })

const resolvable = (name: string): boolean => {
  try {
    import.meta.resolve(name)
    return true
  } catch {
    return false
  }
}

/** The estimator for `--model` on `data`, with the targets it fits. */
export const choose = (model: string, data: LoadedData): Effect.Effect<Problem, UsageError> =>
  Effect.gen(function* () {
    const name = Models.resolveName(model, data.classes !== undefined)
    const needs = Models.requiredPackage(name)
    if (needs !== undefined && !resolvable(needs)) {
      return yield* Effect.fail(new UsageError({ message: `--model ${model} needs the ${needs} package, which is not installed (npm install ${needs})` }))
    }
    const estimator = Models.estimator(name)
    if (estimator.kind === "regressor") {
      if (data.classes !== undefined) {
        const shown = data.classes.slice(0, 5).join(", ") + (data.classes.length > 5 ? ", ..." : "")
        return yield* Effect.fail(
          new UsageError({
            message:
              `${name} is a regressor, but the target ${JSON.stringify(data.targetName)} of ${data.source} holds class labels ` +
              `(${shown}); use a classifier (logistic, mlp)`
          })
        )
      }
      return { name, estimator, y: data.y }
    }
    if (data.classes !== undefined) return { name, estimator, y: data.y, classes: data.classes }
    const classes = yield* encodeIntegers(name, data)
    const code = new Map(classes.map((c, k) => [Number(c), k]))
    const y = sharedVector(data.y.length)
    for (let i = 0; i < y.length; i++) y[i] = code.get(data.y[i])!
    return { name, estimator, y, classes }
  })

/** `estimator.params(params)` with its complaint as a usage error naming the flag. */
export const checkParams = (
  estimator: Estimator<any, any>,
  params: Readonly<Record<string, unknown>>,
  flag: string
): Effect.Effect<Record<string, unknown>, UsageError> =>
  Effect.try({
    try: () => estimator.params(params) as Record<string, unknown>,
    catch: (e) => {
      const { option, value, reason } = e as { option?: string; value?: unknown; reason?: string }
      return new UsageError({
        message: option === undefined ? `invalid ${flag}: ${String(e)}` : `invalid ${flag} ${option}=${formatValue(value)}: ${reason}`
      })
    }
  })

const CLASSIFIER_METRICS = new Set(["accuracy", "f1", "f1-macro", "f1-weighted", "f1-micro", "logloss"])

/** The metrics to report: the flags, or r2 / accuracy; each must suit the estimator. */
export const checkMetrics = (problem: Problem, names: ReadonlyArray<string>): Effect.Effect<ReadonlyArray<string>, UsageError> =>
  Effect.gen(function* () {
    const { estimator, name: model } = problem
    if (names.length === 0) return [estimator.kind === "classifier" ? "accuracy" : "r2"]
    const seen = new Set<string>()
    for (const name of names) {
      if (!Object.prototype.hasOwnProperty.call(Metrics.metrics, name)) {
        return yield* Effect.fail(new UsageError({ message: `unknown --metric '${name}'; the metrics are ${Object.keys(Metrics.metrics).join(", ")}` }))
      }
      if (seen.has(name)) return yield* Effect.fail(new UsageError({ message: `invalid --metric ${name}: given twice` }))
      seen.add(name)
      const forClassifiers = CLASSIFIER_METRICS.has(name)
      if (forClassifiers !== (estimator.kind === "classifier")) {
        return yield* Effect.fail(
          new UsageError({ message: `invalid --metric ${name}: it scores ${forClassifiers ? "classifiers" : "regressors"}, and ${model} is a ${estimator.kind}` })
        )
      }
      if (Metrics.getMetric(name).needsProba && estimator.predictProba === undefined) {
        return yield* Effect.fail(new UsageError({ message: `invalid --metric ${name}: ${model} gives no class probabilities` }))
      }
    }
    return names
  })

/**
 * The estimated work of fitting every parameter set of `paramsList` on each
 * of `folds` training folds of `X` (Models.fitFlops), plus `extraFits` fits on
 * all of it: what decides whether the job is worth starting workers for.
 */
export const jobFlops = (
  problem: Problem,
  paramsList: ReadonlyArray<Readonly<Record<string, unknown>>>,
  X: { readonly rows: number; readonly columns: number },
  folds: number,
  extraFits = 0
): number => {
  const train = Math.ceil((X.rows * (folds - 1)) / folds)
  const classes = problem.classes?.length ?? 0
  let total = 0
  for (const params of paramsList) {
    total += folds * Models.fitFlops(problem.name, params, train, X.columns, classes)
    if (extraFits > 0) total += extraFits * Models.fitFlops(problem.name, params, X.rows, X.columns, classes)
  }
  return total
}
