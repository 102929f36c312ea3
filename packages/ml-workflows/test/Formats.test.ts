// Formats against the CSV reader: the fixtures under fixtures/formats/ were written from the
// shipped CSV files by an independent writer (pyarrow and Python's csv and json modules,
// tools/reference/formats.py), numbers parsed with Python's float(); every format must give
// Datasets.readCsv's Float64 bits. Then the errors, each naming the file, the row and the column,
// and the writers, read back.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { Datasets, Formats, Loading } from "@weft/ml-workflows"
import { Effect } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { runWith } from "./helpers/pool.js"

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/formats/${name}`, import.meta.url))
const shipped = (name: string): string => fileURLToPath(new URL(`../data/${name}.csv`, import.meta.url))

const dir = mkdtempSync(join(tmpdir(), "weft-formats-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let files = 0
const write = (ext: string, content: string | Uint8Array): string => {
  const path = join(dir, `f${files++}${ext}`)
  writeFileSync(path, content)
  return path
}

/** The bytes of a Float64Array, as hex: equal strings are equal bits (NaN payloads and -0 included). */
const hex = (a: Float64Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex")
const plain = (d: Datasets.Dataset) => ({ X: hex(d.X.data), shape: [d.X.rows, d.X.columns], y: hex(d.y), names: d.featureNames, target: d.targetName, classes: d.classes })

const read = (path: string, options: Formats.ReadOptions = {}) => Effect.runPromise(Formats.readFile(path, options))
const failure = (path: string, options: Formats.ReadOptions = {}) => Effect.runPromise(Effect.flip(Formats.readFile(path, options)))

describe("Formats.readFile", () => {
  for (const name of ["diabetes", "breast-cancer"]) {
    it(`reads ${name} as Parquet, Arrow (file, stream), JSON lines, semicolon and tab CSV with the CSV reader's bits`, async () => {
      const reference = plain(Datasets.readCsv(shipped(name)))
      const files: Array<[string, Formats.ReadOptions]> = [
        [`${name}.parquet`, {}],
        [`${name}.arrow`, {}],
        [`${name}.arrows`, {}],
        [`${name}.jsonl`, {}],
        [`${name}-semicolon.csv`, { delimiter: ";" }],
        [`${name}.tsv`, {}]
      ]
      if (name === "diabetes") files.push(["diabetes-zstd.parquet", {}], ["diabetes.feather", {}], ["diabetes-lz4.feather", {}])
      else files.push(["breast-cancer-zstd.arrows", {}])
      for (const [file, options] of files) expect({ file, ...plain(await read(fixture(file), options)) }).toEqual({ file, ...reference })
      // The class labels are there to compare (breast cancer: "benign" and "malignant").
      if (name === "breast-cancer") expect(reference.classes).toEqual(["benign", "malignant"])
    })
  }

  it("decodes LZ4 frames of several blocks (Arrow buffers of 160 kB)", async () => {
    const d = await read(fixture("long-lz4.feather"))
    expect(d.X.rows).toBe(20000)
    const x = Float64Array.from({ length: 20000 }, (_, i) => (i % 100) / 7)
    const y = Float64Array.from({ length: 20000 }, (_, i) => i % 13)
    expect([hex(d.X.data), hex(d.y)]).toEqual([hex(x), hex(y)])
  })

  it("chooses the target by name, as the CSV reader does", async () => {
    const reference = plain(Datasets.readCsv(shipped("diabetes"), { target: "bmi" }))
    for (const file of ["diabetes.parquet", "diabetes.arrow", "diabetes.jsonl"]) expect(plain(await read(fixture(file), { target: "bmi" }))).toEqual(reference)
  })

  it("reads the semicolon file on the pool's threads (Loading.readFile) with Datasets.readCsv's bits", async () => {
    const reference = plain(Datasets.readCsv(shipped("breast-cancer")))
    for (const threads of [1, 2]) {
      expect(plain(await runWith(threads, Loading.readFile(fixture("breast-cancer-semicolon.csv"), { delimiter: ";" })))).toEqual(reference)
      expect(plain(await runWith(threads, Loading.readFile(fixture("breast-cancer.tsv"))))).toEqual(reference)
      expect(plain(await runWith(threads, Loading.readFile(fixture("breast-cancer.parquet"))))).toEqual(reference)
    }
  })

  it("converts integer, single-precision and boolean columns (values written by pyarrow, exact in float64)", async () => {
    for (const file of ["types.parquet", "types.arrow"]) {
      const d = await read(fixture(file))
      expect(d.featureNames).toEqual(["i64", "i32", "f32"])
      expect(Array.from(d.X.data)).toEqual([1, 10, 0.5, -2, 20, 1.25, 2 ** 53, 30, -2, 4, -40, 3.75])
      expect(d.classes).toEqual(["false", "true"])
      expect(Array.from(d.y)).toEqual([1, 0, 1, 1])
    }
  })

  it("reads a null feature as a missing value (NaN), as an empty CSV field", async () => {
    for (const file of ["null-feature.parquet", "null-feature.arrow"]) {
      const d = await read(fixture(file))
      expect(Array.from(d.X.data)).toEqual([1, Number.NaN, 3])
    }
    const jsonl = write(".jsonl", '{"a": 1, "y": 1}\n\n{"a": null, "y": 2}\n{"y": 3}\n')
    expect(Array.from((await read(jsonl)).X.data)).toEqual([1, Number.NaN, Number.NaN])
  })

  it("fails with typed errors naming the file, the row and the column", async () => {
    const cases: Array<[string, Formats.ReadOptions, Record<string, unknown>]> = [
      ["string-feature.parquet", {}, { _tag: "InvalidOption", option: `${fixture("string-feature.parquet")}, row 1, column 2 ("b")`, value: "x", reason: "is not a number; feature columns must be numeric" }],
      ["string-feature.arrow", {}, { _tag: "InvalidOption", option: `${fixture("string-feature.arrow")}, column 2 ("b")`, value: "Utf8" }],
      ["string-feature.jsonl", {}, { _tag: "InvalidOption", option: `${fixture("string-feature.jsonl")}, line 1, column 2 ("b")`, value: "x" }],
      ["null-target.parquet", {}, { _tag: "InvalidOption", option: `${fixture("null-target.parquet")}, row 2, column 2 ("y")`, reason: "the target value is missing" }],
      ["null-target.arrow", {}, { _tag: "InvalidOption", option: `${fixture("null-target.arrow")}, row 2, column 2 ("y")`, reason: "the target value is missing" }],
      ["null-target.jsonl", {}, { _tag: "InvalidOption", option: `${fixture("null-target.jsonl")}, line 2, column 2 ("y")`, reason: "the target value is missing" }],
      ["diabetes.parquet", { target: "nope" }, { _tag: "InvalidOption", option: "target", value: "nope" }],
      ["diabetes.arrows", { target: "nope" }, { _tag: "InvalidOption", option: "target", value: "nope" }],
      ["diabetes.jsonl", { target: "nope" }, { _tag: "InvalidOption", option: "target", value: "nope" }],
      ["empty.parquet", {}, { _tag: "EmptyInput" }],
      ["empty.arrow", {}, { _tag: "EmptyInput" }],
      ["diabetes.parquet", { delimiter: ";" }, { _tag: "InvalidOption", option: "delimiter" }],
      ["diabetes-semicolon.csv", { delimiter: "ab" }, { _tag: "InvalidOption", option: "delimiter" }],
      ["diabetes-semicolon.csv", { delimiter: "." }, { _tag: "InvalidOption", option: "delimiter" }],
      ["diabetes.parquet", { format: "xlsx" as Formats.Format }, { _tag: "InvalidOption", option: "format" }]
    ]
    for (const [file, options, expected] of cases) expect({ file, ...(await failure(fixture(file), options)) }).toMatchObject({ file, ...expected })
  })

  it("says a cut-short file is incomplete, in every format", async () => {
    for (const [file, what] of [["truncated.parquet", "Parquet"], ["truncated.arrow", "Arrow IPC"], ["truncated.arrows", "Arrow IPC"]]) {
      const e = (await failure(fixture(file))) as { _tag: string; option: string; reason: string }
      expect({ file, tag: e._tag, option: e.option }).toEqual({ file, tag: "InvalidOption", option: "path" })
      expect(e.reason).toContain(`not a complete ${what} file`)
    }
    // The last line of the JSON lines file stops in the middle of an object: that line is named.
    const e = (await failure(fixture("truncated.jsonl"))) as { _tag: string; option: string; reason: string }
    expect(e._tag).toBe("InvalidOption")
    expect(e.option).toMatch(/truncated\.jsonl, line 2\d\d$/)
    expect(e.reason).toMatch(/^is not valid JSON/)
  })

  it("refuses a JSON lines record with a key the first lacks, and a line that is not an object", async () => {
    expect(await failure(write(".jsonl", '{"a": 1, "y": 1}\n{"a": 2, "b": 3, "y": 2}\n'))).toMatchObject({ _tag: "ShapeMismatch", actual: 'also "b"' })
    expect(await failure(write(".ndjson", '{"a": 1, "y": 1}\n[2, 2]\n'))).toMatchObject({ _tag: "InvalidOption", reason: expect.stringContaining("not a JSON object") })
    expect(await failure(write(".jsonl", "\n\n"))).toMatchObject({ _tag: "EmptyInput" })
    expect(await failure(write(".jsonl", '{"a": 1, "y": "x"}\n{"a": 2, "y": 3}\n'))).toMatchObject({ _tag: "InvalidOption", reason: expect.stringContaining("mixes numbers and class labels") })
  })

  it("reads any single-character delimiter, quoting included, on one thread and on the pool", async () => {
    const path = write(".txt", 'a|b|"label|x"\n1|2.5|u\n3|-4e2|"v|w"\n')
    const reference = { X: [1, 2.5, 3, -400], classes: ["u", "v|w"], names: ["a", "b"], target: "label|x" }
    const d = await read(path, { delimiter: "|" })
    expect({ X: Array.from(d.X.data), classes: d.classes, names: d.featureNames, target: d.targetName }).toEqual(reference)
    const unquoted = write(".csv", "a|b|y\n1|2.5|u\n3|-4e2|v\n")
    const e = await runWith(2, Loading.readFile(unquoted, { delimiter: "|" }))
    expect({ X: Array.from(e.X.data), classes: e.classes }).toEqual({ X: [1, 2.5, 3, -400], classes: ["u", "v"] })
  })
})

describe("Formats.formatOf", () => {
  it("goes by the extension, case-insensitively, and an explicit format wins", () => {
    expect(["a.csv", "a.TSV", "a.parquet", "a.arrow", "a.feather", "a.ipc", "a.arrows", "a.jsonl", "a.NDJSON", "a.txt", "dir.x/a"].map((p) => Formats.formatOf(p))).toEqual([
      "csv", "tsv", "parquet", "arrow", "arrow", "arrow", "arrow", "jsonl", "jsonl", "csv", "csv"
    ])
    expect(Formats.formatOf("a.csv", "parquet")).toBe("parquet")
  })
})

describe("Formats.encodeTable", () => {
  const columns: ReadonlyArray<Formats.Column> = [
    { name: "prediction", values: ["b", "a,c", "a"] },
    { name: "mean", values: Float64Array.from([0.1, Number.NaN, 1 / 3]) }
  ]
  const encode = (format: Formats.OutputFormat) => Effect.runPromise(Formats.encodeTable(columns, format))

  it("writes CSV and JSON lines as text a reader gets the same doubles back from", async () => {
    expect(Buffer.from(await encode("csv")).toString()).toBe('prediction,mean\nb,0.1\n"a,c",NaN\na,0.3333333333333333\n')
    expect(Buffer.from(await encode("jsonl")).toString()).toBe('{"prediction":"b","mean":0.1}\n{"prediction":"a,c","mean":null}\n{"prediction":"a","mean":0.3333333333333333}\n')
  })

  it("writes Parquet that reads back as the same strings and bits", async () => {
    const path = write(".parquet", await encode("parquet"))
    const d = await read(path, { target: "prediction" })
    expect(d.featureNames).toEqual(["mean"])
    expect(hex(d.X.data)).toBe(hex(Float64Array.from([0.1, Number.NaN, 1 / 3])))
    expect(d.classes).toEqual(["a", "a,c", "b"])
    expect(Array.from(d.y)).toEqual([2, 1, 0])
    // The file is Parquet: magic bytes at both ends.
    const bytes = await encode("parquet")
    expect([Buffer.from(bytes.subarray(0, 4)).toString(), Buffer.from(bytes.subarray(-4)).toString()]).toEqual(["PAR1", "PAR1"])
  })

  it("refuses columns of different lengths", async () => {
    const e = await Effect.runPromise(Effect.flip(Formats.encodeTable([{ name: "a", values: [1, 2] }, { name: "b", values: [1] }], "csv")))
    expect(e).toMatchObject({ _tag: "ShapeMismatch" })
  })
})
