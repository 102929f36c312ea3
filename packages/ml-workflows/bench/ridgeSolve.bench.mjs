// Every alpha of a fold from its merged statistics: one Cholesky solve per
// alpha (what the shared search does, the same solve as Ridge.fit) against
// one eigendecomposition of XcᵀXc per fold (cyclic Jacobi, as Linear.ts's
// least-norm fallback) and w(α) = V diag(1/(λ+α)) Vᵀ Xcᵀyc per alpha.
// Prints the time of each for 20 and 200 alphas (median of --reps, range),
// and the largest norm-wise difference between the two solutions.
//   node packages/ml-workflows/bench/ridgeSolve.bench.mjs [--features 50] [--reps 7]
import { Datasets, Linear } from "@weft/ml-workflows"

const arg = (name, fallback) => {
  const at = process.argv.indexOf(name)
  return at > 0 ? Number(process.argv[at + 1]) : fallback
}
const p = arg("--features", 50)
const reps = arg("--reps", 7)
const data = Datasets.syntheticRegression({ rows: 20_000, features: p, noise: 0.1, seed: 0 })
const rows = Int32Array.from({ length: 16_000 }, (_, i) => i)
const stats = Linear.linearStatistics(data.X, data.y, rows)

// Cyclic Jacobi (Golub & Van Loan 8.5.3), the same loop as Linear.ts's symmetricEigen.
const eigen = (A) => {
  const a = A.slice()
  const V = new Float64Array(p * p)
  for (let j = 0; j < p; j++) V[j * p + j] = 1
  let scale = 0
  for (let k = 0; k < p * p; k++) scale += a[k] * a[k]
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0
    for (let j = 0; j < p; j++) for (let l = j + 1; l < p; l++) off += a[j * p + l] * a[j * p + l]
    if (off <= scale * 1e-32) break
    for (let j = 0; j < p - 1; j++) {
      for (let l = j + 1; l < p; l++) {
        const ajl = a[j * p + l]
        if (ajl === 0) continue
        const tau = (a[l * p + l] - a[j * p + j]) / (2 * ajl)
        const t = (tau >= 0 ? 1 : -1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau))
        const c = 1 / Math.sqrt(1 + t * t)
        const s = t * c
        for (let i = 0; i < p; i++) {
          const aij = a[i * p + j]
          const ail = a[i * p + l]
          a[i * p + j] = c * aij - s * ail
          a[i * p + l] = s * aij + c * ail
        }
        for (let i = 0; i < p; i++) {
          const aji = a[j * p + i]
          const ali = a[l * p + i]
          a[j * p + i] = c * aji - s * ali
          a[l * p + i] = s * aji + c * ali
        }
        for (let i = 0; i < p; i++) {
          const vij = V[i * p + j]
          const vil = V[i * p + l]
          V[i * p + j] = c * vij - s * vil
          V[i * p + l] = s * vij + c * vil
        }
      }
    }
  }
  const values = new Float64Array(p)
  for (let j = 0; j < p; j++) values[j] = a[j * p + j]
  return { values, V }
}

const byEigen = (alphas) => {
  const { values, V } = eigen(stats.xx)
  const proj = new Float64Array(p) // Vᵀ b
  for (let k = 0; k < p; k++) for (let j = 0; j < p; j++) proj[k] += V[j * p + k] * stats.xy[j]
  return alphas.map((alpha) => {
    const w = new Float64Array(p)
    for (let k = 0; k < p; k++) {
      const f = proj[k] / (values[k] + alpha)
      for (let j = 0; j < p; j++) w[j] += V[j * p + k] * f
    }
    return w
  })
}
const byCholesky = (alphas) => alphas.map((alpha) => Linear.fitLinearFromStatistics(stats, alpha, true).coef)

const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]
const logspace = (n) => Array.from({ length: n }, (_, i) => 10 ** (-3 + (6 * i) / (n - 1)))
const out = {}
for (const n of [20, 200]) {
  const alphas = logspace(n)
  const times = { cholesky: [], eigen: [] }
  let a, b
  for (let r = 0; r < reps + 1; r++) {
    let t = performance.now()
    a = byCholesky(alphas)
    const tc = performance.now() - t
    t = performance.now()
    b = byEigen(alphas)
    const te = performance.now() - t
    if (r > 0) {
      times.cholesky.push(tc)
      times.eigen.push(te)
    }
  }
  let worst = 0
  a.forEach((w, i) => {
    let d = 0
    let s = 0
    for (let j = 0; j < p; j++) {
      d += (w[j] - b[i][j]) ** 2
      s += w[j] ** 2
    }
    worst = Math.max(worst, Math.sqrt(d / s))
  })
  out[`${n} alphas`] = Object.fromEntries([
    ...Object.entries(times).map(([k, v]) => [k, { medianMs: median(v), minMs: Math.min(...v), maxMs: Math.max(...v) }]),
    ["largestNormwiseDifference", worst]
  ])
}
console.log(JSON.stringify({ features: p, reps, ...out }, null, 2))
