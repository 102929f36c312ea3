/**
 * What measured speedups say about a workload: the parallel fraction by
 * Amdahl's law fitted over every thread count, the Karp–Flatt serial
 * fraction per count, the ceiling on speedup, and a plain-language verdict.
 *
 * @since 0.1.0
 */

/**
 * One measured thread count: its speedup over the one-thread run.
 *
 * @since 0.1.0
 * @category models
 */
export interface Point {
  readonly threads: number
  readonly speedup: number
}

/**
 * The parallel fraction that best explains some speedups.
 *
 * @since 0.1.0
 * @category models
 */
export interface Fit {
  /** The parallel fraction p (1 − p is the serial fraction). Not clamped: p > 1 means superlinear speedups. */
  readonly p: number
  /** The speedup no thread count can pass, 1 / (1 − p); null when p ≥ 1 (no bound). */
  readonly ceiling: number | null
  /** Root-mean-square residual of 1/speedup: how far the points are from Amdahl's curve. */
  readonly rmse: number
  /** Thread counts above 1 that the fit used. */
  readonly threads: ReadonlyArray<number>
}

/**
 * Amdahl's law (Amdahl, 1967): the speedup on `threads` threads of work
 * whose fraction `p` runs in parallel, 1 / ((1 − p) + p / n).
 *
 * @example
 * speedupAt(0.9, 4) // 3.0769...
 * @since 0.1.0
 * @category analysis
 */
export const speedupAt = (p: number, threads: number): number => 1 / (1 - p + p / threads)

/**
 * The speedup Amdahl's law allows with unlimited threads, 1 / (1 − p); null
 * when p ≥ 1 (unbounded).
 *
 * @example
 * ceiling(0.9) // 10
 * @since 0.1.0
 * @category analysis
 */
export const ceiling = (p: number): number | null => (p >= 1 ? null : 1 / (1 - p))

/**
 * Least-squares fit of Amdahl's law to measured speedups: with
 * x = 1/n − 1 and y = 1/S − 1, the law reads y = p·x (a line through the
 * origin, since S(1) = 1), so p = Σxy / Σx². Every count above 1 weighs the
 * same; a count of 1 carries no information and is ignored. Undefined
 * without a count above 1.
 *
 * @example
 * fit([2, 4, 8].map((n) => ({ threads: n, speedup: speedupAt(0.9, n) }))) // p: 0.9, ceiling: 10
 * @since 0.1.0
 * @category analysis
 */
export const fit = (points: ReadonlyArray<Point>): Fit | undefined => {
  const used = points.filter((q) => q.threads > 1 && q.speedup > 0 && Number.isFinite(q.speedup))
  if (used.length === 0) return undefined
  let sxy = 0
  let sxx = 0
  for (const { threads, speedup } of used) {
    const x = 1 / threads - 1
    const y = 1 / speedup - 1
    sxy += x * y
    sxx += x * x
  }
  const p = sxy / sxx
  let sse = 0
  for (const { threads, speedup } of used) {
    const r = 1 / speedup - (1 - p + p / threads)
    sse += r * r
  }
  return { p, ceiling: ceiling(p), rmse: Math.sqrt(sse / used.length), threads: used.map((q) => q.threads) }
}

/**
 * The Karp–Flatt metric (Karp & Flatt, 1990), the experimentally determined
 * serial fraction at one thread count: e = (1/S − 1/n) / (1 − 1/n). Under
 * Amdahl's law it equals 1 − p at every n; when it grows with n, overhead
 * that grows with the thread count (messages, scheduling, memory bandwidth)
 * is what limits the speedup. Undefined for n = 1.
 *
 * @example
 * karpFlatt(4, 3) // (1/3 − 1/4) / (1 − 1/4) = 0.1111...
 * @since 0.1.0
 * @category analysis
 */
export const karpFlatt = (threads: number, speedup: number): number | undefined =>
  threads > 1 ? (1 / speedup - 1 / threads) / (1 - 1 / threads) : undefined

/**
 * The thread count beyond which Amdahl's law puts efficiency (speedup per
 * thread) below `efficiency`: solving 1 / (n(1 − p) + p) = e gives
 * n = (1/e − p) / (1 − p). Null when p ≥ 1 (never).
 *
 * @example
 * efficientUpTo(0.9) // (2 − 0.9) / 0.1 = 11 threads at 50% efficiency
 * @since 0.1.0
 * @category analysis
 */
export const efficientUpTo = (p: number, efficiency = 0.5): number | null => (p >= 1 ? null : (1 / efficiency - p) / (1 - p))

/**
 * What {@link verdict} reads for one thread count.
 *
 * @since 0.1.0
 * @category models
 */
export interface VerdictRow {
  readonly threads: number
  readonly speedup: number
  /** More threads than the machine has cores. */
  readonly oversubscribed: boolean
}

/**
 * @since 0.1.0
 * @category models
 */
export interface VerdictOptions {
  /** The machine's cores (available parallelism). */
  readonly cores: number
  /** A count "scales" while its efficiency is at least this. Default 0.5. */
  readonly efficiency?: number | undefined
  /** ... and its speedup beats the previous count's by at least this factor. Default 1.1. */
  readonly minGain?: number | undefined
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Verdict {
  /** The largest thread count that still scales (1 when none does). */
  readonly scalesTo: number
  /** True when every count measured within the cores scaled and the machine has more cores than the largest of them. */
  readonly mayScaleFurther: boolean
  readonly text: string
}

const fmt = (x: number, digits = 2): string => x.toFixed(digits)

/**
 * A plain-language verdict. Walking up the thread counts that fit in the
 * machine's cores, a count "scales" when its efficiency (speedup / threads)
 * is at least `efficiency` (50%) and its speedup beats the previous count's
 * by at least `minGain` (10%); the verdict names the last count that does,
 * and adds what the Amdahl fit and the Karp–Flatt trend say.
 *
 * @example
 * verdict(rows, fit(rows), { cores: 8 }).text
 * // "scales to ~8 threads on this machine (8 cores): ..."
 * @since 0.1.0
 * @category analysis
 */
export const verdict = (rows: ReadonlyArray<VerdictRow>, amdahl: Fit | undefined, options: VerdictOptions): Verdict => {
  const threshold = options.efficiency ?? 0.5
  const minGain = options.minGain ?? 1.1
  const inCores = [...rows].filter((r) => !r.oversubscribed).sort((a, b) => a.threads - b.threads)
  let scalesTo = 1
  let previous = 1
  let stopped: VerdictRow | undefined
  for (const r of inCores) {
    if (r.threads === 1) continue
    if (r.speedup / r.threads >= threshold && r.speedup >= previous * minGain) {
      scalesTo = r.threads
      previous = r.speedup
    } else {
      stopped = r
      break
    }
  }
  const largest = inCores.length === 0 ? 1 : inCores[inCores.length - 1].threads
  const mayScaleFurther = stopped === undefined && scalesTo === largest && options.cores > largest && scalesTo > 1
  const parts: Array<string> = []
  const machine = `on this machine (${options.cores} core${options.cores === 1 ? "" : "s"})`
  if (scalesTo === 1) {
    parts.push(
      stopped === undefined
        ? `not measured above 1 thread ${machine}`
        : `does not scale ${machine}: ${stopped.threads} threads give ${fmt(stopped.speedup)}x (${fmt((100 * stopped.speedup) / stopped.threads, 0)}% efficiency)`
    )
  } else {
    parts.push(`scales to ${mayScaleFurther ? "at least " : "~"}${scalesTo} threads ${machine}`)
    if (stopped !== undefined) {
      parts.push(`at ${stopped.threads} threads: ${fmt(stopped.speedup)}x, ${fmt((100 * stopped.speedup) / stopped.threads, 0)}% efficiency`)
    }
  }
  if (amdahl !== undefined) {
    const fitted = `Amdahl fit p = ${fmt(amdahl.p, 3)} over ${amdahl.threads.length} count${amdahl.threads.length === 1 ? "" : "s"} above 1 thread`
    if (amdahl.p <= 0) {
      parts.push(`${fitted} (p ≤ 0: more threads added more overhead than they took work off)`)
    } else {
      const limit = efficientUpTo(amdahl.p, threshold)
      parts.push(
        fitted +
          (amdahl.ceiling === null ? ", no ceiling (superlinear)" : `, ceiling ${fmt(amdahl.ceiling, 1)}x`) +
          (limit === null ? "" : `, efficiency under ${fmt(100 * threshold, 0)}% beyond ~${Math.max(1, Math.floor(limit))} threads`)
      )
    }
  }
  const kf = inCores.filter((r) => r.threads > 1).map((r) => ({ threads: r.threads, e: karpFlatt(r.threads, r.speedup)! }))
  if (kf.length >= 2) {
    const first = kf[0]
    const last = kf[kf.length - 1]
    const rising = last.e - first.e > 0.02 && kf.every((k, i) => i === 0 || k.e >= kf[i - 1].e - 0.01)
    parts.push(
      rising
        ? `Karp–Flatt serial fraction rises from ${fmt(first.e, 3)} to ${fmt(last.e, 3)}: overhead that grows with threads, not a fixed serial part, limits it`
        : `Karp–Flatt serial fraction stays near ${fmt((first.e + last.e) / 2, 3)}: a fixed serial part, as Amdahl assumes`
    )
  }
  const over = rows.filter((r) => r.oversubscribed).map((r) => r.threads)
  if (over.length > 0) parts.push(`${over.join(", ")} threads oversubscribed (more than the cores), not used in the verdict`)
  return { scalesTo, mayScaleFurther, text: parts.join("; ") }
}
