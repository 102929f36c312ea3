// The MLP's forward pass and gradient row by row, in plain loops: the oracle
// for the block-of-rows implementation (src/models/Mlp.ts, on @weft/kernels
// gemm), which must give the same bits. This is the pre-kernel implementation.
import { Rng } from "@weft/core"
import type { SharedMatrix } from "@weft/core"
import { mlpLayout, type Dropout, type MlpState } from "../../src/models/Mlp.js"

const pass = (state: MlpState, X: SharedMatrix, i: number, dropout: Dropout | undefined) => {
  const sizes = state.layerSizes
  const layout = mlpLayout(sizes)
  const w = Float64Array.from(state.params)
  const L = sizes.length - 1
  const act = sizes.map((n) => new Float64Array(n))
  const pre = sizes.map((n) => new Float64Array(n))
  const mask = sizes.map((n) => new Float64Array(n).fill(1))
  for (let j = 0; j < sizes[0]; j++) act[0][j] = X.data[i * sizes[0] + j]
  const rate = dropout?.rate ?? 0
  const rng = dropout !== undefined && rate > 0 ? new Rng.Rng(Rng.derive(dropout.seed, i)) : undefined
  for (let l = 0; l < L; l++) {
    const z = act[l + 1]
    for (let o = 0; o < sizes[l + 1]; o++) z[o] = w[layout.biasOffsets[l] + o]
    for (let k = 0; k < sizes[l]; k++) {
      for (let o = 0; o < sizes[l + 1]; o++) z[o] += act[l][k] * w[layout.weightOffsets[l] + k * sizes[l + 1] + o]
    }
    if (l === L - 1) break
    for (let o = 0; o < sizes[l + 1]; o++) {
      const v = state.activation === "tanh" ? Math.tanh(z[o]) : z[o] > 0 ? z[o] : 0
      pre[l + 1][o] = v
      if (rng !== undefined) mask[l + 1][o] = rng.next() < rate ? 0 : 1 / (1 - rate)
      z[o] = v * mask[l + 1][o]
    }
  }
  return { act, pre, mask, w, layout }
}

const softmax = (z: Float64Array): number => {
  let largest = z[0]
  for (let o = 1; o < z.length; o++) if (z[o] > largest) largest = z[o]
  let total = 0
  for (let o = 0; o < z.length; o++) {
    z[o] = Math.exp(z[o] - largest)
    total += z[o]
  }
  for (let o = 0; o < z.length; o++) z[o] /= total
  return largest + Math.log(total)
}

export const forwardRows = (state: MlpState, X: SharedMatrix, rows: Int32Array, dropout?: Dropout): Float64Array => {
  const nOut = state.layerSizes[state.layerSizes.length - 1]
  const out = new Float64Array(rows.length * nOut)
  rows.forEach((i, k) => {
    const z = pass(state, X, i, dropout).act[state.layerSizes.length - 1]
    if (state.output === "softmax") softmax(z)
    out.set(z, k * nOut)
  })
  return out
}

export const gradientRows = (state: MlpState, X: SharedMatrix, y: Float64Array, rows: Int32Array, dropout?: Dropout) => {
  const sizes = state.layerSizes
  const L = sizes.length - 1
  const nOut = sizes[L]
  const gradient = new Float64Array(mlpLayout(sizes).size)
  let loss = 0
  for (const i of rows) {
    const { act, pre, mask, w, layout } = pass(state, X, i, dropout)
    const delta = sizes.map((n) => new Float64Array(n))
    const out = act[L]
    if (state.output === "softmax") {
      const score = out[y[i]]
      loss += softmax(out) - score
      for (let o = 0; o < nOut; o++) delta[L][o] = out[o]
      delta[L][y[i]] -= 1
    } else {
      for (let o = 0; o < nOut; o++) {
        const e = out[o] - y[i * nOut + o]
        delta[L][o] = e
        loss += 0.5 * e * e
      }
    }
    for (let l = L - 1; l >= 0; l--) {
      const nNext = sizes[l + 1]
      for (let o = 0; o < nNext; o++) gradient[layout.biasOffsets[l] + o] += delta[l + 1][o]
      for (let k = 0; k < sizes[l]; k++) {
        const row = layout.weightOffsets[l] + k * nNext
        let s = 0
        for (let o = 0; o < nNext; o++) {
          gradient[row + o] += act[l][k] * delta[l + 1][o]
          s += w[row + o] * delta[l + 1][o]
        }
        if (l > 0) {
          const h = pre[l][k]
          const slope = state.activation === "tanh" ? 1 - h * h : h > 0 ? 1 : 0
          delta[l][k] = s * slope * mask[l][k]
        }
      }
    }
  }
  return { gradient, loss }
}
