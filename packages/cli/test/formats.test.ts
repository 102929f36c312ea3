/**
 * `--data` in every format the library reads, against the same data as CSV:
 * the fixtures of packages/ml-workflows/test/fixtures/formats/ (written from
 * the shipped CSV files by pyarrow, tools/reference/formats.py) must give
 * `weft cv` and `weft grid` the CSV's scores bit for bit (JSON prints every
 * double with all its digits); `weft predict --out` writes CSV, JSON lines or
 * Parquet by extension; bad files fail with one line naming the problem.
 */
import { Formats } from "@weft/ml-workflows"
import { Effect } from "effect"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { beforeAll, describe, expect, it } from "vitest"
import { tempDir, weft, weftJson } from "./helpers.js"

const fixture = (name: string): string => fileURLToPath(new URL(`../../ml-workflows/test/fixtures/formats/${name}`, import.meta.url))
const shipped = (name: string): string => fileURLToPath(new URL(`../../ml-workflows/data/${name}.csv`, import.meta.url))
const dir = tempDir()

/** What a cv or grid run computed, without the source's name and the timings. */
const results = (out: any) => ({
  data: { ...out.data, source: undefined },
  folds: out.folds?.map((f: any) => ({ fold: f.fold, scores: f.scores })),
  mean: out.mean,
  std: out.std,
  candidates: out.candidates?.map((c: any) => ({ params: c.params, mean: c.mean, std: c.std, rank: c.rank }))
})

describe("weft cv --data FILE in other formats", () => {
  it("prints the CSV's scores, bit for bit, from Parquet, Arrow (file and stream), JSON lines, semicolon and tab CSV (diabetes, ridge)", async () => {
    const args = ["cv", "--model", "ridge", "--target", "progression", "--folds", "4", "--shuffle", "--seed", "3"]
    const reference = results(await weftJson([...args, "--data", shipped("diabetes")]))
    expect(reference.folds).toHaveLength(4)
    for (const [file, extra] of [
      ["diabetes.parquet", []],
      ["diabetes.arrow", []],
      ["diabetes.arrows", []],
      ["diabetes.jsonl", []],
      ["diabetes-semicolon.csv", ["--delimiter", ";"]],
      ["diabetes.tsv", []],
      ["diabetes.feather", ["--format", "arrow"]]
    ] as const) {
      expect({ file, ...results(await weftJson([...args, "--data", fixture(file), ...extra])) }).toEqual({ file, ...reference })
    }
  })

  it("reads class labels from a string column (breast cancer, stratified logistic regression)", async () => {
    const args = ["cv", "--model", "logistic", "--folds", "3", "--stratified", "--metric", "accuracy"]
    const reference = results(await weftJson([...args, "--data", shipped("breast-cancer")]))
    for (const file of ["breast-cancer.parquet", "breast-cancer.arrow", "breast-cancer.jsonl"]) {
      expect({ file, ...results(await weftJson([...args, "--data", fixture(file)])) }).toEqual({ file, ...reference })
    }
  })

  it("weft grid gives the CSV's candidates from Parquet", async () => {
    const args = ["grid", "--model", "ridge", "--grid", "alpha=0.01,1,10", "--folds", "3"]
    const reference = results(await weftJson([...args, "--data", shipped("diabetes")]))
    expect(results(await weftJson([...args, "--data", fixture("diabetes.parquet")]))).toEqual(reference)
  })
})

describe("weft predict --out", () => {
  const model = join(dir, "ridge.json")
  beforeAll(async () => {
    const run = await weft(["grid", "--data", "diabetes", "--model", "ridge", "--grid", "alpha=0.1,1", "--folds", "3", "--save", model])
    expect([run.code, run.stderr]).toEqual([0, ""])
  })

  it("writes CSV, JSON lines or Parquet by extension, each with the --json predictions' doubles", async () => {
    const args = ["predict", "--model", model, "--data", fixture("diabetes.parquet")]
    const predictions: Array<number> = (await weftJson(args)).predictions
    expect(predictions).toHaveLength(442)
    for (const ext of ["csv", "jsonl", "parquet"]) {
      const out = join(dir, `predictions.${ext}`)
      const run = await weft([...args, "--out", out])
      expect([run.code, run.stderr, run.stdout]).toEqual([0, "", `wrote 442 predictions (prediction) to ${out}\n`])
      if (ext === "csv") {
        const lines = readFileSync(out, "utf8").trimEnd().split("\n")
        expect(lines[0]).toBe("prediction")
        expect(lines.slice(1).map(Number)).toEqual(predictions)
      } else if (ext === "jsonl") {
        expect(readFileSync(out, "utf8").trimEnd().split("\n").map((l) => JSON.parse(l).prediction)).toEqual(predictions)
      } else {
        // Read back with the library's reader: a one-column file, its only column as the target.
        const read = await Effect.runPromise(Effect.either(Formats.readFile(out)))
        expect(read._tag).toBe("Left") // no feature column besides the target
        const bytes = readFileSync(out)
        expect([bytes.subarray(0, 4).toString(), bytes.subarray(-4).toString()]).toEqual(["PAR1", "PAR1"])
      }
    }
  })

  it("writes class names and uncertainty columns to Parquet that reads back as the --json values", async () => {
    const mlp = join(dir, "mlp.json")
    const fit = await weft(["grid", "--data", "iris", "--model", "mlp", "--param", "dropout=0.2", "--param", "epochs=20", "--grid", "hiddenLayers=[8]", "--folds", "3", "--stratified", "--save", mlp])
    expect([fit.code, fit.stderr]).toEqual([0, ""])
    const args = ["predict", "--model", mlp, "--data", "iris", "--uncertainty", "5", "--seed", "1"]
    const json = await weftJson(args)
    const out = join(dir, "iris.parquet")
    expect((await weft([...args, "--out", out])).code).toBe(0)
    const back = await Effect.runPromise(Formats.readFile(out, { target: "prediction" }))
    expect(back.featureNames).toEqual(["mean_setosa", "std_setosa", "mean_versicolor", "std_versicolor", "mean_virginica", "std_virginica"])
    expect(Array.from(back.y, (k) => back.classes![k])).toEqual(json.predictions)
    const means = Array.from({ length: back.X.rows }, (_, i) => [0, 2, 4].map((j) => back.X.get(i, j)))
    expect(means).toEqual(json.uncertainty.mean)
  })
})

describe("bad data files", () => {
  const cases: Array<{ name: string; args: Array<string>; code: 1 | 2; message: RegExp }> = [
    { name: "a string feature column", args: ["--data", fixture("string-feature.parquet")], code: 1, message: /string-feature\.parquet, row 1, column 2 \("b"\): "x" is not a number; feature columns must be numeric/ },
    { name: "a string feature column (Arrow)", args: ["--data", fixture("string-feature.arrow")], code: 1, message: /string-feature\.arrow, column 2 \("b"\): "Utf8" is not a numeric type/ },
    { name: "a null target", args: ["--data", fixture("null-target.arrow")], code: 1, message: /null-target\.arrow, row 2, column 2 \("y"\): the target value is missing/ },
    { name: "a null feature", args: ["--data", fixture("null-feature.parquet")], code: 1, message: /null-feature\.parquet: data row 2, column "a" holds a missing value/ },
    { name: "a missing target column", args: ["--data", fixture("diabetes.parquet"), "--target", "price"], code: 1, message: /--target "price": .*diabetes\.parquet has no column of that name; its columns are "age", "sex"/ },
    { name: "a truncated Parquet file", args: ["--data", fixture("truncated.parquet")], code: 1, message: /cannot read .*truncated\.parquet: not a complete Parquet file/ },
    { name: "a truncated Arrow file", args: ["--data", fixture("truncated.arrows")], code: 1, message: /cannot read .*truncated\.arrows: not a complete Arrow IPC file/ },
    { name: "a truncated JSON lines file", args: ["--data", fixture("truncated.jsonl")], code: 1, message: /truncated\.jsonl, line 221: ".*" is not valid JSON \(Unterminated string/ },
    { name: "--delimiter for a Parquet file", args: ["--data", fixture("diabetes.parquet"), "--delimiter", ";"], code: 2, message: /invalid --delimiter ";": applies to CSV files only/ },
    { name: "--delimiter for a built-in dataset", args: ["--data", "diabetes", "--delimiter", ";"], code: 2, message: /invalid --delimiter: it applies to a data file, and diabetes is a built-in dataset/ },
    { name: "a delimiter of two characters", args: ["--data", fixture("diabetes-semicolon.csv"), "--delimiter", ";;"], code: 2, message: /invalid --delimiter ";;": must be one ASCII character/ }
  ]
  for (const c of cases) {
    it(`${c.name}: exit ${c.code}, one line`, async () => {
      const run = await weft(["cv", "--model", "ridge", "--folds", "2", ...c.args])
      expect({ code: run.code, stdout: run.stdout }).toEqual({ code: c.code, stdout: "" })
      expect(run.stderr).toMatch(c.message)
      expect(run.stderr.trimEnd().split("\n")).toHaveLength(1)
    })
  }
})
