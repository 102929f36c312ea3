/**
 * The arithmetic of "speedup against the machine's own ceiling": per-round
 * ratios, their mean with a Student-t interval over rounds, and the
 * structural bounds of work that cannot split evenly.
 *
 * Why per round: the machine's speed (and what a second thread gets) drifts
 * between rounds, and each round's speedup is divided by the ceiling
 * measured in that same round, next to it; the rounds' ratios are then
 * independent estimates of one number, which a t-interval summarises.
 *
 * @since 0.2.0
 */

/**
 * The 97.5% quantile of Student's t with `df` degrees of freedom (for a 95%
 * two-sided interval): exact table values to 30, then 2.042 to 40 … 1.96.
 *
 * @example
 * tQuantile975(2) // 4.303
 * @since 0.2.0
 * @category statistics
 */
export const tQuantile975 = (df: number): number => {
  const table = [
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08,
    2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042
  ]
  if (!(df >= 1)) return Number.NaN
  if (df <= 30) return table[Math.floor(df) - 1]
  if (df <= 40) return 2.021
  if (df <= 60) return 2.0
  if (df <= 120) return 1.98
  return 1.96
}

/**
 * Mean, extremes and a 95% interval of the mean.
 *
 * @since 0.2.0
 * @category models
 */
export interface Interval {
  readonly mean: number
  readonly min: number
  readonly max: number
  /** mean ± t(0.975, n−1)·s/√n; null for fewer than 2 values (no spread to measure). */
  readonly low: number | null
  readonly high: number | null
  readonly n: number
}

/**
 * The mean of `xs` and its 95% Student-t interval (assumes the values are
 * independent draws around one number, as per-round ratios are).
 *
 * @example
 * meanInterval([0.9, 0.92, 0.94]) // mean 0.92, s = 0.02, low 0.92 − 4.303·0.02/√3 = 0.8703, high 0.9697
 * @since 0.2.0
 * @category statistics
 */
export const meanInterval = (xs: ReadonlyArray<number>): Interval => {
  const n = xs.length
  if (n === 0) return { mean: Number.NaN, min: Number.NaN, max: Number.NaN, low: null, high: null, n }
  let sum = 0
  for (const x of xs) sum += x
  const mean = sum / n
  const min = Math.min(...xs)
  const max = Math.max(...xs)
  if (n < 2) return { mean, min, max, low: null, high: null, n }
  let ss = 0
  for (const x of xs) ss += (x - mean) ** 2
  const half = (tQuantile975(n - 1) * Math.sqrt(ss / (n - 1))) / Math.sqrt(n)
  return { mean, min, max, low: mean - half, high: mean + half, n }
}

/**
 * Work that cannot split evenly: `tasks` equal parallel tasks plus `serial`
 * task-lengths of work that runs alone (a refit after the search).
 *
 * @since 0.2.0
 * @category models
 */
export interface Structure {
  readonly tasks: number
  /** Serial work, in units of one task's length (0 for none). */
  readonly serial: number
  /** Where the numbers come from, in words. */
  readonly note: string
}

/**
 * The length of a list schedule: `costs` taken in order, each by the thread
 * that frees first (the lowest-numbered one on a tie), as a pool's `map` with
 * one task per chunk hands them out. Equal costs give ⌈tasks / threads⌉ × cost.
 *
 * @example
 * listMakespan([3, 3, 2, 2, 2], 2) // threads 1: 3 + 2 + 2 = 7, 2: 3 + 2 = 5 → 7
 * @since 0.2.0
 * @category statistics
 */
export const listMakespan = (costs: ReadonlyArray<number>, threads: number): number => {
  const free = new Array<number>(Math.max(1, Math.floor(threads))).fill(0)
  for (const cost of costs) {
    let k = 0
    for (let j = 1; j < free.length; j++) if (free[j] < free[k]) k = j
    free[k] += cost
  }
  return Math.max(...free)
}

/**
 * The best speedup `threads` threads can reach on tasks of the given costs
 * (measured, in the order the pool takes them) followed by `serial` work of
 * the same unit that runs alone: (Σ costs + serial) / (list schedule + serial).
 * It is the bound of the work as it really splits, where {@link structuralBound}
 * assumes equal tasks; with equal costs the two agree.
 *
 * @example
 * measuredBound([3, 3, 2, 2, 2], 0, 2) // 12 / 7 = 1.714 (equal tasks of the same total: 5/3)
 * measuredBound([1, 1, 1, 1, 1], 0, 2) // 5 / 3
 * @since 0.2.0
 * @category statistics
 */
export const measuredBound = (costs: ReadonlyArray<number>, serial: number, threads: number): number => {
  let total = serial
  for (const c of costs) total += c
  return total / (listMakespan(costs, threads) + serial)
}

/**
 * The best speedup `threads` threads can reach on `s`, whatever the machine:
 * (tasks + serial) / (⌈tasks / threads⌉ + serial), the 1-thread length over
 * the length of the longest thread's share plus the serial part.
 *
 * @example
 * structuralBound({ tasks: 5, serial: 0, note: "" }, 2) // 5 / 3 = 1.667
 * structuralBound({ tasks: 20, serial: 1.25, note: "" }, 2) // 21.25 / 11.25 = 1.889
 * @since 0.2.0
 * @category statistics
 */
export const structuralBound = (s: Structure, threads: number): number => (s.tasks + s.serial) / (Math.ceil(s.tasks / threads) + s.serial)

/**
 * The serial part of `s` as a fraction of the 1-thread work: what Amdahl's
 * 1 − p should find, serial / (tasks + serial).
 *
 * @example
 * serialFraction({ tasks: 20, serial: 1.25, note: "" }) // 1.25 / 21.25 = 0.0588
 * @since 0.2.0
 * @category statistics
 */
export const serialFraction = (s: Structure): number => s.serial / (s.tasks + s.serial)

/**
 * One round of one thread count.
 *
 * @since 0.2.0
 * @category models
 */
export interface Round {
  /** Baseline median / this count's median, both of this round's samples. */
  readonly speedup: number
  /** The compute (chain) ceiling measured next to this count in this round (mean of its brackets). */
  readonly chain: number
  /** The streaming ceiling, likewise. */
  readonly stream: number
  /** The ceiling the workload is compared with: `chain` or `stream`. */
  readonly ceiling: number
  /** min(ceiling, structural bound): what this round could reach at best. */
  readonly bound: number
  /** speedup / bound. */
  readonly ratio: number
}

/**
 * A round's figures from its speedup, its ceilings and the structural bound.
 *
 * @example
 * roundOf(1.6, { chain: 1.9, stream: 1.5 }, "chain", 5 / 3) // bound 1.667, ratio 0.96
 * @since 0.2.0
 * @category statistics
 */
export const roundOf = (
  speedup: number,
  ceilings: { readonly chain: number; readonly stream: number },
  kernel: "chain" | "stream",
  structural: number | null
): Round => {
  const ceiling = ceilings[kernel]
  const bound = structural === null ? ceiling : Math.min(ceiling, structural)
  return { speedup, chain: ceilings.chain, stream: ceilings.stream, ceiling, bound, ratio: speedup / bound }
}
