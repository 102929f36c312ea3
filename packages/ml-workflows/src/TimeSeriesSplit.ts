/**
 * Forward-chaining splits for time-ordered samples, as scikit-learn's `TimeSeriesSplit`.
 *
 * @since 0.1.0
 */
import * as Check from "@weft/core/Check"
import { InvalidOption } from "@weft/core/Errors"
import { checkSampleCount, range, type Split } from "./Split.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface TimeSeriesSplitOptions {
  /** Number of splits, at least 2 (default 5). */
  readonly nSplits?: number | undefined
  /** Keep at most this many of the latest samples before the gap for training (default: all). */
  readonly maxTrainSize?: number | undefined
  /** Samples per test set (default `floor(n / (nSplits + 1))`). */
  readonly testSize?: number | undefined
  /** Samples left out between the end of training and the start of testing (default 0). */
  readonly gap?: number | undefined
}

/**
 * The `nSplits` train/test splits of `n` time-ordered samples, following
 * scikit-learn 1.2's `TimeSeriesSplit`: the last `nSplits * testSize` samples
 * are cut into consecutive test blocks; each split trains on the samples
 * before its test block, less the `gap` samples just before it, and keeps
 * only the latest `maxTrainSize` of them when that is given. Training always
 * precedes testing, so no split sees the future.
 *
 * Throws `InvalidOption` when an option is not an integer in range, when
 * `nSplits + 1 > n`, or when the test blocks and the gap leave no sample to
 * train the first split on.
 *
 * @example
 * timeSeriesSplit(6, { nSplits: 2 })
 * // [{ train: [0, 1], test: [2, 3] }, { train: [0, 1, 2, 3], test: [4, 5] }]
 * @since 0.1.0
 * @category splitters
 */
export const timeSeriesSplit = (n: number, options: TimeSeriesSplitOptions = {}): Array<Split> => {
  checkSampleCount(n)
  const nSplits = Check.integer("nSplits", options.nSplits ?? 5, { min: 2 })
  const gap = Check.integer("gap", options.gap ?? 0, { min: 0 })
  const maxTrainSize = options.maxTrainSize === undefined ? undefined : Check.integer("maxTrainSize", options.maxTrainSize, { min: 1 })
  const nFolds = nSplits + 1
  if (nFolds > n) {
    throw new InvalidOption({
      option: "nSplits",
      value: nSplits,
      reason: `needs nSplits + 1 = ${nFolds} folds, more than the number of samples (${n})`
    })
  }
  const testSize = options.testSize === undefined ? Math.floor(n / nFolds) : Check.integer("testSize", options.testSize, { min: 1 })
  if (n - gap - testSize * nSplits <= 0) {
    throw new InvalidOption({
      option: "nSplits",
      value: nSplits,
      reason: `too many splits for ${n} samples with testSize ${testSize} and gap ${gap}: nothing is left to train the first split on`
    })
  }
  const splits: Array<Split> = []
  for (let testStart = n - nSplits * testSize; testStart < n; testStart += testSize) {
    const trainEnd = testStart - gap
    const trainStart = maxTrainSize !== undefined && maxTrainSize < trainEnd ? trainEnd - maxTrainSize : 0
    splits.push({ train: range(trainStart, trainEnd), test: range(testStart, testStart + testSize) })
  }
  return splits
}
