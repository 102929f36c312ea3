/**
 * Typed errors shared by every weft package. Each is a `Data.TaggedError`, so
 * Effect users can `Effect.catchTag("ShapeMismatch", ...)`, and each carries
 * the fields a caller needs to say what went wrong.
 *
 * @since 0.1.0
 */
import * as Data from "effect/Data"

/**
 * Two shapes that had to agree did not.
 *
 * @example
 * new ShapeMismatch({ what: "y", expected: "150 rows", actual: "149 rows" })
 * @since 0.1.0
 */
export class ShapeMismatch extends Data.TaggedError("ShapeMismatch")<{
  readonly what: string
  readonly expected: string
  readonly actual: string
}> {
  override get message(): string {
    return `shape mismatch in ${this.what}: expected ${this.expected}, got ${this.actual}`
  }
}

/**
 * An input that must hold at least one element was empty.
 *
 * @since 0.1.0
 */
export class EmptyInput extends Data.TaggedError("EmptyInput")<{
  readonly what: string
}> {
  override get message(): string {
    return `${this.what} is empty`
  }
}

/**
 * A NaN or an infinity where only finite numbers make sense.
 *
 * @since 0.1.0
 */
export class NonFiniteValue extends Data.TaggedError("NonFiniteValue")<{
  readonly what: string
  readonly row: number
  readonly column: number
  readonly value: number
}> {
  override get message(): string {
    const where = this.column >= 0 ? `row ${this.row}, column ${this.column}` : `index ${this.row}`
    return `${this.what} holds a non-finite value (${this.value}) at ${where}`
  }
}

/**
 * An option (or a configuration value) that is unknown, of the wrong type or
 * out of range.
 *
 * @since 0.1.0
 */
export class InvalidOption extends Data.TaggedError("InvalidOption")<{
  readonly option: string
  readonly value: unknown
  readonly reason: string
}> {
  override get message(): string {
    return `invalid ${this.option} ${formatValue(this.value)}: ${this.reason}`
  }
}

/**
 * Every way that user-provided input can be rejected up front.
 *
 * @since 0.1.0
 */
export type InvalidInput = ShapeMismatch | EmptyInput | NonFiniteValue | InvalidOption

/**
 * A task threw (or rejected) inside a worker; the worker survives and the
 * worker's message and stack are kept.
 *
 * @since 0.1.0
 */
export class TaskFailed extends Data.TaggedError("TaskFailed")<{
  readonly task: string
  readonly message: string
  readonly stack?: string
  /** Index of the item of a `map` that failed, when there is one. */
  readonly item?: number
}> {}

/**
 * The worker running a task died (process.exit, an uncaught asynchronous error,
 * out of memory). The pool replaces the worker; the task fails with this error.
 *
 * @since 0.1.0
 */
export class WorkerCrashed extends Data.TaggedError("WorkerCrashed")<{
  readonly task: string
  readonly reason: string
  readonly exitCode?: number
  readonly item?: number
}> {
  override get message(): string {
    const code = this.exitCode === undefined ? "" : ` (exit code ${this.exitCode})`
    return `worker crashed while running ${this.task}${code}: ${this.reason}`
  }
}

/**
 * A task ran longer than its timeout; its worker was stopped and replaced.
 *
 * @since 0.1.0
 */
export class TaskTimeout extends Data.TaggedError("TaskTimeout")<{
  readonly task: string
  readonly timeoutMs: number
  readonly item?: number
}> {
  override get message(): string {
    return `task ${this.task} timed out after ${this.timeoutMs} ms`
  }
}

/**
 * The executor that runs the tasks cannot be reached: a remote executor's
 * Redis is down or refuses the credentials, or no node serves its queue.
 * The message says which and where (never the password).
 *
 * @since 0.1.0
 */
export class ExecutorUnavailable extends Data.TaggedError("ExecutorUnavailable")<{
  /** What is unavailable, e.g. `redis://localhost:6379`. */
  readonly executor: string
  readonly reason: string
}> {
  override get message(): string {
    return `${this.executor} is unavailable: ${this.reason}`
  }
}

/**
 * Every way a task sent to the pool can fail.
 *
 * @since 0.1.0
 */
export type TaskError = TaskFailed | WorkerCrashed | TaskTimeout | ExecutorUnavailable

const formatValue = (value: unknown): string => {
  if (typeof value === "string") return JSON.stringify(value)
  try {
    return String(JSON.stringify(value) ?? value)
  } catch {
    return String(value)
  }
}
