/**
 * K-fold cross-validation splits, as scikit-learn's `KFold`.
 *
 * @since 0.1.0
 */
import * as Rng from "@weft/core/Rng"
import { checkFolds, checkSampleCount, checkShuffle, splitsFromFolds, type Split } from "./Split.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface KFoldOptions {
  /** Number of folds, at least 2 and at most `n` (default 5). */
  readonly k?: number | undefined
  /** Permute the samples before cutting them into folds (default false). */
  readonly shuffle?: boolean | undefined
  /** Seed of the permutation; only with `shuffle: true` (default 0). */
  readonly seed?: number | undefined
}

/**
 * The `k` train/test splits of `n` samples, following scikit-learn's `KFold`:
 * the first `n % k` folds hold `floor(n / k) + 1` samples, the others
 * `floor(n / k)`; without shuffling, fold `f` tests a contiguous block of
 * indices. Train and test indices are in increasing order.
 *
 * With `shuffle: true` the indices are permuted first (Fisher–Yates on weft's
 * `Rng` seeded by `seed`) and then cut into the same blocks: the folds are a
 * pure function of `(n, k, seed)`, but not the folds scikit-learn draws from
 * numpy's generator for the same seed. As in scikit-learn, a `seed` without
 * `shuffle` is an error rather than silently ignored.
 *
 * Throws `InvalidOption` for a `k` that is not an integer in `2..n`, or a seed
 * without shuffling.
 *
 * @example
 * kFold(5, { k: 2 })
 * // [{ train: [3, 4], test: [0, 1, 2] }, { train: [0, 1, 2], test: [3, 4] }]
 * @since 0.1.0
 * @category splitters
 */
export const kFold = (n: number, options: KFoldOptions = {}): Array<Split> => {
  checkSampleCount(n)
  const k = checkFolds(options.k ?? 5, n)
  const seed = checkShuffle(options)
  // order[p] is the sample at position p of the (possibly permuted) sequence.
  const order = seed === null ? null : new Rng.Rng(seed).permutation(n)
  const foldOf = new Int32Array(n)
  const base = Math.floor(n / k)
  const extra = n % k
  let p = 0
  for (let f = 0; f < k; f++) {
    const size = f < extra ? base + 1 : base
    for (let end = p + size; p < end; p++) foldOf[order === null ? p : order[p]] = f
  }
  return splitsFromFolds(foldOf, k)
}
