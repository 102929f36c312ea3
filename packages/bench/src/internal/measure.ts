/**
 * The timing loop every run goes through: warm-ups, then timed repeats, each
 * result's fingerprint checked against the reference, garbage collected
 * (with or without `node --expose-gc`) before each run and outside its time.
 *
 * The collection is `gc({ type: "major" })`, not a bare `gc()`. The bare call
 * is V8's collection "for testing", which leaves the main isolate slow for
 * the run that follows: measured on the 2-core VM (cross-validation, 6,000
 * rows, run inline on the main thread, 12 runs each way under load 17-18),
 * the runs after a bare `gc()` took 352-541 ms of CPU time, those after
 * `gc({ type: "major" })` 164-343 ms and those after no collection 174-345 ms
 * (docs/BENCHMARKS.md, "Why 2 threads beat 2x"). It touches only the main
 * isolate, so it slowed exactly the samples that ran there (the 1-thread
 * pool's, inline, and the sequential loop's) and made 2 threads look more
 * than twice as fast as 1.
 */
import { Effect } from "effect"
import { setFlagsFromString } from "node:v8"
import { runInNewContext } from "node:vm"
import { ResultMismatch } from "../Errors.js"

export interface MeasureOptions {
  readonly warmups: number
  readonly repeats: number
  readonly gc: boolean
  /**
   * Keep timing past `repeats` until the timed runs add up to this many
   * milliseconds (0 or absent: exactly `repeats`), but no more than
   * `maxRepeats` runs: short workloads get more samples, long ones none extra.
   */
  readonly minTimedMs?: number | undefined
  /** The most timed runs `minTimedMs` may ask for; default 4 × `repeats`. */
  readonly maxRepeats?: number | undefined
}

export interface Measured {
  /** Milliseconds of each timed repeat, in order. */
  readonly samples: ReadonlyArray<number>
  readonly fingerprint: string
}

type Collect = (options: { type: "major"; execution: "sync" }) => void

/**
 * V8's `gc` function: the global one under `node --expose-gc`, else one
 * taken from a fresh context after turning the flag on (Node's documented
 * way to reach it at run time), so that `weft bench` collects between runs
 * as `node --expose-gc` would. The global object is left as it was.
 */
let collector: Collect | null | undefined
const gcFunction = (): Collect | null => {
  if (collector !== undefined) return collector
  const global = (globalThis as { gc?: unknown }).gc
  if (typeof global === "function") return (collector = global as Collect)
  try {
    setFlagsFromString("--expose-gc")
    const found: unknown = runInNewContext("gc")
    collector = typeof found === "function" ? (found as Collect) : null
  } catch {
    collector = null
  }
  return collector
}

/** Whether this process can collect garbage on request. */
export const gcAvailable = (): boolean => gcFunction() !== null

/** A major collection of this isolate, outside any timed run (see the module's note on why not a bare `gc()`). */
export const collectGarbage = (enabled: boolean): void => {
  if (enabled) gcFunction()?.({ type: "major", execution: "sync" })
}

/**
 * Runs `run` `warmups + repeats` times and times the last `repeats` (more,
 * up to `maxRepeats`, while the timed runs add up to less than `minTimedMs`). Every
 * result must have the fingerprint `expected` (or, without one, the first
 * run's). `beforeTimed` runs once between the warm-ups and the timed runs;
 * `beforeEachTimed`, if given, right before each timed run (outside its time).
 */
export const measure = <R, E, Q, E2 = never>(
  run: Effect.Effect<R, E, Q>,
  check: { readonly fingerprint: (result: R) => string; readonly expected: string | undefined; readonly workload: string; readonly label: string },
  options: MeasureOptions,
  beforeTimed: Effect.Effect<void> = Effect.void,
  beforeEachTimed?: Effect.Effect<void, E2>
): Effect.Effect<Measured, E | E2 | ResultMismatch, Q> =>
  Effect.gen(function* () {
    const samples: Array<number> = []
    let expected = check.expected
    const minTimed = options.minTimedMs ?? 0
    const most = Math.max(options.repeats, options.maxRepeats ?? 4 * options.repeats)
    let timed = 0
    const more = (i: number): boolean =>
      i < options.warmups + options.repeats || (minTimed > 0 && timed < minTimed && samples.length < most)
    for (let i = 0; more(i); i++) {
      if (i === options.warmups) yield* beforeTimed
      if (i >= options.warmups && beforeEachTimed !== undefined) yield* beforeEachTimed
      collectGarbage(options.gc)
      const start = performance.now()
      const result = yield* run
      const ms = performance.now() - start
      const actual = check.fingerprint(result)
      if (expected === undefined) expected = actual
      if (actual !== expected) {
        return yield* Effect.fail(new ResultMismatch({ workload: check.workload, run: check.label, expected, actual }))
      }
      if (i >= options.warmups) {
        samples.push(ms)
        timed += ms
      }
    }
    return { samples, fingerprint: expected! }
  })
