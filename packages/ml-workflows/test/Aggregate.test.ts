import { readFileSync } from "node:fs"
import { EmptyInput, InvalidOption, NonFiniteValue, ShapeMismatch, SharedMatrix } from "@weft/core"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { ensembleMean, ensembleMedian, ensembleWeightedMean, majorityVote, summarizeSamples } from "../src/Aggregate.js"
import { thrown } from "./helpers/thrown.js"

const ref = JSON.parse(readFileSync(new URL("./fixtures/sklearn-selection.json", import.meta.url), "utf8")).aggregate
const predictions: Array<Float64Array> = ref.predictions.map((row: Array<number>) => Float64Array.from(row))

const expectClose = (actual: ArrayLike<number>, expected: ReadonlyArray<number>, tol: number): void => {
  expect(actual.length).toBe(expected.length)
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected[i])))
}

describe("ensemble aggregation", () => {
  it("mean, median (even and odd model counts) and weighted mean equal numpy's", () => {
    expectClose(ensembleMean(predictions), ref.mean, 1e-15)
    expect(Array.from(ensembleMedian(predictions))).toEqual(ref.median)
    expect(Array.from(ensembleMedian(predictions.slice(0, 5)))).toEqual(ref.median_odd)
    expectClose(ensembleWeightedMean(predictions, ref.weights), ref.weighted_mean, 1e-14)
    // Column 0 holds 1..6: median 3.5, the mean of the middle two.
    expect(ensembleMedian(predictions)[0]).toBe(3.5)
  })

  it("weights are normalised: scaling them changes nothing; one positive weight selects that model", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (c) => {
        const scaled = ref.weights.map((w: number) => w * c)
        expectClose(ensembleWeightedMean(predictions, scaled), Array.from(ensembleWeightedMean(predictions, ref.weights)), 1e-13)
      })
    )
    expect(ensembleWeightedMean(predictions, [0, 0, 5, 0, 0, 0])).toEqual(predictions[2])
  })

  it("majority vote takes the most frequent label, the smallest on a tie", () => {
    const votes = [Float64Array.of(0, 2, 1, 3), Float64Array.of(1, 2, 2, 1), Float64Array.of(1, 0, 1, 3), Float64Array.of(2, 0, 2, 1)]
    // Row 0: 1 x2; row 1: 2 and 0 tie -> 0; row 2: 1 and 2 tie -> 1; row 3: 3 and 1 tie -> 1.
    expect(Array.from(majorityVote(votes))).toEqual([1, 0, 1, 1])
    expect(Array.from(majorityVote([Float64Array.of(7)]))).toEqual([7])
  })

  it("a NaN prediction makes that row's median NaN and is an error in a vote", () => {
    const m = ensembleMedian([Float64Array.of(1, Number.NaN), Float64Array.of(2, 3)])
    expect(m[0]).toBe(1.5)
    expect(m[1]).toBeNaN()
    const e = thrown(() => majorityVote([Float64Array.of(1, 2), Float64Array.of(1, Number.NaN)]))
    expect(e).toBeInstanceOf(NonFiniteValue)
    expect(e).toMatchObject({ row: 1 })
  })

  it("rejects no models, unequal lengths and bad weights with typed errors", () => {
    expect(thrown(() => ensembleMean([]))).toBeInstanceOf(EmptyInput)
    const ragged = thrown(() => ensembleMedian([Float64Array.of(1, 2), Float64Array.of(1)]))
    expect(ragged).toBeInstanceOf(ShapeMismatch)
    expect(ragged).toMatchObject({ what: "predictions of model 1" })
    const count = thrown(() => ensembleWeightedMean(predictions, [1, 2]))
    expect(count).toBeInstanceOf(ShapeMismatch)
    expect(count).toMatchObject({ expected: "6 weights (one per model)", actual: "2 weights" })
    const negative = thrown(() => ensembleWeightedMean(predictions, [1, 1, -1, 1, 1, 1]))
    expect(negative).toBeInstanceOf(InvalidOption)
    expect(negative).toMatchObject({ option: "weights[2]", value: -1 })
    expect(thrown(() => ensembleWeightedMean(predictions, [0, 0, 0, 0, 0, 0]))).toMatchObject({ _tag: "InvalidOption", option: "weights" })
    expect(thrown(() => ensembleWeightedMean(predictions, [1, 1, Number.NaN, 1, 1, 1]))).toBeInstanceOf(InvalidOption)
  })
})

describe("summarizeSamples", () => {
  it("mean, std (ddof 0) and quantiles per output equal numpy's", () => {
    const samples = SharedMatrix.fromRows(ref.samples)
    const s = summarizeSamples(samples, { quantiles: ref.q })
    expectClose(s.mean, ref.sample_mean, 1e-14)
    expectClose(s.std, ref.sample_std, 1e-13)
    expect(s.q).toEqual(ref.q)
    s.quantiles.forEach((row, k) => expect(Array.from(row)).toEqual(ref.sample_quantiles[k]))
  })

  it("defaults to the 2.5%, 50% and 97.5% quantiles", () => {
    const samples = SharedMatrix.fromRows(Array.from({ length: 41 }, (_, i) => [i, -i]))
    const s = summarizeSamples(samples)
    expect(s.q).toEqual([0.025, 0.5, 0.975])
    // 41 values 0..40: the q-quantile is 40q exactly.
    expect(Array.from(s.quantiles[0])).toEqual([1, -39])
    expect(Array.from(s.quantiles[1])).toEqual([20, -20])
    expect(Array.from(s.quantiles[2])).toEqual([39, -1])
    expect(Array.from(s.mean)).toEqual([20, -20])
  })

  it("rejects no samples and probabilities outside [0, 1]", () => {
    expect(thrown(() => summarizeSamples(SharedMatrix.zeros(0, 3)))).toBeInstanceOf(EmptyInput)
    expect(thrown(() => summarizeSamples(SharedMatrix.zeros(2, 1), { quantiles: [0.5, 95] }))).toMatchObject({
      _tag: "InvalidOption",
      option: "quantiles",
      value: 95
    })
  })
})
