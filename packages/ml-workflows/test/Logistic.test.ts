import { describe, expect, it } from "vitest"
import { SharedMatrix } from "@weft/core"
import { LogisticRegression } from "../src/models/Logistic.js"
import { maxRelativeError, readDataset, readModelFixtures, standardise } from "./helpers/csv.js"

const fixtures = readModelFixtures().logistic
const iris = readDataset("iris")
const irisX = standardise(iris.X)
const cancer = readDataset("breast-cancer")
const cancerX = standardise(cancer.X)

/** scikit-learn's coef_ (rows of weights) then intercept_, flattened as weft stores them. */
const reference = (ref: any, which: "tight" | "default"): Array<number> =>
  which === "tight"
    ? [...(ref.coef as Array<Array<number>>).flat(), ...ref.intercept]
    : [...(ref.default_lbfgs_coef as Array<Array<number>>).flat(), ...ref.default_lbfgs_intercept]

const flat = (state: { coef: ReadonlyArray<number>; intercept: ReadonlyArray<number> }): Array<number> => [
  ...state.coef,
  ...state.intercept
]

/** Tight enough that only the optimiser's rounding separates weft from scikit-learn's newton-cg at tol 1e-8. */
const TIGHT = LogisticRegression.params({ tol: 1e-8, maxIter: 1000 })

const cases = [
  { name: "iris, multinomial, C = 1", X: irisX, y: iris.y, ref: fixtures.iris_standardised_C_1 },
  { name: "iris, multinomial, C = 0.1", X: irisX, y: iris.y, ref: fixtures.iris_standardised_C_0_1 },
  { name: "breast cancer, binary, C = 1", X: cancerX, y: cancer.y, ref: fixtures.breast_cancer_standardised_C_1 }
]

describe("LogisticRegression", () => {
  for (const { name, X, y, ref } of cases) {
    it(`reaches scikit-learn's optimum on standardised ${name}`, () => {
      const state = LogisticRegression.fit({ X, y, seed: 0 }, { ...TIGHT, C: ref.C })
      expect(state.classes).toEqual(ref.classes)
      expect(maxRelativeError(flat(state), reference(ref, "tight"))).toBeLessThan(1e-7)
      const proba = LogisticRegression.predictProba!(state, X, Int32Array.from(ref.probe_rows as Array<number>))
      expect(maxRelativeError(proba, (ref.probe_proba as Array<Array<number>>).flat())).toBeLessThan(1e-7)
    })

    it(`with default tolerance matches scikit-learn's default lbfgs fit on standardised ${name}`, () => {
      const state = LogisticRegression.fit({ X, y, seed: 0 }, LogisticRegression.params({ C: ref.C }))
      // Both stop once the gradient is ~1e-4; scikit-learn's own default fit is that far from its optimum.
      expect(maxRelativeError(flat(state), reference(ref, "default"))).toBeLessThan(2.5e-4)
      expect(maxRelativeError(flat(state), reference(ref, "tight"))).toBeLessThan(1e-4)
      const predicted = LogisticRegression.predict(state, X)
      let hits = 0
      for (let i = 0; i < y.length; i++) if (predicted[i] === y[i]) hits++
      expect(hits / y.length).toBeCloseTo(ref.train_accuracy, 10)
    })
  }

  it("fits a fold holding two of three classes and gives the missing class probability 0", () => {
    const ref = fixtures.iris_classes_1_2_C_1
    const rows = Int32Array.from(ref.rows as Array<number>)
    const state = LogisticRegression.fit({ X: irisX, y: iris.y, rows, nClasses: 3, seed: 0 }, { ...TIGHT, C: ref.C })
    expect(state.classes).toEqual([1, 2])
    expect(maxRelativeError(flat(state), reference(ref, "tight"))).toBeLessThan(1e-7)
    const probeRows = Int32Array.from((ref.probe_rows as Array<number>).map((k) => rows[k]))
    const proba = LogisticRegression.predictProba!(state, irisX, probeRows)
    expect(proba.length).toBe(probeRows.length * 3)
    const expected = (ref.probe_proba as Array<Array<number>>).flatMap((r) => [0, ...r])
    expect(maxRelativeError(proba, expected)).toBeLessThan(1e-7)
    // Setosa rows (class 0) are predicted as one of the classes seen.
    const predicted = LogisticRegression.predict(state, irisX, Int32Array.of(0, 1, 2))
    for (const label of predicted) expect([1, 2]).toContain(label)
  })

  it("predicts the class of largest probability and probabilities sum to one", () => {
    const state = LogisticRegression.fit({ X: irisX, y: iris.y, seed: 0 }, LogisticRegression.params({}))
    const proba = LogisticRegression.predictProba!(state, irisX)
    const predicted = LogisticRegression.predict(state, irisX)
    for (let i = 0; i < iris.X.rows; i++) {
      const row = Array.from(proba.subarray(i * 3, i * 3 + 3))
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14)
      expect(predicted[i]).toBe(row.indexOf(Math.max(...row)))
    }
  })

  it("a fit on a single class fails, as scikit-learn's (issue 10); an old one-class state still predicts it", () => {
    const X = SharedMatrix.fromRows([[0], [1], [2]])
    expect(() => LogisticRegression.fit({ X, y: Float64Array.of(2, 2, 2), nClasses: 3, seed: 0 }, LogisticRegression.params({}))).toThrow(
      expect.objectContaining({ _tag: "InvalidOption", option: "y", value: 2, message: expect.stringContaining("needs samples of at least 2 classes") })
    )
    const old = { nClasses: 3, nFeatures: 1, classes: [2], coef: [], intercept: [] }
    expect(Array.from(LogisticRegression.predict(old, X))).toEqual([2, 2, 2])
    expect(Array.from(LogisticRegression.predictProba!(old, X, Int32Array.of(1)))).toEqual([0, 0, 1])
  })

  it("a state survives a JSON round trip", () => {
    const state = LogisticRegression.fit({ X: irisX, y: iris.y, seed: 0 }, LogisticRegression.params({}))
    const copy = JSON.parse(JSON.stringify(state))
    expect(LogisticRegression.predictProba!(copy, irisX)).toEqual(LogisticRegression.predictProba!(state, irisX))
  })

  it("rejects invalid parameters and labels, naming them", () => {
    const bad = (input: Record<string, unknown>, option: string) =>
      expect(() => LogisticRegression.params(input)).toThrow(expect.objectContaining({ _tag: "InvalidOption", option }))
    bad({ C: 0 }, "C")
    bad({ C: -1 }, "C")
    bad({ maxIter: 2.5 }, "maxIter")
    bad({ tol: -1 }, "tol")
    bad({ penalty: "l1" }, "penalty")
    const params = LogisticRegression.params({})
    expect(() => LogisticRegression.fit({ X: irisX, y: iris.y, nClasses: 2, seed: 0 }, params)).toThrow(
      expect.objectContaining({ _tag: "InvalidOption", option: "y" })
    )
    const y = iris.y.slice()
    y[5] = 0.5
    expect(() => LogisticRegression.fit({ X: irisX, y, seed: 0 }, params)).toThrow(expect.objectContaining({ _tag: "InvalidOption", option: "y" }))
  })
})
