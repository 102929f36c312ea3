/**
 * @weft/ml-workflows: parallel machine-learning workflows on the weft pool.
 *
 * @since 0.1.0
 */
// Parallel operations (Effects that need a WorkerPool)
export * as Augment from "./Augment.js"
export * as BatchInference from "./BatchInference.js"
export * as BatchOps from "./BatchOps.js"
export * as CrossValidation from "./CrossValidation.js"
export * as Ensemble from "./Ensemble.js"
export * as Features from "./Features.js"
export * as Gradients from "./Gradients.js"
export * as GridSearch from "./GridSearch.js"
export * as Loading from "./Loading.js"
export * as Preprocess from "./Preprocess.js"
// The operations above as Promises, for code that does not use Effect
export * as Promises from "./Promises.js"
export * as Uncertainty from "./Uncertainty.js"
// Models and their building blocks (plain functions, any thread)
export type * from "./Estimator.js"
export * as Estimators from "./Estimators.js"
export * as Linear from "./models/Linear.js"
export * as Logistic from "./models/Logistic.js"
export * as Mlp from "./models/Mlp.js"
export * as Mljs from "./models/Mljs.js"
export * as Module from "./models/Module.js"
/**
 * Adam and SGD with momentum over a flat parameter vector (the MLP's, or any model's).
 *
 * @since 0.2.0
 */
export * as Optimiser from "./models/Optimiser.js"
/**
 * The estimators by name (`Registry.getEstimator("ridge")`); `Model` is a fitted model.
 *
 * @since 0.2.0
 */
export * as Registry from "./models/Registry.js"
export * as Model from "./Model.js"
export type { FittedModel } from "./Model.js"
export * as Metrics from "./Metrics.js"
// Model selection, statistics, transformers, datasets (plain functions)
export * as Aggregate from "./Aggregate.js"
export * as Datasets from "./Datasets.js"
export * as Formats from "./Formats.js"
export * as GroupKFold from "./GroupKFold.js"
export * as KFold from "./KFold.js"
export * as LeaveOneOut from "./LeaveOneOut.js"
export * as ParameterGrid from "./ParameterGrid.js"
export * as Pipeline from "./Pipeline.js"
export * as RepeatedKFold from "./RepeatedKFold.js"
export * as RepeatedStratifiedKFold from "./RepeatedStratifiedKFold.js"
export * as ShuffleSplit from "./ShuffleSplit.js"
export * as Split from "./Split.js"
export * as Stats from "./Stats.js"
export * as StratifiedGroupKFold from "./StratifiedGroupKFold.js"
export * as StratifiedKFold from "./StratifiedKFold.js"
export * as TimeSeriesSplit from "./TimeSeriesSplit.js"
/**
 * The fitted transformers (`StandardScaler`, `MinMaxScaler`, `SimpleImputer`,
 * `OneHotEncoder`): pure functions, any thread. `Preprocess` runs them on the pool.
 *
 * @since 0.2.0
 */
export * as Transformers from "./Transformers.js"
// Old names, kept as deprecated aliases until 0.3.0
/**
 * @deprecated since 0.2.0: use `Transformers` (the same functions and types)
 * @since 0.1.0
 */
export * as Preprocessing from "./Preprocessing.js"
/**
 * @deprecated since 0.2.0: use `Registry` (the same functions)
 * @since 0.1.0
 */
export * as Models from "./Models.js"
/**
 * The built-in task module every operation above runs: a cluster node
 * (`@weft/cluster`) must serve it to run these workflows remotely.
 *
 * @since 0.1.0
 */
export { Kernels } from "./internal/builtins.js"
