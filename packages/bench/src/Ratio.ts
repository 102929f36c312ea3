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
 * The kernel work per millisecond of `T` workers that ran it at once, each
 * taking `ms[w]`, in units of one whole run of the kernel: Σ 1/ms[w] for a
 * kernel every worker runs whole (`chain`, `gemm`), Σ (1/T)/ms[w] for one
 * split T ways (`stream`). Summing each worker's own rate, not dividing by
 * the slowest, is what a pool that balances its load can use.
 *
 * @example
 * capacity("gemm", [100, 125]) // 1/100 + 1/125 = 0.018 runs per ms
 * capacity("stream", [50, 50]) // (1/2)/50 + (1/2)/50 = 0.02
 * @since 0.2.0
 * @category statistics
 */
export const capacity = (kernel: "chain" | "gemm" | "stream", ms: ReadonlyArray<number>): number => {
  let sum = 0
  for (const m of wholeRuns(kernel, ms)) sum += 1 / m
  return sum
}

/** Each worker's time for a whole run of the kernel: its own time, or T times it for the streaming kernel split T ways. */
const wholeRuns = (kernel: "chain" | "gemm" | "stream", ms: ReadonlyArray<number>): Array<number> =>
  kernel === "stream" ? ms.map((m) => m * ms.length) : [...ms]

/**
 * One timed sample and the kernel timed on the same pool's workers around
 * it (one time per worker: the mean of its times right before and right after).
 *
 * @since 0.2.0
 * @category models
 */
export interface PacedSample {
  readonly ms: number
  readonly pace: ReadonlyArray<number>
}

/**
 * One round of one thread count.
 *
 * @since 0.2.0
 * @category models
 */
export interface Round {
  /** Baseline median / this count's median, both of this round's samples. */
  readonly speedup: number
  /**
   * The share of the machine the work used: the median of the 1-thread
   * samples over the median of this count's, each sample first measured in
   * runs of the kernel its own workers could do around it
   * (`ms × capacity`). A core that runs slow for a while slows the kernel
   * and the sample alike, and drops out.
   */
  readonly efficiency: number
  /** What the machine gave these threads next to the samples: speedup / efficiency. */
  readonly ceiling: number
  /**
   * What this round could reach at best: the ceiling for work of many small
   * tasks; for a few tasks, the schedule of those tasks on workers of the
   * paces the kernel found (see {@link roundOf}).
   */
  readonly bound: number
  /** speedup / bound: the share of the achievable speedup reached (the efficiency, for many small tasks). */
  readonly ratio: number
}

const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2
}

/**
 * The tasks a structured workload splits into, for {@link roundOf}: their
 * costs in the order the pool takes them (any unit: times measured on one
 * thread, or 1 each for equal tasks) and `serial` work of the same unit that
 * runs alone after them (a refit).
 *
 * @since 0.2.0
 * @category models
 */
export interface Tasks {
  readonly costs: ReadonlyArray<number>
  readonly serial: number
}

/**
 * The length of a list schedule on workers of unequal speed: `costs` taken in
 * order, each by the worker that frees first (the faster one on a tie, then
 * the lowest-numbered), a task of cost c taking c × `unit[w]` on worker w.
 * With equal units it is {@link listMakespan} × unit.
 *
 * @example
 * // 5 equal folds, one worker 1.5 times slower: the fast one takes folds 1, 3 and 5 (3), the slow one 2 and 4 (3).
 * paceMakespan([1, 1, 1, 1, 1], [1, 1.5]) // 3
 * // 1.6 times slower: the slow one's 2 folds end at 3.2, after the fast one's 3.
 * paceMakespan([1, 1, 1, 1, 1], [1, 1.6]) // 3.2
 * @since 0.2.0
 * @category statistics
 */
export const paceMakespan = (costs: ReadonlyArray<number>, unit: ReadonlyArray<number>): number => {
  const free = unit.map(() => 0)
  for (const cost of costs) {
    let k = 0
    for (let j = 1; j < free.length; j++) if (free[j] < free[k] || (free[j] === free[k] && unit[j] < unit[k])) k = j
    free[k] += cost * unit[k]
  }
  return Math.max(...free)
}

/**
 * A round's figures from its paced samples at 1 thread (`base`) and at
 * T threads (`count`), and the tasks of the work (null when it splits into
 * many small ones, as a batch does).
 *
 * Each sample is measured against what its own workers could do around
 * it. Without `tasks`: in kernel runs, ms × capacity (a pool that
 * balances its load uses the sum of its workers' rates), whose 1-thread
 * median over the T-thread one is the efficiency, and the ratio. With
 * `tasks`: against the schedule the pool would follow on workers of the
 * paces the kernel found (a whole run of the kernel being the unit of time):
 * 1 thread, (Σ costs + serial) × its pace; T threads,
 * {@link paceMakespan} + serial × the fastest pace. The ratio is the
 * 1-thread median over the T-thread one of ms / that length, and the
 * achievable speedup (`bound`) is speedup / ratio. So 5 folds on 2 threads,
 * one core 1.5 times slower, can still reach 5/3 of a fast core, where
 * "ceiling × 5/6" would have asked for 5/6 × 1.67.
 *
 * @example
 * // 1 thread: 500 ms after a 100 ms kernel; 2 threads: 270 ms after 100 and 110 ms kernels.
 * roundOf([{ ms: 500, pace: [100] }], [{ ms: 270, pace: [100, 110] }], "gemm", null)
 * // speedup 1.852, efficiency (500/100) / (270 × (1/100 + 1/110)) = 0.970, ceiling 1.909, ratio 0.970
 * @since 0.2.0
 * @category statistics
 */
export const roundOf = (
  base: ReadonlyArray<PacedSample>,
  count: ReadonlyArray<PacedSample>,
  kernel: "chain" | "gemm" | "stream",
  tasks: Tasks | null
): Round => {
  const speedup = median(base.map((s) => s.ms)) / median(count.map((s) => s.ms))
  const work = (s: PacedSample) => s.ms * capacity(kernel, s.pace)
  const efficiency = median(base.map(work)) / median(count.map(work))
  const ceiling = speedup / efficiency
  if (tasks === null) return { speedup, efficiency, ceiling, bound: ceiling, ratio: efficiency }
  let total = tasks.serial
  for (const c of tasks.costs) total += c
  const length = (s: PacedSample): number => {
    const unit = wholeRuns(kernel, s.pace)
    return unit.length === 1 ? total * unit[0] : paceMakespan(tasks.costs, unit) + tasks.serial * Math.min(...unit)
  }
  const ratio = median(base.map((s) => s.ms / length(s))) / median(count.map((s) => s.ms / length(s)))
  return { speedup, efficiency, ceiling, bound: speedup / ratio, ratio }
}
