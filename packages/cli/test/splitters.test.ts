// `--cv SPLITTER[:KEY=VALUE,...]` and `--groups COLUMN`: the command line gives the library's
// own cross-validation for every splitter (the splitters themselves are checked against
// scikit-learn in @weft/ml-workflows), and a bad spec is a usage error naming what is wrong.
import { SharedMatrix } from "@weft/core"
import { CrossValidation, Datasets, GridSearch } from "@weft/ml-workflows"
import { describe, expect, it } from "vitest"
import { tempDir, weft, weftJson, withLibrary, writeFile } from "./helpers.js"

const dir = tempDir()

/** 48 rows: two features, a group column (12 groups of 4 rows, in the middle), a numeric target and a class target. */
const rows = Array.from({ length: 48 }, (_, i) => {
  const x1 = ((i * 37) % 23) / 4
  const x2 = ((i * 11) % 13) / 3
  return { x1, group: Math.floor(i / 4) + 100, x2, y: 2 * x1 - x2 + ((i * 7) % 5) / 10, label: (i * 5) % 3 }
})
const regression = writeFile(dir, "groups.csv", ["x1,group,x2,y", ...rows.map((r) => `${r.x1},${r.group},${r.x2},${r.y}`)].join("\n"))
const classification = writeFile(dir, "groups-classes.csv", ["x1,group,x2,label", ...rows.map((r) => `${r.x1},${r.group},${r.x2},${r.label}`)].join("\n"))
const X = SharedMatrix.fromRows(rows.map((r) => [r.x1, r.x2]))
const groups = Float64Array.from(rows, (r) => r.group)

const diabetes = Datasets.loadDataset("diabetes")
const iris = Datasets.loadDataset("iris")

const cases: ReadonlyArray<{ name: string; args: ReadonlyArray<string>; library: CrossValidation.CrossValidateOptions; description: RegExp }> = [
  {
    name: "repeated-kfold",
    args: ["--data", "diabetes", "--model", "ridge", "--cv", "repeated-kfold:k=4,repeats=2,seed=3"],
    library: { estimator: "ridge", X: diabetes.X, y: diabetes.y, cv: { kind: "repeated-kfold", k: 4, nRepeats: 2, seed: 3 } },
    description: /^4-fold cross-validation repeated 2 times \(seed 3\), 8 splits, /m
  },
  {
    name: "repeated-stratified, seed from --seed",
    args: ["--data", "iris", "--model", "logistic", "--cv", "repeated-stratified:k=3,repeats=2", "--seed", "5"],
    library: { estimator: "logistic", X: iris.X, y: iris.y, cv: { kind: "repeated-stratified", k: 3, nRepeats: 2, seed: 5 }, seed: 5 },
    description: /^3-fold stratified cross-validation repeated 2 times \(seed 5\), 6 splits, /m
  },
  {
    name: "shuffle-split",
    args: ["--data", "diabetes", "--model", "ridge", "--cv", "shuffle-split:splits=4,test=0.25,seed=1", "--metric", "mae"],
    library: { estimator: "ridge", X: diabetes.X, y: diabetes.y, cv: { kind: "shuffle-split", nSplits: 4, testSize: 0.25, seed: 1 }, metrics: ["mae"] },
    description: /^shuffle-split cross-validation \(seed 1, test 0\.25\), 4 splits, /m
  },
  {
    name: "leave-one-out (loo)",
    args: ["--data", regression, "--model", "linear", "--cv", "loo", "--metric", "mae"],
    library: { estimator: "linear", X: SharedMatrix.fromRows(rows.map((r) => [r.x1, r.group, r.x2])), y: Float64Array.from(rows, (r) => r.y), cv: { kind: "leave-one-out" }, metrics: ["mae"] },
    description: /^leave-one-out cross-validation, 48 splits, /m
  },
  {
    name: "group, --groups a column in the middle",
    args: ["--data", regression, "--model", "ridge", "--cv", "group:k=3", "--groups", "group"],
    library: { estimator: "ridge", X, y: Float64Array.from(rows, (r) => r.y), cv: { kind: "group", k: 3, groups } },
    description: /^3-fold group cross-validation by "group", /m
  },
  {
    name: "stratified-group, shuffled",
    args: ["--data", classification, "--model", "logistic", "--cv", "stratified-group:k=3,shuffle,seed=2", "--groups", "group"],
    library: { estimator: "logistic", X, y: Float64Array.from(rows, (r) => r.label), cv: { kind: "stratified-group", k: 3, shuffle: true, seed: 2, groups } },
    description: /^3-fold stratified group cross-validation by "group", shuffled \(seed 2\), /m
  },
  {
    name: "timeseries with a gap",
    args: ["--data", "diabetes", "--model", "ridge", "--cv", "timeseries:splits=4,gap=2,test=50"],
    library: { estimator: "ridge", X: diabetes.X, y: diabetes.y, cv: { kind: "timeseries", nSplits: 4, gap: 2, testSize: 50 } },
    description: /^time-series cross-validation \(gap 2\), 4 splits, /m
  }
]

describe("weft cv --cv", () => {
  it.each(cases)("$name: the library's fold scores, bit for bit", async ({ args, library, description }) => {
    const [out, run, expected] = [await weftJson(["cv", ...args]), await weft(["cv", ...args]), await withLibrary(1, CrossValidation.crossValidate(library))]
    expect(out.folds.map((f: any) => f.scores)).toEqual(expected.folds.map((f) => f.scores))
    expect(out.folds.map((f: any) => f.fold)).toEqual(expected.folds.map((_, i) => i))
    expect(out.mean).toEqual(expected.mean)
    expect(out.cv.folds).toBe(expected.folds.length)
    expect(run.stdout).toMatch(description)
  })

  it("--groups takes the column out of the features and --json names it, not its values", async () => {
    const out = await weftJson(["cv", "--data", regression, "--model", "ridge", "--cv", "group:k=4", "--groups", "group"])
    expect(out.data.features).toBe(2)
    expect(out.cv).toEqual({ kind: "group", k: 4, groups: "group", folds: 4 })
  })
})

describe("weft grid --cv", () => {
  it("repeated-kfold: the library's grid search over the same splits", async () => {
    const out = await weftJson(["grid", "--data", "diabetes", "--model", "ridge", "--grid", "alpha=0.1,1,10", "--cv", "repeated-kfold:k=3,repeats=2,seed=4"])
    const expected = await withLibrary(
      1,
      GridSearch.gridSearch({ alpha: [0.1, 1, 10] }, { estimator: "ridge", X: diabetes.X, y: diabetes.y, cv: { kind: "repeated-kfold", k: 3, nRepeats: 2, seed: 4 }, refit: false })
    )
    expect(out.candidates.map((c: any) => [c.index, c.foldScores, c.mean, c.rank])).toEqual(
      expected.candidates.map((c, i) => [i, c.foldScores, c.mean, c.rank]).sort((a: any, b: any) => a[3] - b[3] || a[0] - b[0])
    )
    expect(out.cv.folds).toBe(6)
  })
})

describe("--cv errors", () => {
  const cv = (...rest: Array<string>) => ["cv", "--data", regression, "--model", "ridge", ...rest]
  it.each([
    { name: "an unknown splitter", args: cv("--cv", "kfolds"), message: "weft cv: invalid --cv 'kfolds': unknown splitter 'kfolds'; the splitters are kfold, stratified, repeated-kfold, repeated-stratified, shuffle-split, leave-one-out, group, stratified-group, timeseries" },
    { name: "an unknown key", args: cv("--cv", "repeated-kfold:n=3"), message: "weft cv: invalid --cv 'repeated-kfold:n=3': unknown key 'n' of repeated-kfold; its keys are k, repeats, seed" },
    { name: "k of 1", args: cv("--cv", "kfold:k=1"), message: "weft cv: invalid --cv 'kfold:k=1': k must be an integer of at least 2" },
    { name: "a key without a number", args: cv("--cv", "shuffle-split:test="), message: "weft cv: invalid --cv 'shuffle-split:test=': test needs a number (test=...)" },
    { name: "keys for leave-one-out", args: cv("--cv", "loo:k=3"), message: "weft cv: invalid --cv 'loo:k=3': leave-one-out takes no keys" },
    { name: "a group splitter without --groups", args: cv("--cv", "group"), message: "weft cv: --cv group needs --groups COLUMN (a column of the data that holds each row's group)" },
    { name: "--groups without a group splitter", args: cv("--groups", "group"), message: "weft cv: --groups is for --cv group or stratified-group" },
    { name: "--groups naming the target", args: cv("--cv", "group", "--groups", "y"), message: 'weft cv: invalid --groups "y": not a feature column of ' + regression + " (it is the target)" },
    { name: "--cv with --folds", args: cv("--cv", "kfold:k=3", "--folds", "3"), message: "weft cv: --folds and --cv do not mix: say it in --cv (e.g. --cv stratified:k=5,shuffle)" },
    { name: "a stratified splitter for a regressor", args: cv("--cv", "repeated-stratified"), message: "weft cv: invalid --cv repeated-stratified: stratified folds need a classifier and a class target" },
    { name: "the library's own check (a test set larger than the data)", args: cv("--cv", "shuffle-split:test=100"), message: "weft cv: invalid --cv shuffle-split:test=100: test must be a fraction strictly between 0 and 1 or a whole number of samples in 1..47" },
    { name: "more groups asked for than there are", args: cv("--cv", "group:k=13", "--groups", "group"), message: /^weft cv: invalid --cv group:k=13: k .*groups/ }
  ])("$name: exit 2 and one line", async ({ args, message }) => {
    const run = await weft(args)
    expect(run.code).toBe(2)
    if (typeof message === "string") expect(run.stderr).toBe(`${message}\n`)
    else expect(run.stderr).toMatch(message)
    expect(run.stdout).toBe("")
  })
})
