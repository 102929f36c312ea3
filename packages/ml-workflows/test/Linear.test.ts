import { describe, expect, it } from "vitest"
import { SharedMatrix } from "@weft/core"
import { LinearRegression, Ridge } from "../src/models/Linear.js"
import { maxRelativeError, readDataset, readModelFixtures, readSharedReference } from "./helpers/csv.js"

const shared = readSharedReference()
const fixtures = readModelFixtures().linear
const diabetes = readDataset("diabetes")

/** Coefficients then intercept, to compare in one go. */
const flat = (state: { coef: ReadonlyArray<number>; intercept: number }): Array<number> => [...state.coef, state.intercept]
const expected = (ref: { coef: Array<number>; intercept: number }): Array<number> => [...ref.coef, ref.intercept]

describe("LinearRegression", () => {
  it("matches scikit-learn's LinearRegression on diabetes", () => {
    const state = LinearRegression.fit({ X: diabetes.X, y: diabetes.y, seed: 0 }, LinearRegression.params({}))
    expect(maxRelativeError(flat(state), expected(shared.linear_diabetes))).toBeLessThan(1e-8)
  })

  it("fits only the given rows", () => {
    const ref = fixtures.linear_subset_rows
    const rows = Int32Array.from(ref.rows as Array<number>)
    const state = LinearRegression.fit({ X: diabetes.X, y: diabetes.y, rows, seed: 0 }, LinearRegression.params({}))
    expect(maxRelativeError(flat(state), expected(ref))).toBeLessThan(1e-8)
  })

  it("fits through the origin without an intercept", () => {
    const state = LinearRegression.fit({ X: diabetes.X, y: diabetes.y, seed: 0 }, LinearRegression.params({ fitIntercept: false }))
    expect(state.intercept).toBe(0)
    expect(maxRelativeError(state.coef, fixtures.linear_no_intercept.coef)).toBeLessThan(1e-8)
  })

  it("gives the least-norm solution for a duplicated column, as scikit-learn", () => {
    const { rows, columns } = diabetes.X
    const X = SharedMatrix.zeros(rows, columns + 1)
    for (let i = 0; i < rows; i++) {
      X.data.set(diabetes.X.row(i), i * (columns + 1))
      X.data[i * (columns + 1) + columns] = diabetes.X.get(i, 2)
    }
    const state = LinearRegression.fit({ X, y: diabetes.y, seed: 0 }, LinearRegression.params({}))
    expect(maxRelativeError(flat(state), expected(fixtures.linear_duplicated_bmi))).toBeLessThan(1e-8)
  })

  it("predicts intercept + Xw", () => {
    const state = { coef: [2, -1], intercept: 0.5 }
    const X = SharedMatrix.fromRows([[1, 1], [0, 3], [2, -2]])
    expect(Array.from(LinearRegression.predict(state, X))).toEqual([1.5, -2.5, 6.5])
    expect(Array.from(LinearRegression.predict(state, X, Int32Array.of(2, 0)))).toEqual([6.5, 1.5])
  })

  it("does not modify its input", () => {
    const before = diabetes.X.data.slice()
    const y = diabetes.y.slice()
    LinearRegression.fit({ X: diabetes.X, y: diabetes.y, seed: 0 }, LinearRegression.params({}))
    expect(diabetes.X.data).toEqual(before)
    expect(diabetes.y).toEqual(y)
  })
})

describe("Ridge", () => {
  it("matches scikit-learn's Ridge(alpha=1) on diabetes", () => {
    const state = Ridge.fit({ X: diabetes.X, y: diabetes.y, seed: 0 }, Ridge.params({}))
    expect(maxRelativeError(flat(state), expected(shared.ridge_diabetes_alpha_1))).toBeLessThan(1e-8)
  })

  it("matches scikit-learn for other alphas, subsets of rows and no intercept", () => {
    const small = Ridge.fit({ X: diabetes.X, y: diabetes.y, seed: 0 }, Ridge.params({ alpha: 0.1 }))
    expect(maxRelativeError(flat(small), expected(fixtures.ridge_alpha_0_1))).toBeLessThan(1e-8)
    const ref = fixtures.ridge_alpha_10_subset_rows
    const rows = Int32Array.from(ref.rows as Array<number>)
    const subset = Ridge.fit({ X: diabetes.X, y: diabetes.y, rows, seed: 0 }, Ridge.params({ alpha: 10 }))
    expect(maxRelativeError(flat(subset), expected(ref))).toBeLessThan(1e-8)
    const origin = Ridge.fit({ X: diabetes.X, y: diabetes.y, seed: 0 }, Ridge.params({ alpha: 1, fitIntercept: false }))
    expect(maxRelativeError(origin.coef, fixtures.ridge_alpha_1_no_intercept.coef)).toBeLessThan(1e-8)
  })

  it("with alpha 0 is least squares", () => {
    const ridge = Ridge.fit({ X: diabetes.X, y: diabetes.y, seed: 0 }, Ridge.params({ alpha: 0 }))
    expect(maxRelativeError(flat(ridge), expected(shared.linear_diabetes))).toBeLessThan(1e-8)
  })

  it("rejects invalid parameters, naming them", () => {
    expect(() => Ridge.params({ alpha: -1 })).toThrow(expect.objectContaining({ _tag: "InvalidOption", option: "alpha" }))
    expect(() => Ridge.params({ alpha: "big" })).toThrow(expect.objectContaining({ _tag: "InvalidOption", option: "alpha" }))
    expect(() => Ridge.params({ lambda: 1 })).toThrow(expect.objectContaining({ _tag: "InvalidOption", option: "lambda" }))
    expect(() => LinearRegression.params({ fitIntercept: 1 })).toThrow(expect.objectContaining({ _tag: "InvalidOption", option: "fitIntercept" }))
    expect(Ridge.params({ alpha: 2 })).toEqual({ alpha: 2, fitIntercept: true })
  })

  it("rejects mismatched, empty and non-finite input", () => {
    const params = Ridge.params({})
    expect(() => Ridge.fit({ X: diabetes.X, y: diabetes.y.subarray(1), seed: 0 }, params)).toThrow(
      expect.objectContaining({ _tag: "ShapeMismatch" })
    )
    expect(() => Ridge.fit({ X: diabetes.X, y: diabetes.y, rows: new Int32Array(0), seed: 0 }, params)).toThrow(
      expect.objectContaining({ _tag: "EmptyInput" })
    )
    expect(() => Ridge.fit({ X: diabetes.X, y: diabetes.y, rows: Int32Array.of(0, 442), seed: 0 }, params)).toThrow(
      expect.objectContaining({ _tag: "ShapeMismatch" })
    )
    const X = SharedMatrix.fromRows([[1, 2], [3, Number.NaN], [0, 1]])
    expect(() => Ridge.fit({ X, y: Float64Array.of(1, 2, 3), seed: 0 }, params)).toThrow(
      expect.objectContaining({ _tag: "NonFiniteValue", row: 1, column: 1 })
    )
    const state = Ridge.fit({ X: diabetes.X, y: diabetes.y, seed: 0 }, params)
    expect(() => Ridge.predict(state, SharedMatrix.zeros(2, 3))).toThrow(expect.objectContaining({ _tag: "ShapeMismatch" }))
  })
})
