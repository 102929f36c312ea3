/**
 * Issue 10, points 3 and 4: bounded resources and output that never lies.
 * Each case failed before its fix (a 1000-thread pool started, a stack trace
 * on a full disk, a truncated --out file).
 */
import { spawn } from "node:child_process"
import { existsSync, openSync, closeSync, readdirSync, readFileSync } from "node:fs"
import * as os from "node:os"
import { join } from "node:path"
import { beforeAll, describe, expect, it } from "vitest"
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
