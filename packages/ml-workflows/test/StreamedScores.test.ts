import { SharedMatrix } from "@weft/core"
import { getMetric } from "@weft/ml-workflows/Metrics"
import { describe, expect, it } from "vitest"
import { canStream, StreamedScores } from "../src/internal/streamedScores.js"
import { type LinearState, predictLinearBlocks, Ridge } from "../src/models/Linear.js"

/** A small deterministic generator (no Math.random: the test must not change between runs). */
const values = (n: number, seed: number, scale = 1) => {
  let s = seed >>> 0
  return Float64Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return (s / 2 ** 32 - 0.5) * scale
  })
}

/** Feeds candidates' predictions (one array each) to a StreamedScores in blocks of `size` rows, models x rows per block. */
const stream = (metrics: ReadonlyArray<string>, truth: Float64Array, predictions: ReadonlyArray<Float64Array>, size: number) => {
  const s = new StreamedScores(metrics, truth, predictions.length)
  for (let start = 0; start < truth.length; start += size) {
    const m = Math.min(size, truth.length - start)
    const block = new Float64Array(predictions.length * m)
    predictions.forEach((p, g) => block.set(p.subarray(start, start + m), g * m))
    s.add(block, start, m)
  }
  return s
}

describe("streamed scores", () => {
  it("give the metric functions' bits, whatever the blocks", () => {
    const truth = values(1000, 1, 100)
    const predictions = [0, 1, 2, 3].map((g) => Float64Array.from(values(1000, 10 + g, 10 ** g), (d, i) => truth[i] + d))
    predictions.push(truth.slice()) // a perfect candidate: r2 is exactly 1
    const metrics = ["r2", "mse", "rmse", "mae"]
    for (const size of [1, 7, 64, 1000]) {
      const s = stream(metrics, truth, predictions, size)
      predictions.forEach((p, g) => {
        const scores = s.scores(g)
        for (const m of metrics) expect(scores[m]).toBe(getMetric(m).fn(truth, p))
      })
    }
    expect(stream(["r2"], truth, predictions, 100).scores(4).r2).toBe(1)
  })

  it("fail a candidate with a non-finite prediction as the metric functions do, and only that one", () => {
    const truth = values(300, 2, 5)
    const good = Float64Array.from(truth, (v) => v + 0.5)
    const nan = good.slice()
    nan[137] = Number.NaN
    nan[250] = Number.POSITIVE_INFINITY
    const infinite = good.slice()
    infinite[299] = Number.NEGATIVE_INFINITY
    // Finite but huge: the sum of squares overflows to infinity, which is a score, not an error.
    const huge = good.slice()
    huge[3] = 1e200
    const s = stream(["mse", "r2"], truth, [good, nan, infinite, huge], 50)
    expect(s.scores(0).mse).toBe(getMetric("mse").fn(truth, good))
    for (const [g, bad] of [[1, nan], [2, infinite]] as const) {
      let expected: unknown
      try {
        getMetric("mse").fn(truth, bad)
      } catch (e) {
        expected = e
      }
      expect(() => s.scores(g)).toThrow((expected as Error).message)
      expect((expected as Error).message).toContain(g === 1 ? "index 137" : "index 299")
    }
    expect(s.scores(3)).toEqual({ mse: getMetric("mse").fn(truth, huge), r2: getMetric("r2").fn(truth, huge) })
    expect(s.scores(3).mse).toBe(Number.POSITIVE_INFINITY)
  })

  it("stream only the residual metrics on a finite truth of two values or more", () => {
    const truth = values(10, 3)
    expect(canStream(["r2", "mse", "rmse", "mae"], truth)).toBe(true)
    expect(canStream(["r2", "accuracy"], truth)).toBe(false)
    expect(canStream([], truth)).toBe(false)
    expect(canStream(["r2"], truth.subarray(0, 1))).toBe(false)
    const withNaN = truth.slice()
    withNaN[4] = Number.NaN
    expect(canStream(["r2"], withNaN)).toBe(false)
  })

  it("give r2 = 0 for imperfect predictions of a constant truth, as r2Score", () => {
    const truth = new Float64Array(20).fill(3)
    const off = new Float64Array(20).fill(2)
    expect(stream(["r2"], truth, [off, truth.slice()], 6).scores(0).r2).toBe(getMetric("r2").fn(truth, off))
    expect(stream(["r2"], truth, [off, truth.slice()], 6).scores(0).r2).toBe(0)
    expect(stream(["r2"], truth, [off, truth.slice()], 6).scores(1).r2).toBe(1)
  })

  describe("of a linear estimator (one pass of residualSums)", () => {
    const rows = 3000
    const p = 7
    const data = values(rows * p, 21, 50)
    const X = SharedMatrix.fromRows(Array.from({ length: rows }, (_, i) => data.subarray(i * p, (i + 1) * p)))
    const states: Array<LinearState> = [0, 1, 2, 3, 4].map((g) => ({ coef: Array.from(values(p, 30 + g, 10 ** (g - 2))), intercept: g - 2 }))
    // Test rows as a k-fold's (a run) and as a shuffled split's (scattered): blocks in place and gathered.
    const run = Int32Array.from({ length: 1200 }, (_, t) => 900 + t)
    const scattered = Int32Array.from({ length: 1111 }, (_, t) => (t * 2654435761) % rows)
    const metrics = ["r2", "mse", "rmse", "mae"]
    const truthOf = (which: Int32Array) => Float64Array.from(which, (i) => Math.sin(i) * 100 + i / 7)

    it("gives predict's and the metric functions' bits, and the bits of the block-by-block path", () => {
      for (const which of [run, scattered]) {
        const truth = truthOf(which)
        const fused = new StreamedScores(metrics, truth, states.length)
        fused.stream(Ridge, states, X, which)
        const blocks = new StreamedScores(metrics, truth, states.length)
        blocks.stream({ predictManyBlocks: predictLinearBlocks }, states, X, which)
        states.forEach((state, g) => {
          const predicted = Ridge.predict(state, X, which)
          for (const m of metrics) {
            expect(Object.is(fused.scores(g)[m], getMetric(m).fn(truth, predicted))).toBe(true)
            expect(Object.is(fused.scores(g)[m], blocks.scores(g)[m])).toBe(true)
          }
        })
      }
    })

    it("fails a candidate whose prediction is not finite at the first such row, as the metric functions do", () => {
      // Row 2000 gets a huge value: candidate 1's prediction overflows there, candidate 2's square only (a score, not an error).
      const big = data.slice()
      big[2000 * p] = 1e300
      big[2500 * p] = Number.POSITIVE_INFINITY
      const Xbig = SharedMatrix.fromRows(Array.from({ length: rows }, (_, i) => big.subarray(i * p, (i + 1) * p)))
      const which = Int32Array.from({ length: rows }, (_, i) => i)
      const truth = truthOf(which)
      const overflow: Array<LinearState> = [
        { coef: [0, 1, 0, 0, 0, 0, 0], intercept: 0 },
        { coef: [1e10, 0, 0, 0, 0, 0, 0], intercept: 0 },
        { coef: [1e-160, 0, 0, 0, 0, 0, 0], intercept: 0 }
      ]
      const s = new StreamedScores(["mse", "r2"], truth, overflow.length)
      s.stream(Ridge, overflow, Xbig, which)
      const outcome = (f: () => unknown) => {
        try {
          return f()
        } catch (e) {
          return (e as Error).message
        }
      }
      overflow.forEach((state, g) => {
        const predicted = Ridge.predict(state, Xbig, which)
        expect(outcome(() => s.scores(g))).toEqual(outcome(() => ({ mse: getMetric("mse").fn(truth, predicted), r2: getMetric("r2").fn(truth, predicted) })))
      })
      // 0 · Infinity at row 2500 is NaN for candidate 0; 1e10 · 1e300 overflows at row 2000 for candidate 1; for candidate 2,
      // 1e-160 · 1e300 = 1e140 is finite (its square is not: the sum is infinite from row 2000 on), the first non-finite prediction is at row 2500.
      expect(outcome(() => s.scores(0))).toContain("index 2500")
      expect(outcome(() => s.scores(1))).toContain("index 2000")
      expect(() => s.scores(2)).toThrow("index 2500")
    })
  })
})
