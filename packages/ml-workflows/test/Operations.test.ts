// Every parallel operation against its sequential twin (threads: 1 runs the
// same kernels on the calling thread) and against the plain functions it is
// built from. Equal means bit for bit unless a test says otherwise.
import { Interop, SharedMatrix } from "@weft/core"
import {
  Aggregate,
  Augment,
  BatchInference,
  BatchOps,
  Datasets,
  Ensemble,
  Features,
  Gradients,
  Mlp,
  Models,
  Preprocess,
  Preprocessing,
  Stats,
  Uncertainty,
  type FittedModel
} from "@weft/ml-workflows"
import { Matrix } from "ml-matrix"
import { describe, expect, it } from "vitest"
import { bits, failureOf, runWith } from "./helpers/pool.js"

const data = Datasets.syntheticRegression({ rows: 700, features: 6, noise: 0.2, seed: 21 })
const iris = Datasets.loadDataset("iris")
const fitted = (estimator: string, params: Record<string, unknown>, X = data.X, y = data.y, nClasses?: number): FittedModel => {
  const e = Models.getEstimator(estimator)
  const p = e.params(params)
  return { estimator, params: p, state: e.fit({ X, y, seed: 1, nClasses }, p) }
}
const ridge = fitted("ridge", { alpha: 0.5 })
const mlp = fitted("mlp-regressor", { hiddenLayers: [12], epochs: 3, dropout: 0.25 })
const classifier = fitted("mlp-classifier", { hiddenLayers: [8], epochs: 5, dropout: 0.2 }, iris.X, iris.y, 3)

describe("batch inference", () => {
  it("equals the model's own predict, in input order, at any batch size and thread count", async () => {
    const direct = Models.getEstimator("ridge").predict(ridge.state, data.X)
    for (const batchSize of [1, 7, 256, 5000]) {
      expect(bits(await runWith(2, BatchInference.predict(ridge, data.X, { batchSize })))).toEqual(bits(direct))
    }
    const mlpDirect = Mlp.mlpForward(mlp.state as Mlp.MlpState, data.X)
    expect(bits(await runWith(2, BatchInference.predict(mlp, data.X, { batchSize: 33 })))).toEqual(bits(mlpDirect))
    const proba = await runWith(2, BatchInference.predictProba(classifier, iris.X, { batchSize: 16 }))
    expect(bits(proba)).toEqual(bits(Models.getEstimator("mlp-classifier").predictProba!(classifier.state, iris.X)))
  })

  it("rejects NaN input and a bad batch size", async () => {
    const X = data.X.selectRows([0, 1, 2])
    X.set(1, 4, Number.POSITIVE_INFINITY)
    expect((await failureOf(2, BatchInference.predict(ridge, X))).message).toBe("X holds a non-finite value (Infinity) at row 1, column 4")
    expect((await failureOf(2, BatchInference.predict(ridge, data.X, { batchSize: 0 })))._tag).toBe("InvalidOption")
  })
})

describe("Monte-Carlo uncertainty", () => {
  it("is the same for any batching and thread count, and equals a hand-rolled loop", async () => {
    const options = { samples: 30, seed: 8, quantiles: [0.1, 0.5, 0.9], batchSize: 50 }
    const one = await runWith(1, Uncertainty.predictWithUncertainty(mlp, data.X, options))
    const two = await runWith(2, Uncertainty.predictWithUncertainty(mlp, data.X, { ...options, batchSize: 13 }))
    expect(bits(two.mean)).toEqual(bits(one.mean))
    expect(bits(two.std)).toEqual(bits(one.std))
    expect(two.quantiles.map(bits)).toEqual(one.quantiles.map(bits))
    // The reference: 30 dropout passes over all rows with the documented seeds, summarised per row.
    const { Rng } = await import("@weft/core")
    const draws = SharedMatrix.zeros(30, data.X.rows)
    for (let s = 0; s < 30; s++) draws.data.set(Mlp.mlpForward(mlp.state as Mlp.MlpState, data.X, undefined, { rate: 0.25, seed: Rng.derive(8, s) }), s * data.X.rows)
    const reference = Aggregate.summarizeSamples(draws, { quantiles: [0.1, 0.5, 0.9] })
    expect(bits(two.mean)).toEqual(bits(reference.mean))
    expect(bits(two.std)).toEqual(bits(reference.std))
    expect(two.std.every((s) => s > 0)).toBe(true) // dropout really is on
    const seeded = await runWith(2, Uncertainty.predictWithUncertainty(mlp, data.X, { ...options, seed: 9 }))
    expect(bits(seeded.mean)).not.toEqual(bits(one.mean))
  })

  it("works for a classifier's class outputs and refuses models without dropout", async () => {
    const u = await runWith(2, Uncertainty.predictWithUncertainty(classifier, iris.X, { samples: 10, seed: 1, batchSize: 32 }))
    expect(u.outputs).toBe(3)
    expect(u.mean.length).toBe(150 * 3)
    expect((await failureOf(2, Uncertainty.predictWithUncertainty(ridge, data.X, { seed: 1 })))._tag).toBe("InvalidOption")
    const noDropout = fitted("mlp-regressor", { hiddenLayers: [4], epochs: 1 })
    expect((await failureOf(2, Uncertainty.predictWithUncertainty(noDropout, data.X, { seed: 1 }))).message).toMatch(/dropout/)
    const badQuantile = await failureOf(2, Uncertainty.predictWithUncertainty(classifier, iris.X, { samples: 2, seed: 1, quantiles: [0.5, 1.5] }))
    expect([badQuantile._tag, badQuantile.message]).toEqual(["InvalidOption", "invalid quantiles 1.5: must be between 0 and 1"])
  })
})

describe("preprocessing", () => {
  it("fits from merged chunk statistics exactly as a sequential fit, and transforms identically", async () => {
    const X = Datasets.loadDataset("diabetes").X
    const sequential = Preprocessing.StandardScaler.fit(X)
    for (const batchSize of [1, 10, 64]) {
      const parallel = (await runWith(2, Preprocess.fit(X, { kind: "standard" }, { batchSize }))) as Preprocessing.StandardScaler
      parallel.mean.forEach((m, j) => expect(Math.abs(m - sequential.mean[j])).toBeLessThan(1e-15))
      parallel.scale.forEach((s, j) => expect(Math.abs(s - sequential.scale[j])).toBeLessThan(1e-13 * sequential.scale[j]))
    }
    const scaler = await runWith(2, Preprocess.fit(X, { kind: "standard" }, { batchSize: 40 }))
    const one = await runWith(1, Preprocess.fit(X, { kind: "standard" }, { batchSize: 40 }))
    expect(scaler).toEqual(one) // same chunking, any thread count: bit for bit
    const Z = await runWith(2, Preprocess.transform(scaler, X, { batchSize: 25 }))
    expect(bits(Z.data)).toEqual(bits(Preprocessing.transform(scaler, X).data))
    // Into a given matrix: the same numbers, every stale value overwritten.
    for (const threads of [1, 2, 3]) {
      const out = SharedMatrix.zeros(X.rows, X.columns)
      out.data.fill(Number.NaN)
      const written = await runWith(threads, Preprocess.transform(scaler, X, { batchSize: 25, out }))
      expect(written).toBe(out)
      expect(bits(out.data)).toEqual(bits(Z.data))
    }
    const wrong = await failureOf(2, Preprocess.transform(scaler, X, { out: SharedMatrix.zeros(X.rows - 1, X.columns) }))
    expect(wrong._tag).toBe("ShapeMismatch")
    const minmax = await runWith(2, Preprocess.fit(X, { kind: "minmax" }, { batchSize: 30 }))
    expect(minmax).toEqual(Preprocessing.MinMaxScaler.fit(X))
  })

  it("merged column statistics equal one pass", async () => {
    const stats = await runWith(2, Preprocess.columnStats(data.X, { batchSize: 33 }))
    const whole = Stats.columnStats(data.X)
    expect(bits(stats.count)).toEqual(bits(whole.count))
    expect(bits(stats.min)).toEqual(bits(whole.min))
    stats.mean.forEach((m, j) => expect(Math.abs(m - whole.mean[j])).toBeLessThan(1e-12))
  })
})

describe("gradients", () => {
  it("aggregated shard gradients equal the full-batch gradient, whatever the thread count", async () => {
    const state = mlp.state as Mlp.MlpState
    const rows = Int32Array.from({ length: 700 }, (_, i) => i)
    const shards = [rows.subarray(0, 100), rows.subarray(100, 350), rows.subarray(350, 700)]
    const parts = await runWith(2, Gradients.computeGradients(state, data.X, data.y, shards))
    const sequentialParts = await runWith(1, Gradients.computeGradients(state, data.X, data.y, shards))
    expect(parts.map((p) => bits(p.gradient))).toEqual(sequentialParts.map((p) => bits(p.gradient)))
    const mean = await runWith(1, Gradients.aggregate(parts))
    const full = Mlp.mlpGradient(state, data.X, data.y, rows)
    mean.forEach((g, q) => expect(Math.abs(g - full.gradient[q] / 700)).toBeLessThan(1e-12 * Math.max(1, Math.abs(full.gradient[q] / 700))))
    // Equal weights give the mean of the shards' mean gradients.
    const equal = await runWith(1, Gradients.aggregate(parts, [1, 1, 1]))
    const expected0 = (parts[0].gradient[0] / 100 + parts[1].gradient[0] / 250 + parts[2].gradient[0] / 350) / 3
    expect(Math.abs(equal[0] - expected0)).toBeLessThan(1e-15 * Math.max(1, Math.abs(expected0)))
    expect((await failureOf(1, Gradients.aggregate(parts, [1, 2])))._tag).toBe("ShapeMismatch")
    expect((await failureOf(1, Gradients.aggregate(parts, [0, 0, 0])))._tag).toBe("InvalidOption")
    expect((await failureOf(1, Gradients.aggregate(parts, [1, -1, 1]))).message).toBe("invalid weights -1: must be finite and >= 0")
    expect((await failureOf(1, Gradients.aggregate(parts, [1, Number.POSITIVE_INFINITY, 1])))._tag).toBe("InvalidOption")
  })

  it("the mean gradient, reduced in shared memory by parameter ranges, equals the shard-order aggregate bit for bit at any thread count", async () => {
    // 6-64-64-1 has 4673 parameters: more than one reduction range.
    const state = Mlp.mlpInit([6, 64, 64, 1], 5, { activation: "tanh", output: "identity" })
    const rows = Int32Array.from({ length: 700 }, (_, i) => (i * 37) % 700)
    const shards = Array.from({ length: 9 }, (_, s) => rows.subarray(s * 80, Math.min(700, (s + 1) * 80)))
    for (const dropout of [undefined, { rate: 0.3, seed: 8 }]) {
      const parts = await runWith(1, Gradients.computeGradients(state, data.X, data.y, shards, { dropout }))
      const reference = await runWith(1, Gradients.aggregate(parts))
      // The plain functions the kernels are built from, summed in shard order.
      parts.forEach((p, s) => expect(bits(p.gradient)).toEqual(bits(Mlp.mlpGradient(state, data.X, data.y, shards[s], dropout).gradient)))
      let loss = 0
      for (const p of parts) loss += p.loss
      for (const threads of [1, 2, 3]) {
        const mean = await runWith(threads, Gradients.meanGradient(state, data.X, data.y, shards, { dropout }))
        expect(bits(mean.gradient), `threads ${threads}`).toEqual(bits(reference))
        expect(mean.loss).toBe(loss)
        expect(mean.count).toBe(700)
      }
    }
  })

  it("shard gradients land in the rows of a shared matrix, which can be reused", async () => {
    const state = mlp.state as Mlp.MlpState
    const shards = [Int32Array.of(0, 1, 2), new Int32Array(0), Int32Array.of(5, 9)]
    const into = SharedMatrix.zeros(3, state.params.length)
    into.data.fill(7)
    const two = await runWith(2, Gradients.shardGradients(state, data.X, data.y, shards, { into }))
    expect(two.gradients).toBe(into)
    shards.forEach((rows, s) => {
      const g = Mlp.mlpGradient(state, data.X, data.y, rows)
      expect(bits(into.row(s))).toEqual(bits(g.gradient))
      expect(two.loss[s]).toBe(g.loss)
      expect(two.count[s]).toBe(g.count)
    })
    const wrong = await failureOf(2, Gradients.shardGradients(state, data.X, data.y, shards, { into: SharedMatrix.zeros(2, state.params.length) }))
    expect(wrong._tag).toBe("ShapeMismatch")
    expect((await failureOf(2, Gradients.meanGradient(state, data.X, data.y, [])))._tag).toBe("InvalidOption")
    expect((await failureOf(2, Gradients.meanGradient(state, data.X, data.y, [new Int32Array(0)])))._tag).toBe("InvalidOption")
  })

  it("data-parallel training matches sequential training to rounding, and itself bit for bit at any thread count", async () => {
    const params = { hiddenLayers: [10], epochs: 8, batchSize: 64, dropout: 0.1, l2: 1e-3 }
    const sequential = Models.getEstimator("mlp-regressor")
    const reference = sequential.fit({ X: data.X, y: data.y, seed: 77 }, sequential.params(params)) as Mlp.MlpState
    const one = await runWith(1, Gradients.trainMlp({ X: data.X, y: data.y, params, seed: 77 }))
    const two = await runWith(2, Gradients.trainMlp({ X: data.X, y: data.y, params, seed: 77 }))
    expect((two.state as Mlp.MlpState).params).toEqual((one.state as Mlp.MlpState).params)
    const p = (two.state as Mlp.MlpState).params
    let worst = 0
    p.forEach((w, q) => (worst = Math.max(worst, Math.abs(w - reference.params[q]) / Math.max(1, Math.abs(reference.params[q])))))
    expect(worst).toBeLessThan(1e-9)
  })
})

describe("ensembles", () => {
  const members = [ridge, fitted("ridge", { alpha: 50 }), fitted("linear", {}), mlp]
  const direct = members.map((m) => Models.getEstimator(m.estimator).predict(m.state, data.X))

  it("mean, median, weighted mean and vote equal the aggregates of each member's predictions", async () => {
    expect(bits(await runWith(2, Ensemble.ensemblePredict(members, data.X, { batchSize: 100 })))).toEqual(bits(Aggregate.ensembleMean(direct)))
    const median = await runWith(2, Ensemble.ensemblePredict(members, data.X, { aggregate: "median" }))
    // Four members: the true median is the mean of the two middle values.
    const sorted = direct.map((d) => d[0]).sort((a, b) => a - b)
    expect(median[0]).toBe((sorted[1] + sorted[2]) / 2)
    const weighted = await runWith(2, Ensemble.ensemblePredict(members, data.X, { aggregate: "weighted", weights: [2, 1, 1, 0] }))
    expect(Math.abs(weighted[5] - (2 * direct[0][5] + direct[1][5] + direct[2][5]) / 4)).toBeLessThan(1e-12 * Math.abs(weighted[5]))
    const classifiers = [classifier, fitted("logistic", {}, iris.X, iris.y, 3), fitted("mlp-classifier", { hiddenLayers: [3], epochs: 1 }, iris.X, iris.y, 3)]
    const vote = await runWith(2, Ensemble.ensemblePredict(classifiers, iris.X, { aggregate: "vote", batchSize: 20 }))
    const votes = classifiers.map((m) => Models.getEstimator(m.estimator).predict(m.state, iris.X))
    expect(bits(vote)).toEqual(bits(Aggregate.majorityVote(votes)))
  })

  it("checks weights before predicting", async () => {
    expect((await failureOf(2, Ensemble.ensemblePredict(members, data.X, { aggregate: "weighted", weights: [1, 2] })))._tag).toBe("ShapeMismatch")
    expect((await failureOf(2, Ensemble.ensemblePredict(members, data.X, { aggregate: "weighted" })))._tag).toBe("InvalidOption")
    expect((await failureOf(2, Ensemble.ensemblePredict([], data.X)))._tag).toBe("EmptyInput")
  })
})

describe("augmentation", () => {
  it("copies are deterministic per seed, identical at any thread count, and noisy as asked", async () => {
    const X = data.X
    const options = { copies: 6, seed: 4, noise: 0.5, scale: [0.9, 1.1] as const }
    const one = await runWith(1, Augment.augment(X, options))
    const two = await runWith(2, Augment.augment(X, options))
    expect(bits(two.data)).toEqual(bits(one.data))
    expect([two.rows, two.columns]).toEqual([6 * 700, 6])
    // Noise only: the differences from X have the requested standard deviation.
    const noisy = await runWith(2, Augment.augment(X, { copies: 4, seed: 1, noise: 0.5 }))
    const diffs = Array.from(noisy.data, (v, k) => v - X.data[k % X.data.length])
    expect(Math.abs(Stats.std(diffs) - 0.5)).toBeLessThan(0.02)
    expect(Math.abs(Stats.mean(diffs))).toBeLessThan(0.02)
    const windowed = await runWith(2, Augment.augment(X, { copies: 2, seed: 1, window: 3 }))
    expect(windowed.columns).toBe(3)
    expect((await failureOf(2, Augment.augment(X, { copies: 2, seed: 1, window: 7 })))._tag).toBe("InvalidOption")
    expect((await failureOf(2, Augment.augment(X, { copies: 2, seed: 1, window: 7 }))).message).toBe("invalid window 7: must be an integer in 1..6")
    expect((await failureOf(2, Augment.augment(X, { copies: 1.5, seed: 1 }))).message).toBe("invalid copies 1.5: must be a positive integer")
  })
})

describe("feature extraction", () => {
  it("computes each feature of each series as the hand-written formula says", async () => {
    const series = SharedMatrix.fromRows([
      [1, 2, 3, 4, 5, 6],
      [6, 1, 5, 2, 4, 3]
    ])
    const F = await runWith(2, Features.extractFeatures(series, ["mean", "std", "min", "max", "median", "slope", "lag:1", "rollingMean:2", "rollingStd:3", "first", "last"], { batchSize: 1 }))
    expect(F.toRows()[0]).toEqual([3.5, Math.sqrt(35 / 12), 1, 6, 3.5, 1, 5, 5.5, Math.sqrt(2 / 3), 1, 6])
    // slope: Σ(t - 2.5)(x - 3.5) / Σ(t - 2.5)² = (-6.25 + 3.75 - 0.75 - 0.75 + 0.75 - 1.25) / 17.5
    expect(F.get(1, 5)).toBeCloseTo(-4.5 / 17.5, 14)
    expect(F.get(1, 4)).toBe(3.5)
    expect((await failureOf(2, Features.extractFeatures(series, ["mean", "kurtosis"])))._tag).toBe("InvalidOption")
    expect((await failureOf(2, Features.extractFeatures(series, ["lag:6"])))._tag).toBe("InvalidOption")
  })
})

describe("batched matrix operations", () => {
  it("matrix times many vectors equals ml-matrix's product", async () => {
    const A = Datasets.syntheticRegression({ rows: 9, features: 6, noise: 0, seed: 3 }).X
    const V = data.X
    const AV = await runWith(2, BatchOps.matVec(A, V, { batchSize: 50 }))
    const reference = Interop.toMatrix(V).mmul(Interop.toMatrix(A).transpose())
    AV.toRows().forEach((row, r) => row.forEach((v, i) => expect(Math.abs(v - reference.get(r, i))).toBeLessThan(1e-12 * Math.max(1, Math.abs(v)))))
    expect((await failureOf(2, BatchOps.matVec(A, iris.X)))._tag).toBe("ShapeMismatch")
  })

  it("element-wise operations over many pairs equal the direct ones", async () => {
    const as = [data.X, iris.X, Interop.fromMatrix(Matrix.ones(3, 3))]
    const bs = as.map((a) => SharedMatrix.fromFlat(Array.from(a.data, (v) => v / 2 + 1), a.rows, a.columns))
    const outs = await runWith(2, BatchOps.elementwise("multiply", as, bs))
    outs.forEach((o, i) => expect(bits(o.data)).toEqual(Array.from(as[i].data, (v, k) => v * bs[i].data[k])))
    expect((await failureOf(2, BatchOps.elementwise("multiply", as, bs.slice(1))))._tag).toBe("ShapeMismatch")
    expect((await failureOf(2, BatchOps.elementwise("pow" as any, as, bs)))._tag).toBe("InvalidOption")
  })
})
