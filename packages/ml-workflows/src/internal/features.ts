/**
 * The per-series feature kernel (worker side, no Effect).
 */
import type { FeatureSpec } from "../Features.js"

/** Writes the features `spec` of one series `x` into `out` (one value per feature, in order). */
export const featureRow = (x: Float64Array, spec: FeatureSpec, out: Float64Array): void => {
  const n = x.length
  for (let f = 0; f < spec.length; f++) {
    const [name, arg] = spec[f].split(":")
    const w = arg === undefined ? n : Math.min(n, Number(arg))
    out[f] = feature(name, x, n, w)
  }
}

const feature = (name: string, x: Float64Array, n: number, w: number): number => {
  switch (name) {
    case "mean":
      return meanOf(x, 0, n)
    case "std":
      return stdOf(x, 0, n)
    case "min": {
      let m = Infinity
      for (let t = 0; t < n; t++) if (x[t] < m) m = x[t]
      return m
    }
    case "max": {
      let m = -Infinity
      for (let t = 0; t < n; t++) if (x[t] > m) m = x[t]
      return m
    }
    case "median": {
      const s = Float64Array.from(x).sort()
      return n % 2 === 1 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
    }
    case "first":
      return x[0]
    case "last":
      return x[n - 1]
    case "slope": {
      // Least-squares slope of x against t = 0..n-1.
      const tMean = (n - 1) / 2
      const xMean = meanOf(x, 0, n)
      let num = 0
      let den = 0
      for (let t = 0; t < n; t++) {
        num += (t - tMean) * (x[t] - xMean)
        den += (t - tMean) * (t - tMean)
      }
      return den === 0 ? 0 : num / den
    }
    case "lag":
      return x[n - 1 - w]
    case "rollingMean":
      return meanOf(x, n - w, n)
    case "rollingStd":
      return stdOf(x, n - w, n)
    default:
      return Number.NaN
  }
}

const meanOf = (x: Float64Array, from: number, to: number): number => {
  let s = 0
  for (let t = from; t < to; t++) s += x[t]
  return s / (to - from)
}

/** Population standard deviation (ddof 0), two-pass. */
const stdOf = (x: Float64Array, from: number, to: number): number => {
  const m = meanOf(x, from, to)
  let s = 0
  for (let t = from; t < to; t++) s += (x[t] - m) * (x[t] - m)
  return Math.sqrt(s / (to - from))
}
