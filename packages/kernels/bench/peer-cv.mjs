// End to end: `weft cv` of an MLP [32] (20,000×16, 5 folds, 15 epochs) at
// --threads 2 against scikit-learn's cross_val_score(n_jobs=1), wall time of
// each whole command from the shell (start-up, loading the CSV and all),
// interleaved A B A B.
//
//   npx nx run @weft/cli:build && node packages/kernels/bench/peer-cv.mjs [--repeats 5] [--threads 2]
import { spawnSync } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { cpus, tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : fallback
}
const repeats = Number(arg("repeats", "5"))
const threads = arg("threads", "2")
const rows = 20_000
const features = 16

// A nonlinear regression problem, seeded (xorshift), written as CSV.
let s = 12345
const next = () => {
  s ^= s << 13
  s ^= s >>> 17
  s ^= s << 5
  return (s >>> 0) / 4294967296
}
const lines = [[...Array.from({ length: features }, (_, j) => `x${j}`), "y"].join(",")]
for (let i = 0; i < rows; i++) {
  const x = Array.from({ length: features }, () => 2 * next() - 1)
  const y = Math.sin(2 * x[0]) + x[1] * x[2] + 0.5 * x[3] + 0.1 * (2 * next() - 1)
  lines.push([...x, y].map((v) => v.toPrecision(17)).join(","))
}
const dir = mkdtempSync(join(tmpdir(), "weft-peer-cv-"))
const csv = join(dir, "data.csv")
writeFileSync(csv, lines.join("\n") + "\n")

const bin = fileURLToPath(new URL("../../cli/dist/bin.js", import.meta.url))
const weftArgs = [bin, "cv", "--data", csv, "--model", "mlp", "--param", "hiddenLayers=32", "--param", "epochs=15", "--param", "batchSize=200", "--folds", "5", "--threads", threads, "--quiet"]
const py = `
import sys, warnings, numpy as np
from sklearn.model_selection import cross_val_score, KFold
from sklearn.neural_network import MLPRegressor
warnings.filterwarnings("ignore")
d = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1)
X, y = d[:, :-1], d[:, -1]
s = cross_val_score(MLPRegressor(hidden_layer_sizes=(32,), max_iter=15, batch_size=200, random_state=0), X, y, cv=KFold(5), n_jobs=1)
print(s.mean())
`
const env = { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" }
delete env.OPENBLAS_CORETYPE
delete env.OPENBLAS_L2_SIZE
const hasPython = spawnSync("python3", ["-c", "import sklearn"]).status === 0
if (!hasPython) console.log("python3 with scikit-learn not found: timing weft alone.")

const time = (cmd, args, options) => {
  const t = performance.now()
  const r = spawnSync(cmd, args, { encoding: "utf8", ...options })
  const ms = performance.now() - t
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`)
  return { ms, out: r.stdout.trim() }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1]
const ours = []
const theirs = []
for (let r = 0; r < repeats; r++) {
  ours.push(time(process.execPath, weftArgs).ms)
  if (hasPython) {
    const p = time("python3", ["-c", py, csv], { env })
    theirs.push(p.ms)
    if (r === 0) console.log(`scikit-learn mean R²: ${p.out}`)
  }
}
rmSync(dir, { recursive: true, force: true })
const range = (xs) => `${(median(xs) / 1000).toFixed(2)} s [${(Math.min(...xs) / 1000).toFixed(2)}, ${(Math.max(...xs) / 1000).toFixed(2)}]`
console.log(`weft cv --threads ${threads}              ${range(ours)}`)
if (hasPython) {
  console.log(`cross_val_score(n_jobs=1)         ${range(theirs)}`)
  const ratios = ours.map((o, i) => o / theirs[i])
  console.log(`weft ÷ scikit-learn (wall, per pair): ${median(ratios).toFixed(2)}x [${Math.min(...ratios).toFixed(2)}, ${Math.max(...ratios).toFixed(2)}]`)
}
console.log(`machine: ${cpus()[0]?.model}, ${cpus().length} cores, Node ${process.version}, ${repeats} interleaved pairs`)
