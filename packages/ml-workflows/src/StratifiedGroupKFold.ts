/**
 * K-fold splits that keep groups whole and class proportions close, as
 * scikit-learn's `StratifiedGroupKFold`.
 *
 * @since 0.2.0
 */
import * as Check from "@weft/core/Check"
import { InvalidOption, NonFiniteValue } from "@weft/core/Errors"
import { encodeSorted } from "./GroupKFold.js"
import { RandomState } from "./internal/numpyRandom.js"
import { checkShuffle, splitsFromFolds, type Split } from "./Split.js"
import { checkClassSizes } from "./StratifiedKFold.js"

/**
 * @since 0.2.0
 * @category models
 */
export interface StratifiedGroupKFoldOptions {
  /** Number of folds, at least 2, at most the number of distinct groups and the size of the smallest class (default 5). */
  readonly k?: number | undefined
  /** Shuffle the groups before placing them (default false). */
  readonly shuffle?: boolean | undefined
  /** Seed of the shuffle; only with `shuffle: true` (default 0). */
  readonly seed?: number | undefined
}

/**
 * The `k` train/test splits of the samples labelled `y` with group ids
 * `groups`: no group is ever in both the train and the test set of a split,
 * and each fold's class proportions are kept as close to those of `y` as
 * whole groups allow. Follows scikit-learn 1.2's `StratifiedGroupKFold`:
 * groups are taken in decreasing order of the standard deviation of their
 * class counts (a stable sort, so ties keep group order), and each is put
 * into the fold that then gives the smallest mean over classes of the
 * standard deviation across folds of the share of that class the fold
 * tests; within `np.isclose` of the best, the fold with fewer samples wins.
 * The floating-point sums follow numpy's order (pairwise summation along a
 * row), so the folds equal scikit-learn's without shuffling.
 *
 * With `shuffle: true` the groups are permuted first with a port of numpy's
 * `RandomState` (MT19937) seeded by `seed`. scikit-learn 1.2 shuffles the
 * rows of its group-by-class count table but then reads a shuffled row's
 * position as the group's id, so its folds stratify the wrong groups; weft
 * places the shuffled groups under their own ids, so its shuffled folds are
 * not compared with scikit-learn's, only checked for groups kept whole,
 * partition and determinism by seed.
 *
 * Labels are strings or integer-valued numbers, group ids all numbers or all
 * strings. Throws `InvalidOption` when `k` is not an integer of at least 2,
 * exceeds the number of distinct groups or the size of a class (where
 * scikit-learn only warns: a fold without a class scores a different
 * problem), for labels that are not class labels or mixed id types, when
 * `groups` and `y` differ in length, or for a seed without shuffling;
 * `NonFiniteValue` for a NaN or infinite label or group id.
 *
 * @example
 * stratifiedGroupKFold([0, 0, 1, 1, 0, 1], ["a", "a", "b", "b", "c", "d"], { k: 2 })
 * @since 0.2.0
 * @category splitters
 */
export const stratifiedGroupKFold = (
  y: ArrayLike<number> | ReadonlyArray<string>,
  groups: ArrayLike<number> | ReadonlyArray<string>,
  options: StratifiedGroupKFoldOptions = {}
): Array<Split> => {
  const n = y.length
  if (groups.length !== n) {
    throw new InvalidOption({ option: "groups", value: groups.length, reason: `must have one group per sample (${n})` })
  }
  const k = Check.integer("k", options.k ?? 5, { min: 2 })
  const seed = checkShuffle(options)
  const { codes: classOf, labels, counts } = encodeLabelsSorted(y)
  const nClasses = labels.length
  const { codes: groupOf, nGroups } = encodeSorted(groups)
  if (k > nGroups) {
    throw new InvalidOption({ option: "k", value: k, reason: `cannot be greater than the number of distinct groups (${nGroups})` })
  }
  checkClassSizes(k, labels, counts)

  // countsOfGroup[g * nClasses + c]: samples of class c in group g (y_counts_per_group).
  const countsOfGroup = new Float64Array(nGroups * nClasses)
  for (let i = 0; i < n; i++) countsOfGroup[groupOf[i] * nClasses + classOf[i]]++
  // rowGroup[r]: the group whose counts are in row r of the (possibly shuffled) table.
  const rowGroup = new Int32Array(nGroups)
  for (let g = 0; g < nGroups; g++) rowGroup[g] = g
  if (seed !== null) new RandomState(seed).shuffle(rowGroup)

  // Stable sort of the rows by decreasing std of their class counts (np.argsort(-std, kind="mergesort")).
  const spread = new Float64Array(nGroups)
  for (let r = 0; r < nGroups; r++) spread[r] = -std(countsOfGroup.subarray(rowGroup[r] * nClasses, (rowGroup[r] + 1) * nClasses))
  const order = Array.from(rowGroup.keys()).sort((a, b) => spread[a] - spread[b] || a - b)

  const countsOfFold = new Float64Array(k * nClasses)
  const share = new Float64Array(k)
  const stdPerClass = new Float64Array(nClasses)
  const foldOfGroup = new Int32Array(nGroups)
  for (const r of order) {
    const g = rowGroup[r]
    const add = countsOfGroup.subarray(g * nClasses, (g + 1) * nClasses)
    let best = -1
    let minEval = Number.POSITIVE_INFINITY
    let minSamples = Number.POSITIVE_INFINITY
    for (let f = 0; f < k; f++) {
      for (let c = 0; c < nClasses; c++) countsOfFold[f * nClasses + c] += add[c]
      // np.std(y_counts_per_fold / y_cnt, axis=0): down the folds, summed in fold order.
      for (let c = 0; c < nClasses; c++) {
        for (let q = 0; q < k; q++) share[q] = countsOfFold[q * nClasses + c] / counts[c]
        stdPerClass[c] = stdSequential(share)
      }
      for (let c = 0; c < nClasses; c++) countsOfFold[f * nClasses + c] -= add[c]
      const evaluation = pairwiseSum(stdPerClass) / nClasses
      const samples = pairwiseSum(countsOfFold.subarray(f * nClasses, (f + 1) * nClasses))
      if (evaluation < minEval || (isClose(evaluation, minEval) && samples < minSamples)) {
        minEval = evaluation
        minSamples = samples
        best = f
      }
    }
    for (let c = 0; c < nClasses; c++) countsOfFold[best * nClasses + c] += add[c]
    foldOfGroup[g] = best
  }

  const foldOf = new Int32Array(n)
  for (let i = 0; i < n; i++) foldOf[i] = foldOfGroup[groupOf[i]]
  return splitsFromFolds(foldOf, k)
}

/** Class codes in sorted label order (numpy's `np.unique(y, return_inverse=True, return_counts=True)`). */
const encodeLabelsSorted = (
  y: ArrayLike<number> | ReadonlyArray<string>
): { codes: Int32Array; labels: Array<number | string>; counts: Array<number> } => {
  for (let i = 0; i < y.length; i++) {
    const label = y[i]
    if (typeof label === "number") {
      if (!Number.isFinite(label)) throw new NonFiniteValue({ what: "class labels y", row: i, column: -1, value: label })
      if (!Number.isInteger(label)) {
        throw new InvalidOption({
          option: "y",
          value: label,
          reason: `y[${i}] is not a class label: stratification needs integer or string labels, not continuous targets`
        })
      }
    }
  }
  let codes: Int32Array
  let nClasses: number
  try {
    ;({ codes, nGroups: nClasses } = encodeSorted(y))
  } catch (e) {
    if (e instanceof InvalidOption && e.option === "groups") {
      throw new InvalidOption({ option: "y", value: e.value, reason: "labels must be all numbers or all strings" })
    }
    throw e
  }
  const labels: Array<number | string> = new Array(nClasses)
  const counts: Array<number> = new Array(nClasses).fill(0)
  for (let i = 0; i < codes.length; i++) {
    labels[codes[i]] = y[i]
    counts[codes[i]]++
  }
  return { codes, labels, counts }
}

/** numpy's `pairwise_sum_DOUBLE` (what `np.add.reduce` does along a contiguous row), added to 0. */
const pairwiseSum = (a: ArrayLike<number>, start = 0, n = a.length): number => {
  if (n < 8) {
    let res = 0
    for (let i = 0; i < n; i++) res += a[start + i]
    return res
  }
  if (n <= 128) {
    const r = [0, 0, 0, 0, 0, 0, 0, 0]
    for (let j = 0; j < 8; j++) r[j] = a[start + j]
    let i = 8
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] += a[start + i + j]
    let res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
    for (; i < n; i++) res += a[start + i]
    return res
  }
  let n2 = Math.floor(n / 2)
  n2 -= n2 % 8
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2)
}

/** Population std of a contiguous row, as `np.std(..., axis=1)` computes it. */
const std = (a: Float64Array): number => {
  const mean = pairwiseSum(a) / a.length
  const sq = new Float64Array(a.length)
  for (let i = 0; i < a.length; i++) sq[i] = (a[i] - mean) * (a[i] - mean)
  return Math.sqrt(pairwiseSum(sq) / a.length)
}

/** Population std down a column (`np.std(..., axis=0)`): numpy adds the rows one after the other. */
const stdSequential = (a: Float64Array): number => {
  let sum = 0
  for (let i = 0; i < a.length; i++) sum += a[i]
  const mean = sum / a.length
  let sq = 0
  for (let i = 0; i < a.length; i++) sq += (a[i] - mean) * (a[i] - mean)
  return Math.sqrt(sq / a.length)
}

/** `np.isclose(a, b)` with its default tolerances (infinities equal only to themselves). */
const isClose = (a: number, b: number): boolean =>
  a === b || (Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= 1e-8 + 1e-5 * Math.abs(b))
