/**
 * A train/test split of the row indices 0..n-1, and the checks that every
 * splitter (`KFold`, `StratifiedKFold`, `GroupKFold`, `TimeSeriesSplit`,
 * `RepeatedKFold`, `RepeatedStratifiedKFold`, `ShuffleSplit`, `LeaveOneOut`,
 * `StratifiedGroupKFold`) shares.
 *
 * Indices are `Int32Array`s so that a split can be sent to a worker as is and
 * read there without boxing. Both arrays are in increasing order, as
 * scikit-learn's `split` yields them.
 *
 * @since 0.1.0
 */
import * as Check from "@weft/core/Check"
import { InvalidOption } from "@weft/core/Errors"

/**
 * The rows a model is fitted on (`train`) and the rows it is scored on (`test`).
 *
 * @example
 * const split: Split.Split = { train: Int32Array.of(2, 3), test: Int32Array.of(0, 1) }
 * @since 0.1.0
 * @category models
 */
export interface Split {
  readonly train: Int32Array
  readonly test: Int32Array
}

/**
 * Throws `InvalidOption` unless `value` is an integer in `[min, max]`:
 * `Check.integer` of `@weft/core`, with positional bounds.
 *
 * @example
 * checkInteger("k", 1, 2) // throws: invalid k 1: must be an integer of at least 2
 * @deprecated since 0.2.0: use `Check.integer(option, value, { min, max })` from `@weft/core/Check`; will be removed
 * @since 0.1.0
 * @category deprecated
 */
export const checkInteger = (option: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number =>
  Check.integer(option, value, { min, max: max === Number.MAX_SAFE_INTEGER ? undefined : max })

/**
 * Throws `InvalidOption` unless `seed` is a 32-bit unsigned integer (what `Rng` takes).
 *
 * @since 0.1.0
 * @category checks
 */
export const checkSeed = (seed: unknown): number => Check.integer("seed", seed, { min: 0, max: 0xffffffff })

/**
 * Throws `InvalidOption` unless `n` (the number of samples) can be cut into
 * `k` folds: `k` an integer, `2 <= k <= n`, as scikit-learn's `_BaseKFold` checks.
 *
 * @since 0.1.0
 * @category checks
 */
export const checkFolds = (k: unknown, n: number, option = "k"): number => {
  const folds = Check.integer(option, k, { min: 2 })
  if (folds > n) {
    throw new InvalidOption({
      option,
      value: folds,
      reason: `cannot be greater than the number of samples (${n})`
    })
  }
  return folds
}

/**
 * Throws `InvalidOption` unless `n` is a non-negative integer number of samples.
 *
 * @since 0.1.0
 * @category checks
 */
export const checkSampleCount = (n: unknown): number => Check.integer("n", n, { min: 0 })

/**
 * The splits given the test fold of every sample: split `f` tests the samples
 * with `foldOf[i] === f` and trains on all the others, both in increasing order
 * (scikit-learn's `_iter_test_masks` turned into indices).
 *
 * @example
 * splitsFromFolds(Int32Array.of(0, 1, 0), 2)
 * // [{ train: [1], test: [0, 2] }, { train: [0, 2], test: [1] }]
 * @since 0.1.0
 * @category constructors
 */
export const splitsFromFolds = (foldOf: Int32Array, k: number): Array<Split> => {
  const n = foldOf.length
  const sizes = new Int32Array(k)
  for (let i = 0; i < n; i++) sizes[foldOf[i]]++
  const splits: Array<Split> = new Array(k)
  for (let f = 0; f < k; f++) {
    const test = new Int32Array(sizes[f])
    const train = new Int32Array(n - sizes[f])
    let a = 0
    let b = 0
    for (let i = 0; i < n; i++) {
      if (foldOf[i] === f) test[a++] = i
      else train[b++] = i
    }
    splits[f] = { train, test }
  }
  return splits
}

/**
 * The indices `start..end-1`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const range = (start: number, end: number): Int32Array => {
  const out = new Int32Array(Math.max(0, end - start))
  for (let i = 0; i < out.length; i++) out[i] = start + i
  return out
}

/**
 * The seed to shuffle with, or `null` without shuffling. Throws `InvalidOption`
 * for a non-boolean `shuffle`, a bad seed, or a seed given without
 * `shuffle: true` (scikit-learn's splitters reject a `random_state` there too).
 * The seed defaults to 0: weft never draws an unseeded random number.
 *
 * @since 0.1.0
 * @category checks
 */
export const checkShuffle = (options: {
  readonly shuffle?: boolean | undefined
  readonly seed?: number | undefined
}): number | null => {
  const shuffle = options.shuffle ?? false
  if (typeof shuffle !== "boolean") {
    throw new InvalidOption({ option: "shuffle", value: shuffle, reason: "must be true or false" })
  }
  if (!shuffle) {
    if (options.seed !== undefined) {
      throw new InvalidOption({
        option: "seed",
        value: options.seed,
        reason: "has no effect without shuffle: true; set shuffle: true or leave the seed out"
      })
    }
    return null
  }
  return checkSeed(options.seed ?? 0)
}
