/**
 * The estimators by name, as the CLI, saved models and worker tasks refer to
 * them: the built-in ones, mljs adapters (`mljs:`), estimators of your own
 * from a module (`module:`, see Module.ts) and pipelines (`pipeline:`, see
 * Pipeline.ts). A name is all a task carries; a thread that meets one that
 * needs code imports it first ({@link loadEstimator}).
 *
 * Exported as `Registry` since 0.2.0. In 0.1.0 it was `Models`, one letter
 * from `Model` (a fitted model as data, and its file format), which holds no
 * estimator at all; `Models` stays as a deprecated alias until 0.3.0. A
 * registry maps names to estimators (the recipes); `Model` is what fitting one
 * gives.
 *
 * @since 0.1.0
 */
import { InvalidOption } from "@weft/core/Errors"
import type { Estimator } from "../Estimator.js"
import { LinearRegression, Ridge } from "./Linear.js"
import { LogisticRegression } from "./Logistic.js"
import { isMljs, loadMljs, mljsEstimator } from "./Mljs.js"
import { MlpClassifier, MlpRegressor } from "./Mlp.js"
import { isModuleEstimator, load as loadModule, moduleEstimator } from "./Module.js"
import { isPipeline, pipelineEstimator, specOf as pipelineSpecOf } from "../internal/pipeline.js"

const adapters = new Map<string, Estimator<any, any>>()
const pipelines = new Map<string, Estimator<any, any>>()

/**
 * The names of the built-in models.
 *
 * @since 0.1.0
 * @category models
 */
export type EstimatorName = "linear" | "ridge" | "logistic" | "mlp-regressor" | "mlp-classifier"

/**
 * The built-in models by name. Each model's `params` checks and completes
 * user parameters, so a registry entry can be used without knowing its types.
 *
 * @example
 * const model = estimators.ridge
 * const state = model.fit({ X, y, seed: 0 }, model.params({ alpha: 0.5 }))
 * @since 0.1.0
 * @category registry
 */
export const estimators: { readonly [K in EstimatorName]: Estimator<any, any> } = {
  linear: LinearRegression,
  ridge: Ridge,
  logistic: LogisticRegression,
  "mlp-regressor": MlpRegressor,
  "mlp-classifier": MlpClassifier
}

/**
 * The model called `name`; throws `InvalidOption` listing the known names for
 * any other.
 *
 * @example
 * const model = getEstimator("logistic")
 * model.kind // "classifier"
 * @since 0.1.0
 * @category registry
 */
export const getEstimator = (name: string): Estimator<any, any> => {
  if (Object.prototype.hasOwnProperty.call(estimators, name)) return estimators[name as EstimatorName]
  if (isMljs(name)) {
    let adapted = adapters.get(name)
    if (adapted === undefined) adapters.set(name, (adapted = mljsEstimator(name)))
    return adapted
  }
  if (isModuleEstimator(name)) return moduleEstimator(name)
  if (isPipeline(name)) {
    let pipeline = pipelines.get(name)
    if (pipeline === undefined) {
      pipeline = pipelineEstimator(name, getEstimator)
      // Bounded: names come from the caller's own runs, but a long-lived worker should not grow without end.
      if (pipelines.size >= 256) pipelines.delete(pipelines.keys().next().value!)
      pipelines.set(name, pipeline)
    }
    return pipeline
  }
  throw new InvalidOption({
    option: "estimator",
    value: name,
    reason: `unknown model; known: ${Object.keys(estimators).join(", ")}, or an mljs adapter (Mljs.estimatorName), a module (Estimators.fromModule) or a pipeline (Pipeline.make)`
  })
}

/**
 * What {@link getEstimator} needs on the calling thread to describe estimator
 * `name` (its kind, defaults, parameter checks): a module of your own is
 * imported, at any depth of a pipeline. An mljs adapter describes itself from
 * its name and is imported only where it fits (a caller that sends it to a
 * cluster need not have the package installed).
 *
 * @since 0.2.0
 * @category loading
 */
export const describeEstimator = (name: string): Promise<void> | undefined => {
  if (isModuleEstimator(name)) return loadModule(name)
  if (isPipeline(name)) return describeEstimator(pipelineSpecOf(name).final[1])
  return undefined
}

/**
 * Imports, on this thread, the code that estimator `name` needs before
 * {@link getEstimator} can give it: an mljs adapter's package, a module of
 * your own, or those of a pipeline's final step. `undefined` when it needs
 * none (the built-in models), so callers stay synchronous for them.
 *
 * @example
 * await Registry.loadEstimator(name)
 * const estimator = Registry.getEstimator(name)
 * @since 0.2.0
 * @category loading
 */
export const loadEstimator = (name: string): Promise<void> | undefined => {
  if (isMljs(name)) return loadMljs(name)
  if (isModuleEstimator(name)) return loadModule(name)
  if (isPipeline(name)) return loadEstimator(pipelineSpecOf(name).final[1])
  return undefined
}
