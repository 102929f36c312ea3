/**
 * k-fold cross-validation with training included: an MLP regressor fitted on
 * each fold's training rows and scored (R²) on its test rows
 * (`CrossValidation.crossValidate`). Each fold is one task, so no more than
 * k threads can ever be busy: the benchmark shows that ceiling.
 */
import { Rng, type SharedMatrix } from "@weft/core"
import { CrossValidation, Datasets, KFold, Metrics, Models } from "@weft/ml-workflows"
import { Effect } from "effect"
import { Digest } from "../internal/digest.js"
import type { Workload } from "../Workload.js"

/** @since 0.1.0 */
export interface CrossValidationSize {
  readonly rows: number
  readonly features: number
  readonly hidden: ReadonlyArray<number>
  readonly epochs: number
  /** Folds (k of k-fold); one pool item per fold. */
  readonly folds: number
}

/** @since 0.1.0 */
export interface CrossValidationData {
  readonly X: SharedMatrix
  readonly y: Float64Array
  readonly params: Readonly<Record<string, unknown>>
  readonly folds: number
  readonly seed: number
}

const ESTIMATOR = "mlp-regressor"
const METRIC = "r2"

/** The test-fold score of fold `fold`, as the `fitScore` kernel computes it (fit seed `derive(seed, candidate, fold)`). */
export const fitAndScore = (
  estimatorName: string,
  rawParams: Readonly<Record<string, unknown>>,
  X: SharedMatrix,
  y: Float64Array,
  split: { readonly train: Int32Array; readonly test: Int32Array },
  seed: number
): number => {
  const estimator = Models.getEstimator(estimatorName)
  const state = estimator.fit({ X, y, rows: split.train, nClasses: undefined, seed }, estimator.params(rawParams))
  const predictions = estimator.predict(state, X, split.test)
  const truth = new Float64Array(split.test.length)
  for (let k = 0; k < split.test.length; k++) truth[k] = y[split.test[k]]
  return Metrics.getMetric(METRIC).fn(truth, predictions)
}

/** @since 0.1.0 */
export const crossValidation: Workload<CrossValidationSize, CrossValidationData, Float64Array> = {
  name: "cross-validation",
  title: "Cross-validation",
  sizes: {
    default: { rows: 6000, features: 16, hidden: [32], epochs: 10, folds: 5 },
    quick: { rows: 600, features: 8, hidden: [16], epochs: 3, folds: 5 }
  },
  describe: (s) => `${s.folds}-fold cross-validation of an MLP regressor [${s.hidden.join(", ")}], ${s.epochs} epochs, ${s.rows} rows × ${s.features} features`,
  setup: (size, seed) => {
    const { X, y } = Datasets.syntheticRegression({ rows: size.rows, features: size.features, noise: 1, seed })
    return { X, y, params: { hiddenLayers: size.hidden, epochs: size.epochs }, folds: size.folds, seed }
  },
  runWeft: ({ X, y, params, folds, seed }) =>
    Effect.map(
      CrossValidation.crossValidate({ estimator: ESTIMATOR, params, X, y, cv: { kind: "kfold", k: folds }, metrics: [METRIC], seed }),
      (result) => Float64Array.from(result.folds, (f) => f.scores[METRIC])
    ),
  runSequential: ({ X, y, params, folds, seed }) =>
    Float64Array.from(KFold.kFold(y.length, { k: folds }), (split, f) => fitAndScore(ESTIMATOR, params, X, y, split, Rng.derive(seed, 0, f))),
  fingerprint: (scores) => new Digest().numbers(scores).hex(),
  scaling: {
    kernel: "chain",
    structure: (s) => ({ tasks: s.folds, serial: 0, note: `${s.folds} fits of equal size, one task each` }),
    target: 0.9
  }
}
