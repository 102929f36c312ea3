/**
 * Stratified k-fold cross-validation splits, as scikit-learn's `StratifiedKFold`.
 *
 * @since 0.1.0
 */
import { InvalidOption, NonFiniteValue } from "@weft/core/Errors"
import * as Rng from "@weft/core/Rng"
import { checkFolds, checkShuffle, splitsFromFolds, type Split } from "./Split.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface StratifiedKFoldOptions {
  /** Number of folds, at least 2, at most the size of the smallest class (default 5). */
  readonly k?: number | undefined
  /** Shuffle each class's fold assignment (default false). */
  readonly shuffle?: boolean | undefined
  /** Seed of the shuffle; only with `shuffle: true` (default 0). */
  readonly seed?: number | undefined
}

/**
 * The `k` train/test splits of the samples labelled `y`, each fold keeping the
 * class proportions of `y`, following scikit-learn 1.2's
 * `StratifiedKFold._make_test_folds`: classes are numbered in order of first
 * appearance, the sorted labels are dealt round-robin to the folds to get how
 * many samples of each class each fold tests, and then each class's samples,
 * in index order, are given to folds 0, 1, ... in blocks of those sizes.
 * Without shuffling the result equals scikit-learn's index for index.
 *
 * With `shuffle: true` each class's block of fold numbers is permuted
 * (Fisher–Yates on weft's `Rng` seeded by `seed`, one generator for all
 * classes in class order, as scikit-learn does with its own generator): the
 * folds are a pure function of `(y, k, seed)`, not scikit-learn's draws.
 *
 * Labels are strings or integer-valued numbers. Where scikit-learn only warns
 * when the smallest class has fewer than `k` members, this throws
 * `InvalidOption` naming that class and its count: a fold without a class
 * would silently score a different problem.
 *
 * @example
 * stratifiedKFold([0, 0, 1, 1], { k: 2 })
 * // [{ train: [1, 3], test: [0, 2] }, { train: [0, 2], test: [1, 3] }]
 * @since 0.1.0
 * @category splitters
 */
export const stratifiedKFold = (
  y: ArrayLike<number> | ReadonlyArray<string>,
  options: StratifiedKFoldOptions = {}
): Array<Split> => {
  const n = y.length
  const k = checkFolds(options.k ?? 5, n)
  const seed = checkShuffle(options)
  const { codes, labels, counts } = encodeByFirstAppearance(y)
  const nClasses = labels.length
  checkClassSizes(k, labels, counts)

  // allocation[f * nClasses + c]: how many samples of class c fold f tests. The
  // labels sorted by code occupy consecutive positions; position p goes to fold p % k.
  const allocation = new Int32Array(k * nClasses)
  let p = 0
  for (let c = 0; c < nClasses; c++) {
    for (let end = p + counts[c]; p < end; p++) allocation[(p % k) * nClasses + c]++
  }

  const rng = seed === null ? null : new Rng.Rng(seed)
  const foldOf = new Int32Array(n)
  const members = membersByClass(codes, counts)
  for (let c = 0; c < nClasses; c++) {
    const folds = new Int32Array(counts[c])
    let q = 0
    for (let f = 0; f < k; f++) {
      for (let r = allocation[f * nClasses + c]; r > 0; r--) folds[q++] = f
    }
    if (rng !== null) rng.shuffle(folds)
    const rows = members[c]
    for (let i = 0; i < rows.length; i++) foldOf[rows[i]] = folds[i]
  }
  return splitsFromFolds(foldOf, k)
}

/**
 * Class codes 0..K-1 in order of first appearance (scikit-learn's `y_encoded`).
 *
 * @internal shared with `RepeatedStratifiedKFold`
 */
export const encodeByFirstAppearance = (
  y: ArrayLike<number> | ReadonlyArray<string>
): { codes: Int32Array; labels: Array<number | string>; counts: Array<number> } => {
  const n = y.length
  const codes = new Int32Array(n)
  const index = new Map<number | string, number>()
  const labels: Array<number | string> = []
  const counts: Array<number> = []
  const kind = n > 0 ? typeof y[0] : "number"
  for (let i = 0; i < n; i++) {
    const label = y[i]
    if (typeof label !== kind) {
      throw new InvalidOption({
        option: "y",
        value: label,
        reason: `labels must be all numbers or all strings; y[0] is a ${kind}, y[${i}] is a ${typeof label}`
      })
    }
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
    let code = index.get(label)
    if (code === undefined) {
      code = labels.length
      index.set(label, code)
      labels.push(label)
      counts.push(0)
    }
    codes[i] = code
    counts[code]++
  }
  return { codes, labels, counts }
}

/** @internal shared with `RepeatedStratifiedKFold` and `StratifiedGroupKFold` */
export const checkClassSizes = (k: number, labels: ReadonlyArray<number | string>, counts: ReadonlyArray<number>): void => {
  let smallest = 0
  let largest = 0
  for (let c = 1; c < counts.length; c++) {
    if (counts[c] < counts[smallest]) smallest = c
    if (counts[c] > counts[largest]) largest = c
  }
  if (counts[largest] < k) {
    throw new InvalidOption({
      option: "k",
      value: k,
      reason: `cannot be greater than the number of members in each class (the largest class, ${JSON.stringify(labels[largest])}, has ${counts[largest]})`
    })
  }
  if (counts[smallest] < k) {
    throw new InvalidOption({
      option: "k",
      value: k,
      reason: `class ${JSON.stringify(labels[smallest])} has only ${counts[smallest]} member${counts[smallest] === 1 ? "" : "s"}, fewer than k, so some test folds would miss it; lower k or merge rare classes`
    })
  }
}

/**
 * The indices of each class's samples, in increasing order.
 *
 * @internal shared with `RepeatedStratifiedKFold`
 */
export const membersByClass = (codes: Int32Array, counts: ReadonlyArray<number>): Array<Int32Array> => {
  const members = counts.map((count) => new Int32Array(count))
  const filled = new Int32Array(counts.length)
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]
    members[c][filled[c]++] = i
  }
  return members
}
