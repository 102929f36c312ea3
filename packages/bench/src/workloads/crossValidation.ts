/**
 * k-fold cross-validation with training included: an MLP regressor fitted on
 * each fold's training rows and scored (R²) on its test rows
 * (`CrossValidation.crossValidate`). Each fold is one task (k tasks, handed
 * out one at a time: no chunking), so no more than k threads can ever be busy
 * and k tasks on T threads take at least ⌈k / T⌉ task lengths. The folds are
 * the same work (every training set has (k − 1)/k of the rows, the same
 * epochs, no early stopping), but not the same time on a shared machine: the
 * result carries each fold's fit + score time as the worker measured it, and
 * the bound of each round is the list schedule of the times measured on one
 * thread (`Ratio.measuredBound`), not 5/3 by assumption.
 */
import { Rng, type SharedMatrix } from "@weft/core"
import { CrossValidation, Datasets, KFold, Metrics, Models } from "@weft/ml-workflows"
import { Effect } from "effect"
import { Digest } from "../internal/digest.js"
import type { Workload } from "../Workload.js"

/**
 * @since 0.1.0
 * @category models
 */
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

/** @since 0.2.0 */
export interface CrossValidationResult {
  /** Each fold's test score. */
  readonly scores: Float64Array
  /** Each fold's fit + score time (ms) where it ran, in fold order (the order the pool takes them): not in the fingerprint. */
  readonly costs: ReadonlyArray<number>
}

/** @since 0.1.0 */
export const crossValidation: Workload<CrossValidationSize, CrossValidationData, CrossValidationResult> = {
  name: "cross-validation",
  title: "Cross-validation",
  sizes: {
    default: { rows: 20_000, features: 16, hidden: [32], epochs: 10, folds: 5 },
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
      (result) => ({ scores: Float64Array.from(result.folds, (f) => f.scores[METRIC]), costs: result.folds.map((f) => f.fitMs + f.scoreMs) })
    ),
  runSequential: ({ X, y, params, folds, seed }) => {
    const costs: Array<number> = []
    const scores = Float64Array.from(KFold.kFold(y.length, { k: folds }), (split, f) => {
      const start = performance.now()
      const score = fitAndScore(ESTIMATOR, params, X, y, split, Rng.derive(seed, 0, f))
      costs.push(performance.now() - start)
      return score
    })
    return { scores, costs }
  },
  fingerprint: ({ scores }) => new Digest().numbers(scores).hex(),
  scaling: {
    kernel: "gemm",
    structure: (s) => ({
      tasks: s.folds,
      serial: 0,
      note: `${s.folds} fits of the same work, one task each; each round's bound is the list schedule of the fold times measured on 1 thread`
    }),
    target: 0.9,
    taskCosts: (result) => result.costs
  }
}
