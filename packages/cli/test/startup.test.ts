// The published entry (bin/weft.js: recorded answers for --help and --version, the esbuild
// bundle for the rest) against the unbundled command line (dist/bin.js, which the other tests
// run): the same output, byte for byte. And the rules that keep small jobs fast: a job too small
// for workers runs on the calling thread at any thread count, a large synthetic dataset is drawn
// on the pool with the same values as on one thread.
import { spawn } from "node:child_process"
import { existsSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { finish, weft, weftJson, type Run } from "./helpers.js"

const PUBLISHED = fileURLToPath(new URL("../bin/weft.js", import.meta.url))

const published = (args: ReadonlyArray<string>, extraEnv: Record<string, string> = {}): Promise<Run> => {
  const env: Record<string, string | undefined> = { ...process.env }
  delete env.WEFT_THREADS
  Object.assign(env, extraEnv)
  return finish(spawn(process.execPath, [PUBLISHED, ...args], { env, stdio: ["ignore", "pipe", "pipe"] }))
}

describe("the published entry", () => {
  it("is built: the bundle and the recorded answers are in dist/", () => {
    expect(existsSync(fileURLToPath(new URL("../dist/bundle/weft.js", import.meta.url)))).toBe(true)
    expect(existsSync(fileURLToPath(new URL("../dist/fast.json", import.meta.url)))).toBe(true)
  })

  it("answers --help, -h, no arguments and --version as the command line does, byte for byte", async () => {
    for (const args of [["--help"], ["-h"], [], ["--version"]]) {
      const [fast, full] = await Promise.all([published(args), weft(args)])
      expect({ args, code: fast.code, stdout: fast.stdout, stderr: fast.stderr }).toEqual({ args, code: full.code, stdout: full.stdout, stderr: full.stderr })
    }
  })

  it("answers weft info and weft info --json without the command line, as the command line does, byte for byte, whatever WEFT_THREADS says", async () => {
    for (const threads of [undefined, " 2 ", "auto", "999", "lots"]) {
      for (const args of [["info"], ["info", "--json"]]) {
        const extra: Record<string, string> = threads === undefined ? {} : { WEFT_THREADS: threads }
        const [fast, full] = await Promise.all([published(args, extra), weft(args, { env: extra })])
        expect({ threads, args, code: fast.code, stdout: fast.stdout, stderr: fast.stderr }).toEqual({ threads, args, code: full.code, stdout: full.stdout, stderr: full.stderr })
      }
    }
  }, 240_000)

  it("dist/fastInfo.js answers from the recorded lists, and leaves a value to refuse to the command line", async () => {
    const { info } = await import("../dist/fastInfo.js")
    expect(info({ models: ["m"], datasets: ["d"], metrics: ["x"] }, false, { WEFT_THREADS: "lots" })).toBeUndefined()
    expect(info({ models: ["m"], datasets: ["d"], metrics: ["x"] }, false, { WEFT_THREADS: "100000" })).toBeUndefined()
    expect(info({ models: ["m"], datasets: ["d"], metrics: ["x"] }, false, {})).toMatch(/^models +m$/m)
  })

  it("runs every other command through the bundle, with the unbundled command line's output", async () => {
    for (const args of [["cv", "--help"], ["info", "--threads", "3", "--json"], ["cv", "--data", "nope.csv", "--model", "ridge"], ["grid", "--data", "iris", "--model", "logistic", "--bogus"]]) {
      const [bundled, full] = await Promise.all([published(args), weft(args)])
      expect({ args, code: bundled.code, stdout: bundled.stdout, stderr: bundled.stderr }).toEqual({ args, code: full.code, stdout: full.stdout, stderr: full.stderr })
    }
    const args = ["cv", "--data", "iris", "--model", "logistic", "--stratified", "--shuffle", "--seed", "3", "--metric", "accuracy"]
    const [bundled, full] = await Promise.all([published([...args, "--json"]), weftJson(args)])
    const scores = (doc: any) => [doc.folds.map((f: any) => f.scores), doc.mean, doc.std]
    expect(scores(JSON.parse(bundled.stdout))).toEqual(scores(full))
  })
})

describe("the bundled worker script", () => {
  it("runs the pool's tasks and the loading tasks in workers, with the unbundled command line's scores", async () => {
    // Drawn on the pool (4.5M values), then cross-validated on 2 workers (the cut-off lowered).
    const args = ["cv", "--data", "synthetic:rows=90000,features=50,seed=5", "--model", "ridge", "--folds", "3"]
    const [bundled, reference] = await Promise.all([
      published([...args, "--threads", "2", "--json", "--verbose"], { WEFT_INLINE_FLOPS: "1000" }),
      weftJson([...args, "--threads", "1"])
    ])
    expect(bundled.code).toBe(0)
    expect(bundled.stderr).toMatch(/2 worker threads started/)
    const doc = JSON.parse(bundled.stdout)
    expect([doc.threads, doc.executor]).toEqual([2, "local"])
    expect(doc.folds.map((f: any) => f.scores)).toEqual(reference.folds.map((f: any) => f.scores))
  })
})

describe("no pool for a tiny job", () => {
  it("a 5-fold ridge on diabetes runs on the calling thread at 2 threads, starts no worker and says so; the scores are those of 1 thread", async () => {
    const args = ["cv", "--data", "diabetes", "--model", "ridge", "--folds", "5"]
    const two = await weft([...args, "--threads", "2", "--json", "--verbose"])
    expect(two.code).toBe(0)
    const doc = JSON.parse(two.stdout)
    expect([doc.threads, doc.executor]).toEqual([2, "inline"])
    expect(two.stderr).toMatch(/no worker threads started/)
    expect(two.stderr).toMatch(/pool closed; 0 worker threads alive/)
    const one = await weftJson([...args, "--threads", "1"])
    expect(one.executor).toBe("inline")
    expect(doc.folds.map((f: any) => f.scores)).toEqual(one.folds.map((f: any) => f.scores))
    const text = await weft([...args, "--threads", "2"])
    expect(text.stdout).toMatch(/on the calling thread \(too small a job for workers\)/)
  })

  it("a job above the cut-off (here lowered with WEFT_INLINE_FLOPS) gets the threads asked for, with the same scores", async () => {
    const args = ["cv", "--data", "synthetic:rows=2000,features=20,seed=1", "--model", "ridge", "--folds", "3", "--threads", "2"]
    const [pool, inline] = await Promise.all([weftJson(args, { env: { WEFT_INLINE_FLOPS: "1000" } }), weftJson(args)])
    expect([pool.threads, pool.executor]).toEqual([2, "local"])
    expect([inline.threads, inline.executor]).toEqual([2, "inline"])
    expect(pool.folds.map((f: any) => f.scores)).toEqual(inline.folds.map((f: any) => f.scores))
  })
})

describe("loading on the pool", () => {
  it("a synthetic dataset large enough to be drawn on the pool has the same values at 1, 2 and 3 threads", async () => {
    // 90,000 x 50 = 4.5M values: above the 4M from which it is drawn in parallel.
    const args = ["cv", "--data", "synthetic:rows=90000,features=50,seed=3,noise=2", "--model", "ridge", "--folds", "3"]
    const runs = await Promise.all(["1", "2", "3"].map((t) => weftJson([...args, "--threads", t])))
    for (const doc of runs) expect(doc.folds.map((f: any) => f.scores)).toEqual(runs[0].folds.map((f: any) => f.scores))
  })
})
