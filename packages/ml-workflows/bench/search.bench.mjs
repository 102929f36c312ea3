// A ridge grid that shares work (issue 12): 20 alphas (logspace(-3, 3)) x 5
// folds on synthetic 100,000 x 50 (`synthetic:rows=100000,features=50,seed=0`),
// weft on 1 and 2 threads against scikit-learn's
// GridSearchCV(Ridge(), {"alpha": ...}, cv=KFold(5), n_jobs=1) on the same
// data (written to a binary file that Python reads); and a 200-alpha grid
// against the 20-alpha grid, on 1 and on 2 threads. Each repetition runs
// scikit-learn, then weft 20 and 200 alphas on 1 thread, then 20 and 200 on
// 2 threads (A B A B), so a change of load hits both grids alike. Prints the
// median and range of each, the ratios of medians, the median of the
// per-repetition 200/20 ratios, the process CPU time of the same searches
// (worker threads included; less sensitive to other load), and the load
// average before and after.
//   node packages/ml-workflows/bench/search.bench.mjs [--reps 5] [--rows 100000] [--features 50] [--no-sklearn]
import { Datasets, GridSearch } from "@weft/ml-workflows"
import { WorkerPool } from "@weft/pool"
import { Effect } from "effect"
import { execFileSync, spawnSync } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import * as os from "node:os"
import { join } from "node:path"

const arg = (name, fallback) => {
  const at = process.argv.indexOf(name)
  return at > 0 ? Number(process.argv[at + 1]) : fallback
}
const reps = arg("--reps", 5)
const rows = arg("--rows", 100_000)
const features = arg("--features", 50)
const withSklearn = !process.argv.includes("--no-sklearn")

const logspace = (a, b, n) => Array.from({ length: n }, (_, i) => 10 ** (a + ((b - a) * i) / (n - 1)))
const alphas20 = logspace(-3, 3, 20)
const alphas200 = logspace(-3, 3, 200)
const data = Datasets.syntheticRegression({ rows, features, seed: 0 })

const dir = mkdtempSync(join(os.tmpdir(), "weft-search-bench-"))
const file = join(dir, "xy.f64")
const xy = new Float64Array(rows * (features + 1))
for (let i = 0; i < rows; i++) {
  xy.set(data.X.data.subarray(i * features, (i + 1) * features), i * (features + 1))
  xy[i * (features + 1) + features] = data.y[i]
}
writeFileSync(file, new Uint8Array(xy.buffer))

const python = `
import json, sys, time
import numpy as np
from sklearn.linear_model import Ridge
from sklearn.model_selection import GridSearchCV, KFold
rows, features = ${rows}, ${features}
xy = np.fromfile(sys.argv[1], dtype=np.float64).reshape(rows, features + 1)
X, y = np.ascontiguousarray(xy[:, :features]), np.ascontiguousarray(xy[:, features])
grid = {"alpha": np.logspace(-3, 3, 20)}
t = time.perf_counter()
search = GridSearchCV(Ridge(), grid, cv=KFold(5), n_jobs=1).fit(X, y)
ms = (time.perf_counter() - t) * 1000
print(json.dumps({"ms": ms, "best": float(search.best_params_["alpha"]), "scores": list(search.cv_results_["mean_test_score"])}))
`
const pyEnv = { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" }
delete pyEnv.OPENBLAS_CORETYPE
delete pyEnv.OPENBLAS_L2_SIZE
// $WEFT_PYTHON, else the first of python3 on the PATH and /usr/bin/python3 that
// has scikit-learn (a pyenv shim may come first without it), as kernels/bench/peer.mjs.
const pythonExe = withSklearn
  ? [process.env.WEFT_PYTHON, "python3", "/usr/bin/python3"]
      .filter((c) => c !== undefined && c !== "")
      .find((exe) => spawnSync(exe, ["-c", "import sklearn, numpy"], { encoding: "utf8" }).status === 0)
  : undefined
if (withSklearn && pythonExe === undefined) throw new Error("no Python with scikit-learn and numpy ($WEFT_PYTHON, python3, /usr/bin/python3); run with --no-sklearn")
const sklearn = () => JSON.parse(execFileSync(pythonExe, ["-c", python, file], { env: pyEnv, encoding: "utf8" }))

const search = (alphas) => GridSearch.gridSearch({ alpha: alphas }, { estimator: "ridge", X: data.X, y: data.y, cv: { kind: "kfold", k: 5 } })
const timed = (threads, alphas) =>
  Effect.runPromise(
    Effect.gen(function* () {
      yield* search(alphas) // warm: the workers are up and compiled
      // CPU time of the whole process (its worker threads included): less sensitive to other load than wall time.
      const cpu = process.cpuUsage()
      const t = performance.now()
      const result = yield* search(alphas)
      const used = process.cpuUsage(cpu)
      return { ms: performance.now() - t, cpuMs: (used.user + used.system) / 1000, result }
    }).pipe(Effect.provide(WorkerPool.layer({ threads })))
  )

const runs = { weft1: [], weft1x200: [], weft2: [], weft2x200: [], sklearn: [] }
const cpuRuns = { weft1: [], weft1x200: [], weft2: [], weft2x200: [] }
const loadBefore = os.loadavg()
let last
for (let r = 0; r < reps; r++) {
  if (withSklearn) {
    const sk = sklearn()
    runs.sklearn.push(sk.ms)
    last = { ...last, sk }
  }
  const one = await timed(1, alphas20)
  const oneBig = await timed(1, alphas200)
  const two = await timed(2, alphas20)
  const big = await timed(2, alphas200)
  for (const [key, run] of [["weft1", one], ["weft1x200", oneBig], ["weft2", two], ["weft2x200", big]]) {
    runs[key].push(run.ms)
    cpuRuns[key].push(run.cpuMs)
  }
  last = { ...last, weft: two.result, weft200: { one: oneBig.result, two: big.result } }
  console.error(`rep ${r + 1}/${reps}: ${Object.entries(runs).map(([k, v]) => `${k} ${v.at(-1)?.toFixed(0)} ms`).join(", ")}`)
}
rmSync(dir, { recursive: true, force: true })

const median = (v) => {
  const s = [...v].sort((a, b) => a - b)
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const spread = (v) => ({ median: median(v), min: Math.min(...v), max: Math.max(...v) })
const summary = Object.fromEntries(
  Object.entries(runs)
    .filter(([, v]) => v.length > 0)
    .map(([k, v]) => [k, { medianMs: median(v), minMs: Math.min(...v), maxMs: Math.max(...v), runs: v }])
)
const out = {
  machine: `${os.cpus()[0]?.model ?? "?"} x ${os.cpus().length}, Node ${process.version}`,
  problem: `ridge, ${alphas20.length} alphas logspace(-3, 3) x 5-fold KFold, synthetic ${rows} x ${features} (seed 0)`,
  reps,
  summary,
  ratios: {
    ...(withSklearn
      ? { sklearnOverWeft2: median(runs.sklearn) / median(runs.weft2), sklearnOverWeft1: median(runs.sklearn) / median(runs.weft1) }
      : {}),
    alphas200OverAlphas20: median(runs.weft2x200) / median(runs.weft2),
    alphas200OverAlphas20OneThread: median(runs.weft1x200) / median(runs.weft1),
    // Each repetition's own 200/20 ratio (both grids ran back to back under the same load), then their median and range.
    perRepetition200Over20: {
      twoThreads: spread(runs.weft2x200.map((v, i) => v / runs.weft2[i])),
      oneThread: spread(runs.weft1x200.map((v, i) => v / runs.weft1[i]))
    }
  },
  // Process CPU time (user + system, all threads) of the same searches: median and range, and the 200/20 ratios of the medians.
  cpu: {
    ...Object.fromEntries(Object.entries(cpuRuns).map(([k, v]) => [k, spread(v)])),
    alphas200OverAlphas20: median(cpuRuns.weft2x200) / median(cpuRuns.weft2),
    alphas200OverAlphas20OneThread: median(cpuRuns.weft1x200) / median(cpuRuns.weft1)
  },
  loadAverage: { before: loadBefore.map((v) => +v.toFixed(2)), after: os.loadavg().map((v) => +v.toFixed(2)) },
  // The 200-alpha grid gives the same scores on 1 and 2 threads (bit for bit).
  sameAt1And2Threads: JSON.stringify(last.weft200.one.candidates.map((c) => c.mean)) === JSON.stringify(last.weft200.two.candidates.map((c) => c.mean))
}
if (withSklearn) {
  // The same answers: mean test scores of both, candidate by candidate.
  const w = last.weft.candidates.map((c) => c.mean.r2)
  out.largestScoreDifference = Math.max(...w.map((s, i) => Math.abs(s - last.sk.scores[i])))
  out.meanScores = { weft: w.slice(0, 3).concat(w.slice(-2)), sklearn: last.sk.scores.slice(0, 3).concat(last.sk.scores.slice(-2)) }
  out.bestAlpha = { weft: last.weft.bestParams.alpha, sklearn: last.sk.best }
}
console.log(JSON.stringify(out, null, 2))
