/**
 * The built-in models by name, as the CLI, saved models and worker tasks
 * refer to them.
 *
 * @since 0.1.0
 */
import { InvalidOption } from "@weft/core/Errors"
import type { Estimator } from "../Estimator.js"
import { LinearRegression, Ridge } from "./Linear.js"
import { LogisticRegression } from "./Logistic.js"
import { isMljs, mljsEstimator } from "./Mljs.js"
import { MlpClassifier, MlpRegressor } from "./Mlp.js"

const adapters = new Map<string, Estimator<any, any>>()

/**
 * The names of the built-in models.
 *
 * @since 0.1.0
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
 */
export const getEstimator = (name: string): Estimator<any, any> => {
  if (Object.prototype.hasOwnProperty.call(estimators, name)) return estimators[name as EstimatorName]
  if (isMljs(name)) {
    let adapted = adapters.get(name)
    if (adapted === undefined) adapters.set(name, (adapted = mljsEstimator(name)))
    return adapted
  }
  throw new InvalidOption({ option: "estimator", value: name, reason: `unknown model; known: ${Object.keys(estimators).join(", ")}, or an mljs adapter (Mljs.estimatorName)` })
}
