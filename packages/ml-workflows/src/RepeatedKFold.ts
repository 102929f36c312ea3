/**
 * K-fold cross-validation repeated with a new shuffle each time, as
 * scikit-learn's `RepeatedKFold`.
 *
 * @since 0.2.0
 */
import * as Check from "@weft/core/Check"
import { RandomState } from "./internal/numpyRandom.js"
import { checkFolds, checkSampleCount, checkSeed, splitsFromFolds, type Split } from "./Split.js"

/**
 * @since 0.2.0
 * @category models
 */
export interface RepeatedKFoldOptions {
  /** Number of folds per repetition, at least 2 and at most `n` (default 5). */
  readonly k?: number | undefined
  /** Number of repetitions, at least 1 (default 10, as scikit-learn). */
  readonly nRepeats?: number | undefined
  /** scikit-learn's `random_state`: a 32-bit unsigned integer (default 0; weft never draws unseeded). */
  readonly seed?: number | undefined
}

/**
 * The `k * nRepeats` train/test splits of `n` samples: `nRepeats` shuffled
 * k-folds one after the other, repetition by repetition, following
 * scikit-learn 1.2's `RepeatedKFold` — each repetition permutes `0..n-1` and
 * cuts the permutation into `KFold`'s blocks (the first `n % k` folds hold one
 * sample more).
 *
 * The shuffles draw from a port of numpy's `RandomState` (MT19937), one
 * generator for all repetitions as scikit-learn shares its `random_state`
 * between them, so `seed: N` gives exactly the folds of
 * `RepeatedKFold(n_splits=k, n_repeats=r, random_state=N)`: porting the
 * generator (about 80 lines) was chosen over weft's own `Rng` because a user
 * moving from scikit-learn can then check weft's scores fold for fold. (The
 * older `kFold(..., { shuffle: true })` uses weft's `Rng` and does not.)
 * Train and test indices are in increasing order.
 *
 * Throws `InvalidOption` for a `k` not in `2..n`, an `nRepeats` below 1 or a
 * seed that is not a 32-bit unsigned integer.
 *
 * @example
 * repeatedKFold(10, { k: 5, nRepeats: 2, seed: 0 }) // 10 splits, equal to scikit-learn's
 * @since 0.2.0
 * @category splitters
 */
export const repeatedKFold = (n: number, options: RepeatedKFoldOptions = {}): Array<Split> => {
  checkSampleCount(n)
  const k = checkFolds(options.k ?? 5, n)
  const nRepeats = Check.integer("nRepeats", options.nRepeats ?? 10, { min: 1 })
  const rng = new RandomState(checkSeed(options.seed ?? 0))
  const base = Math.floor(n / k)
  const extra = n % k
  const splits: Array<Split> = []
  for (let r = 0; r < nRepeats; r++) {
    const order = rng.permutation(n)
    const foldOf = new Int32Array(n)
    let p = 0
    for (let f = 0; f < k; f++) {
      const size = f < extra ? base + 1 : base
      for (let end = p + size; p < end; p++) foldOf[order[p]] = f
    }
    splits.push(...splitsFromFolds(foldOf, k))
  }
  return splits
}
