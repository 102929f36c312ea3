/**
 * Random train/test splits, as scikit-learn's `ShuffleSplit`.
 *
 * @since 0.2.0
 */
import * as Check from "@weft/core/Check"
import { InvalidOption } from "@weft/core/Errors"
import { RandomState } from "./internal/numpyRandom.js"
import { checkSampleCount, checkSeed, type Split } from "./Split.js"

/**
 * @since 0.2.0
 * @category models
 */
export interface ShuffleSplitOptions {
  /** Number of splits, at least 1 (default 10). */
  readonly nSplits?: number | undefined
  /**
   * Test set size: a fraction strictly between 0 and 1 (rounded up, as
   * scikit-learn), or a whole number of samples `1..n-1`. Default: the
   * complement of `trainSize`, or 0.1 when neither is given.
   */
  readonly testSize?: number | undefined
  /** Train set size, read as `testSize` is but rounded down. Default: the complement of the test set. */
  readonly trainSize?: number | undefined
  /** scikit-learn's `random_state`: a 32-bit unsigned integer (default 0; weft never draws unseeded). */
  readonly seed?: number | undefined
}

/**
 * `nSplits` independent random train/test splits of `n` samples, following
 * scikit-learn 1.2's `ShuffleSplit`: each split permutes `0..n-1` and tests
 * the first `nTest` samples of the permutation and trains on the next
 * `nTrain`. Samples may be in several test sets, or in none; the splits are
 * not a partition.
 *
 * The permutations draw from a port of numpy's `RandomState` (MT19937), so
 * `seed: N` gives the train and test sets of
 * `ShuffleSplit(n_splits, test_size=..., train_size=..., random_state=N)`
 * (see `repeatedKFold` for why the generator is ported). scikit-learn yields
 * them in permutation order; weft sorts them (every weft split is in
 * increasing order), which changes no score beyond rounding.
 *
 * A size in (0, 1) is a fraction and a whole number a count; `1` therefore
 * means one sample (scikit-learn tells `1` from `1.0` by type, which numbers
 * in JavaScript cannot). Throws `InvalidOption` for sizes out of range, for
 * fractions summing past 1, for sizes summing past `n` or leaving an empty
 * train or test set, and for a bad `nSplits` or seed.
 *
 * @example
 * shuffleSplit(10, { nSplits: 3, testSize: 0.25, seed: 0 }) // 3 splits of 7 train and 3 test rows
 * @since 0.2.0
 * @category splitters
 */
export const shuffleSplit = (n: number, options: ShuffleSplitOptions = {}): Array<Split> => {
  checkSampleCount(n)
  const nSplits = Check.integer("nSplits", options.nSplits ?? 10, { min: 1 })
  const { nTrain, nTest } = trainTestSizes(n, options.testSize, options.trainSize)
  const rng = new RandomState(checkSeed(options.seed ?? 0))
  const splits: Array<Split> = []
  for (let s = 0; s < nSplits; s++) {
    const permutation = rng.permutation(n)
    const test = permutation.slice(0, nTest).sort()
    const train = permutation.slice(nTest, nTest + nTrain).sort()
    splits.push({ train, test })
  }
  return splits
}

/** scikit-learn 1.2's `_validate_shuffle_split` (default test size 0.1). */
const trainTestSizes = (
  n: number,
  testSize: number | undefined,
  trainSize: number | undefined
): { nTrain: number; nTest: number } => {
  if (testSize === undefined && trainSize === undefined) testSize = 0.1
  const kindOf = (option: string, size: number | undefined): "fraction" | "count" | undefined => {
    if (size === undefined) return undefined
    if (typeof size === "number" && size > 0 && size < 1) return "fraction"
    if (typeof size === "number" && Number.isInteger(size) && size >= 1 && size < n) return "count"
    throw new InvalidOption({
      option,
      value: size,
      reason: `must be a fraction strictly between 0 and 1 or a whole number of samples in 1..${n - 1}`
    })
  }
  const testKind = kindOf("testSize", testSize)
  const trainKind = kindOf("trainSize", trainSize)
  if (testKind === "fraction" && trainKind === "fraction" && testSize! + trainSize! > 1) {
    throw new InvalidOption({
      option: "testSize",
      value: testSize,
      reason: `plus trainSize (${trainSize}) is more than 1; their sum must be at most 1`
    })
  }
  let nTest = testKind === "fraction" ? Math.ceil(testSize! * n) : testSize
  let nTrain = trainKind === "fraction" ? Math.floor(trainSize! * n) : trainSize
  if (nTrain === undefined) nTrain = n - nTest!
  else if (nTest === undefined) nTest = n - nTrain
  if (nTrain + nTest! > n) {
    throw new InvalidOption({
      option: "trainSize",
      value: trainSize,
      reason: `${nTrain} train plus ${nTest} test samples are more than the ${n} samples`
    })
  }
  if (nTrain === 0) {
    throw new InvalidOption({
      option: "testSize",
      value: testSize,
      reason: `leaves no sample to train on with ${n} samples; lower testSize`
    })
  }
  return { nTrain, nTest: nTest! }
}
