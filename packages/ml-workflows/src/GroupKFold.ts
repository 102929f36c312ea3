/**
 * K-fold splits that keep each group of samples whole, as scikit-learn's `GroupKFold`.
 *
 * @since 0.1.0
 */
import * as Check from "@weft/core/Check"
import { InvalidOption, NonFiniteValue } from "@weft/core/Errors"
import { numpyArgsort } from "./internal/numpyArgsort.js"
import { splitsFromFolds, type Split } from "./Split.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface GroupKFoldOptions {
  /** Number of folds, at least 2, at most the number of distinct groups (default 5). */
  readonly k?: number | undefined
}

/**
 * The `k` train/test splits of the samples whose group ids are `groups`, no
 * group ever in both the train and the test set of a split, following
 * scikit-learn 1.2's `GroupKFold`: groups are numbered in sorted order, taken
 * from the largest to the smallest and each put into the fold that holds the
 * fewest samples so far (the first such fold on a tie).
 *
 * "Largest to smallest" is scikit-learn's `np.argsort(sizes)[::-1]`, whose
 * order among groups of equal size is that of numpy's (unstable) introsort;
 * it is reproduced here so that the folds equal scikit-learn's (numpy 1.24)
 * for any input, ties included.
 *
 * Group ids are all numbers (finite) or all strings; strings are ordered by
 * UTF-16 code units, which is Python's order unless they hold characters
 * outside the Basic Multilingual Plane.
 *
 * Throws `InvalidOption` when `k` is not an integer of at least 2 or exceeds
 * the number of distinct groups, or for mixed id types; `NonFiniteValue` for a
 * NaN or infinite id.
 *
 * @example
 * groupKFold(["a", "a", "b", "c"], { k: 2 })
 * // [{ train: [2, 3], test: [0, 1] }, { train: [0, 1], test: [2, 3] }]
 * @since 0.1.0
 * @category splitters
 */
export const groupKFold = (
  groups: ArrayLike<number> | ReadonlyArray<string>,
  options: GroupKFoldOptions = {}
): Array<Split> => {
  const k = Check.integer("k", options.k ?? 5, { min: 2 })
  const { codes, nGroups } = encodeSorted(groups)
  if (k > nGroups) {
    throw new InvalidOption({
      option: "k",
      value: k,
      reason: `cannot be greater than the number of distinct groups (${nGroups})`
    })
  }
  const sizes = new Float64Array(nGroups)
  for (let i = 0; i < codes.length; i++) sizes[codes[i]]++

  const ascending = numpyArgsort(sizes)
  const foldSizes = new Float64Array(k)
  const foldOfGroup = new Int32Array(nGroups)
  for (let r = nGroups - 1; r >= 0; r--) {
    const g = ascending[r]
    let lightest = 0
    for (let f = 1; f < k; f++) if (foldSizes[f] < foldSizes[lightest]) lightest = f
    foldSizes[lightest] += sizes[g]
    foldOfGroup[g] = lightest
  }

  const foldOf = new Int32Array(codes.length)
  for (let i = 0; i < codes.length; i++) foldOf[i] = foldOfGroup[codes[i]]
  return splitsFromFolds(foldOf, k)
}

/**
 * Each sample's group number in the sorted distinct ids (numpy's `np.unique(..., return_inverse=True)`).
 *
 * @internal shared with `StratifiedGroupKFold`
 */
export const encodeSorted = (groups: ArrayLike<number> | ReadonlyArray<string>): { codes: Int32Array; nGroups: number } => {
  const n = groups.length
  const kind = n > 0 ? typeof groups[0] : "number"
  const distinct = new Set<number | string>()
  for (let i = 0; i < n; i++) {
    const id = groups[i]
    if (typeof id !== kind) {
      throw new InvalidOption({
        option: "groups",
        value: id,
        reason: `group ids must be all numbers or all strings; groups[0] is a ${kind}, groups[${i}] is a ${typeof id}`
      })
    }
    if (typeof id === "number" && !Number.isFinite(id)) {
      throw new NonFiniteValue({ what: "groups", row: i, column: -1, value: id })
    }
    distinct.add(id)
  }
  const sorted = Array.from(distinct)
  if (kind === "number") (sorted as Array<number>).sort((a, b) => a - b)
  else sorted.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const code = new Map<number | string, number>()
  for (let g = 0; g < sorted.length; g++) code.set(sorted[g], g)
  const codes = new Int32Array(n)
  for (let i = 0; i < n; i++) codes[i] = code.get(groups[i])!
  return { codes, nGroups: sorted.length }
}
