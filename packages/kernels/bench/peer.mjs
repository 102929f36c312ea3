// weft against numpy / scikit-learn on the same data, one thread each,
// interleaved A B A B: the kernel rows of issue 11's table.
//
//   npx nx run @weft/ml-workflows:build && node packages/kernels/bench/peer.mjs [--repeats 7] [--json out.json]
//
// Python is optional ($WEFT_PYTHON, python3 or /usr/bin/python3 with
// scikit-learn): without one the weft side runs alone
// and the script says so. The Python side runs with one BLAS thread
// (OPENBLAS_NUM_THREADS=1, OMP_NUM_THREADS=1, MKL_NUM_THREADS=1).
import { spawn, spawnSync } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir, cpus } from "node:os"
import { join } from "node:path"
import { createInterface } from "node:readline"
import { fileURLToPath } from "node:url"
import { Rng, SharedMatrix } from "@weft/core"
import { gemm } from "@weft/kernels"
import { LogisticRegression } from "@weft/ml-workflows/models/Logistic"
import { MlpRegressor, mlpForward, mlpInit } from "@weft/ml-workflows/models/Mlp"
import { getEstimator } from "@weft/ml-workflows/models/Registry"

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : fallback
}
const repeats = Number(arg("repeats", "7"))
const only = arg("only", "gemm,forward,ridge,logistic,epoch").split(",")
const jsonOut = arg("json", undefined)

const rng = new Rng.Rng(2024)
const uniform = (n) => Float64Array.from({ length: n }, () => 2 * rng.next() - 1)
const matrix = (rows, cols) => {
  const m = SharedMatrix.zeros(rows, cols)
  m.data.set(uniform(rows * cols))
  return m
}
const linearTarget = (X, noise) => {
  const beta = uniform(X.columns)
  const y = new Float64Array(X.rows)
  for (let i = 0; i < X.rows; i++) {
    let s = 0
    for (let j = 0; j < X.columns; j++) s += X.data[i * X.columns + j] * beta[j]
    y[i] = s + noise * (2 * rng.next() - 1)
  }
  return y
}

// The data, shared by both sides.
const gemmA = uniform(500 * 500)
const gemmB = uniform(500 * 500)
const forwardX = matrix(100_000, 32)
const ridgeX = matrix(100_000, 100)
const ridgeY = linearTarget(ridgeX, 0.1)
const logisticX = matrix(20_000, 30)
const logisticY = linearTarget(logisticX, 1).map((v) => (v > 0 ? 1 : 0))
const epochX = matrix(20_000, 32)
const epochY = linearTarget(epochX, 0.1)

const net = mlpInit([32, 128, 128, 1], 7, { activation: "relu", output: "identity" })
const gemmC = new Float64Array(500 * 500)
const Ridge = getEstimator("ridge")
const weft = {
  gemm: () => gemm(500, 500, 500, gemmA, gemmB, gemmC),
  forward: () => mlpForward(net, forwardX),
  ridge: () => Ridge.fit({ X: ridgeX, y: ridgeY, seed: 1 }, Ridge.params({ alpha: 1 })),
  logistic: () => LogisticRegression.fit({ X: logisticX, y: logisticY, nClasses: 2, seed: 1 }, LogisticRegression.params({})),
  epoch: () => MlpRegressor.fit({ X: epochX, y: epochY, seed: 1 }, MlpRegressor.params({ hiddenLayers: [64], epochs: 1, batchSize: 200 }))
}
const rows = {
  gemm: { label: "500×500 · 500×500 product (GFLOP/s)", flops: 2 * 500 ** 3 },
  forward: { label: "MLP forward pass, 100,000×32, hidden [128,128]", flops: 2 * 100_000 * (32 * 128 + 128 * 128 + 128) },
  ridge: { label: "Ridge fit, 100,000×100, α=1" },
  logistic: { label: "Logistic regression, 20,000×30, lbfgs" },
  epoch: { label: "MLP training epoch, 20,000×32, [64], Adam, batch 200" }
}

// The Python side, if there is one.
const python = () => {
  // $WEFT_PYTHON, else the first of python3 on the PATH and /usr/bin/python3
  // that has scikit-learn and numpy (a pyenv shim may come first without them).
  const candidates = [process.env.WEFT_PYTHON, "python3", "/usr/bin/python3"].filter((c) => c !== undefined && c !== "")
  const pythonExe = candidates.find((exe) => spawnSync(exe, ["-c", "import sklearn, numpy"], { encoding: "utf8" }).status === 0)
  if (pythonExe === undefined) {
    console.log(`no Python with scikit-learn and numpy (tried ${candidates.join(", ")}): timing weft alone.`)
    return undefined
  }
  const version = spawnSync(pythonExe, ["-c", "import sklearn, numpy; print(sklearn.__version__, numpy.__version__)"], { encoding: "utf8" }).stdout.trim()
  console.log(`peer: ${pythonExe} (scikit-learn, numpy ${version.split(" ").join(", ")}), one BLAS thread`)
  const dir = mkdtempSync(join(tmpdir(), "weft-peer-"))
  const save = (name, a) => writeFileSync(join(dir, `${name}.f64`), new Uint8Array(a.buffer, a.byteOffset, a.byteLength))
  save("gemmA", gemmA)
  save("gemmB", gemmB)
  save("forwardX", forwardX.data)
  save("ridgeX", ridgeX.data)
  save("ridgeY", ridgeY)
  save("logisticX", logisticX.data)
  save("logisticY", logisticY)
  save("epochX", epochX.data)
  save("epochY", epochY)
  const env = { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" }
  delete env.OPENBLAS_CORETYPE
  delete env.OPENBLAS_L2_SIZE
  const child = spawn(pythonExe, [fileURLToPath(new URL("peer.py", import.meta.url)), dir], { env, stdio: ["pipe", "pipe", "inherit"] })
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  const next = async () => (await lines.next()).value
  return {
    ready: next(),
    time: async (kernel) => {
      child.stdin.write(`${kernel}\n`)
      const [wall, cpu] = String(await next()).split(" ").map((v) => Number(v) * 1000)
      return { wall, cpu }
    },
    close: () => {
      child.stdin.end()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

// Wall time, and CPU time (robust to other processes on a shared machine;
// it counts every thread of the process, V8's helpers included).
const timeWeft = (kernel) => {
  const t = performance.now()
  const c = process.cpuUsage()
  weft[kernel]()
  const u = process.cpuUsage(c)
  return { wall: performance.now() - t, cpu: (u.user + u.system) / 1000 }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

const peer = python()
if (peer !== undefined) await peer.ready
const results = []
for (const kernel of only) {
  // One warm-up each, then A B A B.
  timeWeft(kernel)
  if (peer !== undefined) await peer.time(kernel)
  const ours = []
  const theirs = []
  for (let r = 0; r < repeats; r++) {
    ours.push(timeWeft(kernel))
    if (peer !== undefined) theirs.push(await peer.time(kernel))
  }
  const row = { kernel, label: rows[kernel].label, weft: ours, peer: theirs }
  results.push(row)
  const range = (xs, f = (v) => v.toFixed(1)) => `${f(median(xs))} [${f(Math.min(...xs))}, ${f(Math.max(...xs))}]`
  console.log(row.label)
  for (const clock of ["wall", "cpu"]) {
    const a = ours.map((t) => t[clock])
    const b = theirs.map((t) => t[clock])
    const flops = rows[kernel].flops
    const gf = (xs) => (flops === undefined ? "" : `  ${range(xs.map((ms) => flops / ms / 1e6), (v) => v.toFixed(2))} GFLOP/s`)
    console.log(`  ${clock.padEnd(4)} weft          ${range(a)} ms${gf(a)}`)
    if (b.length > 0) {
      console.log(`  ${clock.padEnd(4)} scikit-learn  ${range(b)} ms${gf(b)}`)
      const ratios = a.map((o, i) => o / b[i])
      console.log(`  ${clock.padEnd(4)} weft ÷ peer (time, per pair): ${range(ratios, (v) => v.toFixed(2))}x`)
      row[`${clock}Ratios`] = ratios
    }
  }
}
peer?.close()
const machine = { cpu: cpus()[0]?.model, cores: cpus().length, node: process.version }
console.log(`machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${repeats} interleaved pairs per row`)
if (jsonOut !== undefined) writeFileSync(jsonOut, JSON.stringify({ machine, repeats, results }, null, 2))
