/**
 * Pipelines: transformers and a final estimator fitted together, as
 * scikit-learn's `make_pipeline(StandardScaler(), Ridge())`, so that
 * cross-validation and searches fit the scaler inside each fold, on the
 * fold's training rows only, and the test rows never leak into it.
 *
 * A pipeline is an estimator like the others: it goes wherever an estimator
 * goes (`crossValidate`, `gridSearch`, `randomSearch`, the Promise API), runs
 * in the workers, and its fitted models (`{ steps, model }`: each
 * transformer's state, then the final model's) predict, join ensembles and
 * save to model files. Like every estimator it travels as a name (`pipeline:`
 * and its steps as JSON), so no code crosses to the workers.
 *
 * Its parameters are `<step>.<parameter>`, each step's own parameter behind
 * the step's name and a dot: `scaler.withMean`, `ridge.alpha` (scikit-learn
 * writes `standardscaler__with_mean`). A grid reaches into the steps the same
 * way: `{ "ridge.alpha": [0.1, 1, 10], "scaler.withStd": [true, false] }`.
 *
 * Transformers: `Transformers.StandardScaler` (`withMean`, `withStd`) and
 * `Transformers.MinMaxScaler` (`featureRange`, `clip`), or their names
 * `"standard-scaler"` and `"minmax-scaler"`. The scaled data differs per
 * fold, so a pipeline is in general searched by fitting each (candidate,
 * fold) pair; a standard scaler then `linear` or `ridge` is the exception: the
 * scaler's mean and variance are in a fold's linear statistics, so it takes
 * the shared-statistics path of a bare ridge (internal/pipeline.ts).
 *
 * @example
 * import { Pipeline, Transformers, CrossValidation } from "@weft/ml-workflows"
 * const scaledRidge = Pipeline.make([["scaler", Transformers.StandardScaler], ["ridge", "ridge"]])
 * yield* CrossValidation.crossValidate({ estimator: scaledRidge, params: { "ridge.alpha": 0.5 }, X, y })
 * @since 0.2.0
 */
import { InvalidOption } from "@weft/core/Errors"
import type { Estimator } from "./Estimator.js"
import { nameOf as estimatorNameOf, type EstimatorParamsMap, type EstimatorRef } from "./Estimators.js"
import { isModuleEstimator } from "./models/Module.js"
import { getEstimator, type EstimatorName } from "./models/Registry.js"
import type { MinMaxScaler, StandardScaler } from "./Transformers.js"
import { nameOf, SEPARATOR as SEP, STEP_NAME, transformerKind, type TransformerKindName } from "./internal/pipeline.js"

/**
 * Between a step's name and its parameter's name: `scaler.withMean`.
 *
 * @since 0.2.0
 * @category constants
 */
export const SEPARATOR = SEP

/**
 * A transformer step: a `Transformers` scaler, or its name.
 *
 * @since 0.2.0
 * @category models
 */
export type TransformerStep = typeof StandardScaler | typeof MinMaxScaler | TransformerKindName

/**
 * A final step: a built-in name, a reference (`Estimators.fromModule`, `Estimators.parse`, ...) or a built-in estimator object.
 *
 * @since 0.2.0
 * @category models
 */
export type EstimatorStep = EstimatorName | EstimatorRef<any> | Estimator<any, any>

/**
 * One step: its name (a letter, then letters, digits, `_` or `-`) and what it is.
 *
 * @since 0.2.0
 * @category models
 */
export type Step = readonly [string, TransformerStep | EstimatorStep]

/** The parameters of one step, complete. */
type StepParams<T> = T extends typeof StandardScaler | "standard-scaler"
  ? { readonly withMean: boolean; readonly withStd: boolean }
  : T extends typeof MinMaxScaler | "minmax-scaler"
    ? { readonly featureRange: readonly [number, number]; readonly clip: boolean }
    : T extends EstimatorName
      ? EstimatorParamsMap[T]
      : T extends EstimatorRef<infer P>
        ? P
        : T extends Estimator<infer P, any>
          ? P
          : never

type Prefixed<N extends string, P> = string extends keyof P
  ? Record<`${N}.${string}`, unknown>
  : { readonly [K in keyof P & string as `${N}.${K}`]: P[K] }

type Flatten<T> = { [K in keyof T]: T[K] }

/**
 * The parameters of a pipeline of `steps`, complete: each step's behind its
 * name and a dot.
 *
 * @since 0.2.0
 * @category models
 */
export type PipelineParams<S> = S extends readonly [readonly [infer N extends string, infer T], ...infer Rest]
  ? Prefixed<N, StepParams<T>> & PipelineParams<Rest>
  : unknown

/**
 * A pipeline of transformers and a final estimator, as a reference that goes
 * wherever an estimator goes. Throws `InvalidOption` for no steps, a final
 * step that is no estimator, a transformer anywhere else, an unknown final
 * estimator, or step names that repeat or do not fit.
 *
 * @example
 * const scaledLogistic = Pipeline.make([["scaler", Transformers.StandardScaler], ["logistic", "logistic"]])
 * yield* GridSearch.gridSearch({ "logistic.C": [0.1, 1, 10], "scaler.withMean": [true, false] }, { estimator: scaledLogistic, X, y })
 * @since 0.2.0
 * @category constructors
 */
export const make = <const S extends ReadonlyArray<Step>>(steps: S): EstimatorRef<Flatten<PipelineParams<S>>> => {
  const invalid = (value: unknown, reason: string) => new InvalidOption({ option: "pipeline steps", value, reason })
  if (!Array.isArray(steps) || steps.length === 0) throw invalid(steps, "needs at least a final estimator")
  const names: Array<string> = []
  for (const step of steps as ReadonlyArray<unknown>) {
    if (!Array.isArray(step) || step.length !== 2 || typeof step[0] !== "string") throw invalid(step, "each step is [name, transformer or estimator]")
    if (!STEP_NAME.test(step[0])) throw invalid(step[0], "a step name is a letter followed by letters, digits, _ or - (no dot: parameters are <step>.<parameter>)")
    if (names.includes(step[0])) throw invalid(step[0], "two steps have this name")
    names.push(step[0])
  }
  const transformers = steps.slice(0, -1).map(([name, step]) => {
    const kind = transformerKind(step)
    if (kind === undefined) throw invalid(name, "only the last step may be an estimator; the others are transformers (StandardScaler, MinMaxScaler)")
    return [name, kind] as const
  })
  const [finalName, finalStep] = steps[steps.length - 1]
  if (transformerKind(finalStep) !== undefined) throw invalid(finalName, "the last step must be an estimator, not a transformer")
  const final = estimatorNameOf(finalStep as EstimatorStep)
  // A module is loaded at the start of a run; any other final estimator is checked now.
  if (!isModuleEstimator(final)) getEstimator(final)
  return { _tag: "EstimatorRef", name: nameOf({ steps: transformers, final: [finalName, final] }) }
}
