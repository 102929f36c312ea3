/**
 * The estimator registry under its 0.1.0 name, kept for one minor version.
 * Use `Registry` (the same functions): `Models` read too much like `Model`,
 * a fitted model as data.
 *
 * @since 0.1.0
 * @deprecated since 0.2.0: use `Registry`
 */
import type { Estimator } from "./Estimator.js"
import * as Registry from "./models/Registry.js"

/**
 * @deprecated since 0.2.0: use `Registry.EstimatorName`
 * @since 0.1.0
 * @category deprecated
 */
export type EstimatorName = Registry.EstimatorName

/**
 * @deprecated since 0.2.0: use `Registry.estimators`
 * @since 0.1.0
 * @category deprecated
 */
export const estimators: { readonly [K in EstimatorName]: Estimator<any, any> } = Registry.estimators

/**
 * @deprecated since 0.2.0: use `Registry.getEstimator`
 * @since 0.1.0
 * @category deprecated
 */
export const getEstimator: (name: string) => Estimator<any, any> = Registry.getEstimator

/**
 * @deprecated since 0.2.0: use `Registry.describeEstimator`
 * @since 0.2.0
 * @category deprecated
 */
export const describeEstimator: (name: string) => Promise<void> | undefined = Registry.describeEstimator

/**
 * @deprecated since 0.2.0: use `Registry.loadEstimator`
 * @since 0.2.0
 * @category deprecated
 */
export const loadEstimator: (name: string) => Promise<void> | undefined = Registry.loadEstimator
