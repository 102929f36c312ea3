/**
 * Problems that have no meaningful answer, refused before any fit (issue 10):
 * a classifier with one class in the data or in a fold's training rows, and
 * R² on a fold where it is undefined (fewer than 2 rows, or a constant
 * target). Each is a typed `InvalidOption` naming the fold, never a NaN score.
 *
 * Where scikit-learn raises we raise as well ("This solver needs samples of at
 * least 2 classes in the data"); where it warns and goes on (`r2_score` gives
 * NaN for one sample, and 1 or 0 for a constant target with `force_finite`;
 * `cross_validate` turns a failed fit into NaN with `error_score=np.nan`) we
 * raise instead: a score that means nothing must not rank a model.
 */
import { InvalidOption } from "@weft/core/Errors"
import type { Split } from "../Split.js"

/** The classes present among `rows` of `y` (all rows when undefined), at most the first two. */
const twoClasses = (y: ArrayLike<number>, rows: Int32Array | undefined): Array<number> => {
  const n = rows === undefined ? y.length : rows.length
  const found: Array<number> = []
  for (let k = 0; k < n && found.length < 2; k++) {
    const v = y[rows === undefined ? k : rows[k]]
    if (found.length === 0 || found[0] !== v) found.push(v)
  }
  return found
}

/** A classifier needs two classes in the data and in each fold's training rows. */
export const checkClasses = (y: ArrayLike<number>, splits: ReadonlyArray<Split>): InvalidOption | undefined => {
  const all = twoClasses(y, undefined)
  if (all.length < 2) {
    return new InvalidOption({
      option: "y",
      value: all[0],
      reason: "every row is of this one class, and a classifier needs samples of at least 2 classes in the data (as scikit-learn)"
    })
  }
  for (const [f, split] of splits.entries()) {
    const train = twoClasses(y, split.train)
    if (train.length < 2) {
      return new InvalidOption({
        option: "cv",
        value: f,
        reason: `the training rows of fold ${f} are all of class ${train[0]}, and a classifier needs at least 2 classes; use stratified folds, shuffle, or fewer folds`
      })
    }
  }
  return undefined
}

/** Why R² is undefined on `rows` of `y`, or undefined when it is defined. */
const r2Undefined = (y: ArrayLike<number>, rows: Int32Array): string | undefined => {
  if (rows.length < 2) return `${rows.length} row${rows.length === 1 ? "" : "s"} (R² needs at least 2)`
  const first = y[rows[0]]
  for (let k = 1; k < rows.length; k++) if (y[rows[k]] !== first) return undefined
  return `a target of ${first} on all its ${rows.length} rows (R² divides by their variance)`
}

/** R² must be defined on every test fold (and every training fold when training scores are asked for). */
export const checkMetricsDefined = (
  metrics: ReadonlyArray<string>,
  y: ArrayLike<number>,
  splits: ReadonlyArray<Split>,
  trainScores: boolean
): InvalidOption | undefined => {
  if (!metrics.includes("r2")) return undefined
  for (const [f, split] of splits.entries()) {
    for (const [part, rows] of trainScores ? ([["test", split.test], ["training", split.train]] as const) : ([["test", split.test]] as const)) {
      const why = r2Undefined(y, rows)
      if (why !== undefined) {
        return new InvalidOption({
          option: "metric",
          value: "r2",
          reason: `R² is undefined on fold ${f}, whose ${part} set has ${why}; use fewer or shuffled folds, or another metric`
        })
      }
    }
  }
  return undefined
}
