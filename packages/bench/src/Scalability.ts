/**
 * The scalability benchmark: for each workload and each thread count asked,
 * a fresh pool, warm-ups, then timed repeats; the same data and seed at
 * every count (1 thread included: one worker, not the main thread); every
 * result checked bit for bit against a plain sequential loop on the main
 * thread; speedups, efficiency, utilisation, and the
 * Amdahl / Karp–Flatt analysis.
 *
 * @since 0.1.0
 */
import { InvalidOption, Options, type InvalidInput, type TaskError } from "@weft/core"
import { TaskModule, WorkerPool } from "@weft/pool"
import { Effect } from "effect"
import * as os from "node:os"
import * as Amdahl from "./Amdahl.js"
import { runBatchScaling, type BatchScalingOptions, type BatchScalingReport } from "./BatchScaling.js"
import * as Ceiling from "./Ceiling.js"
import { CeilingError, ResultMismatch, type WorkersLeftBehind } from "./Errors.js"
import { describeMachine, describeSoftware, type Machine, type Software } from "./Machine.js"
import * as Ratio from "./Ratio.js"
import { collectGarbage, gcAvailable, measure, type MeasureOptions } from "./internal/measure.js"
import { settle, withPools, type Transport } from "./internal/pools.js"
import * as Piscina from "./Piscina.js"
import { median, summarize, type Summary } from "./Stats.js"
import type { Workload, WorkloadName } from "./Workload.js"
import { isWorkloadName, workloadNames, workloads, type SizeOverrides } from "./Workloads.js"
import type { InferenceData } from "./workloads/inference.js"

/**
 * The format tag of a report; `Report.fromJson` reads nothing else.
 *
 * @since 0.1.0
 * @category constants
 */
export const FORMAT = "weft-bench/1"

/**
 * What to run. Every field is optional.
 *
 * @since 0.1.0
 * @category models
 */
export interface ScalabilityOptions {
  /** Built-in workload names or your own `Workload`s, or "all" built-ins (the default). */
  readonly workloads?: ReadonlyArray<WorkloadName | Workload> | "all" | undefined
  /** Thread counts, run exactly as given, in this order. Default [1, 2, 4, 8, 16]. */
  readonly threads?: ReadonlyArray<number> | undefined
  /** Timed runs per count. Default 5. */
  readonly repeats?: number | undefined
  /**
   * Each count, in each round, keeps timing past `repeats` until its timed
   * runs add up to this many milliseconds, with at most 4 × `repeats` runs:
   * a 150 ms workload gets enough samples for a median that one slow run
   * cannot move, a 1 s workload none extra. Default 1500 (0 with the quick size).
   */
  readonly minTimedMs?: number | undefined
  /** Untimed runs per count before the timed ones (start-up, JIT, first imports). Default 1. */
  readonly warmups?: number | undefined
  /**
   * How many times the whole sequence runs (the sequential loop, then each
   * count on a fresh pool), one round after the other, each with `repeats`
   * timed runs per count; every count's samples gather over the rounds.
   * Rounds spread each count's samples over the same stretch of time, so that
   * a machine whose speed drifts (a shared VM) does not favour the counts that
   * happened to run at its fast moments. Default 1.
   */
  readonly rounds?: number | undefined
  /** "default" (about a second per run on one core) or "quick" (for CI). Default "default". */
  readonly size?: "default" | "quick" | undefined
  /** Size parameters per workload, over the chosen size. */
  readonly sizes?: SizeOverrides | undefined
  /** Seed of the data and of everything random in the work. Default 42. */
  readonly seed?: number | undefined
  /**
   * Judge each speedup against the machine's ceiling: the workload's ceiling
   * kernel (see `Ceiling`) runs on every worker of the sample's own pool right
   * before each timed sample, and each round's speedup is divided by what
   * those kernels found (`Ratio.roundOf`). Needs the 1-thread count. Default true.
   */
  readonly ceiling?: boolean | undefined
  /** Also time batch inference on a plain piscina pool. Default true. */
  readonly piscina?: boolean | undefined
  /**
   * Batch-count scaling (see `BatchScaling`), with the largest thread count
   * asked that fits the cores unless given. Default: on when batch inference is
   * among the workloads; `false` skips it, `true` or options force it.
   */
  readonly batchScaling?: boolean | BatchScalingOptions | undefined
  /** The pool's transport (default: the pool's default). */
  readonly transport?: Transport | undefined
  /** Collect garbage before each run, outside its time (V8's gc, reached with or without `node --expose-gc`). Default true. */
  readonly gc?: boolean | undefined
  /** Efficiency below which a thread count no longer "scales" in the verdict. Default 0.5. */
  readonly efficiencyThreshold?: number | undefined
  /** Called after each measurement, for progress output. */
  readonly onProgress?: ((event: Progress) => void) | undefined
}

/**
 * What `onProgress` hears.
 *
 * @since 0.1.0
 * @category models
 */
export type Progress =
  | { readonly _tag: "WorkloadStarted"; readonly workload: string; readonly description: string }
  | {
      readonly _tag: "Measured"
      readonly workload: string
      readonly run: "sequential" | "weft" | "piscina" | "batch scaling"
      /** Threads of the run (1 for the sequential loop); batches for batch scaling. */
      readonly threads: number
      readonly timing: Summary
    }
  | { readonly _tag: "CeilingMeasured"; readonly workload: string; readonly threads: number; readonly round: Ratio.Round }

/**
 * A thread count against the machine's ceiling: per round, the speedup, the
 * ceiling measured next to its samples and their ratio; over rounds, the mean
 * and a 95% Student-t interval of the ratio.
 *
 * @since 0.2.0
 * @category models
 */
export interface CountCeiling {
  /** The ceiling kernel the speedup is compared with. */
  readonly kernel: Ceiling.Kernel
  /** One per round, in order. */
  readonly rounds: ReadonlyArray<Ratio.Round>
  readonly speedup: Ratio.Interval
  readonly efficiency: Ratio.Interval
  readonly ceiling: Ratio.Interval
  /** The structural bound at this count (equal tasks); null for work that splits evenly. */
  readonly structuralBound: number | null
  /**
   * Per round, the bound of the tasks as measured on 1 thread in that round
   * (`Ratio.measuredBound` of the medians of each task's cost); the rounds'
   * bounds use it in place of `structuralBound`. Null when the workload does
   * not measure its tasks.
   */
  readonly measuredBound: Ratio.Interval | null
  /** Per round ceiling × min(1, task bound / threads). */
  readonly bound: Ratio.Interval
  /** Per round speedup / bound: the figure the targets are stated in. */
  readonly ratio: Ratio.Interval
  /** The workload's target for this ratio (at 2 threads only); null when none. */
  readonly target: number | null
  /** Whether the mean ratio meets the target; null without one. */
  readonly met: boolean | null
}

/**
 * One thread count of one workload.
 *
 * @since 0.1.0
 * @category models
 */
export interface CountResult {
  readonly threads: number
  /** More threads than the machine's cores. */
  readonly oversubscribed: boolean
  readonly timing: Summary
  /** Median of the 1-thread run / median of this one; null when 1 thread was not measured. */
  readonly speedup: number | null
  /** Median of the plain sequential loop / median of this one. */
  readonly speedupVsSequential: number
  /** Speedup (against the analysis baseline) / threads. */
  readonly efficiency: number
  /** Karp–Flatt serial fraction at this count (against the analysis baseline); null at 1 thread. */
  readonly karpFlatt: number | null
  /**
   * Share of the workers' time spent in tasks during the timed runs. The
   * 1-thread count runs on one worker too (`internal/pools.ts`); null at 1
   * thread only in older reports, where it ran inline on the main thread.
   */
  readonly utilisation: number | null
  readonly fingerprint: string
  /** Pool workers still alive after this count's pool closed (always 0, or the run fails). */
  readonly liveWorkersAfterClose: number
  /**
   * The ceiling kernel's milliseconds on each of the pool's workers right
   * before each timed sample, in order; null without the ceiling; absent in
   * older reports.
   */
  readonly paces?: ReadonlyArray<ReadonlyArray<number>> | null
  /**
   * The same right after each timed sample; a sample is judged against the
   * mean of the two. Null without the ceiling; absent in older reports
   * (which paced before each sample only).
   */
  readonly pacesAfter?: ReadonlyArray<ReadonlyArray<number>> | null
  /** Against the machine's ceiling; null at 1 thread (the ceiling is 1), without the 1-thread count, or when not measured; absent in older reports. */
  readonly ceiling?: CountCeiling | null
}

/**
 * The piscina baseline at one thread count.
 *
 * @since 0.1.0
 * @category models
 */
export interface PiscinaResult {
  readonly threads: number
  readonly oversubscribed: boolean
  readonly timing: Summary
  /** piscina's median / weft's median at the same count: above 1, weft is faster. */
  readonly weftVsPiscina: number
  readonly fingerprint: string
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Analysis {
  /** What speedups are measured against: the 1-thread weft run when it was measured, else the sequential loop. */
  readonly baseline: "1-thread" | "sequential"
  /** Amdahl's law fitted on the counts within the cores (oversubscribed counts are shown, not fitted); null without a count above 1. */
  readonly amdahl: Amdahl.Fit | null
  /** Why there is no fit, when there is none. */
  readonly amdahlNote?: string | null
  readonly verdict: Amdahl.Verdict
}

/**
 * How a workload is judged against the machine.
 *
 * @since 0.2.0
 * @category models
 */
export interface WorkloadScaling {
  readonly kernel: Ceiling.Kernel
  /** The kernel in words. */
  readonly against: string
  /** Its structure and the serial fraction it implies; null for work that splits evenly. */
  readonly structure: (Ratio.Structure & { readonly serialFraction: number }) | null
  /** The least ratio expected at 2 threads; null for none. */
  readonly target: number | null
}

/**
 * @since 0.1.0
 * @category models
 */
export interface WorkloadReport {
  readonly name: string
  readonly title: string
  readonly description: string
  readonly size: Readonly<Record<string, unknown>>
  /** The plain loop on the main thread: no pool, no workers. Its result is the reference. */
  readonly sequential: { readonly timing: Summary; readonly fingerprint: string }
  readonly counts: ReadonlyArray<CountResult>
  /** Batch inference only, unless disabled. */
  readonly piscina: ReadonlyArray<PiscinaResult> | null
  readonly analysis: Analysis
  /** Absent in older reports. */
  readonly scaling?: WorkloadScaling
}

/**
 * The machine's load while the benchmark ran.
 *
 * @since 0.2.0
 * @category models
 */
export interface Load {
  /** The 1-minute load average after every measurement. */
  readonly samples: ReadonlyArray<number>
  readonly max: number
  /** The load passed the machine's cores at some point (the benchmark's own threads count too). */
  readonly exceededCores: boolean
}

/**
 * Everything a benchmark run measured, with the machine and the settings:
 * what `writeReports` saves as JSON and `compareReports` compares.
 *
 * @since 0.1.0
 * @category models
 */
export interface ScalabilityReport {
  readonly format: typeof FORMAT
  readonly createdAt: string
  readonly machine: Machine
  /** The version and commit measured; absent in older reports. */
  readonly software?: Software
  /** Absent in older reports. */
  readonly load?: Load
  readonly settings: {
    readonly threads: ReadonlyArray<number>
    readonly repeats: number
    /** Timed milliseconds each count gathers per round (more repeats for short workloads); absent in older reports. */
    readonly minTimedMs?: number
    readonly warmups: number
    /** Rounds over the whole sequence (1 in reports made before rounds existed). */
    readonly rounds?: number
    readonly size: "default" | "quick"
    readonly seed: number
    readonly transport: Transport | null
    /** Whether garbage was collected before each run. */
    readonly gc: boolean
    /** The ceiling kernels' sizes, or null when the ceiling was not measured; absent in older reports. */
    readonly ceiling?: Ceiling.Size | null
  }
  readonly workloads: ReadonlyArray<WorkloadReport>
  readonly batchScaling: BatchScalingReport | null
}

interface Settings {
  readonly entries: ReadonlyArray<Workload>
  readonly threads: ReadonlyArray<number>
  readonly rounds: number
  readonly measure: MeasureOptions
  readonly size: "default" | "quick"
  readonly seed: number
  readonly cores: number
  readonly options: ScalabilityOptions
  readonly ceiling: { readonly size: Ceiling.Size; readonly buffers: Ceiling.Buffers } | null
  /** Called after every measurement: samples the load average. */
  readonly onMeasured: () => void
}

/** Checks the options once, at the edge. */
const resolve = (options: ScalabilityOptions, cores: number): Effect.Effect<Settings, InvalidOption> =>
  Effect.gen(function* () {
    const asked = options.workloads ?? "all"
    const list = asked === "all" ? workloadNames : asked
    if (list.length === 0) return yield* Effect.fail(new InvalidOption({ option: "workloads", value: [], reason: "must name at least one workload" }))
    const entries: Array<Workload> = []
    for (const item of list) {
      if (typeof item === "string") {
        if (!isWorkloadName(item)) {
          return yield* Effect.fail(new InvalidOption({ option: "workload", value: item, reason: `unknown; known: ${workloadNames.join(", ")}` }))
        }
        entries.push(workloads[item] as Workload)
      } else {
        entries.push(item)
      }
    }
    const names = entries.map((w) => w.name)
    if (new Set(names).size !== names.length) {
      return yield* Effect.fail(new InvalidOption({ option: "workloads", value: names, reason: "must not name a workload twice" }))
    }
    const threads = options.threads ?? [1, 2, 4, 8, 16]
    if (threads.length === 0) return yield* Effect.fail(new InvalidOption({ option: "threads", value: [], reason: "must list at least one thread count" }))
    for (const n of threads) yield* Options.integer("threads", n, { min: 1 })
    if (new Set(threads).size !== threads.length) {
      return yield* Effect.fail(new InvalidOption({ option: "threads", value: threads, reason: "must not repeat a count" }))
    }
    const repeats = yield* Options.integer("repeats", options.repeats ?? 5, { min: 1 })
    const warmups = yield* Options.integer("warmups", options.warmups ?? 1, { min: 0 })
    const rounds = yield* Options.integer("rounds", options.rounds ?? 1, { min: 1 })
    const seed = yield* Options.integer("seed", options.seed ?? 42, { min: 0 })
    const minTimedMs = yield* Options.integer("minTimedMs", options.minTimedMs ?? (options.size === "quick" ? 0 : 1500), { min: 0 })
    if (seed > 0xffffffff) return yield* Effect.fail(new InvalidOption({ option: "seed", value: seed, reason: "must be at most 2^32 - 1" }))
    const size = options.size ?? "default"
    if (size !== "default" && size !== "quick") {
      return yield* Effect.fail(new InvalidOption({ option: "size", value: size, reason: 'must be "default" or "quick"' }))
    }
    const threshold = options.efficiencyThreshold
    if (threshold !== undefined && !(typeof threshold === "number" && threshold > 0 && threshold <= 1)) {
      return yield* Effect.fail(new InvalidOption({ option: "efficiencyThreshold", value: threshold, reason: "must be in (0, 1]" }))
    }
    for (const [name, override] of Object.entries(options.sizes ?? {})) {
      if (!isWorkloadName(name)) return yield* Effect.fail(new InvalidOption({ option: "sizes", value: name, reason: "unknown workload" }))
      const known = Object.keys(workloads[name].sizes.default)
      for (const key of Object.keys(override ?? {})) {
        if (!known.includes(key)) {
          return yield* Effect.fail(new InvalidOption({ option: `sizes.${name}`, value: key, reason: `unknown size parameter; known: ${known.join(", ")}` }))
        }
      }
    }
    return { entries, threads, rounds, measure: { repeats, warmups, gc: options.gc ?? true, minTimedMs }, size, seed, cores, options, ceiling: null, onMeasured: () => {} }
  })

const plural = (n: number): string => (n === 1 ? "" : "s")

const PaceTasks = TaskModule.make<typeof import("./worker/paceTask.js")>(new URL("./worker/paceTask.js", import.meta.url))

/** What one round measured of one count. */
interface RoundOfCount {
  readonly samples: ReadonlyArray<number>
  /** The kernel's milliseconds on each worker right before each sample; empty without the ceiling. */
  readonly paces: ReadonlyArray<ReadonlyArray<number>>
  /** The same right after each sample. */
  readonly pacesAfter: ReadonlyArray<ReadonlyArray<number>>
  /** Each timed run's task costs, when the workload measures them. */
  readonly costs: ReadonlyArray<ReadonlyArray<number>>
  /** Workers' busy time over the samples' wall time (the pacing kernel excluded). */
  readonly utilisation: number | null
  readonly fingerprint: string
}

/** Each count's samples through a round, and the pacing kernels before them. */
interface Taken {
  samples: Array<number>
  paces: Array<ReadonlyArray<number>>
  pacesAfter: Array<ReadonlyArray<number>>
  costs: Array<ReadonlyArray<number>>
  busy: number
}

/**
 * One round of every count: a fresh pool per count, all open at once (idle
 * workers wait on their message port and take no CPU); the warm-ups; then
 * the timed samples interleaved, one of each count in order, then one of
 * each in reverse order (1, 2, 2, 1, ...), so that every count's samples
 * spread over the same seconds. With the ceiling on, the workload's kernel
 * runs on every worker of a count's pool right before each of its samples
 * and right after it; each worker's pace for the sample is the mean of the
 * two.
 * Every pool is closed, and its workers gone, before the round returns.
 */
const measureRound = (
  workload: Workload,
  data: unknown,
  reference: string,
  settings: Settings,
  baselineWorkers: number,
  kernel: Ceiling.Kernel
): Effect.Effect<
  { readonly counts: ReadonlyArray<RoundOfCount>; readonly live: number },
  InvalidInput | TaskError | ResultMismatch | WorkersLeftBehind | CeilingError
> =>
  Effect.gen(function* () {
    const ceiling = settings.ceiling
    const taken: Array<Taken> = settings.threads.map(() => ({ samples: [], paces: [], pacesAfter: [], costs: [], busy: 0 }))
    const taskCosts = workload.scaling?.taskCosts
    yield* withPools(settings.threads, settings.options.transport, (pools) =>
      Effect.gen(function* () {
        const pace = ceiling === null ? null : yield* Effect.forEach(pools, (pool) => pool.load(PaceTasks))
        const jobs = ceiling === null ? null : settings.threads.map((t) => Ceiling.jobsFor(kernel, ceiling.size, t))
        const warmJobs = ceiling === null ? null : settings.threads.map((t) => Ceiling.jobsFor(kernel, Ceiling.warmUpSize(ceiling.size), t))
        /** The kernel on every worker of count i's pool at once; each worker's own milliseconds. */
        const paceOn = (i: number, which: ReadonlyArray<ReadonlyArray<Ceiling.KernelJob>>) =>
          Effect.forEach(which[i], (job) => pace![i].pace(job, ceiling!.buffers), { concurrency: "unbounded" }).pipe(
            Effect.map((done) => done.map((d) => d.ms)),
            Effect.mapError((e) => new CeilingError({ threads: settings.threads[i], reason: e.message }))
          )
        /** One run of count i, checked against the reference; its wall time. */
        const once = (i: number, timed: boolean) =>
          Effect.gen(function* () {
            const pool = pools[i]
            const threads = settings.threads[i]
            if (timed) yield* pool.resetStats
            collectGarbage(settings.measure.gc)
            const start = performance.now()
            const result = yield* workload.runWeft(data).pipe(Effect.provideService(WorkerPool.WorkerPool, pool))
            const ms = performance.now() - start
            const actual = workload.fingerprint(result)
            if (actual !== reference) {
              return yield* Effect.fail(
                new ResultMismatch({ workload: workload.name, run: `weft, ${threads} thread${plural(threads)}`, expected: reference, actual })
              )
            }
            if (timed) {
              const stats = yield* pool.stats
              taken[i].busy += stats.workers.reduce((a, w) => a + w.busyMs, 0)
              const costs = taskCosts?.(result)
              if (costs !== undefined) taken[i].costs.push(costs)
            }
            return ms
          })
        for (const [i] of pools.entries()) {
          for (let w = 0; w < settings.measure.warmups; w++) yield* once(i, false)
          if (warmJobs !== null) yield* paceOn(i, warmJobs)
        }
        const order = pools.map((_, i) => i)
        const { repeats, minTimedMs = 0 } = settings.measure
        const most = Math.max(repeats, settings.measure.maxRepeats ?? 4 * repeats)
        // Every count gets as many samples; past `repeats`, more while some count's samples add up to less than minTimedMs.
        const more = (k: number) => k < repeats || (minTimedMs > 0 && k < most && taken.some((t) => sum(t.samples) < minTimedMs))
        for (let k = 0; more(k); k++) {
          for (const i of k % 2 === 0 ? order : [...order].reverse()) {
            if (jobs !== null) taken[i].paces.push(yield* paceOn(i, jobs))
            taken[i].samples.push(yield* once(i, true))
            // The kernel again right after: a slow stretch that starts or ends during the sample shows in one of the two.
            if (jobs !== null) taken[i].pacesAfter.push(yield* paceOn(i, jobs))
          }
        }
      })
    )
    const live = yield* settle(baselineWorkers, workload.name, Math.max(...settings.threads))
    return {
      live,
      counts: taken.map((t, i): RoundOfCount => {
        const size = settings.threads[i]
        const wall = sum(t.samples)
        return {
          samples: t.samples,
          paces: t.paces,
          pacesAfter: t.pacesAfter,
          costs: t.costs,
          utilisation: wall === 0 ? null : t.busy / (size * wall),
          fingerprint: reference
        }
      })
    }
  })

const sum = (xs: ReadonlyArray<number>): number => xs.reduce((a, b) => a + b, 0)

/** Each worker's kernel time around a sample: the mean of its time right before and right after. */
const bracket = (before: ReadonlyArray<number>, after: ReadonlyArray<number>): Array<number> => before.map((b, w) => (b + after[w]) / 2)

/** Speedups, efficiency, Karp–Flatt and the verdict from the medians. */
const analyse = (
  sequential: Summary,
  raw: ReadonlyArray<{ threads: number; oversubscribed: boolean; timing: Summary; utilisation: number | null; fingerprint: string; live: number }>,
  cores: number,
  efficiencyThreshold: number | undefined
): { counts: Array<CountResult>; analysis: Analysis } => {
  const one = raw.find((r) => r.threads === 1)
  const baseline = one === undefined ? "sequential" : "1-thread"
  const base = one === undefined ? sequential.median : one.timing.median
  const counts = raw.map((r): CountResult => {
    const s = base / r.timing.median
    return {
      threads: r.threads,
      oversubscribed: r.oversubscribed,
      timing: r.timing,
      speedup: one === undefined ? null : one.timing.median / r.timing.median,
      speedupVsSequential: sequential.median / r.timing.median,
      efficiency: s / r.threads,
      karpFlatt: Amdahl.karpFlatt(r.threads, s) ?? null,
      utilisation: r.utilisation,
      fingerprint: r.fingerprint,
      liveWorkersAfterClose: r.live
    }
  })
  const points = counts.map((c) => ({ threads: c.threads, speedup: c.efficiency * c.threads, oversubscribed: c.oversubscribed }))
  const fitted = points.filter((q) => !q.oversubscribed && q.threads > 1)
  // One count above 1 gives p exactly (it is the Karp–Flatt fraction), with nothing to test the law against.
  const amdahl = fitted.length >= 2 ? Amdahl.fit(fitted) : undefined
  const amdahlNote =
    amdahl !== undefined
      ? null
      : `not fitted: ${fitted.length === 0 ? "no" : "one"} thread count above 1 within the cores; Amdahl's p needs at least 3 counts (1 and two more), ` +
        "since one count above 1 determines p exactly (it is the Karp–Flatt fraction) and leaves nothing to check the law against"
  return {
    counts,
    analysis: {
      baseline,
      amdahl: amdahl ?? null,
      amdahlNote,
      verdict: Amdahl.verdict(points, amdahl, { cores, efficiency: efficiencyThreshold })
    }
  }
}

/** How `workload` is judged: its kernel, structure and target (defaults for a workload that says nothing). */
const scalingOf = (workload: Workload, size: object): WorkloadScaling => {
  const kernel = workload.scaling?.kernel ?? "gemm"
  const structure = workload.scaling?.structure?.(size) ?? null
  return {
    kernel,
    against: Ceiling.kernelText[kernel],
    structure: structure === null ? null : { ...structure, serialFraction: Ratio.serialFraction(structure) },
    target: workload.scaling?.target ?? null
  }
}

/** Each task's median cost over the runs of a round; null when the runs measured none or disagree on the tasks. */
const medianCosts = (runs: ReadonlyArray<ReadonlyArray<number>>): ReadonlyArray<number> | null => {
  if (runs.length === 0) return null
  const n = runs[0].length
  if (n === 0 || runs.some((r) => r.length !== n)) return null
  return Array.from({ length: n }, (_, i) => median(runs.map((r) => r[i])))
}

/**
 * The tasks a round's samples are judged against: the task times measured
 * on 1 thread in that round where the workload measures them, else the
 * structure's equal tasks; null for work of many small tasks.
 */
const tasksOf = (scaling: WorkloadScaling, base: RoundOfCount): Ratio.Tasks | null => {
  if (scaling.structure === null) return null
  const costs = medianCosts(base.costs)
  if (costs === null) return { costs: new Array<number>(scaling.structure.tasks).fill(1), serial: scaling.structure.serial }
  return { costs, serial: (scaling.structure.serial * sum(costs)) / costs.length }
}

/** The paced samples of one round of one count. */
const pacedOf = (r: RoundOfCount): Array<Ratio.PacedSample> => r.samples.map((ms, k) => ({ ms, pace: bracket(r.paces[k], r.pacesAfter[k]) }))

/**
 * A count against the ceiling, round by round (`Ratio.roundOf` of the
 * round's 1-thread and T-thread paced samples), with the bound of the tasks
 * as measured on 1 thread in that round where the workload measures them.
 */
const countCeiling = (
  threads: number,
  base: ReadonlyArray<RoundOfCount>,
  rounds: ReadonlyArray<RoundOfCount>,
  scaling: WorkloadScaling
): CountCeiling => {
  const structural = scaling.structure === null ? null : Ratio.structuralBound(scaling.structure, threads)
  const costs = base.map((r) => medianCosts(r.costs))
  const measured = costs.some((c) => c === null) ? null : costs.map((c) => Ratio.measuredBound(c!, 0, threads))
  const perRound = rounds.map((r, k) => Ratio.roundOf(pacedOf(base[k]), pacedOf(r), scaling.kernel, tasksOf(scaling, base[k])))
  const ratio = Ratio.meanInterval(perRound.map((r) => r.ratio))
  const target = threads === 2 ? scaling.target : null
  return {
    kernel: scaling.kernel,
    rounds: perRound,
    speedup: Ratio.meanInterval(perRound.map((r) => r.speedup)),
    efficiency: Ratio.meanInterval(perRound.map((r) => r.efficiency)),
    ceiling: Ratio.meanInterval(perRound.map((r) => r.ceiling)),
    structuralBound: structural,
    measuredBound: measured === null ? null : Ratio.meanInterval(measured),
    bound: Ratio.meanInterval(perRound.map((r) => r.bound)),
    ratio,
    target,
    met: target === null ? null : ratio.mean >= target
  }
}

const setupData = (workload: Workload, size: object, seed: number): Effect.Effect<unknown, InvalidOption> =>
  Effect.try({
    try: () => workload.setup(size, seed),
    catch: (e) =>
      e instanceof InvalidOption ? e : new InvalidOption({ option: `${workload.name} size`, value: size, reason: e instanceof Error ? e.message : String(e) })
  })

const runWorkload = (
  workload: Workload,
  settings: Settings,
  baselineWorkers: number
): Effect.Effect<WorkloadReport, InvalidInput | TaskError | ResultMismatch | WorkersLeftBehind | CeilingError> =>
  Effect.gen(function* () {
    const name = workload.name
    const override = isWorkloadName(name) && workload === workloads[name] ? settings.options.sizes?.[name] : undefined
    const size = { ...workload.sizes[settings.size], ...(override ?? {}) }
    const description = workload.describe(size)
    const progress = settings.options.onProgress ?? (() => {})
    progress({ _tag: "WorkloadStarted", workload: name, description })
    const data = yield* setupData(workload, size, settings.seed)
    const scaling = scalingOf(workload, size)
    const oneIndex = settings.threads.indexOf(1)

    // Round after round: the sequential loop, then every count, their samples interleaved.
    let reference: string | undefined
    const sequentialSamples: Array<number> = []
    const perCount: Array<Array<RoundOfCount>> = settings.threads.map(() => [])
    let live = 0
    for (let round = 0; round < settings.rounds; round++) {
      const sequential = yield* measure(
        Effect.sync(() => workload.runSequential(data)),
        { fingerprint: workload.fingerprint, expected: reference, workload: name, label: "the sequential loop" },
        settings.measure
      )
      reference = sequential.fingerprint
      sequentialSamples.push(...sequential.samples)
      settings.onMeasured()
      progress({ _tag: "Measured", workload: name, run: "sequential", threads: 1, timing: summarize(sequential.samples) })
      const m = yield* measureRound(workload, data, reference, settings, baselineWorkers, scaling.kernel)
      live = Math.max(live, m.live)
      settings.onMeasured()
      for (const [i, threads] of settings.threads.entries()) {
        perCount[i].push(m.counts[i])
        progress({ _tag: "Measured", workload: name, run: "weft", threads, timing: summarize(m.counts[i].samples) })
      }
      if (settings.ceiling !== null && oneIndex !== -1) {
        for (const [i, threads] of settings.threads.entries()) {
          if (threads === 1) continue
          const r = Ratio.roundOf(pacedOf(m.counts[oneIndex]), pacedOf(m.counts[i]), scaling.kernel, tasksOf(scaling, m.counts[oneIndex]))
          progress({ _tag: "CeilingMeasured", workload: name, threads, round: r })
        }
      }
    }
    const sequentialTiming = summarize(sequentialSamples)
    const raw = settings.threads.map((threads, i) => {
      const rounds = perCount[i]
      const utilisations = rounds.flatMap((r) => (r.utilisation === null ? [] : [r.utilisation]))
      return {
        threads,
        oversubscribed: threads > settings.cores,
        timing: summarize(rounds.flatMap((r) => r.samples)),
        utilisation: utilisations.length === 0 ? null : utilisations.reduce((a, b) => a + b, 0) / utilisations.length,
        fingerprint: reference!,
        live
      }
    })
    const analysed = analyse(sequentialTiming, raw, settings.cores, settings.options.efficiencyThreshold)
    const counts = analysed.counts.map((c, i): CountResult => ({
      ...c,
      paces: settings.ceiling === null ? null : perCount[i].flatMap((r) => r.paces),
      pacesAfter: settings.ceiling === null ? null : perCount[i].flatMap((r) => r.pacesAfter),
      ceiling:
        settings.ceiling === null || c.threads === 1 || oneIndex === -1 ? null : countCeiling(c.threads, perCount[oneIndex], perCount[i], scaling)
    }))
    const analysis = analysed.analysis

    let piscina: Array<PiscinaResult> | null = null
    if (workload === workloads["batch-inference"] && settings.options.piscina !== false) {
      piscina = yield* Effect.forEach(counts, (c) =>
        Effect.map(Piscina.measureInference(data as InferenceData, c.threads, settings.measure, reference!), (m) => {
          const timing = summarize(m.samples)
          progress({ _tag: "Measured", workload: name, run: "piscina", threads: c.threads, timing })
          return { threads: c.threads, oversubscribed: c.oversubscribed, timing, weftVsPiscina: timing.median / c.timing.median, fingerprint: m.fingerprint }
        })
      )
    }
    return {
      name,
      title: workload.title,
      description,
      size,
      sequential: { timing: sequentialTiming, fingerprint: reference! },
      counts,
      piscina,
      analysis,
      scaling
    }
  })

/**
 * Runs the scalability benchmark. Each thread count gets its own pool,
 * closed (and its workers gone) before the next count starts; each workload
 * is also timed as a plain loop on the main thread, whose result every other
 * run must match bit for bit (else `ResultMismatch`). Fails with
 * `InvalidOption` for bad options, and with the work's own errors.
 *
 * @example
 * import { runScalability, renderTable } from "@weft/bench"
 * import { Effect } from "effect"
 *
 * const report = await Effect.runPromise(runScalability({ workloads: ["batch-inference"], threads: [1, 2, 4], size: "quick" }))
 * console.log(renderTable(report))
 * @since 0.1.0
 * @category running
 */
export const runScalability = (
  options: ScalabilityOptions = {}
): Effect.Effect<ScalabilityReport, InvalidInput | TaskError | ResultMismatch | WorkersLeftBehind | CeilingError> =>
  Effect.gen(function* () {
    const machine = describeMachine()
    const software = describeSoftware()
    const resolved = yield* resolve(options, machine.cores)
    const loadSamples: Array<number> = [os.loadavg()[0]]
    const ceilingSize = resolved.size === "quick" ? Ceiling.sizes.quick : Ceiling.sizes.default
    const settings: Settings = {
      ...resolved,
      ceiling: options.ceiling === false ? null : { size: ceilingSize, buffers: Ceiling.makeBuffers(ceilingSize) },
      onMeasured: () => {
        loadSamples.push(os.loadavg()[0])
      }
    }
    const createdAt = new Date().toISOString()
    const baselineWorkers = WorkerPool.liveWorkers()
    const reports = yield* Effect.forEach(settings.entries, (workload) => runWorkload(workload, settings, baselineWorkers))

    let batchScaling: BatchScalingReport | null = null
    const wantBatchScaling = options.batchScaling ?? settings.entries.includes(workloads["batch-inference"] as Workload)
    if (wantBatchScaling !== false) {
      const custom = typeof options.batchScaling === "object" ? options.batchScaling : {}
      const inCores = settings.threads.filter((n) => n <= machine.cores && n > 1)
      const quick = settings.size === "quick"
      batchScaling = yield* runBatchScaling({
        threads: inCores.length > 0 ? Math.max(...inCores) : Math.max(...settings.threads),
        repeats: settings.measure.repeats,
        warmups: settings.measure.warmups,
        seed: settings.seed,
        gc: settings.measure.gc,
        transport: options.transport,
        ...(quick ? { batches: [10, 50, 100], rowsPerBatch: 8, hidden: [16, 16] } : {}),
        ...custom
      }).pipe(
        Effect.tap((report) =>
          Effect.sync(() => {
            for (const row of report.rows) settings.options.onProgress?.({ _tag: "Measured", workload: "batch scaling", run: "batch scaling", threads: row.batches, timing: row.weft })
          })
        )
      )
    }
    const maxLoad = Math.max(...loadSamples)
    return {
      format: FORMAT,
      createdAt,
      machine,
      software,
      load: { samples: loadSamples.map((x) => Math.round(x * 100) / 100), max: Math.round(maxLoad * 100) / 100, exceededCores: maxLoad > machine.cores },
      settings: {
        threads: settings.threads,
        repeats: settings.measure.repeats,
        minTimedMs: settings.measure.minTimedMs ?? 0,
        warmups: settings.measure.warmups,
        rounds: settings.rounds,
        size: settings.size,
        seed: settings.seed,
        transport: options.transport ?? null,
        gc: settings.measure.gc && gcAvailable(),
        ceiling: settings.ceiling === null ? null : settings.ceiling.size
      },
      workloads: reports,
      batchScaling
    }
  })
