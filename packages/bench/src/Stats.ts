/**
 * Summaries of repeated timings: median, extremes, mean, and a
 * distribution-free confidence interval of the median.
 *
 * @since 0.1.0
 */

/**
 * A confidence interval of the median: `[low, high]` holds the true median
 * with probability `level` (exactly, for any continuous distribution).
 *
 * @since 0.1.0
 * @category models
 */
export interface MedianCi {
  readonly low: number
  readonly high: number
  /** The interval's actual coverage, which may exceed (or, for fewer than 6 samples, fall short of) the level asked. */
  readonly level: number
}

/**
 * Repeated timings of one run, in milliseconds.
 *
 * @since 0.1.0
 * @category models
 */
export interface Summary {
  /** Every sample, in the order it was taken. */
  readonly samples: ReadonlyArray<number>
  readonly median: number
  readonly min: number
  readonly max: number
  readonly mean: number
  /** 95% interval of the median from order statistics (see {@link medianCi}). */
  readonly ci: MedianCi
}

const sorted = (xs: ReadonlyArray<number>): Array<number> => [...xs].sort((a, b) => a - b)

/**
 * The median (mean of the two middle values for an even count); NaN for no values.
 *
 * @example
 * median([3, 1, 2, 10]) // 2.5
 * @since 0.1.0
 * @category statistics
 */
export const median = (xs: ReadonlyArray<number>): number => {
  if (xs.length === 0) return Number.NaN
  const s = sorted(xs)
  const m = s.length >> 1
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2
}

/**
 * The arithmetic mean; NaN for no values.
 *
 * @since 0.1.0
 * @category statistics
 */
export const mean = (xs: ReadonlyArray<number>): number => {
  if (xs.length === 0) return Number.NaN
  let s = 0
  for (const x of xs) s += x
  return s / xs.length
}

/** P(B <= k) for B ~ Binomial(n, 1/2), summed exactly in doubles (n up to ~1000). */
const binomialHalfCdf = (n: number, k: number): number => {
  let term = Math.pow(0.5, n) // C(n, 0) / 2^n
  let total = 0
  for (let i = 0; i <= k; i++) {
    total += term
    term = (term * (n - i)) / (i + 1)
  }
  return total
}

/**
 * A distribution-free confidence interval of the median from order
 * statistics (the sign-test interval, e.g. Conover, "Practical Nonparametric
 * Statistics", §3.2): with the samples sorted, `[x(j), x(n+1-j)]` covers the
 * median with probability `1 − 2·P(B ≤ j − 1)`, B ~ Binomial(n, ½). The
 * narrowest such interval whose coverage is at least `level` is returned;
 * with too few samples for that (fewer than 6 at 95%), `[min, max]` and its
 * actual coverage (93.75% for 5 samples). No assumption of normality, which
 * timings (skewed, with outliers) would not meet.
 *
 * @example
 * medianCi([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) // { low: 2, high: 9, level: 0.978515625 }
 * @since 0.1.0
 * @category statistics
 */
export const medianCi = (xs: ReadonlyArray<number>, level = 0.95): MedianCi => {
  const n = xs.length
  if (n === 0) return { low: Number.NaN, high: Number.NaN, level: 0 }
  const s = sorted(xs)
  let j = 1
  // Widen inward while the narrower interval keeps the coverage asked for.
  while (j + 1 <= n + 1 - (j + 1) && 1 - 2 * binomialHalfCdf(n, j) >= level) j++
  return { low: s[j - 1], high: s[n - j], level: 1 - 2 * binomialHalfCdf(n, j - 1) }
}

/**
 * Median, min, max, mean and the median's confidence interval of some timings.
 *
 * @example
 * const s = summarize([101, 99, 100, 130, 98]) // s.median 100, s.ci.level 0.9375
 * @since 0.1.0
 * @category statistics
 */
export const summarize = (samples: ReadonlyArray<number>): Summary => ({
  samples: [...samples],
  median: median(samples),
  min: samples.length === 0 ? Number.NaN : Math.min(...samples),
  max: samples.length === 0 ? Number.NaN : Math.max(...samples),
  mean: mean(samples),
  ci: medianCi(samples)
})
