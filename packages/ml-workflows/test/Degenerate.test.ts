import { SharedMatrix } from "@weft/core"
import { CrossValidation, Datasets, GridSearch } from "@weft/ml-workflows"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Folds from "../src/internal/folds.js"
import { failureOf } from "./helpers/pool.js"

// Issue 10, point 6: degenerate problems are typed errors before any fit,
// never a score of 1 "(1 classes)" or NaN. Each of these ran to a result before.
const X = (rows: number) => SharedMatrix.fromRows(Array.from({ length: rows }, (_, i) => [i, (i * 7) % 5]))

describe("degenerate cross-validation is an error", () => {
  it("a classifier on one class in the data", async () => {
    const error = await failureOf(
      1,
      CrossValidation.crossValidate({ estimator: "logistic", X: X(12), y: new Float64Array(12).fill(1), cv: { kind: "stratified", k: 3 } })
    )
    expect(error).toMatchObject({ _tag: "InvalidOption", option: "y", value: 1 })
    expect(error.message).toContain("needs samples of at least 2 classes in the data")
  })

  it("a classifier on a fold whose training rows hold one class", async () => {
    // Rows 0-7 are class 0, rows 8-11 class 1: unshuffled 3-fold leaves fold 2's training rows all of class 0.
    const y = Float64Array.from({ length: 12 }, (_, i) => (i < 8 ? 0 : 1))
    const error = await failureOf(1, CrossValidation.crossValidate({ estimator: "logistic", X: X(12), y, cv: { kind: "kfold", k: 3 } }))
    expect(error).toMatchObject({ _tag: "InvalidOption", option: "cv", value: 2 })
    expect(error.message).toBe(
      "invalid cv 2: the training rows of fold 2 are all of class 0, and a classifier needs at least 2 classes; use stratified folds, shuffle, or fewer folds"
    )
  })

  it("R² on a test fold of one row", async () => {
    const y = Float64Array.from({ length: 3 }, (_, i) => i * 1.5 + 1)
    const error = await failureOf(1, CrossValidation.crossValidate({ estimator: "ridge", X: X(3), y, cv: { kind: "kfold", k: 3 } }))
    expect(error).toMatchObject({ _tag: "InvalidOption", option: "metric", value: "r2" })
    expect(error.message).toBe(
      'invalid metric "r2": R² is undefined on fold 0, whose test set has 1 row (R² needs at least 2); use fewer or shuffled folds, or another metric'
    )
  })

  it("R² on a test fold whose target is constant, and on training rows when training scores are asked for", async () => {
    const y = Float64Array.of(1, 2, 3, 4, 5, 6, 7, 7, 7)
    const error = await failureOf(1, CrossValidation.crossValidate({ estimator: "ridge", X: X(9), y, cv: { kind: "kfold", k: 3 } }))
    expect(error.message).toContain("R² is undefined on fold 2, whose test set has a target of 7 on all its 3 rows")
    // Another metric is defined there.
    const splits = [{ train: Int32Array.of(0, 1, 2), test: Int32Array.of(3, 4, 5) }]
    const flat = Float64Array.of(5, 5, 5, 1, 2, 3)
    const train = await failureOf(
      1,
      CrossValidation.crossValidate({ estimator: "ridge", X: X(6), y: flat, cv: splits, returnTrainScore: true })
    )
    expect(train.message).toContain("whose training set has a target of 5 on all its 3 rows")
  })

  it("a grid search refuses the same problems before any fit", async () => {
    const error = await failureOf(
      1,
      GridSearch.gridSearch({ C: [0.1, 1] }, { estimator: "logistic", X: X(12), y: new Float64Array(12), cv: { kind: "kfold", k: 3 } })
    )
    expect(error).toMatchObject({ _tag: "InvalidOption", option: "y", value: 0 })
  })

  it("well-posed problems still run (iris, stratified)", async () => {
    const iris = Datasets.loadDataset("iris")
    const { runWith } = await import("./helpers/pool.js")
    const result = await runWith(1, CrossValidation.crossValidate({ estimator: "logistic", X: iris.X, y: iris.y, cv: { kind: "stratified", k: 3 } }))
    expect(result.mean.accuracy).toBeGreaterThan(0.9)
  })
})

describe("rank (internal/folds.ts)", () => {
  /** The definition: 1 + the number of strictly better candidates; NaN worst. */
  const naive = (scores: ReadonlyArray<number>, greater: boolean) => {
    const key = (s: number) => (Number.isNaN(s) ? Number.NEGATIVE_INFINITY : greater ? s : -s)
    return scores.map((s) => 1 + scores.filter((o) => key(o) > key(s)).length)
  }

  it("equals its definition (ties share the lowest rank, NaN last), in one sort instead of a count per candidate", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: -3, max: 3 }).map((i) => i / 2), fc.constant(Number.NaN), fc.double({ noNaN: true })), { maxLength: 60 }),
        fc.boolean(),
        (scores, greater) => {
          expect(Folds.rank(scores, greater)).toEqual(naive(scores, greater))
        }
      )
    )
    expect(Folds.rank([0.5, Number.NaN, 0.9, 0.5], true)).toEqual([2, 4, 1, 2])
    expect(Folds.rank([0.5, Number.NaN, 0.9, 0.5], false)).toEqual([1, 4, 3, 1])
  })

  it("stays reachable for one minor version as the deprecated GridSearch.rank, beside the deprecated CrossValidation steps", async () => {
    expect(GridSearch.rank([0.5, Number.NaN, 0.9, 0.5], true)).toEqual([2, 4, 1, 2])
    expect(CrossValidation.summarise([{ scores: { r2: 1 } }, { scores: { r2: 0 } }], ["r2"])).toEqual({ mean: { r2: 0.5 }, std: { r2: 0.5 } })
    const { Effect } = await import("effect")
    expect(Effect.runSync(CrossValidation.classCount([0, 2, 1]))).toBe(3)
    for (const f of [CrossValidation.resolveEstimator, CrossValidation.prepare, CrossValidation.runPairs]) expect(typeof f).toBe("function")
  })
})
