/**
 * Stratified k-fold cross-validation repeated with a new shuffle each time,
 * as scikit-learn's `RepeatedStratifiedKFold`.
 *
 * @since 0.2.0
 */
import * as Check from "@weft/core/Check"
import { RandomState } from "./internal/numpyRandom.js"
import { checkFolds, checkSeed, splitsFromFolds, type Split } from "./Split.js"
import { checkClassSizes, encodeByFirstAppearance, membersByClass } from "./StratifiedKFold.js"

/**
 * @since 0.2.0
 * @category models
 */
export interface RepeatedStratifiedKFoldOptions {
  /** Number of folds per repetition, at least 2, at most the size of the smallest class (default 5). */
  readonly k?: number | undefined
  /** Number of repetitions, at least 1 (default 10, as scikit-learn). */
  readonly nRepeats?: number | undefined
  /** scikit-learn's `random_state`: a 32-bit unsigned integer (default 0; weft never draws unseeded). */
  readonly seed?: number | undefined
}

/**
 * The `k * nRepeats` train/test splits of the samples labelled `y`:
 * `nRepeats` shuffled stratified k-folds one after the other, following
 * scikit-learn 1.2's `RepeatedStratifiedKFold` — in each repetition every
 * class's block of fold numbers (dealt as `StratifiedKFold` deals them) is
 * shuffled, class by class in order of first appearance.
 *
 * The shuffles draw from a port of numpy's `RandomState` (MT19937), one
 * generator for all repetitions, so `seed: N` gives exactly the folds of
 * `RepeatedStratifiedKFold(n_splits=k, n_repeats=r, random_state=N)` (see
 * `repeatedKFold` for why the generator is ported). Train and test indices
 * are in increasing order.
 *
 * Labels are strings or integer-valued numbers. Throws `InvalidOption` as
 * `stratifiedKFold` does (a class with fewer than `k` members included), for
 * an `nRepeats` below 1 or a bad seed.
 *
 * @example
 * repeatedStratifiedKFold([0, 0, 1, 1], { k: 2, nRepeats: 3, seed: 1 }) // 6 splits
 * @since 0.2.0
 * @category splitters
 */
export const repeatedStratifiedKFold = (
  y: ArrayLike<number> | ReadonlyArray<string>,
  options: RepeatedStratifiedKFoldOptions = {}
): Array<Split> => {
  const n = y.length
  const k = checkFolds(options.k ?? 5, n)
  const nRepeats = Check.integer("nRepeats", options.nRepeats ?? 10, { min: 1 })
  const rng = new RandomState(checkSeed(options.seed ?? 0))
  const { codes, labels, counts } = encodeByFirstAppearance(y)
  const nClasses = labels.length
  checkClassSizes(k, labels, counts)

  // allocation[f * nClasses + c]: how many samples of class c fold f tests (as in stratifiedKFold).
  const allocation = new Int32Array(k * nClasses)
  let p = 0
  for (let c = 0; c < nClasses; c++) {
    for (let end = p + counts[c]; p < end; p++) allocation[(p % k) * nClasses + c]++
  }
  const members = membersByClass(codes, counts)
  const splits: Array<Split> = []
  for (let r = 0; r < nRepeats; r++) {
    const foldOf = new Int32Array(n)
    for (let c = 0; c < nClasses; c++) {
      // np.arange(k).repeat(allocation[:, c]), shuffled as an int64 array.
      const folds = new Int32Array(counts[c])
      let q = 0
      for (let f = 0; f < k; f++) {
        for (let a = allocation[f * nClasses + c]; a > 0; a--) folds[q++] = f
      }
      rng.shuffle(folds)
      const rows = members[c]
      for (let i = 0; i < rows.length; i++) foldOf[rows[i]] = folds[i]
    }
    splits.push(...splitsFromFolds(foldOf, k))
  }
  return splits
}
