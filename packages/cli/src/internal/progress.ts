/**
 * A progress bar on stderr for runs longer than a second: tasks done of the
 * total, elapsed time and an estimate of the time left. It counts what the
 * pool reports as finished (polled every 100 ms), so it shows real work, not
 * a guess. Off when stderr is not a terminal, and with --quiet; then, with
 * --verbose, a plain line every 10 s instead (for logs and CI).
 */
import { WorkerPool } from "@weft/pool"
import { Effect, Schedule } from "effect"

/** @internal The parts of one frame. */
export interface Frame {
  readonly label: string
  /** What is counted, plural: "folds", "fits". */
  readonly unit: string
  readonly done: number
  readonly total: number
  readonly elapsedMs: number
  /** Terminal width; the line is cut to fit. */
  readonly columns: number
}

/** `0.8s`, `12s`, `3m05s`. */
export const formatDuration = (ms: number): string => {
  if (!Number.isFinite(ms) || ms < 0) return "?"
  const s = ms / 1000
  if (s < 10) return `${s.toFixed(1)}s`
  if (s < 60) return `${Math.round(s)}s`
  const m = Math.floor(s / 60)
  return `${m}m${String(Math.round(s - 60 * m)).padStart(2, "0")}s`
}

/** One line of the bar: `cv ridge ██████░░░░░░ 3/5 folds  1.2s  ETA 0.8s`. The ETA assumes the rest goes as fast as what is done. */
export const render = (frame: Frame): string => {
  const done = Math.min(frame.done, frame.total)
  const fraction = frame.total === 0 ? 1 : done / frame.total
  const width = 20
  const filled = Math.round(fraction * width)
  const bar = "█".repeat(filled) + "░".repeat(width - filled)
  const eta = done === 0 ? "ETA ?" : `ETA ${formatDuration((frame.elapsedMs / done) * (frame.total - done))}`
  const line = `${frame.label} ${bar} ${done}/${frame.total} ${frame.unit}  ${formatDuration(frame.elapsedMs)}  ${eta}`
  return line.length > frame.columns ? line.slice(0, Math.max(0, frame.columns - 1)) : line
}

/** Whether a bar would be seen: stderr is a terminal and --quiet is off. */
export const enabled = (quiet: boolean): boolean => !quiet && process.stderr.isTTY === true

const CLEAR_LINE = "\r\u001b[K"

/** How often --verbose notes progress when there is no bar. */
export const PLAIN_EVERY_MS = 10_000

/** A plain progress line: `weft: grid ridge: 1200/50000 fits, 10s, ETA 6m40s`. */
export const plainLine = (frame: Omit<Frame, "columns">): string => {
  const done = Math.min(frame.done, frame.total)
  const eta = done === 0 ? "ETA ?" : `ETA ${formatDuration((frame.elapsedMs / done) * (frame.total - done))}`
  return `weft: ${frame.label}: ${done}/${frame.total} ${frame.unit}, ${formatDuration(frame.elapsedMs)}, ${eta}`
}

/**
 * Runs `effect` with a bar of `done` (read every 100 ms) out of `total`,
 * shown after a second and erased when the effect ends (by success, failure
 * or interrupt). `label` is read with each frame, so it can say what runs now.
 */
export const showing =
  (
    options: {
      readonly label: string | (() => string)
      readonly unit: string
      readonly total: number
      readonly quiet: boolean
      /** Without a bar, note progress on stderr every 10 s. */
      readonly verbose?: boolean | undefined
    },
    done: Effect.Effect<number>
  ) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> => {
    if (!enabled(options.quiet)) return options.verbose === true && !options.quiet ? plainly(options, done)(effect) : effect
    return Effect.scoped(
      Effect.gen(function* () {
        const start = performance.now()
        let shown = false
        const draw = Effect.flatMap(done, (count) =>
          Effect.sync(() => {
            shown = true
            const frame = render({
              label: typeof options.label === "string" ? options.label : options.label(),
              unit: options.unit,
              total: options.total,
              done: count,
              elapsedMs: performance.now() - start,
              columns: process.stderr.columns > 0 ? process.stderr.columns : 80
            })
            process.stderr.write(CLEAR_LINE + frame)
          })
        )
        // Added first, so it runs last: after the drawing fiber is interrupted.
        yield* Effect.addFinalizer(() => Effect.sync(() => void (shown && process.stderr.write(CLEAR_LINE))))
        yield* Effect.forkScoped(Effect.delay(Effect.repeat(draw, Schedule.spaced("100 millis")), "1 second"))
        return yield* effect
      })
    )
  }

/** Runs `effect` noting progress as a plain line on stderr every 10 s (stderr is not a terminal). */
const plainly =
  (options: { readonly label: string | (() => string); readonly unit: string; readonly total: number }, done: Effect.Effect<number>) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.scoped(
      Effect.gen(function* () {
        const start = performance.now()
        const note = Effect.flatMap(done, (count) =>
          Effect.sync(() => {
            const label = typeof options.label === "string" ? options.label : options.label()
            process.stderr.write(`${plainLine({ label, unit: options.unit, total: options.total, done: count, elapsedMs: performance.now() - start })}\n`)
          })
        )
        yield* Effect.forkScoped(Effect.repeat(Effect.delay(note, `${PLAIN_EVERY_MS} millis`), Schedule.forever))
        return yield* effect
      })
    )

/**
 * Runs `effect` (loading data) with a line on stderr said before it starts:
 * `loading big.csv (120 MB)...` on a terminal, erased when it ends (a bar
 * takes its place after a second when the load runs on a pool); with
 * --verbose and stderr not a terminal, `weft: loading big.csv (120 MB)` and,
 * when it ends, how long it took. Said before, not from a timer, because a
 * load on one thread holds the event loop until it is done: a 6 s read of a
 * file would otherwise print nothing at all. Nothing with --quiet.
 */
export const announcing =
  (label: string, options: { readonly quiet: boolean; readonly verbose?: boolean | undefined }) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> => {
    if (options.quiet) return effect
    if (process.stderr.isTTY === true) {
      return Effect.acquireUseRelease(
        Effect.sync(() => void process.stderr.write(`${CLEAR_LINE}${label}...`)),
        () => effect,
        () => Effect.sync(() => void process.stderr.write(CLEAR_LINE))
      )
    }
    if (options.verbose !== true) return effect
    return Effect.suspend(() => {
      const start = performance.now()
      process.stderr.write(`weft: ${label}\n`)
      return Effect.tap(effect, () => Effect.sync(() => void process.stderr.write(`weft: ${label}: done in ${formatDuration(performance.now() - start)}\n`)))
    })
  }

/**
 * Runs `effect` with a bar counting the items the pool finishes from now on
 * (done or failed, on a worker or inline), out of `total`.
 */
export const track =
  (options: { readonly label: string; readonly unit: string; readonly total: number; readonly quiet: boolean; readonly verbose?: boolean | undefined }) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R | WorkerPool.WorkerPool> =>
    Effect.gen(function* () {
      const pool = yield* WorkerPool.WorkerPool
      // `inline` counts items already in `completed` or `failed`.
      const finished = Effect.map(pool.stats, (s) => s.completed + s.failed)
      const base = yield* finished
      return yield* showing(options, Effect.map(finished, (n) => n - base))(effect)
    })
