/**
 * Issue 10, points 3, 4, 6 and 7: bounded resources, output that never lies,
 * degenerate problems, large grids. Each case failed before its fix (a
 * 1000-thread pool started, a stack trace on a full disk, a truncated --out
 * file, accuracy 1 "(1 classes)" and r2 NaN with exit 0, a silent large grid).
 */
import { spawn } from "node:child_process"
import { existsSync, openSync, closeSync, readdirSync, readFileSync } from "node:fs"
import * as os from "node:os"
import { join } from "node:path"
import { beforeAll, describe, expect, it } from "vitest"
import { plainLine } from "../src/internal/progress.js"
import { BIN, tempDir, weft, writeFile } from "./helpers.js"

const dir = tempDir()
const bound = 4 * os.availableParallelism()
const model = join(dir, "model.json")
/** A dataset of 3 features whose columns have the names of the model's. */
const big = "synthetic:rows=200000,features=3,seed=2"

beforeAll(async () => {
  const run = await weft(["grid", "--data", "synthetic:rows=60,features=3,seed=1", "--model", "ridge", "--grid", "alpha=0.1,1", "--save", model, "--quiet"])
  expect(run.code).toBe(0)
})

describe("bounded resources", () => {
  it("--threads above 4 per core is refused at once (exit 2), naming the bound and --oversubscribe", async () => {
    const started = performance.now()
    const run = await weft(["cv", "--data", "diabetes", "--model", "ridge", "--threads", "1000"])
    expect(run.code).toBe(2)
    expect(run.stderr.trim()).toBe(
      `weft cv: invalid --threads 1000: more than ${bound} threads (4 per core on ${os.availableParallelism()} cores) only cost memory and start-up time; add --oversubscribe to allow it`
    )
    expect(run.stdout).toBe("")
    // Refused before any worker starts (it took 160 s to fail with 1000 threads).
    expect(performance.now() - started).toBeLessThan(30_000)
  })

  it("WEFT_THREADS above the bound is refused the same way", async () => {
    const run = await weft(["cv", "--data", "diabetes", "--model", "ridge"], { env: { WEFT_THREADS: "1000" } })
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/^weft cv: invalid WEFT_THREADS 1000: more than \d+ threads .*add --oversubscribe to allow it\n$/)
  })

  it("--oversubscribe allows a count above the bound", async () => {
    const run = await weft(["cv", "--data", "diabetes", "--model", "ridge", "--folds", "2", "--threads", String(bound + 1), "--oversubscribe", "--json"])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout).threads).toBe(bound + 1)
  })
})

describe("output that never lies", () => {
  it("a full disk on stdout (ENOSPC) is one line on stderr and exit 1, no stack trace", async () => {
    const full = openSync("/dev/full", "w")
    const child = spawn(process.execPath, [BIN, "predict", "--model", model, "--data", "synthetic:rows=50,features=3,seed=2"], {
      stdio: ["ignore", full, "pipe"]
    })
    closeSync(full)
    let stderr = ""
    child.stderr!.setEncoding("utf8").on("data", (s: string) => (stderr += s))
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve))
    expect(code).toBe(1)
    expect(stderr).toBe("weft: cannot write the output: no space left on device (ENOSPC)\n")
  })

  it("a reader that goes away early (weft predict | head -1) ends the run quietly with 0", async () => {
    const child = spawn(process.execPath, [BIN, "predict", "--model", model, "--data", big], { stdio: ["ignore", "pipe", "pipe"] })
    let stderr = ""
    child.stderr!.setEncoding("utf8").on("data", (s: string) => (stderr += s))
    let first = ""
    child.stdout!.setEncoding("utf8").once("data", (s: string) => {
      first = s
      child.stdout!.destroy()
    })
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve))
    expect(first.startsWith("prediction\n")).toBe(true)
    expect(code).toBe(0)
    expect(stderr).toBe("")
  })

  it("--out is written whole or not at all: a write that fails half-way leaves the previous file as it was", async () => {
    const out = writeFile(dir, "preds.csv", "the previous predictions\n")
    // `ulimit -f 8`: the file may not grow beyond 4 KiB (dash counts 512-byte blocks), so the write fails half-way (EFBIG).
    const child = spawn("sh", ["-c", `ulimit -f 8; exec "${process.execPath}" "${BIN}" predict --model "${model}" --data ${big} --out "${out}"`], {
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stderr = ""
    child.stderr!.setEncoding("utf8").on("data", (s: string) => (stderr += s))
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve))
    expect(code).toBe(1)
    expect(stderr).toMatch(/^weft predict: cannot write .*preds\.csv: file too large \(EFBIG\)\n$/)
    expect(readFileSync(out, "utf8")).toBe("the previous predictions\n")
    expect(readdirSync(dir).filter((f) => f.includes(".weft-"))).toEqual([])
  })

  it("--out replaces the file once the new one is complete, and leaves no temporary file", async () => {
    const out = writeFile(dir, "replaced.csv", "old\n")
    const run = await weft(["predict", "--model", model, "--data", "synthetic:rows=50,features=3,seed=2", "--out", out])
    expect(run.code).toBe(0)
    const lines = readFileSync(out, "utf8").trimEnd().split("\n")
    expect(lines[0]).toBe("prediction")
    expect(lines.length).toBe(51)
    expect(readdirSync(dir).filter((f) => f.includes(".weft-"))).toEqual([])
    expect(existsSync(out)).toBe(true)
  })
})

describe("degenerate problems are errors, never a score with exit 0", () => {
  const oneClass = writeFile(dir, "one-class.csv", "a,b,label\n1,2,x\n4,5,x\n7,8,x\n1,1,x\n2,2,x\n3,3,x\n")
  const sorted = writeFile(dir, "sorted.csv", "a,b,label\n1,2,p\n4,5,p\n7,8,p\n1,1,p\n2,2,q\n3,3,q\n")
  const three = writeFile(dir, "three.csv", "a,b,y\n1,2,3\n4,5,6\n7,8,10\n")
  const cases: ReadonlyArray<readonly [string, ReadonlyArray<string>, string]> = [
    [
      "a classifier on one class (--stratified logistic printed accuracy 1)",
      ["cv", "--data", oneClass, "--model", "logistic", "--stratified", "--folds", "2"],
      `weft cv: ${oneClass}: every row of the target "label" is of class "x", and a classifier needs at least 2 classes (as scikit-learn)`
    ],
    [
      "a classifier on a fold whose training rows are of one class",
      ["cv", "--data", sorted, "--model", "logistic", "--folds", "3"],
      `weft cv: ${sorted}: the training rows of fold 2 are all of class "p", and a classifier needs at least 2 classes; use stratified folds, shuffle, or fewer folds`
    ],
    [
      "r2 on folds of one row (--folds 3 on 3 rows printed NaN)",
      ["cv", "--data", three, "--model", "ridge", "--folds", "3"],
      'weft cv: invalid metric "r2": R² is undefined on fold 0, whose test set has 1 row (R² needs at least 2); use fewer or shuffled folds, or another metric'
    ],
    [
      "a grid search on one class",
      ["grid", "--data", oneClass, "--model", "logistic", "--grid", "C=0.1,1", "--folds", "2"],
      `weft grid: ${oneClass}: every row of the target "label" is of class "x", and a classifier needs at least 2 classes (as scikit-learn)`
    ]
  ]
  it.each(cases)("%s", async (_, args, message) => {
    const run = await weft(args)
    expect(run.code).toBe(1)
    expect(run.stdout).toBe("")
    expect(run.stderr).toBe(`${message}\n`)
  })
})

describe("large grids", () => {
  const alphas = (n: number) => Array.from({ length: n }, (_, i) => String((i + 1) / 1000)).join(",")

  it("a search of 1000 fits or more says so on stderr before it starts, even when stderr is not a terminal", async () => {
    const run = await weft(["grid", "--data", "diabetes", "--model", "ridge", "--grid", `alpha=${alphas(200)}`, "--folds", "5", "--json"])
    expect(run.code).toBe(0)
    expect(run.stderr).toBe("weft grid: 200 candidates x 5 folds = 1000 fits of ridge on 442 rows; --verbose notes progress every 10 s\n")
    expect(JSON.parse(run.stdout).candidates).toHaveLength(200)
  })

  it("a smaller one, or one with --quiet, says nothing", async () => {
    const small = await weft(["grid", "--data", "diabetes", "--model", "ridge", "--grid", `alpha=${alphas(199)}`, "--folds", "5", "--json"])
    expect(small.stderr).toBe("")
    const quiet = await weft(["grid", "--data", "diabetes", "--model", "ridge", "--grid", `alpha=${alphas(200)}`, "--quiet", "--json"])
    expect(quiet.stderr).toBe("")
  })

  it("the plain progress line of --verbose (every 10 s without a terminal) says done, total, elapsed and time left", () => {
    expect(plainLine({ label: "grid ridge", unit: "fits", done: 1200, total: 50_000, elapsedMs: 10_000 })).toBe(
      "weft: grid ridge: 1200/50000 fits, 10s, ETA 6m47s"
    )
    expect(plainLine({ label: "cv mlp", unit: "folds", done: 0, total: 5, elapsedMs: 10_000 })).toBe("weft: cv mlp: 0/5 folds, 10s, ETA ?")
  })
})
