/**
 * Grid search with cross-validation: every (candidate, fold) pair is one
 * task, then the best candidate is refitted on all rows
 * (`GridSearch.gridSearch`). The refit is one task on one thread: a serial
 * part that Amdahl's law will find.
 */
import { Rng, type SharedMatrix } from "@weft/core"
import { Datasets, GridSearch, KFold, Models, ParameterGrid } from "@weft/ml-workflows"
import { Effect } from "effect"
import { Digest } from "../internal/digest.js"
import type { Workload } from "../Workload.js"
import { fitAndScore } from "./crossValidation.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface GridSearchSize {
  readonly rows: number
  readonly features: number
  /** The grid's hidden-layer choices. */
  readonly hiddenLayers: ReadonlyArray<ReadonlyArray<number>>
  /** The grid's learning-rate choices. */
  readonly learningRates: ReadonlyArray<number>
  readonly epochs: number
  readonly folds: number
}

/** @since 0.1.0 */
export interface GridSearchData {
  readonly X: SharedMatrix
  readonly y: Float64Array
  readonly grid: ParameterGrid.Grid
  readonly folds: number
  readonly seed: number
}

/** @since 0.1.0 */
export interface GridSearchResult {
  /** Candidate c's score on fold f at c·folds + f. */
  readonly foldScores: Float64Array
  readonly bestIndex: number
  /** The refitted best model's parameters. */
  readonly refit: ReadonlyArray<number>
}

const ESTIMATOR = "mlp-regressor"
const METRIC = "r2"

/** The first candidate with the highest mean score (failed, NaN, candidates last), as scikit-learn's `best_index_`. */
const bestOf = (foldScores: Float64Array, folds: number): number => {
  let best = 0
  let bestMean = Number.NEGATIVE_INFINITY
  for (let c = 0; c * folds < foldScores.length; c++) {
    let sum = 0
    for (let f = 0; f < folds; f++) sum += foldScores[c * folds + f]
    const mean = Number.isNaN(sum) ? Number.NEGATIVE_INFINITY : sum / folds
    if (mean > bestMean) {
      best = c
      bestMean = mean
    }
  }
  return best
}

/** @since 0.1.0 */
export const gridSearch: Workload<GridSearchSize, GridSearchData, GridSearchResult> = {
  name: "grid-search",
  title: "Grid search",
  sizes: {
    default: { rows: 15_000, features: 16, hiddenLayers: [[16], [32]], learningRates: [0.001, 0.01], epochs: 5, folds: 5 },
    quick: { rows: 400, features: 8, hiddenLayers: [[8], [16]], learningRates: [0.001, 0.01], epochs: 2, folds: 5 }
  },
  describe: (s) =>
    `${s.hiddenLayers.length * s.learningRates.length} MLP candidates × ${s.folds} folds (${s.epochs} epochs) + refit, ${s.rows} rows × ${s.features} features`,
  setup: (size, seed) => {
    const { X, y } = Datasets.syntheticRegression({ rows: size.rows, features: size.features, noise: 1, seed })
    const grid = { hiddenLayers: size.hiddenLayers, learningRate: size.learningRates, epochs: [size.epochs] }
    return { X, y, grid, folds: size.folds, seed }
  },
  runWeft: ({ X, y, grid, folds, seed }) =>
    Effect.map(GridSearch.gridSearch(grid, { estimator: ESTIMATOR, X, y, cv: { kind: "kfold", k: folds }, metrics: [METRIC], seed }), (result) => ({
      foldScores: Float64Array.from(result.candidates.flatMap((c) => c.foldScores.map((s) => s[METRIC]))),
      bestIndex: result.bestIndex,
      refit: (result.bestModel?.state as { params: ReadonlyArray<number> } | undefined)?.params ?? []
    })),
  runSequential: ({ X, y, grid, folds, seed }) => {
    const candidates = ParameterGrid.parameterGrid(grid)
    const splits = KFold.kFold(y.length, { k: folds })
    const foldScores = new Float64Array(candidates.length * folds)
    candidates.forEach((params, c) => {
      splits.forEach((split, f) => {
        foldScores[c * folds + f] = fitAndScore(ESTIMATOR, params, X, y, split, Rng.derive(seed, c, f))
      })
    })
    const bestIndex = bestOf(foldScores, folds)
    const estimator = Models.getEstimator(ESTIMATOR)
    const state = estimator.fit({ X, y, nClasses: undefined, seed }, estimator.params(candidates[bestIndex])) as { params: ReadonlyArray<number> }
    return { foldScores, bestIndex, refit: state.params }
  },
  fingerprint: ({ foldScores, bestIndex, refit }) => new Digest().numbers(foldScores).number(bestIndex).numbers(refit).hex(),
  // The refit trains on every row, the fold fits on (k − 1)/k of them, with the same epochs:
  // a refit is k/(k − 1) fold fits long. Candidates of different widths are counted as equal.
  scaling: {
    kernel: "gemm",
    structure: (s) => {
      const tasks = s.hiddenLayers.length * s.learningRates.length * s.folds
      const serial = s.folds / (s.folds - 1)
      return {
        tasks,
        serial,
        note: `${tasks} (candidate, fold) fits counted as equal, then the refit on all rows alone (${s.folds}/${s.folds - 1} of a fold fit, as it trains on ${s.folds}/${s.folds - 1} the rows)`
      }
    }
  }
}
