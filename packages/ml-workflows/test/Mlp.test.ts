import { describe, expect, it } from "vitest"
import { Rng, SharedMatrix } from "@weft/core"
import { accuracy, r2Score } from "../src/Metrics.js"
import {
  MlpClassifier,
  MlpRegressor,
  mlpForward,
  mlpGradient,
  mlpInit,
  mlpLayout,
  mlpPenalty,
  optimizerInit,
  optimizerStep
} from "../src/models/Mlp.js"
import * as Optimiser from "../src/models/Optimiser.js"
import type { Activation, MlpState, OutputKind } from "../src/models/Mlp.js"
import { readDataset, standardise } from "./helpers/csv.js"
import { forwardRows, gradientRows } from "./helpers/mlpRows.js"

/** A reproducible n x p matrix of standard normal values. */
const randomMatrix = (n: number, p: number, seed: number): SharedMatrix => {
  const rng = new Rng.Rng(seed)
  const X = SharedMatrix.zeros(n, p)
  for (let k = 0; k < n * p; k++) X.data[k] = rng.normal()
  return X
}

const norm = (a: ArrayLike<number>): number => {
  let s = 0
  for (let k = 0; k < a.length; k++) s += a[k] * a[k]
  return Math.sqrt(s)
}

/** ‖a − b‖ / max(‖a‖, ‖b‖). */
const relativeError = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  const d = new Float64Array(a.length)
  for (let k = 0; k < a.length; k++) d[k] = a[k] - b[k]
  return norm(d) / Math.max(norm(a), norm(b), 1e-300)
}

/** Loss plus penalty: the objective whose gradient is gradient + penalty gradient. */
const objective = (state: MlpState, X: SharedMatrix, y: Float64Array, l2: number, dropout?: { rate: number; seed: number }) => {
  const g = mlpGradient(state, X, y, undefined, dropout)
  const p = mlpPenalty(state, l2)
  const gradient = g.gradient.slice()
  for (let q = 0; q < gradient.length; q++) gradient[q] += p.gradient[q]
  return { value: g.loss + p.loss, gradient }
}

/** Central differences of the objective, one parameter at a time. */
const finiteDifferences = (state: MlpState, X: SharedMatrix, y: Float64Array, l2: number, dropout?: { rate: number; seed: number }) => {
  const h = 1e-5
  const out = new Float64Array(state.params.length)
  for (let q = 0; q < out.length; q++) {
    const plus = state.params.slice()
    const minus = state.params.slice()
    plus[q] += h
    minus[q] -= h
    const fPlus = objective({ ...state, params: plus }, X, y, l2, dropout).value
    const fMinus = objective({ ...state, params: minus }, X, y, l2, dropout).value
    out[q] = (fPlus - fMinus) / (2 * h)
  }
  return out
}

const gradientCases: Array<{ output: OutputKind; activation: Activation; l2: number; dropout?: { rate: number; seed: number } }> = [
  { output: "identity", activation: "tanh", l2: 0 },
  { output: "identity", activation: "tanh", l2: 0.3 },
  { output: "identity", activation: "relu", l2: 0.1 },
  { output: "softmax", activation: "relu", l2: 0 },
  { output: "softmax", activation: "tanh", l2: 0.5 },
  { output: "softmax", activation: "tanh", l2: 0.2, dropout: { rate: 0.3, seed: 11 } }
]

describe("mlpGradient", () => {
  for (const { output, activation, l2, dropout } of gradientCases) {
    const label = `${output} output, ${activation}, l2 = ${l2}${dropout ? ", dropout" : ""}`
    it(`matches central finite differences (${label})`, () => {
      const X = randomMatrix(25, 3, 1)
      const outputs = output === "softmax" ? 3 : 2
      const y = new Float64Array(output === "softmax" ? 25 : 25 * outputs)
      const rng = new Rng.Rng(2)
      for (let k = 0; k < y.length; k++) y[k] = output === "softmax" ? rng.nextInt(3) : rng.normal()
      const initial = mlpInit([3, 6, 5, outputs], 3, { activation, output })
      // Nonzero biases: with zero biases a row whose ReLUs all die feeds exactly 0 into
      // the next layer's ReLU, a kink where finite differences see half a slope.
      const state = { ...initial, params: initial.params.map((w) => w + 0.1 * rng.normal()) }
      const analytic = objective(state, X, y, l2, dropout).gradient
      const numeric = finiteDifferences(state, X, y, l2, dropout)
      expect(relativeError(analytic, numeric)).toBeLessThan(1e-5)
      // Component-wise too, against the gradient's scale.
      const scale = Math.max(...Array.from(numeric, Math.abs))
      for (let q = 0; q < numeric.length; q++) expect(Math.abs(analytic[q] - numeric[q])).toBeLessThan(1e-5 * scale)
    })
  }

  it("sums over shards to the full-batch gradient", () => {
    const X = randomMatrix(40, 4, 5)
    const y = Float64Array.from({ length: 40 }, (_, i) => i % 3)
    const state = mlpInit([4, 8, 3], 6, { activation: "relu", output: "softmax" })
    for (const dropout of [undefined, { rate: 0.25, seed: 9 }]) {
      const full = mlpGradient(state, X, y, undefined, dropout)
      const shardA = Int32Array.from({ length: 17 }, (_, k) => 2 * k) // even rows 0..32
      const shardB = Int32Array.from({ length: 40 }, (_, k) => k).filter((i) => i % 2 === 1 || i > 32)
      const a = mlpGradient(state, X, y, shardA, dropout)
      const b = mlpGradient(state, X, y, shardB, dropout)
      const empty = mlpGradient(state, X, y, new Int32Array(0), dropout)
      const sum = a.gradient.map((v, q) => v + b.gradient[q] + empty.gradient[q])
      expect(a.count + b.count + empty.count).toBe(40)
      expect(relativeError(sum, full.gradient)).toBeLessThan(1e-12)
      expect(Math.abs(a.loss + b.loss - full.loss)).toBeLessThan(1e-12 * full.loss)
    }
  })

  it("writes into a given array exactly what it returns otherwise, overwriting it", () => {
    const X = randomMatrix(30, 3, 11)
    const y = Float64Array.from({ length: 30 }, (_, i) => i % 2)
    const state = mlpInit([3, 5, 2], 12, { activation: "tanh", output: "softmax" })
    const rows = Int32Array.from({ length: 20 }, (_, k) => (7 * k) % 30)
    const dropout = { rate: 0.2, seed: 4 }
    const fresh = mlpGradient(state, X, y, rows, dropout)
    const into = new Float64Array(fresh.gradient.length).fill(123) // stale values must not leak in
    const written = mlpGradient(state, X, y, rows, dropout, into)
    expect(written.gradient).toBe(into)
    expect(Array.from(into)).toEqual(Array.from(fresh.gradient))
    expect(written.loss).toBe(fresh.loss)
    expect(written.count).toBe(fresh.count)
    expect(() => mlpGradient(state, X, y, rows, dropout, new Float64Array(3))).toThrow(/gradient output/)
  })

  it("is the sum, not the mean, over rows", () => {
    const X = randomMatrix(10, 2, 7)
    const y = Float64Array.from({ length: 10 }, (_, i) => i / 10)
    const state = mlpInit([2, 4, 1], 8)
    const once = mlpGradient(state, X, y, Int32Array.of(3))
    const twice = mlpGradient(state, X, y, Int32Array.of(3, 3))
    expect(twice.count).toBe(2)
    expect(twice.loss).toBe(2 * once.loss)
    for (let q = 0; q < once.gradient.length; q++) expect(twice.gradient[q]).toBe(2 * once.gradient[q])
    // Squared loss ½(ŷ − y)² of that row.
    const yHat = mlpForward(state, X, Int32Array.of(3))[0]
    expect(once.loss).toBeCloseTo(0.5 * (yHat - y[3]) ** 2, 14)
  })
})

describe("mlpInit and mlpForward", () => {
  it("draws Glorot-uniform weights and zero biases, the same for the same seed", () => {
    const sizes = [50, 40, 3]
    const state = mlpInit(sizes, 123)
    const layout = mlpLayout(sizes)
    expect(state.params.length).toBe(50 * 40 + 40 + 40 * 3 + 3)
    expect(layout.size).toBe(state.params.length)
    for (let l = 0; l < 2; l++) {
      const bound = Math.sqrt(6 / (sizes[l] + sizes[l + 1]))
      const weights = state.params.slice(layout.weightOffsets[l], layout.biasOffsets[l])
      const largest = Math.max(...weights.map(Math.abs))
      expect(largest).toBeLessThanOrEqual(bound)
      expect(largest).toBeGreaterThan(0.9 * bound)
      // Uniform on (−b, b) has variance b²/3.
      const variance = Array.from(weights).reduce((s, w) => s + w * w, 0) / weights.length
      expect(variance).toBeGreaterThan(0.8 * (bound * bound) / 3)
      expect(variance).toBeLessThan(1.2 * (bound * bound) / 3)
      const biases = state.params.slice(layout.biasOffsets[l], layout.biasOffsets[l] + sizes[l + 1])
      expect(biases.every((b) => b === 0)).toBe(true)
    }
    expect(mlpInit(sizes, 123)).toEqual(state)
    expect(mlpInit(sizes, 124).params).not.toEqual(state.params)
  })

  it("softmax outputs are probabilities", () => {
    const X = randomMatrix(12, 3, 3)
    const state = mlpInit([3, 5, 4], 1, { output: "softmax" })
    const proba = mlpForward(state, X)
    expect(proba.length).toBe(12 * 4)
    for (let i = 0; i < 12; i++) {
      let s = 0
      for (let c = 0; c < 4; c++) {
        expect(proba[i * 4 + c]).toBeGreaterThan(0)
        s += proba[i * 4 + c]
      }
      expect(s).toBeCloseTo(1, 14)
    }
  })

  it("computes a hand-checked network", () => {
    // One hidden ReLU unit: h = max(0, 2·x0 − x1 + 0.5), ŷ = 3·h − 1.
    const state: MlpState = { layerSizes: [2, 1, 1], activation: "relu", output: "identity", params: [2, -1, 0.5, 3, -1] }
    const X = SharedMatrix.fromRows([[1, 1], [0, 2], [-1, 0]])
    expect(Array.from(mlpForward(state, X))).toEqual([3 * 1.5 - 1, -1, -1])
  })

  it("Monte-Carlo dropout: the same seed gives the same numbers, whatever rows are asked for", () => {
    const X = randomMatrix(30, 4, 4)
    const state = mlpInit([4, 16, 16, 2], 5, { activation: "tanh" })
    const a = mlpForward(state, X, undefined, { rate: 0.5, seed: 77 })
    expect(mlpForward(state, X, undefined, { rate: 0.5, seed: 77 })).toEqual(a)
    expect(mlpForward(state, X, undefined, { rate: 0.5, seed: 78 })).not.toEqual(a)
    const some = mlpForward(state, X, Int32Array.of(7, 2), { rate: 0.5, seed: 77 })
    expect(Array.from(some)).toEqual([a[14], a[15], a[4], a[5]])
    expect(mlpForward(state, X, undefined, { rate: 0, seed: 77 })).toEqual(mlpForward(state, X))
    expect(a).not.toEqual(mlpForward(state, X))
  })
})

describe("optimizerStep", () => {
  it("is Optimiser.step on the network's parameters, the layers kept (test/Optimiser.test.ts checks the step)", () => {
    const state: MlpState = { layerSizes: [1, 1], activation: "tanh", output: "identity", params: [0.5, -0.25] }
    const opt = optimizerInit("adam", 2)
    const { state: next, optState } = optimizerStep(state, opt, [4, -0.001], { learningRate: 0.01 })
    const direct = Optimiser.step([0.5, -0.25], Optimiser.init("adam", 2), [4, -0.001], { learningRate: 0.01 })
    expect(next).toEqual({ layerSizes: [1, 1], activation: "tanh", output: "identity", params: direct.params })
    expect(optState).toEqual(direct.state)
  })
})

/** A smooth nonlinear target: y = sin(2·x0) + x1² − x0·x2, with a little noise. */
const synthetic = (n: number, seed: number) => {
  const X = randomMatrix(n, 3, seed)
  const rng = new Rng.Rng(seed + 1)
  const y = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const [a, b, c] = [X.get(i, 0), X.get(i, 1), X.get(i, 2)]
    y[i] = Math.sin(2 * a) + b * b - a * c + 0.05 * rng.normal()
  }
  return { X, y }
}

const split = (n: number, isTest: (i: number) => boolean) => ({
  train: Int32Array.from({ length: n }, (_, i) => i).filter((i) => !isTest(i)),
  test: Int32Array.from({ length: n }, (_, i) => i).filter(isTest)
})

describe("MlpRegressor", () => {
  it("learns a nonlinear function: loss falls and held-out R² > 0.9", () => {
    const { X, y } = synthetic(500, 21)
    const { train, test } = split(500, (i) => i % 5 === 0)
    const params = MlpRegressor.params({ hiddenLayers: [32, 32], activation: "tanh", learningRate: 0.01, epochs: 150, batchSize: 32 })
    const state = MlpRegressor.fit({ X, y, rows: train, seed: 1 }, params)
    const initial = mlpInit([3, 32, 32, 1], Rng.derive(1, 0), { activation: "tanh" })
    const before = mlpGradient(initial, X, y, train).loss
    const after = mlpGradient(state, X, y, train).loss
    expect(after).toBeLessThan(0.1 * before)
    const yTest = Float64Array.from(test, (i) => y[i])
    expect(r2Score(yTest, MlpRegressor.predict(state, X, test))).toBeGreaterThan(0.9)
  })

  it("the same seed gives a bitwise identical model, another seed another", () => {
    const { X, y } = synthetic(120, 3)
    const params = MlpRegressor.params({ hiddenLayers: [8], epochs: 5, batchSize: 16, dropout: 0.2 })
    const a = MlpRegressor.fit({ X, y, seed: 42 }, params)
    const b = MlpRegressor.fit({ X, y, seed: 42 }, params)
    expect(b).toEqual(a)
    expect(Float64Array.from(b.params)).toEqual(Float64Array.from(a.params))
    expect(MlpRegressor.fit({ X, y, seed: 43 }, params).params).not.toEqual(a.params)
    expect(JSON.parse(JSON.stringify(a))).toEqual(a)
  })

  it("trains with SGD and momentum too", () => {
    const { X, y } = synthetic(300, 8)
    const params = MlpRegressor.params({ hiddenLayers: [16], activation: "tanh", optimizer: "sgd", learningRate: 0.01, epochs: 60, batchSize: 20 })
    const state = MlpRegressor.fit({ X, y, seed: 2 }, params)
    expect(r2Score(y, MlpRegressor.predict(state, X))).toBeGreaterThan(0.9)
  })
})

describe("MlpClassifier", () => {
  it("classifies standardised iris with held-out accuracy > 0.9", () => {
    const iris = readDataset("iris")
    const X = standardise(iris.X)
    const { train, test } = split(150, (i) => i % 3 === 0)
    const state = MlpClassifier.fit({ X, y: iris.y, rows: train, nClasses: 3, seed: 4 }, MlpClassifier.params({ hiddenLayers: [16], learningRate: 0.01, epochs: 100, batchSize: 16 }))
    const yTest = Float64Array.from(test, (i) => iris.y[i])
    expect(accuracy(yTest, MlpClassifier.predict(state, X, test))).toBeGreaterThan(0.9)
    const proba = MlpClassifier.predictProba!(state, X, test)
    expect(proba.length).toBe(test.length * 3)
  })

  it("keeps nClasses outputs when a fold misses a class", () => {
    const iris = readDataset("iris")
    const rows = Int32Array.from({ length: 100 }, (_, k) => k) // classes 0 and 1 only
    const state = MlpClassifier.fit({ X: iris.X, y: iris.y, rows, nClasses: 3, seed: 0 }, MlpClassifier.params({ epochs: 2 }))
    expect(state.layerSizes).toEqual([4, 32, 3])
    expect(MlpClassifier.predictProba!(state, iris.X, Int32Array.of(0)).length).toBe(3)
  })
})

describe("MLP parameters", () => {
  it("defaults follow scikit-learn where it has them", () => {
    expect(MlpRegressor.params({})).toEqual({
      hiddenLayers: [32],
      activation: "relu",
      learningRate: 0.001,
      epochs: 200,
      batchSize: 200,
      optimizer: "adam",
      momentum: 0.9,
      l2: 0.0001,
      dropout: 0
    })
  })

  it("invalid values are InvalidOption naming the parameter", () => {
    const bad = (input: Record<string, unknown>, option: string) =>
      expect(() => MlpClassifier.params(input)).toThrow(expect.objectContaining({ _tag: "InvalidOption", option }))
    bad({ hiddenLayers: [0] }, "hiddenLayers")
    bad({ hiddenLayers: 32 }, "hiddenLayers")
    bad({ activation: "sigmoid" }, "activation")
    bad({ optimizer: "rmsprop" }, "optimizer")
    bad({ dropout: 1 }, "dropout")
    bad({ learningRate: 0 }, "learningRate")
    bad({ epochs: 1.5 }, "epochs")
    bad({ batchSize: 0 }, "batchSize")
    bad({ l2: -1 }, "l2")
    bad({ momentum: 1 }, "momentum")
    bad({ hidden: [3] }, "hidden")
    expect(() => mlpForward(mlpInit([2, 1], 0), randomMatrix(2, 2, 0), undefined, { rate: 1.5, seed: 0 })).toThrow(
      expect.objectContaining({ _tag: "InvalidOption", option: "dropout" })
    )
    expect(() => mlpForward(mlpInit([2, 1], 0), randomMatrix(2, 3, 0))).toThrow(expect.objectContaining({ _tag: "ShapeMismatch" }))
  })
})

describe("block products (@weft/kernels gemm)", () => {
  // More rows than one block (256), odd layer sizes, a shuffled row subset:
  // the blocked passes must give the bits of a row by row loop.
  const cases: ReadonlyArray<[Activation, OutputKind, number]> = [
    ["relu", "identity", 0],
    ["tanh", "softmax", 0],
    ["relu", "softmax", 0.3],
    ["tanh", "identity", 0.2]
  ]
  for (const [activation, output, rate] of cases) {
    it(`forward and gradient equal a row by row pass, bit for bit (${activation}, ${output}, dropout ${rate})`, () => {
      const n = 601
      const rng = new Rng.Rng(77)
      const X = SharedMatrix.zeros(n, 7)
      for (let q = 0; q < X.data.length; q++) X.data[q] = 2 * rng.next() - 1
      const outputs = output === "softmax" ? 3 : 2
      const y = output === "softmax" ? Float64Array.from({ length: n }, (_, i) => i % 3) : Float64Array.from({ length: n * 2 }, () => rng.next())
      const state = mlpInit([7, 33, 5, outputs], 9, { activation, output })
      const rows = Int32Array.from(rng.permutation(n).slice(0, 523))
      const dropout = rate > 0 ? { rate, seed: 5 } : undefined
      const forward = mlpForward(state, X, rows, dropout)
      expect(Array.from(forward)).toEqual(Array.from(forwardRows(state, X, rows, dropout)))
      const blocked = mlpGradient(state, X, y, rows, dropout)
      const byRow = gradientRows(state, X, y, rows, dropout)
      expect(Array.from(blocked.gradient)).toEqual(Array.from(byRow.gradient))
      expect(blocked.loss).toBe(byRow.loss)
    })
  }

  it("every row in order (contiguous runs copied whole), a run broken by a repeat, and a throw mid-pass leave the same bits", () => {
    const n = 700
    const rng = new Rng.Rng(78)
    const X = SharedMatrix.zeros(n, 9)
    for (let q = 0; q < X.data.length; q++) X.data[q] = 2 * rng.next() - 1
    const state = mlpInit([9, 40, 17, 2], 3, { activation: "relu", output: "identity" })
    const all = Int32Array.from({ length: n }, (_, i) => i)
    const expected = Array.from(forwardRows(state, X, all, undefined))
    expect(Array.from(mlpForward(state, X))).toEqual(expected)
    const broken = Int32Array.from([...all.slice(0, 300), 299, ...all.slice(300, 400)])
    expect(Array.from(mlpForward(state, X, broken))).toEqual(Array.from(forwardRows(state, X, broken, undefined)))
    // A bad label throws inside the pass; the workspace is released and the next pass is unchanged.
    const softmax = mlpInit([9, 40, 3], 3, { activation: "relu", output: "softmax" })
    const labels = Float64Array.from({ length: n }, (_, i) => (i === 500 ? 7 : i % 3))
    expect(() => mlpGradient(softmax, X, labels)).toThrow(expect.objectContaining({ _tag: "InvalidOption", option: "y" }))
    expect(Array.from(mlpForward(state, X))).toEqual(expected)
  })
})
