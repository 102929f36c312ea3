/**
 * The network of the multi-layer perceptron (`Mlp`): its layout, initial
 * weights, forward pass (with inverted dropout), gradient sums by
 * backpropagation and L2 penalty, on blocks of rows through the `@weft/kernels`
 * gemm. Pure functions over plain data; workers run them (`Gradients`,
 * `BatchInference`, `Uncertainty`), so this module loads no Effect. The
 * estimators that train it are in `Mlp`, which re-exports everything here.
 *
 * - all parameters live in one flat array (`MlpState.params`), so gradients are
 *   flat vectors that shards add up;
 * - `mlpGradient` returns sums over its rows, not means;
 * - a dropout mask depends only on the dropout seed and the dataset row index,
 *   never on which shard or batch position the row is in.
 *
 * @since 0.2.0
 */
import * as Check from "@weft/core/Check"
import { InvalidOption, ShapeMismatch } from "@weft/core/Errors"
import * as Rng from "@weft/core/Rng"
import type { SharedMatrix } from "@weft/core/SharedMatrix"
import { activationBackward, fillRows, gemmRegions, reluRegion, workspace, type Region } from "@weft/kernels"
import { resolveRows } from "../internal/ModelInput.js"

/**
 * The hidden units' activation.
 *
 * @since 0.1.0
 * @category models
 */
export type Activation = "relu" | "tanh"

/**
 * Output layer: `"identity"` with squared loss, `"softmax"` with cross-entropy.
 *
 * @since 0.1.0
 * @category models
 */
export type OutputKind = "identity" | "softmax"

/**
 * A network: `layerSizes = [inputs, hidden..., outputs]` and every parameter
 * in one flat array, layer by layer: the weights of layer `l` (row-major,
 * `layerSizes[l]` x `layerSizes[l + 1]`), then its biases (see {@link mlpLayout}).
 *
 * @since 0.1.0
 * @category models
 */
export type MlpState = {
  readonly layerSizes: ReadonlyArray<number>
  readonly activation: Activation
  readonly output: OutputKind
  /** Every weight and bias in one flat array (a shared Float64Array after {@link shareParams}). */
  readonly params: ReadonlyArray<number> | Float64Array
}

/**
 * Where each layer's weights and biases start in the flat parameter array.
 *
 * @since 0.1.0
 * @category models
 */
export interface MlpLayout {
  readonly weightOffsets: ReadonlyArray<number>
  readonly biasOffsets: ReadonlyArray<number>
  /** Total number of parameters. */
  readonly size: number
}

/**
 * The layout of the flat parameter array for `layerSizes`.
 *
 * @example
 * mlpLayout([4, 8, 3]).size // 4·8 + 8 + 8·3 + 3 = 67
 * @since 0.1.0
 * @category network
 */
export const mlpLayout = (layerSizes: ReadonlyArray<number>): MlpLayout => {
  checkLayerSizes(layerSizes)
  const weightOffsets: Array<number> = []
  const biasOffsets: Array<number> = []
  let offset = 0
  for (let l = 0; l + 1 < layerSizes.length; l++) {
    weightOffsets.push(offset)
    offset += layerSizes[l] * layerSizes[l + 1]
    biasOffsets.push(offset)
    offset += layerSizes[l + 1]
  }
  return { weightOffsets, biasOffsets, size: offset }
}

const checkLayerSizes = (layerSizes: ReadonlyArray<number>): void => {
  if (layerSizes.length < 2 || !layerSizes.every((n) => Number.isInteger(n) && n >= 1)) {
    throw new InvalidOption({ option: "layerSizes", value: layerSizes, reason: "must list at least two positive integers (inputs, ..., outputs)" })
  }
}

/**
 * A new network with Glorot-uniform weights, `U(−b, b)` with
 * `b = √(6 / (fanIn + fanOut))` (Glorot & Bengio, 2010), drawn in parameter
 * order from `Rng(seed)`, and zero biases.
 *
 * @example
 * const state = mlpInit([4, 32, 3], 42, { activation: "relu", output: "softmax" })
 * @since 0.1.0
 * @category constructors
 */
export const mlpInit = (
  layerSizes: ReadonlyArray<number>,
  seed: number,
  options: { readonly activation?: Activation; readonly output?: OutputKind } = {}
): MlpState => {
  const layout = mlpLayout(layerSizes)
  const params = new Array<number>(layout.size).fill(0)
  const rng = new Rng.Rng(seed)
  for (let l = 0; l + 1 < layerSizes.length; l++) {
    const fanIn = layerSizes[l]
    const fanOut = layerSizes[l + 1]
    const bound = Math.sqrt(6 / (fanIn + fanOut))
    const start = layout.weightOffsets[l]
    for (let k = 0; k < fanIn * fanOut; k++) params[start + k] = (2 * rng.next() - 1) * bound
  }
  return {
    layerSizes: layerSizes.slice(),
    activation: options.activation ?? "relu",
    output: options.output ?? "identity",
    params
  }
}

/**
 * Inverted dropout on the hidden units: each unit is kept with probability
 * `1 − rate` and scaled by `1 / (1 − rate)`. The mask of dataset row `i` is
 * drawn from `Rng(Rng.derive(seed, i))`, hidden layer by hidden layer, unit by
 * unit, so it depends on the seed and the row alone.
 *
 * @since 0.1.0
 * @category models
 */
export interface Dropout {
  readonly rate: number
  readonly seed: number
}

/**
 * Rows per block: the forward and backward passes run a block of rows at a
 * time as matrix products (`@weft/kernels` gemm). A fixed constant, never a
 * function of the thread count: and each row's numbers do not depend on the
 * block it falls in anyway (gemm sums over k in order, row by row).
 */
const BLOCK_ROWS = 256

/**
 * One pass's buffers, all in the kernels' memory (`@weft/kernels` Region), so
 * that the layers' products, bias rows and ReLU run there in place with no
 * copy in or out per block; JavaScript reads and writes them through views
 * (`region.array()`, taken again after each kernel call). Reserved for one
 * pass and released at its end (see {@link withWorkspace}).
 */
interface Workspace {
  readonly sizes: ReadonlyArray<number>
  readonly layout: MlpLayout
  /** Layer l's weights (sizes[l] x sizes[l + 1], row-major) and biases. */
  readonly W: ReadonlyArray<Region>
  readonly b: ReadonlyArray<Region>
  /** act[0] is the input block; act[l] the (dropped-out) outputs of layer l; act[L] the network's outputs (rows x sizes[l], row-major). */
  readonly act: ReadonlyArray<Region>
  /** Hidden units before dropout (for the activation's derivative). */
  readonly pre: ReadonlyArray<Region>
  /** Dropout factors of the hidden units (0 or 1/(1 − rate)), when dropping out. */
  readonly mask: ReadonlyArray<Region>
  readonly delta: ReadonlyArray<Region>
  /** The gradient, laid out as the parameters (backward passes only; empty otherwise). */
  readonly gradient: Region
}

const even = (n: number): number => n + (n & 1)

/** Runs `f` with a workspace for blocks of up to `rows` rows, released after. */
const withWorkspace = <A>(state: MlpState, rows: number, backward: boolean, f: (ws: Workspace) => A): A => {
  const sizes = state.layerSizes
  const layout = mlpLayout(sizes)
  if (state.params.length !== layout.size) {
    throw new ShapeMismatch({ what: "MLP params", expected: `${layout.size} values for layers ${sizes.join("-")}`, actual: `${state.params.length} values` })
  }
  const block = Math.max(1, Math.min(BLOCK_ROWS, rows))
  const L = sizes.length - 1
  // Carve one reservation; every region starts at an even offset (16-byte aligned).
  let total = 0
  const take = (n: number): number => {
    const at = total
    total += even(n)
    return at
  }
  const wAt = sizes.slice(0, L).map((n, l) => take(n * sizes[l + 1]))
  const bAt = sizes.slice(0, L).map((_, l) => take(sizes[l + 1]))
  const perLayer = (): Array<number> => sizes.map((n) => take(block * n))
  const actAt = perLayer()
  const preAt = perLayer()
  const maskAt = perLayer()
  const deltaAt = backward ? perLayer() : []
  const gradientAt = backward ? take(layout.size) : total
  const ws = workspace(total)
  try {
    const region = (at: number, n: number): Region => ws.sub(at, n)
    const W = wAt.map((at, l) => region(at, sizes[l] * sizes[l + 1]))
    const b = bAt.map((at, l) => region(at, sizes[l + 1]))
    const params = ws.array()
    const p = state.params
    for (let l = 0; l < L; l++) {
      const wOff = layout.weightOffsets[l]
      const bOff = layout.biasOffsets[l]
      const nW = sizes[l] * sizes[l + 1]
      const nB = sizes[l + 1]
      if (p instanceof Float64Array) {
        params.set(p.subarray(wOff, wOff + nW), wAt[l])
        params.set(p.subarray(bOff, bOff + nB), bAt[l])
      } else {
        for (let q = 0; q < nW; q++) params[wAt[l] + q] = p[wOff + q]
        for (let q = 0; q < nB; q++) params[bAt[l] + q] = p[bOff + q]
      }
    }
    const blocks = (ats: Array<number>): Array<Region> => ats.map((at, l) => region(at, block * sizes[l]))
    return f({
      sizes,
      layout,
      W,
      b,
      act: blocks(actAt),
      pre: blocks(preAt),
      mask: blocks(maskAt),
      delta: blocks(deltaAt),
      gradient: region(gradientAt, backward ? layout.size : 0)
    })
  } finally {
    ws.release()
  }
}

const checkDropout = (dropout: Dropout | undefined): void => {
  if (dropout === undefined) return
  Check.number("dropout", dropout.rate, { min: 0, below: 1, reason: "must be in [0, 1)" })
}

/** Copies dataset rows `which[start .. start + count)` into `input` (runs of consecutive rows as one copy). */
const gatherRows = (input: Float64Array, data: Float64Array, p: number, which: Int32Array, start: number, count: number): void => {
  let t = 0
  while (t < count) {
    const first = which[start + t]
    let run = 1
    while (t + run < count && which[start + t + run] === first + run) run++
    if (run * p >= 64) {
      input.set(data.subarray(first * p, (first + run) * p), t * p)
    } else {
      for (let q = 0; q < run * p; q++) input[t * p + q] = data[first * p + q]
    }
    t += run
  }
}

/**
 * Forward pass of dataset rows `which[start .. start + count)`: fills
 * `ws.act` (and `ws.pre`, `ws.mask`), one row of each per dataset row;
 * `ws.act[L]` ends as the output scores (before softmax). Each layer is one
 * product `Z = bias + A · W` (summed over the inputs in order, as a row by row
 * loop would), then the activation (ReLU in the kernels' memory; tanh and
 * dropout row by row here).
 */
const forwardBlock = (
  ws: Workspace,
  state: MlpState,
  X: SharedMatrix,
  which: Int32Array,
  start: number,
  count: number,
  dropout: Dropout | undefined
): void => {
  const { sizes, W, b, act, pre, mask } = ws
  const L = sizes.length - 1
  gatherRows(act[0].array(), X.data, sizes[0], which, start, count)
  const rate = dropout === undefined ? 0 : dropout.rate
  // One generator per row, drawn hidden layer by hidden layer, unit by unit:
  // the mask depends on the seed and the dataset row alone.
  const rngs = dropout !== undefined && rate > 0 ? Array.from({ length: count }, (_, t) => new Rng.Rng(Rng.derive(dropout.seed, which[start + t]))) : undefined
  const keep = 1 / (1 - rate)
  const tanh = state.activation === "tanh"
  for (let l = 0; l < L; l++) {
    const nIn = sizes[l]
    const nOut = sizes[l + 1]
    const zRegion = act[l + 1].sub(0, count * nOut)
    fillRows(zRegion, count, b[l])
    gemmRegions(count, nOut, nIn, act[l], W[l], zRegion, { accumulate: true })
    if (l === L - 1) break
    if (!tanh) reluRegion(zRegion, pre[l + 1])
    if (!tanh && rngs === undefined) continue
    const z = zRegion.array()
    const h = pre[l + 1].array()
    const m = mask[l + 1].array()
    for (let t = 0; t < count; t++) {
      const rng = rngs === undefined ? undefined : rngs[t]
      for (let o = t * nOut; o < (t + 1) * nOut; o++) {
        let v: number
        if (tanh) {
          v = Math.tanh(z[o])
          h[o] = v
        } else {
          v = h[o]
        }
        if (rng !== undefined) {
          m[o] = rng.next() < rate ? 0 : keep
          z[o] = v * m[o]
        } else {
          z[o] = v
        }
      }
    }
  }
}

/** Softmax of `z[from .. from + n)` in place; returns `log Σ exp(z)` (shifted for overflow). */
const softmaxInPlace = (z: Float64Array, from = 0, n = z.length): number => {
  const end = from + n
  let largest = z[from]
  for (let o = from + 1; o < end; o++) if (z[o] > largest) largest = z[o]
  let total = 0
  for (let o = from; o < end; o++) {
    const e = Math.exp(z[o] - largest)
    z[o] = e
    total += e
  }
  for (let o = from; o < end; o++) z[o] /= total
  return largest + Math.log(total)
}

/**
 * The network's outputs for `rows` of `X` (all rows when absent), row-major
 * (rows x outputs): values for an identity output, class probabilities for a
 * softmax output. With `dropout`, hidden units are dropped as in training
 * (Monte-Carlo dropout, Gal & Ghahramani, 2016); the same seed gives the same
 * numbers.
 *
 * @example
 * const mean = mlpForward(state, X)
 * const sample = mlpForward(state, X, undefined, { rate: 0.1, seed: Rng.derive(seed, s) })
 * @since 0.1.0
 * @category network
 */
export const mlpForward = (state: MlpState, X: SharedMatrix, rows?: Int32Array, dropout?: Dropout): Float64Array => {
  checkDropout(dropout)
  const which = resolveRows(X, rows)
  return withWorkspace(state, which.length, false, (ws) => {
    checkInputColumns(X, ws.sizes[0])
    const L = ws.sizes.length - 1
    const nOut = ws.sizes[L]
    const out = new Float64Array(which.length * nOut)
    for (let start = 0; start < which.length; start += BLOCK_ROWS) {
      const count = Math.min(BLOCK_ROWS, which.length - start)
      forwardBlock(ws, state, X, which, start, count, dropout)
      const z = ws.act[L].array()
      if (state.output === "softmax") for (let t = 0; t < count; t++) softmaxInPlace(z, t * nOut, nOut)
      out.set(z.subarray(0, count * nOut), start * nOut)
    }
    return out
  })
}

const checkInputColumns = (X: SharedMatrix, inputs: number): void => {
  if (X.columns !== inputs) {
    throw new ShapeMismatch({ what: "X", expected: `${inputs} columns (the network's inputs)`, actual: `${X.columns} columns` })
  }
}

/**
 * What {@link mlpGradient} returns: sums over the rows, so that shards add up.
 *
 * @since 0.1.0
 * @category models
 */
export interface MlpGradient {
  /** `Σ_rows ∂loss/∂params`, laid out as `MlpState.params`. */
  readonly gradient: Float64Array
  /** `Σ_rows loss` (½‖ŷ − y‖² for identity outputs, −log p_y for softmax). */
  readonly loss: number
  /** Number of rows summed. */
  readonly count: number
}

/**
 * The summed loss and its gradient over `rows` of `X` by backpropagation
 * (Rumelhart, Hinton & Williams, 1986), without the L2 penalty (see
 * {@link mlpPenalty}). For an identity output, `y` holds `outputs` targets per
 * dataset row (row-major); for softmax, one class label per dataset row.
 *
 * With `into` (as many values as `state.params`), the gradient is written
 * there, overwriting it, instead of into a new array: a worker writes its
 * shard's gradient straight into its row of a shared matrix.
 *
 * Blocks of rows go through as matrix products (`@weft/kernels` gemm): the
 * weight gradient is `Aᵀ · Δ`, the deltas `Δ · Wᵀ`; every sum runs over rows
 * (or units) in increasing order, so the result is that of a row by row loop.
 *
 * @example
 * // Data-parallel: shards' sums, added in shard order, equal the full sum.
 * const a = mlpGradient(state, X, y, shardA)
 * const b = mlpGradient(state, X, y, shardB)
 * @since 0.1.0
 * @category network
 */
export const mlpGradient = (
  state: MlpState,
  X: SharedMatrix,
  y: Float64Array,
  rows?: Int32Array,
  dropout?: Dropout,
  into?: Float64Array
): MlpGradient => {
  checkDropout(dropout)
  // An empty shard contributes nothing (and is no error) to a sum over shards.
  const which = rows !== undefined && rows.length === 0 ? rows : resolveRows(X, rows)
  return withWorkspace(state, which.length, true, (ws) => {
    checkInputColumns(X, ws.sizes[0])
    const { sizes, layout, W, act, pre, mask, delta } = ws
    const L = sizes.length - 1
    const nOut = sizes[L]
    const softmax = state.output === "softmax"
    const expectedY = softmax ? X.rows : X.rows * nOut
    if (y.length !== expectedY) {
      throw new ShapeMismatch({ what: "y", expected: `${expectedY} values (${softmax ? "a label" : `${nOut} targets`} per row of X)`, actual: `${y.length} values` })
    }
    if (into !== undefined && into.length !== layout.size) {
      throw new ShapeMismatch({ what: "gradient output", expected: `${layout.size} values`, actual: `${into.length} values` })
    }
    const activation = state.activation
    const dropping = dropout !== undefined && dropout.rate > 0
    ws.gradient.array().fill(0)
    let loss = 0
    for (let start = 0; start < which.length; start += BLOCK_ROWS) {
      const count = Math.min(BLOCK_ROWS, which.length - start)
      forwardBlock(ws, state, X, which, start, count, dropout)
      const out = act[L].array()
      const d = delta[L].array()
      for (let t = 0; t < count; t++) {
        const i = which[start + t]
        const o0 = t * nOut
        if (softmax) {
          const label = y[i]
          if (!(Number.isInteger(label) && label >= 0 && label < nOut)) {
            throw new InvalidOption({ option: "y", value: label, reason: `class labels must be integers 0..${nOut - 1} (row ${i})` })
          }
          const score = out[o0 + label]
          loss += softmaxInPlace(out, o0, nOut) - score
          for (let o = 0; o < nOut; o++) d[o0 + o] = out[o0 + o]
          d[o0 + label] -= 1
        } else {
          const yBase = i * nOut
          for (let o = 0; o < nOut; o++) {
            const e = out[o0 + o] - y[yBase + o]
            d[o0 + o] = e
            loss += 0.5 * e * e
          }
        }
      }
      for (let l = L - 1; l >= 0; l--) {
        const nIn = sizes[l]
        const nNext = sizes[l + 1]
        const wOff = layout.weightOffsets[l]
        const bOff = layout.biasOffsets[l]
        const g = ws.gradient.array()
        const dNext = delta[l + 1].array()
        for (let t = 0; t < count; t++) {
          const dt = t * nNext
          for (let o = 0; o < nNext; o++) g[bOff + o] += dNext[dt + o]
        }
        // ∂W += Aᵀ · Δ (nIn x nNext), summed over the block's rows in order.
        gemmRegions(nIn, nNext, count, act[l], delta[l + 1], ws.gradient.sub(wOff, nIn * nNext), { transA: true, accumulate: true })
        if (l === 0) continue
        // Δ_l = (Δ · Wᵀ) through the activation's derivative and the dropout factor.
        const dHere = delta[l].sub(0, count * nIn)
        gemmRegions(count, nIn, nNext, delta[l + 1], W[l], dHere, { transB: true })
        activationBackward(dHere, pre[l], activation, dropping ? mask[l] : undefined)
      }
    }
    const gradient = into === undefined ? new Float64Array(layout.size) : into
    gradient.set(ws.gradient.array())
    return { gradient, loss, count: which.length }
  })
}

/**
 * The L2 penalty `½·l2·‖W‖²` on the weights (not the biases) and its gradient
 * `l2·W`, laid out as `MlpState.params`. A batch of `n` rows minimises
 * `(Σ loss + ½·l2·‖W‖²) / n`, scikit-learn's `MLP` objective with `alpha = l2`:
 * add the penalty once to the shards' summed gradient, then divide by `n`.
 *
 * @since 0.1.0
 * @category network
 */
export const mlpPenalty = (state: MlpState, l2: number): { readonly gradient: Float64Array; readonly loss: number } => {
  Check.number("l2", l2, { min: 0 })
  const sizes = state.layerSizes
  const layout = mlpLayout(sizes)
  const params = state.params
  const gradient = new Float64Array(layout.size)
  let sum = 0
  for (let l = 0; l + 1 < sizes.length; l++) {
    const start = layout.weightOffsets[l]
    const end = layout.biasOffsets[l]
    for (let q = start; q < end; q++) {
      const v = params[q]
      sum += v * v
      gradient[q] = l2 * v
    }
  }
  return { gradient, loss: 0.5 * l2 * sum }
}

/**
 * The same model with its parameters in a shared Float64Array, so that
 * sending it to workers (once per chunk, once per training step) shares the
 * weights instead of cloning them.
 *
 * @since 0.1.0
 * @category conversions
 */
export const shareParams = (state: MlpState): MlpState => {
  if (state.params instanceof Float64Array && state.params.buffer instanceof SharedArrayBuffer) return state
  const shared = new Float64Array(new SharedArrayBuffer(state.params.length * Float64Array.BYTES_PER_ELEMENT))
  shared.set(state.params)
  return { ...state, params: shared }
}
