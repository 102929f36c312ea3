// What `weft cv` and `weft grid` print for people: scores with the digits that tell them apart,
// folds numbered as in --json, and a word on stderr before data loads.
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { announcing } from "../src/internal/progress.js"
import { tempDir, weft, weftJson, writeFile } from "./helpers.js"

const NEAR_EXACT = new URL("./fixtures/near-exact.csv", import.meta.url).pathname

/** The rows of the printed table whose first cell is a number (folds, ranks), split into cells. */
const tableRows = (stdout: string): Array<Array<string>> =>
  stdout
    .split("\n")
    .filter((l) => /^\s*\d+\s/.test(l))
    .map((l) => l.trim().split(/\s+/))

describe("scores and folds as printed", () => {
  it("weft cv numbers the folds in the table as --json does (from 0), and prints each score to within its last digit", async () => {
    const args = ["cv", "--data", "diabetes", "--model", "ridge", "--folds", "4", "--metric", "r2", "--metric", "mae"]
    const [out, run] = [await weftJson(args), await weft(args)]
    expect(run.code).toBe(0)
    const rows = tableRows(run.stdout)
    expect(rows.map((r) => Number(r[0]))).toEqual(out.folds.map((f: any) => f.fold))
    expect(rows.map((r) => Number(r[0]))).toEqual([0, 1, 2, 3])
    rows.forEach((r, k) => {
      for (const [j, m] of ["r2", "mae"].entries()) {
        const printed = r[1 + j]
        const decimals = printed.split(".")[1]?.length ?? 0
        expect(Math.abs(Number(printed) - out.folds[k].scores[m])).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-15)
      }
    })
  })

  it("weft grid on R² near 1 prints ranked means that differ, in rank order, and never `r2 1`", async () => {
    const args = ["grid", "--data", NEAR_EXACT, "--model", "ridge", "--grid", "alpha=0.000001,0.001,0.1,1", "--quiet"]
    const [out, run] = [await weftJson(args), await weft(args)]
    expect(run.code).toBe(0)
    const means = tableRows(run.stdout).map((r) => r[2])
    // Every candidate's mean is a different double here, and the printed ones are different too, in rank order.
    expect(new Set(out.candidates.map((c: any) => c.mean.r2)).size).toBe(4)
    expect(new Set(means).size).toBe(4)
    const values = means.map(Number)
    expect([...values].sort((a, b) => b - a)).toEqual(values)
    for (const text of means) expect(text).not.toMatch(/^-?\d+$/)
    expect(out.bestScore).toBeLessThan(1)
    expect(run.stdout).toMatch(new RegExp(`^best: alpha=0\\.000001 \\(r2 ${means[0].replace(".", "\\.")}\\)$`, "m"))
    expect(run.stdout).not.toMatch(/\(r2 1\)/)
  })
})

describe("a word on stderr while data loads", () => {
  it("--verbose with stderr not a terminal: a line before a synthetic dataset of 300,000 rows is drawn, and when it is done", async () => {
    const run = await weft(["cv", "--data", "synthetic:rows=300000,features=10,seed=0", "--model", "ridge", "--threads", "1", "--verbose"])
    expect(run.code).toBe(0)
    const lines = run.stderr.split("\n")
    expect(lines[0]).toBe("weft: drawing synthetic:rows=300000,features=10,seed=0")
    expect(lines[1]).toMatch(/^weft: drawing synthetic:rows=300000,features=10,seed=0: done in \d/)
  })

  it("--verbose names a CSV file and its size; without --verbose (stderr not a terminal) nothing is said; built-in datasets load silently", async () => {
    const dir = tempDir()
    const path = writeFile(dir, "small.csv", ["a,b,y", ...Array.from({ length: 40 }, (_, i) => `${i},${(i * 7) % 11},${i * 2 + 1}`)].join("\n"))
    const verbose = await weft(["cv", "--data", path, "--model", "linear", "--folds", "3", "--verbose"])
    expect(verbose.stderr.split("\n")[0]).toBe(`weft: loading ${path} (1 kB)`)
    const plain = await weft(["cv", "--data", path, "--model", "linear", "--folds", "3"])
    expect(plain.stderr).toBe("")
    const builtIn = await weft(["cv", "--data", "diabetes", "--model", "ridge", "--verbose"])
    expect(builtIn.stderr).not.toMatch(/loading|drawing/)
  })

  it("on a terminal: the line is written before the load starts and erased after it", async () => {
    const writes: Array<string> = []
    const write = process.stderr.write
    const tty = Object.getOwnPropertyDescriptor(process.stderr, "isTTY")
    Object.defineProperty(process.stderr, "isTTY", { value: true, configurable: true })
    process.stderr.write = ((chunk: string) => (writes.push(String(chunk)), true)) as typeof process.stderr.write
    try {
      const load = Effect.sync(() => writes.push("<load>"))
      await Effect.runPromise(announcing("loading big.csv (120 MB)", { quiet: false })(load))
      await Effect.runPromise(announcing("loading big.csv (120 MB)", { quiet: true })(load))
    } finally {
      process.stderr.write = write
      if (tty === undefined) delete (process.stderr as { isTTY?: boolean }).isTTY
      else Object.defineProperty(process.stderr, "isTTY", tty)
    }
    expect(writes).toEqual(["\r\u001b[Kloading big.csv (120 MB)...", "<load>", "\r\u001b[K", "<load>"])
  })
})
