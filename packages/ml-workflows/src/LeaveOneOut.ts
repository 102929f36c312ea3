/**
 * Leave-one-out cross-validation, as scikit-learn's `LeaveOneOut`.
 *
 * @since 0.2.0
 */
import { InvalidOption } from "@weft/core/Errors"
import { checkSampleCount, splitsFromFolds, type Split } from "./Split.js"

/**
 * The `n` train/test splits of `n` samples that each test one sample and
 * train on all the others, in sample order, as scikit-learn 1.2's
 * `LeaveOneOut` (equal to `kFold(n, { k: n })`). Each fit sees `n - 1` rows,
 * so this is `n` fits: meant for small data sets.
 *
 * Throws `InvalidOption` for fewer than 2 samples (scikit-learn's error too:
 * one sample leaves nothing to train on).
 *
 * @example
 * leaveOneOut(3)
 * // [{ train: [1, 2], test: [0] }, { train: [0, 2], test: [1] }, { train: [0, 1], test: [2] }]
 * @since 0.2.0
 * @category splitters
 */
export const leaveOneOut = (n: number): Array<Split> => {
  checkSampleCount(n)
  if (n < 2) {
    throw new InvalidOption({ option: "n", value: n, reason: "leave-one-out needs at least 2 samples" })
  }
  const foldOf = new Int32Array(n)
  for (let i = 0; i < n; i++) foldOf[i] = i
  return splitsFromFolds(foldOf, n)
}
