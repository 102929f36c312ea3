import { beforeAll, describe, expect, it } from "vitest"
import { tempDir, weft, writeFile } from "./helpers.js"

const dir = tempDir()
const csv = (name: string, text: string) => writeFile(dir, name, text)

const good = csv("good.csv", "a,b,y\n1,2,3\n4,5,6\n7,8,10\n2,1,4\n5,5,5\n")
const files = {
  nonNumeric: csv("non-numeric.csv", "a,b,y\n1,2,3\n4,five,6\n7,8,9\n"),
  nan: csv("nan.csv", "a,b,y\n1,2,3\n4,5,6\n7,NA,9\n1,1,1\n"),
  ragged: csv("ragged.csv", "a,b,y\n1,2,3\n4,5\n"),
  empty: csv("empty.csv", ""),
  headerOnly: csv("header-only.csv", "a,b,y\n"),
  tiny: csv("tiny.csv", "a,b,y\n1,2,3\n4,5,6\n7,8,9\n"),
  notAModel: csv("not-a-model.json", '{"hello": 1}'),
  brokenState: csv("broken-state.json", JSON.stringify({ format: "weft-model/1", estimator: "ridge", params: {}, state: { coef: [1, 2], intercept: 0 }, featureNames: ["a", "b", "y"] })),
  brokenJson: csv("broken.json", "{")
}

interface Case {
  readonly name: string
  readonly args: ReadonlyArray<string>
  readonly code: 1 | 2
  /** What the one line on stderr must say (the flag, file, column or row). */
  readonly message: RegExp
  readonly env?: Record<string, string>
}

const cv = (...rest: Array<string>) => ["cv", "--data", good, "--model", "ridge", ...rest]

const usageErrors: ReadonlyArray<Case> = [
  { name: "an unknown flag", args: cv("--bogus"), code: 2, message: /unknown flag '--bogus'/ },
  { name: "an unknown flag before the required ones", args: ["cv", "--bogus", "--data", good, "--model", "ridge"], code: 2, message: /unknown flag '--bogus'/ },
  { name: "a misspelt flag", args: cv("--fold", "3"), code: 2, message: /unknown flag '--fold'/ },
  { name: "a flag that is missing", args: ["cv", "--model", "ridge"], code: 2, message: /--data/ },
  { name: "an unknown command", args: ["fit"], code: 2, message: /subcommand/i },
  { name: "--folds that is not a number", args: cv("--folds", "abc"), code: 2, message: /--folds 'abc': must be an integer of at least 2/ },
  { name: "--folds 1", args: cv("--folds", "1"), code: 2, message: /--folds '1': must be an integer of at least 2/ },
  { name: "--threads 0", args: cv("--threads", "0"), code: 2, message: /--threads '0': must be an integer of at least 1/ },
  { name: "an invalid WEFT_THREADS", args: ["info"], env: { WEFT_THREADS: "lots" }, code: 2, message: /WEFT_THREADS "lots"/ },
  { name: "an unknown model", args: ["cv", "--data", good, "--model", "forest"], code: 2, message: /unknown --model 'forest'; the models are linear, ridge/ },
  { name: "an unknown parameter", args: cv("--param", "beta=1"), code: 2, message: /--param beta: ridge has no parameter 'beta'/ },
  { name: "a parameter value of the wrong type", args: cv("--param", "alpha=big"), code: 2, message: /--param alpha=big: alpha takes a number/ },
  { name: "a parameter value out of range", args: cv("--param", "alpha=-1"), code: 2, message: /--param alpha=-1: must be a finite number of at least 0/ },
  { name: "--param without =", args: cv("--param", "alpha"), code: 2, message: /--param 'alpha': expected NAME=VALUE/ },
  { name: "an unknown metric", args: cv("--metric", "auc"), code: 2, message: /unknown --metric 'auc'/ },
  { name: "a classifier metric for a regressor", args: cv("--metric", "accuracy"), code: 2, message: /--metric accuracy: it scores classifiers, and ridge is a regressor/ },
  { name: "a seed out of range", args: cv("--seed", "-3"), code: 2, message: /--seed '-3'/ },
  { name: "a regressor on class labels", args: ["cv", "--data", "iris", "--model", "ridge"], code: 2, message: /ridge is a regressor, but the target "species" of iris holds class labels/ },
  { name: "logistic on a continuous target", args: ["cv", "--data", "synthetic:rows=50,features=2,seed=1", "--model", "logistic"], code: 2, message: /logistic is a classifier, but the target "y" of synthetic.* \(data row 1: / },
  { name: "--stratified with a regressor", args: cv("--stratified", "--folds", "2"), code: 2, message: /--stratified: stratified folds need a classifier/ },
  { name: "a malformed synthetic dataset", args: ["cv", "--data", "synthetic:rows=10", "--model", "ridge"], code: 2, message: /--data synthetic:rows=10: features= is required/ },
  { name: "--target on a built-in dataset", args: ["cv", "--data", "iris", "--target", "petal_length", "--model", "ridge"], code: 2, message: /--target petal_length: the target of the built-in dataset iris is "species"/ },
  { name: "a law in a grid without --random", args: ["grid", "--data", good, "--model", "ridge", "--grid", "alpha=loguniform(1,10)"], code: 2, message: /add --random N/ },
  { name: "a grid without --grid", args: ["grid", "--data", good, "--model", "ridge"], code: 2, message: /give at least one --grid/ },
  { name: "--uncertainty with a linear model", args: ["predict", "--model", "MODEL", "--data", good, "--uncertainty", "10"], code: 2, message: /--uncertainty: Monte-Carlo dropout needs an MLP model, and this one is ridge/ }
]

const dataErrors: ReadonlyArray<Case> = [
  { name: "a missing file", args: ["cv", "--data", `${dir}/nowhere.csv`, "--model", "ridge"], code: 1, message: /cannot read .*nowhere\.csv: no such file/ },
  { name: "a name that is neither a file nor a dataset", args: ["cv", "--data", "irises", "--model", "ridge"], code: 1, message: /cannot read irises: no such file; the built-in datasets are iris, breast-cancer, diabetes/ },
  { name: "a missing target column", args: cv("--target", "price"), code: 1, message: /--target "price": .*good\.csv has no column of that name; its columns are "a", "b", "y"/ },
  { name: "a non-numeric feature", args: ["cv", "--data", files.nonNumeric, "--model", "ridge", "--folds", "2"], code: 1, message: /non-numeric\.csv, line 3, column 2 \("b"\): "five" is not a number/ },
  { name: "a missing value (NaN)", args: ["cv", "--data", files.nan, "--model", "ridge", "--folds", "2"], code: 1, message: /nan\.csv: data row 3, column "b" holds a missing value/ },
  { name: "a row with too few fields", args: ["cv", "--data", files.ragged, "--model", "ridge", "--folds", "2"], code: 1, message: /ragged\.csv, line 3: expected 3 fields/ },
  { name: "an empty file", args: ["cv", "--data", files.empty, "--model", "ridge"], code: 1, message: /empty\.csv is empty/ },
  { name: "a header and no rows", args: ["cv", "--data", files.headerOnly, "--model", "ridge"], code: 1, message: /header-only\.csv \(a header but no data rows\)/ },
  { name: "too few rows for the folds", args: ["cv", "--data", files.tiny, "--model", "ridge", "--folds", "5"], code: 1, message: /tiny\.csv has 3 rows, too few for 5 folds/ },
  { name: "a missing model file", args: ["predict", "--model", `${dir}/none.json`, "--data", good], code: 1, message: /cannot read .*none\.json: no such file/ },
  { name: "a JSON file that is not a model", args: ["predict", "--model", files.notAModel, "--data", good], code: 1, message: /not-a-model\.json: .*not a weft-model\/1 model/ },
  { name: "a model file that is not JSON", args: ["predict", "--model", files.brokenJson, "--data", good], code: 1, message: /broken\.json: .*not JSON/ },
  { name: "data without the model's columns", args: ["predict", "--model", "MODEL", "--data", "iris"], code: 1, message: /iris: column "a" is missing; the model reads "a", "b"/ }
]

// Each case is its own short process: run them a few at a time.
describe.concurrent("errors", () => {
  const model = `${dir}/ridge.json`
  beforeAll(async () => {
    const saved = await weft(["grid", "--data", good, "--model", "ridge", "--grid", "alpha=1", "--folds", "2", "--save", model])
    expect(saved.code).toBe(0)
  })

  it.for([...usageErrors, ...dataErrors])("$name: exit $code, one line on stderr, nothing on stdout", async (c, { expect }) => {
    const run = await weft(c.args.map((a) => (a === "MODEL" ? model : a)), c.env === undefined ? {} : { env: c.env })
    expect(run.stderr).toMatch(c.message)
    expect(run.code).toBe(c.code)
    expect(run.stdout).toBe("")
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1)
    expect(run.stderr).toMatch(/^weft( \w+)?: /)
    expect(run.stderr).not.toMatch(/\bat .*\.js:\d+/) // no stack trace
  })

  it("refuses a model file whose state does not fit its features before any worker runs, naming the field", async ({ expect }) => {
    // This file once reached the workers and failed there (predictRange: shape mismatch); the model-file
    // schema now catches it while loading, and blames the model file, not the data.
    const args = ["predict", "--model", files.brokenState, "--data", good, "--threads", "2"]
    const run = await weft(args)
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^weft predict: .*broken-state\.json: state\.coef: expected 3 values \(one per feature of featureNames\), got 2\n$/)
    expect(run.stdout).toBe("")
    const verbose = await weft([...args, "--verbose"])
    expect(verbose.code).toBe(1)
    expect(verbose.stderr).toMatch(/state\.coef: expected 3 values/)
    expect(verbose.stdout).toBe("")
  })

  it("keeps --json runs to the same rule: the error on stderr, nothing on stdout", async ({ expect }) => {
    const run = await weft([...cv("--folds", "1"), "--json"])
    expect(run.code).toBe(2)
    expect(run.stdout).toBe("")
    expect(run.stderr).toMatch(/--folds '1'/)
  })
})
