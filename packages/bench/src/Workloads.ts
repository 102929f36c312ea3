/**
 * The built-in workloads, by name: the four of the Rust module's summary
 * (batch inference, preprocessing, gradient computation, cross-validation)
 * plus grid search and Monte-Carlo uncertainty.
 *
 * @since 0.1.0
 */
import type { Workload, WorkloadName } from "./Workload.js"
import { crossValidation, type CrossValidationSize } from "./workloads/crossValidation.js"
import { gradients, type GradientsSize } from "./workloads/gradients.js"
import { gridSearch, type GridSearchSize } from "./workloads/gridSearch.js"
import { inference, type InferenceSize } from "./workloads/inference.js"
import { preprocessing, type PreprocessingSize } from "./workloads/preprocessing.js"
import { uncertainty, type UncertaintySize } from "./workloads/uncertainty.js"

export type { CrossValidationSize, GradientsSize, GridSearchSize, InferenceSize, PreprocessingSize, UncertaintySize }

/**
 * The size parameters of each workload.
 *
 * @since 0.1.0
 * @category models
 */
export interface Sizes {
  readonly "batch-inference": InferenceSize
  readonly preprocessing: PreprocessingSize
  readonly gradients: GradientsSize
  readonly "cross-validation": CrossValidationSize
  readonly "grid-search": GridSearchSize
  readonly uncertainty: UncertaintySize
}

/**
 * Size overrides per workload, on top of the default or quick size.
 *
 * @example
 * const sizes: SizeOverrides = { "batch-inference": { rows: 100_000 }, "cross-validation": { epochs: 20 } }
 * @since 0.1.0
 * @category models
 */
export type SizeOverrides = { readonly [K in WorkloadName]?: Partial<Sizes[K]> }

/**
 * Every built-in workload, by name, in report order.
 *
 * @example
 * const w = workloads["batch-inference"]
 * w.describe(w.sizes.quick) // "3000 rows × 16 features, MLP 16-32-32-1, 24 batches of 128 rows"
 * @since 0.1.0
 * @category workloads
 */
export const workloads: { readonly [K in WorkloadName]: Workload<Sizes[K]> } = {
  "batch-inference": inference,
  preprocessing,
  gradients,
  "cross-validation": crossValidation,
  "grid-search": gridSearch,
  uncertainty
}

/**
 * The workload names, in report order.
 *
 * @since 0.1.0
 * @category constants
 */
export const workloadNames: ReadonlyArray<WorkloadName> = Object.keys(workloads) as Array<WorkloadName>

/**
 * Whether `name` is a built-in workload's name.
 *
 * @since 0.1.0
 * @category guards
 */
export const isWorkloadName = (name: string): name is WorkloadName => Object.prototype.hasOwnProperty.call(workloads, name)
