/**
 * The ways a benchmark run can fail besides the errors of the work it
 * measures (`InvalidOption`, `TaskFailed`, ... from `@weft/core`).
 *
 * @since 0.1.0
 */
import { Data } from "effect"

/**
 * A run gave a different answer from the reference (the plain sequential
 * loop): the benchmark stops rather than report the speed of a wrong result.
 *
 * @example
 * runScalability(options).pipe(Effect.catchTag("ResultMismatch", (e) => Console.error(`${e.workload} (${e.run}) differs`)))
 * @since 0.1.0
 * @category errors
 */
export class ResultMismatch extends Data.TaggedError("ResultMismatch")<{
  readonly workload: string
  /** Which run differed, e.g. "weft, 4 threads" or "piscina, 2 threads". */
  readonly run: string
  /** Fingerprint of the reference result. */
  readonly expected: string
  readonly actual: string
}> {
  override get message(): string {
    return `${this.workload}: the result of ${this.run} (${this.actual.slice(0, 12)}) differs from the sequential result (${this.expected.slice(0, 12)})`
  }
}

/**
 * Worker threads were still alive after a thread count's pool was closed, so
 * the next count would have shared the machine with them.
 *
 * @since 0.1.0
 * @category errors
 */
export class WorkersLeftBehind extends Data.TaggedError("WorkersLeftBehind")<{
  readonly workload: string
  readonly threads: number
  readonly live: number
}> {
  override get message(): string {
    return `${this.workload}: ${this.live} worker thread(s) still alive after the ${this.threads}-thread pool was closed`
  }
}

/**
 * A report file could not be read, parsed or written.
 *
 * @since 0.1.0
 * @category errors
 */
export class ReportError extends Data.TaggedError("ReportError")<{
  readonly path: string
  readonly reason: string
}> {
  override get message(): string {
    return `report ${this.path}: ${this.reason}`
  }
}

/**
 * The ceiling kernels' worker threads could not be started or failed.
 *
 * @since 0.2.0
 * @category errors
 */
export class CeilingError extends Data.TaggedError("CeilingError")<{
  readonly threads: number
  readonly reason: string
}> {
  override get message(): string {
    return `machine ceiling at ${this.threads} thread(s): ${this.reason}`
  }
}
