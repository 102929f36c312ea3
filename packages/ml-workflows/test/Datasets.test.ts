import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { EmptyInput, InvalidOption, ShapeMismatch } from "@weft/core"
import { describe, expect, it } from "vitest"
import { loadDataset, parseCsv, readCsv, syntheticClassification, syntheticRegression } from "../src/Datasets.js"
import { thrown } from "./helpers/thrown.js"

const ref = JSON.parse(readFileSync(new URL("./fixtures/sklearn-selection.json", import.meta.url), "utf8")).datasets

const columnSums = (X: { rows: number; columns: number; get(i: number, j: number): number }): Array<number> => {
  const sums = new Array(X.columns).fill(0)
  for (let i = 0; i < X.rows; i++) for (let j = 0; j < X.columns; j++) sums[j] += X.get(i, j)
  return sums
}

const expectRelClose = (actual: ReadonlyArray<number>, expected: ReadonlyArray<number>, rel: number): void => {
  expect(actual.length).toBe(expected.length)
  actual.forEach((a, j) => expect(Math.abs(a - expected[j])).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected[j]))))
}

describe("loadDataset", () => {
  it("iris equals scikit-learn's load_iris: features, labels and class names", () => {
    const { X, y, featureNames, targetName, classes } = loadDataset("iris")
    const r = ref.iris
    expect([X.rows, X.columns]).toEqual(r.shape)
    expect(featureNames).toEqual(["sepal_length", "sepal_width", "petal_length", "petal_width"])
    expect(targetName).toBe("species")
    expect(Array.from(X.row(0))).toEqual(r.first_row)
    expect(Array.from(X.row(X.rows - 1))).toEqual(r.last_row)
    expectRelClose(columnSums(X), r.column_sums, 1e-12)
    // Sorted label order happens to be scikit-learn's order for iris.
    expect(classes).toEqual(r.target_names)
    expect(Array.from(y)).toEqual(r.target)
    expect(X.buffer).toBeInstanceOf(SharedArrayBuffer)
    expect(y.buffer).toBeInstanceOf(SharedArrayBuffer)
  })

  it("breast-cancer equals load_breast_cancer, with labels in sorted order (benign 0, malignant 1)", () => {
    const { X, y, classes } = loadDataset("breast-cancer")
    const r = ref["breast-cancer"]
    expect([X.rows, X.columns]).toEqual(r.shape)
    expect(Array.from(X.row(0))).toEqual(r.first_row)
    expectRelClose(columnSums(X), r.column_sums, 1e-12)
    expect(r.target_names).toEqual(["malignant", "benign"])
    expect(classes).toEqual(["benign", "malignant"])
    expect(Array.from(y)).toEqual(r.target.map((t: number) => 1 - t))
  })

  it("diabetes equals load_diabetes with a numeric target and no classes", () => {
    const d = loadDataset("diabetes")
    const r = ref.diabetes
    expect([d.X.rows, d.X.columns]).toEqual(r.shape)
    expect(d.featureNames).toEqual(r.feature_names)
    expect(d.targetName).toBe("progression")
    expect(d.classes).toBeUndefined()
    expect(Array.from(d.X.row(d.X.rows - 1))).toEqual(r.last_row)
    expect(Array.from(d.y.subarray(0, 5))).toEqual(r.target_head)
    expect(d.y.reduce((a, b) => a + b, 0)).toBe(r.target_sum)
  })

  it("rejects an unknown name, listing the built-in ones", () => {
    const e = thrown(() => loadDataset("mnist" as never))
    expect(e).toBeInstanceOf(InvalidOption)
    expect((e as Error).message).toContain("iris, breast-cancer, diabetes")
  })
})

describe("parseCsv", () => {
  it("reads quoted fields, CRLF, a BOM and blank lines; the target can be any column", () => {
    const text = '\uFEFFa,"label, with comma",b\r\n1,"say ""hi""",2\r\n\r\n"3.5",plain,-4e-1\r\n'
    const d = parseCsv(text, { target: "label, with comma" })
    expect(d.featureNames).toEqual(["a", "b"])
    expect(d.targetName).toBe("label, with comma")
    expect(d.X.toRows()).toEqual([
      [1, 2],
      [3.5, -0.4]
    ])
    expect(d.classes).toEqual(['say "hi"', "plain"].sort())
    expect(Array.from(d.y)).toEqual([1, 0])
  })

  it("numbers string labels in sorted order and keeps a numeric target as numbers", () => {
    const labels = parseCsv("x,y\n1,virginica\n2,setosa\n3,versicolor\n4,setosa\n")
    expect(labels.classes).toEqual(["setosa", "versicolor", "virginica"])
    expect(Array.from(labels.y)).toEqual([2, 0, 1, 0])
    const numeric = parseCsv("x,y\n1,3.25\n2,-1\n")
    expect(numeric.classes).toBeUndefined()
    expect(Array.from(numeric.y)).toEqual([3.25, -1])
  })

  it("reads an empty feature field, NA or NaN as a missing value", () => {
    const d = parseCsv("a,b,y\n,NA,1\nNaN,2,0\n")
    expect(d.X.data.slice(0, 3).every((v) => Number.isNaN(v))).toBe(true)
    expect(d.X.get(1, 1)).toBe(2)
  })

  it("names the source, the line and the column of a non-numeric feature value", () => {
    // Line 1 header, lines 2-3 one record (a label with a line break), line 4 blank, line 5 the bad value.
    const text = 'a,b,y\n1,2,"two-line\nlabel"\n\n4,abc,y\n'
    const e = thrown(() => parseCsv(text, { source: "data.csv" }))
    expect(e).toBeInstanceOf(InvalidOption)
    expect(e).toMatchObject({ option: 'data.csv, line 5, column 2 ("b")', value: "abc" })
    const e2 = thrown(() => parseCsv("a,b,y\n\"x\",2,0\n", { source: "data.csv" }))
    expect(e2).toMatchObject({ option: 'data.csv, line 2, column 1 ("a")', value: "x" })
    expect((e2 as Error).message).toContain("is not a number")
  })

  it("rejects ragged rows, a missing target column, empty files and missing targets", () => {
    const ragged = thrown(() => parseCsv("a,b,y\n1,2,x\n3,x\n", { source: "r.csv" }))
    expect(ragged).toBeInstanceOf(ShapeMismatch)
    expect(ragged).toMatchObject({ what: "r.csv, line 3", expected: "3 fields (as the header)", actual: "2 fields" })
    const target = thrown(() => parseCsv("a,b\n1,2\n", { target: "species", source: "t.csv" }))
    expect(target).toMatchObject({ _tag: "InvalidOption", option: "target", value: "species" })
    expect((target as Error).message).toContain('t.csv has no column of that name; its columns are "a", "b"')
    expect(thrown(() => parseCsv("", { source: "empty.csv" }))).toMatchObject({ _tag: "EmptyInput", what: "empty.csv" })
    expect(thrown(() => parseCsv("a,y\n\n"))).toBeInstanceOf(EmptyInput)
    expect(thrown(() => parseCsv("a,y\n1,\n", { source: "m.csv" }))).toMatchObject({ _tag: "InvalidOption", option: 'm.csv, line 2, column 2 ("y")' })
    expect(thrown(() => parseCsv('a,y\n"1,2\n'))).toBeInstanceOf(InvalidOption)
    expect(thrown(() => parseCsv("a,a,y\n1,2,3\n"))).toMatchObject({ _tag: "InvalidOption", option: "column name", value: "a" })
  })

  it("readCsv names the file in its errors", () => {
    const dir = mkdtempSync(join(tmpdir(), "weft-csv-"))
    try {
      const path = join(dir, "bad.csv")
      writeFileSync(path, "a,y\n1,0\nx,1\n")
      const e = thrown(() => readCsv(path))
      expect((e as InvalidOption).option).toBe(`${path}, line 3, column 1 ("a")`)
      const missing = thrown(() => readCsv(join(dir, "nope.csv")))
      expect(missing).toMatchObject({ _tag: "InvalidOption", option: "path" })
    } finally {
      rmSync(dir, { recursive: true })
    }
  })
})

describe("synthetic datasets", () => {
  it("regression is a pure function of its options, linear in X without noise", () => {
    const a = syntheticRegression({ rows: 200, features: 6, informative: 4, seed: 3 })
    const b = syntheticRegression({ rows: 200, features: 6, informative: 4, seed: 3 })
    expect(b.X.data).toEqual(a.X.data)
    expect(b.y).toEqual(a.y)
    expect(syntheticRegression({ rows: 200, features: 6, seed: 4 }).X.data).not.toEqual(a.X.data)
    expect(a.coef.slice(4)).toEqual([0, 0])
    for (const c of a.coef.slice(0, 4)) expect(c).toBeGreaterThan(0)
    for (let i = 0; i < a.X.rows; i++) {
      let s = 0
      for (let j = 0; j < 6; j++) s += a.X.get(i, j) * a.coef[j]
      expect(Math.abs(a.y[i] - s)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(s)))
    }
  })

  it("regression noise has the requested standard deviation", () => {
    const noisy = syntheticRegression({ rows: 5000, features: 3, noise: 2, bias: 10, seed: 9 })
    let ss = 0
    let sum = 0
    for (let i = 0; i < noisy.X.rows; i++) {
      let s = 10
      for (let j = 0; j < 3; j++) s += noisy.X.get(i, j) * noisy.coef[j]
      const r = noisy.y[i] - s
      sum += r
      ss += r * r
    }
    const sd = Math.sqrt(ss / 5000)
    // The sample sd of 5000 normals is within about 5 * 2 / sqrt(2 * 5000) = 0.1 of 2.
    expect(Math.abs(sd - 2)).toBeLessThan(0.1)
    expect(Math.abs(sum / 5000)).toBeLessThan((5 * 2) / Math.sqrt(5000))
  })

  it("classification gives balanced labels 0..K-1 and is a pure function of its options", () => {
    const d = syntheticClassification({ rows: 301, features: 4, classes: 3, seed: 5 })
    expect(d.classes).toEqual(["0", "1", "2"])
    const counts = [0, 0, 0]
    for (const v of d.y) counts[v]++
    expect(counts).toEqual([101, 100, 100])
    expect(syntheticClassification({ rows: 301, features: 4, classes: 3, seed: 5 }).X.data).toEqual(d.X.data)
    expect(Array.from(d.y.subarray(0, 12))).not.toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2])
  })

  it("rejects options out of range", () => {
    expect(thrown(() => syntheticRegression({ rows: 0, features: 2, seed: 1 }))).toMatchObject({ _tag: "InvalidOption", option: "rows" })
    expect(thrown(() => syntheticRegression({ rows: 5, features: 2, noise: -1, seed: 1 }))).toMatchObject({ option: "noise" })
    expect(thrown(() => syntheticRegression({ rows: 5, features: 2, informative: 3, seed: 1 }))).toMatchObject({ option: "informative" })
    expect(thrown(() => syntheticClassification({ rows: 5, features: 2, classes: 6, seed: 1 }))).toMatchObject({ option: "classes" })
  })
})
