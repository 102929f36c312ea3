// `weft grid` and `weft cv` for linear and ridge fit every candidate of a fold
// from fold statistics computed once (issue 12). They must print what the
// per-candidate path printed before that change (fixtures/grid-per-candidate.json,
// recorded from the commit before it): the same candidates, scores and ranks,
// locally and with --redis.
import { Testing } from "@weft/cluster"
import { SharedMatrix } from "@weft/core"
import { KFold, Linear } from "@weft/ml-workflows"
import { getMetric } from "@weft/ml-workflows/Metrics"
import type { ChildProcess } from "node:child_process"
import { readFileSync } from "node:fs"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { finish, start, weft, weftJson } from "./helpers.js"

interface Case {
  readonly name: string
  readonly args: ReadonlyArray<string>
  readonly candidates: ReadonlyArray<{
    index: number
    params: Record<string, unknown>
    mean: Record<string, number>
    std: Record<string, number>
    foldScores: ReadonlyArray<Record<string, number>>
    rank: number
  }>
  readonly bestIndex: number
  readonly bestParams: Record<string, unknown>
  readonly printed?: ReadonlyArray<string>
}
const fixture = JSON.parse(readFileSync(new URL("./fixtures/grid-per-candidate.json", import.meta.url), "utf8")) as {
  cases: ReadonlyArray<Case>
  cv: { args: ReadonlyArray<string>; folds: ReadonlyArray<Record<string, number>> }
}

const relative = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)))

/** The printed table rows without the fit ms column, and the best line. */
const printedRows = (stdout: string): Array<string> =>
  stdout
    .split("\n")
    .filter((l) => /^\s+\d+\s/.test(l) || l.startsWith("best:"))
    .map((l) => (l.startsWith("best:") ? l : l.replace(/\s+\S+$/, "")))

const checkAgainstFixture = (out: any, c: Case) => {
  expect(out.candidates.map((x: any) => [x.index, x.params, x.rank])).toEqual(c.candidates.map((x) => [x.index, x.params, x.rank]))
  expect([out.bestIndex, out.bestParams]).toEqual([c.bestIndex, c.bestParams])
  out.candidates.forEach((x: any, i: number) => {
    const before = c.candidates[i]
    x.foldScores.forEach((s: Record<string, number>, f: number) => {
      for (const m of Object.keys(s)) expect(relative(s[m], before.foldScores[f][m])).toBeLessThan(1e-10)
    })
    for (const m of Object.keys(x.mean)) expect(relative(x.mean[m], before.mean[m])).toBeLessThan(1e-10)
  })
}

let server: Testing.RedisServer
const workers: Array<{ child: ChildProcess; done: ReturnType<typeof finish> }> = []

const startWorker = (url: string) =>
  new Promise<{ child: ChildProcess; done: ReturnType<typeof finish> }>((resolve, reject) => {
    const child = start(["worker", "--redis", url, "--threads", "1"])
    const done = finish(child)
    let err = ""
    child.stderr!.on("data", (d: Buffer) => {
      err += d.toString()
      if (err.includes("ready (node")) resolve({ child, done })
    })
    void done.then((run) => reject(new Error(`weft worker exited with ${run.code}: ${run.stderr}`)))
  })

beforeAll(async () => {
  server = await Testing.startRedis()
  workers.push(await startWorker(server.url), await startWorker(server.url))
}, 60_000)

afterAll(async () => {
  for (const w of workers) {
    if (w.child.exitCode === null) w.child.kill("SIGINT")
    await w.done
  }
  await server?.stop()
})

describe("weft grid with shared fold statistics", () => {
  for (const c of fixture.cases) {
    it(`${c.name}: the per-candidate path's candidates, scores and ranks, locally and with --redis`, async () => {
      const local = await weftJson([...c.args, "--threads", "2", "--quiet"])
      checkAgainstFixture(local, c)
      const remote = await weftJson([...c.args, "--redis", server.url, "--quiet"])
      checkAgainstFixture(remote, c)
      // The cluster gives the local numbers bit for bit.
      expect(remote.candidates.map((x: any) => [x.foldScores, x.mean, x.std])).toEqual(local.candidates.map((x: any) => [x.foldScores, x.mean, x.std]))
      if (c.printed !== undefined) {
        for (const where of [["--threads", "2"], ["--redis", server.url]]) {
          const run = await weft([...c.args, ...where, "--quiet"])
          expect(run.code).toBe(0)
          expect(printedRows(run.stdout)).toEqual(c.printed)
        }
      }
    })
  }

  it("on data with R² near 1 (1 − 1e-9, columns from 1e-2 to 1e3), the per-candidate path's scores and ranks, locally and with --redis", async () => {
    const csv = new URL("./fixtures/near-exact.csv", import.meta.url).pathname
    const lines = readFileSync(csv, "utf8").trim().split("\n").slice(1).map((l) => l.split(",").map(Number))
    const X = SharedMatrix.fromFlat(Float64Array.from(lines.flatMap((r) => r.slice(0, 6))), lines.length, 6)
    const y = Float64Array.from(lines, (r) => r[6])
    const splits = KFold.kFold(lines.length, { k: 5 })
    const args = ["grid", "--data", csv, "--model", "ridge", "--grid", "alpha=0.001,0.1,1,10,1000", "--grid", "fitIntercept=true,false", "--quiet"]
    const [local, remote] = [await weftJson([...args, "--threads", "2"]), await weftJson([...args, "--redis", server.url])]
    expect(remote.candidates.map((x: any) => [x.foldScores, x.mean, x.std, x.rank])).toEqual(local.candidates.map((x: any) => [x.foldScores, x.mean, x.std, x.rank]))
    // Today's per-candidate path, written out: fit each fold's training rows, predict its test rows, score.
    const means = local.candidates.map((x: any) => {
      const params = Linear.Ridge.params(x.params)
      const scores = splits.map((s) => {
        const state = Linear.Ridge.fit({ X, y, rows: s.train, seed: 0 }, params)
        return getMetric("r2").fn(Float64Array.from(s.test, (i) => y[i]), Linear.predictLinear(state, X, s.test))
      })
      scores.forEach((r2, f) => expect(relative(x.foldScores[f].r2, r2)).toBeLessThan(1e-12))
      return scores.reduce((a, b) => a + b, 0) / scores.length
    })
    const ranks = means.map((m: number) => 1 + means.filter((o: number) => o > m).length)
    expect(local.candidates.map((x: any) => x.rank)).toEqual(ranks)
  })

  it("weft cv --model ridge gives the per-candidate path's fold scores", async () => {
    const out = await weftJson([...fixture.cv.args, "--threads", "2", "--quiet"])
    out.folds.forEach((f: any, k: number) => expect(relative(f.scores.r2, fixture.cv.folds[k].r2)).toBeLessThan(1e-10))
  })
})
