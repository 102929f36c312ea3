import { readFileSync } from "node:fs"
import { EmptyInput, InvalidOption, NonFiniteValue, ShapeMismatch, SharedMatrix } from "@weft/core"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { loadDataset } from "../src/Datasets.js"
import {
  MinMaxScaler,
  OneHotEncoder,
  outputColumns,
  SimpleImputer,
  StandardScaler,
  type Transformer,
  transform,
  transformRows
} from "../src/Transformers.js"
import { columnStats, mergeAll } from "../src/Stats.js"
import { thrown } from "./helpers/thrown.js"

const fixture = JSON.parse(readFileSync(new URL("./fixtures/sklearn-selection.json", import.meta.url), "utf8"))
const withNaN = (rows: ReadonlyArray<ReadonlyArray<number | null>>) => rows.map((r) => r.map((v) => (v === null ? Number.NaN : v)))
const diabetes = loadDataset("diabetes").X

/** Equal within `tol` (absolute), NaN where expected is NaN. */
const expectMatrix = (actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): void => {
  expect(actual.length).toBe(expected.length)
  let worst = 0
  const nanMismatch: Array<number> = []
  for (let k = 0; k < expected.length; k++) {
    if (Number.isNaN(expected[k]) || Number.isNaN(actual[k])) {
      if (Number.isNaN(expected[k]) !== Number.isNaN(actual[k])) nanMismatch.push(k)
    } else worst = Math.max(worst, Math.abs(actual[k] - expected[k]))
  }
  expect(nanMismatch).toEqual([])
  expect(worst).toBeLessThanOrEqual(tol)
}

const expectRows = (Z: SharedMatrix, rows: Record<string, ReadonlyArray<number>>, tol: number): void => {
  for (const [i, row] of Object.entries(rows)) expectMatrix(Z.row(Number(i)), row, tol)
}

const relClose = (actual: ReadonlyArray<number>, expected: ReadonlyArray<number>, rel: number): void => {
  expect(actual.length).toBe(expected.length)
  actual.forEach((a, j) => expect(Math.abs(a - expected[j])).toBeLessThanOrEqual(rel * Math.abs(expected[j])))
}

/** Transforms X in chunks of the given sizes with transformRows, as workers would. */
const chunked = (state: Transformer, X: SharedMatrix, bounds: ReadonlyArray<number>): SharedMatrix => {
  const out = SharedMatrix.zeros(X.rows, outputColumns(state))
  for (let p = 0; p + 1 < bounds.length; p++) transformRows(state, X, bounds[p], bounds[p + 1], out, bounds[p])
  return out
}

describe("StandardScaler", () => {
  it("equals scikit-learn's StandardScaler on diabetes", () => {
    const ref = fixture.scalers.standard_diabetes
    const scaler = StandardScaler.fit(diabetes)
    // The diabetes features are centred: their means are ~1e-17, so compare them absolutely.
    expectMatrix(scaler.mean, ref.mean, 1e-16)
    relClose(scaler.variance, ref.var, 1e-12)
    relClose(scaler.scale, ref.scale, 1e-12)
    expectRows(transform(scaler, diabetes), ref.rows, 1e-12)
  })

  it("ignores NaN at fit, keeps it at transform and gives constant columns scale 1 (scikit-learn)", () => {
    const small = fixture.scalers.small
    const X = SharedMatrix.fromRows(withNaN(small.X))
    const scaler = StandardScaler.fit(X)
    relClose(scaler.scale, small.standard.scale, 1e-14)
    expect(scaler.scale[1]).toBe(1)
    expect(scaler.scale[3]).toBe(1) // 0.1 five times: a rounding-size variance counts as zero
    expectMatrix(transform(scaler, X).data, withNaN(small.standard.transformed).flat(), 1e-14)
  })

  it("treats a rounding-size variance as zero, as scikit-learn's _is_constant_feature", () => {
    const near = fixture.scalers.near_constant
    const X = SharedMatrix.fromRows(near.X)
    const scaler = StandardScaler.fit(X)
    expect(near.var[0]).toBeGreaterThan(0)
    expect(scaler.variance[0]).toBeGreaterThan(0)
    expect(scaler.scale).toEqual(near.scale)
    expectMatrix(transform(scaler, X).data, near.transformed.flat(), 1e-15)
  })

  it("fitted from merged chunk statistics and applied chunk by chunk, equals the sequential fit and transform", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: diabetes.rows }), { maxLength: 6 }), (cuts) => {
        const bounds = [0, ...[...cuts].sort((a, b) => a - b), diabetes.rows]
        const parts = bounds.slice(1).map((end, p) => columnStats(diabetes, bounds[p], end))
        const parallel = StandardScaler.fitFromStats(mergeAll(parts))
        const sequential = StandardScaler.fit(diabetes)
        expectMatrix(parallel.scale, sequential.scale, 1e-15)
        const a = chunked(parallel, diabetes, bounds)
        expectMatrix(a.data, transform(sequential, diabetes).data, 1e-12)
        // The same state chunk by chunk or all at once: the same bits.
        expect(chunked(sequential, diabetes, bounds).data).toEqual(transform(sequential, diabetes).data)
      }),
      { numRuns: 30 }
    )
  })

  it("withMean / withStd false skip centring / scaling", () => {
    const X = SharedMatrix.fromRows([[1], [3]])
    expect(Array.from(transform(StandardScaler.fit(X, { withMean: false }), X).data)).toEqual([1, 3])
    expect(Array.from(transform(StandardScaler.fit(X, { withStd: false }), X).data)).toEqual([-1, 1])
  })

  it("fits on the listed rows only", () => {
    const rows = Int32Array.of(5, 17, 100, 3, 250)
    expect(StandardScaler.fit(diabetes, { rows })).toEqual(StandardScaler.fit(diabetes.selectRows(rows)))
  })

  it("is plain data: a JSON round trip transforms the same", () => {
    const scaler = StandardScaler.fit(diabetes)
    const copy = JSON.parse(JSON.stringify(scaler)) as StandardScaler
    expect(transform(copy, diabetes).data).toEqual(transform(scaler, diabetes).data)
  })

  it("rejects an all-NaN column, no rows, and mismatched matrices", () => {
    const allNaN = thrown(() => StandardScaler.fit(SharedMatrix.fromRows([[1, Number.NaN], [2, Number.NaN]])))
    expect(allNaN).toBeInstanceOf(EmptyInput)
    expect((allNaN as Error).message).toContain("column 1")
    expect(thrown(() => StandardScaler.fit(SharedMatrix.zeros(0, 2)))).toBeInstanceOf(EmptyInput)
    const scaler = StandardScaler.fit(SharedMatrix.fromRows([[1, 2], [3, 4]]))
    const wide = thrown(() => transform(scaler, SharedMatrix.zeros(2, 3)))
    expect(wide).toBeInstanceOf(ShapeMismatch)
    expect(wide).toMatchObject({ what: "X", expected: "2 columns (as at fit)" })
    expect(thrown(() => transformRows(scaler, SharedMatrix.zeros(4, 2), 0, 4, SharedMatrix.zeros(3, 2), 0))).toBeInstanceOf(ShapeMismatch)
  })
})

describe("MinMaxScaler", () => {
  it("equals scikit-learn's MinMaxScaler on diabetes, for [0, 1] and [-1, 2]", () => {
    const ref = fixture.scalers.minmax_diabetes
    const scaler = MinMaxScaler.fit(diabetes)
    expect(scaler.dataMin).toEqual(ref.data_min)
    expect(scaler.dataMax).toEqual(ref.data_max)
    relClose(scaler.scale, ref.scale, 1e-15)
    expectMatrix(scaler.min, ref.min, 1e-15)
    expectRows(transform(scaler, diabetes), ref.rows, 1e-15)
    const ref2 = fixture.scalers["minmax_diabetes_range_-1_2"]
    const scaler2 = MinMaxScaler.fit(diabetes, { featureRange: [-1, 2] })
    relClose(scaler2.scale, ref2.scale, 1e-15)
    expectRows(transform(scaler2, diabetes), ref2.rows, 1e-14)
  })

  it("ignores NaN at fit and maps a constant column to the low end (scikit-learn)", () => {
    const small = fixture.scalers.small
    const X = SharedMatrix.fromRows(withNaN(small.X))
    expectMatrix(transform(MinMaxScaler.fit(X), X).data, withNaN(small.minmax.transformed).flat(), 1e-15)
  })

  it("divides a rounding-size range by 1, as scikit-learn's _handle_zeros_in_scale", () => {
    const near = fixture.scalers.near_constant
    const X = SharedMatrix.fromRows(near.X)
    const scaler = MinMaxScaler.fit(X)
    expect(scaler.scale).toEqual(near.minmax_scale)
    expect(Array.from(transform(scaler, X).data)).toEqual(near.minmax_transformed.flat())
  })

  it("clips to the feature range when asked", () => {
    const scaler = MinMaxScaler.fit(SharedMatrix.fromRows([[0], [10]]), { clip: true })
    expect(Array.from(transform(scaler, SharedMatrix.fromRows([[-5], [5], [20]])).data)).toEqual([0, 0.5, 1])
  })

  it("rejects a feature range with lo >= hi", () => {
    const e = thrown(() => MinMaxScaler.fit(diabetes, { featureRange: [1, 1] }))
    expect(e).toBeInstanceOf(InvalidOption)
    expect(e).toMatchObject({ option: "featureRange" })
  })
})

describe("SimpleImputer", () => {
  const imputer = fixture.imputer
  const X = SharedMatrix.fromRows(withNaN(imputer.X))

  it("equals scikit-learn's SimpleImputer for mean, median, most_frequent and constant", () => {
    for (const strategy of ["mean", "median", "most_frequent"] as const) {
      const fitted = SimpleImputer.fit(X, { strategy })
      expectMatrix(fitted.statistics, imputer[strategy].statistics, 1e-15)
      expectMatrix(transform(fitted, X).data, imputer[strategy].transformed.flat(), 1e-15)
    }
    const constant = SimpleImputer.fit(X, { strategy: "constant", fillValue: -1 })
    expect(Array.from(transform(constant, X).data)).toEqual(imputer["constant_-1"].transformed.flat())
  })

  it("treats a numeric marker as missing (scikit-learn's missing_values=-9)", () => {
    const ref = imputer["marker_-9"]
    const Xm = SharedMatrix.fromRows(ref.X)
    const fitted = SimpleImputer.fit(Xm, { missingValue: -9 })
    expectMatrix(fitted.statistics, ref.statistics, 1e-15)
    expectMatrix(transform(fitted, Xm).data, ref.transformed.flat(), 1e-15)
    expect(JSON.parse(JSON.stringify(fitted))).toEqual(fitted)
  })

  it("fitFromStats(mean) equals fit(mean), and the most frequent value is the smallest on a tie", () => {
    const fromStats = SimpleImputer.fitFromStats(columnStats(X))
    expectMatrix(fromStats.statistics, SimpleImputer.fit(X).statistics as Array<number>, 1e-15)
    const tie = SharedMatrix.fromRows([[3], [1], [3], [1], [Number.NaN]])
    expect(SimpleImputer.fit(tie, { strategy: "most_frequent" }).statistics).toEqual([1])
  })

  it("rejects an all-missing column, unknown strategies and statistics it cannot use", () => {
    const e = thrown(() => SimpleImputer.fit(SharedMatrix.fromRows([[1, Number.NaN], [2, Number.NaN]]), { strategy: "median" }))
    expect(e).toBeInstanceOf(EmptyInput)
    expect((e as Error).message).toContain("column 1")
    expect(thrown(() => SimpleImputer.fit(X, { strategy: "mode" as never }))).toMatchObject({ _tag: "InvalidOption", option: "strategy" })
    expect(thrown(() => SimpleImputer.fitFromStats(columnStats(X), { strategy: "median" }))).toMatchObject({ option: "strategy" })
    expect(thrown(() => SimpleImputer.fit(X, { strategy: "mean", fillValue: 3 }))).toMatchObject({ option: "fillValue" })
  })
})

describe("OneHotEncoder", () => {
  const oh = fixture.one_hot
  const X = SharedMatrix.fromRows(oh.X)

  it("encodes the chosen columns in place with sorted categories, as scikit-learn's OneHotEncoder", () => {
    const enc = OneHotEncoder.fit(X, { columns: [2, 0] })
    expect(enc.columns).toEqual([0, 2])
    expect(enc.categories).toEqual([oh.blocks["0"].categories, oh.blocks["2"].categories])
    const Z = transform(enc, X)
    expect(Z.columns).toBe(3 + 1 + 3 - 1 + 1 - 1 + 1) // [f0 x3][f1][f2 x3]
    for (let i = 0; i < X.rows; i++) {
      const row = Array.from(Z.row(i))
      expect(row.slice(0, 3)).toEqual(oh.blocks["0"].encoded[i])
      expect(row[3]).toBe(oh.X[i][1])
      expect(row.slice(4, 7)).toEqual(oh.blocks["2"].encoded[i])
    }
    expect(OneHotEncoder.featureNames(enc, ["a", "b", "c"])).toEqual(["a_1", "a_2", "a_3", "b", "c_0", "c_1", "c_2"])
  })

  it("encodes unknown categories as zeros with handleUnknown: ignore (scikit-learn)", () => {
    const ignore = oh.ignore
    const enc = OneHotEncoder.fit(X, { columns: [0], handleUnknown: "ignore" })
    const input = SharedMatrix.fromRows(ignore.input.map((v: number) => [v, 0, 0]))
    const Z = transform(enc, input)
    for (let i = 0; i < input.rows; i++) expect(Array.from(Z.row(i)).slice(0, 3)).toEqual(ignore.encoded[i])
  })

  it("fails on an unknown category naming the row, the column and the known categories", () => {
    const enc = OneHotEncoder.fit(X, { columns: [0] })
    const e = thrown(() => transform(enc, SharedMatrix.fromRows([[1, 0, 0], [9, 0, 0]])))
    expect(e).toBeInstanceOf(InvalidOption)
    expect(e).toMatchObject({ option: "X[1, 0]", value: 9 })
    expect((e as Error).message).toContain("known: 1, 2, 3")
  })

  it("rejects bad columns and non-finite categories", () => {
    expect(thrown(() => OneHotEncoder.fit(X, { columns: [3] }))).toMatchObject({ _tag: "InvalidOption", option: "columns", value: 3 })
    expect(thrown(() => OneHotEncoder.fit(X, { columns: [1, 1] }))).toMatchObject({ _tag: "InvalidOption", option: "columns" })
    const e = thrown(() => OneHotEncoder.fit(SharedMatrix.fromRows([[1], [Number.NaN]]), { columns: [0] }))
    expect(e).toBeInstanceOf(NonFiniteValue)
    expect(e).toMatchObject({ row: 1, column: 0 })
  })
})

describe("Preprocessing (deprecated alias of Transformers until 0.3.0)", () => {
  it("is the same transformers under the old name, so a 0.1.0 pipeline still builds", async () => {
    const { Pipeline, Preprocessing, Transformers } = await import("@weft/ml-workflows")
    for (const name of ["StandardScaler", "MinMaxScaler", "SimpleImputer", "OneHotEncoder", "inputColumns", "outputColumns", "transformRows", "transform"] as const) {
      expect(Preprocessing[name], name).toBe(Transformers[name])
    }
    expect(Object.keys(Preprocessing).sort()).toEqual(Object.keys(Transformers).sort())
    expect(Pipeline.make([["scaler", Preprocessing.StandardScaler], ["ridge", "ridge"]]).name).toBe(
      Pipeline.make([["scaler", Transformers.StandardScaler], ["ridge", "ridge"]]).name
    )
  })
})
