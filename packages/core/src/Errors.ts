/**
 * Typed errors shared by every weft package. Each carries a `_tag`, so Effect
 * users can `Effect.catchTag("ShapeMismatch", ...)`, is an `Error` (with a
 * `name` equal to its tag and a stack), and carries the fields a caller needs
 * to say what went wrong.
 *
 * This module loads in every worker (through `SharedMatrix`, the models and
 * the option checks of `Check`), so it imports nothing, `effect` included:
 * `effect/Data` alone costs a worker about sixty modules, a few hundred
 * milliseconds and 12 MB. The classes keep the observable shape of
 * `Data.TaggedError` (`_tag`, `name`, fields as own enumerable properties,
 * `toJSON`), with one difference: an instance is not itself an Effect, so
 * fail with `Effect.fail(new InvalidOption({ ... }))`, not `yield* new InvalidOption({ ... })`.
 *
 * @since 0.1.0
 */

/**
 * The base of every weft error: `class E extends TaggedError("E")<{ field: T }>`
 * declares an `Error` whose `_tag` is `"E"` and whose constructor takes the fields.
 *
 * @example
 * class Oops extends TaggedError("Oops")<{ readonly why: string }> {}
 * new Oops({ why: "no reason" })._tag // "Oops"
 * @since 0.2.0
 * @category constructors
 */
export const TaggedError = <Tag extends string>(tag: Tag): TaggedErrorConstructor<Tag> => {
  class Base extends Error {
    readonly _tag: Tag = tag
    constructor(args?: Record<string, unknown>) {
      super()
      if (args !== undefined) Object.assign(this, args)
    }
    toJSON(): Record<string, unknown> {
      return { ...(this as object) } as Record<string, unknown>
    }
  }
  Base.prototype.name = tag
  return Base as unknown as TaggedErrorConstructor<Tag>
}

/**
 * What `TaggedError(tag)` returns: a class to extend, generic in its fields.
 *
 * @since 0.2.0
 * @category models
 */
export interface TaggedErrorConstructor<Tag extends string> {
  new <A extends Record<string, any> = Record<never, never>>(
    args: [keyof A] extends [never] ? void : { readonly [P in keyof A as P extends "_tag" ? never : P]: A[P] }
  ): Error & { readonly _tag: Tag } & Readonly<A>
}

/**
 * Two shapes that had to agree did not.
 *
 * @example
 * new ShapeMismatch({ what: "y", expected: "150 rows", actual: "149 rows" })
 * @since 0.1.0
 * @category errors
 */
export class ShapeMismatch extends TaggedError("ShapeMismatch")<{
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
 * @category errors
 */
export class EmptyInput extends TaggedError("EmptyInput")<{
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
 * @category errors
 */
export class NonFiniteValue extends TaggedError("NonFiniteValue")<{
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
 * @category errors
 */
export class InvalidOption extends TaggedError("InvalidOption")<{
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
 * @category errors
 */
export type InvalidInput = ShapeMismatch | EmptyInput | NonFiniteValue | InvalidOption

/**
 * A task threw (or rejected) inside a worker; the worker survives and the
 * worker's message and stack are kept.
 *
 * @since 0.1.0
 * @category errors
 */
export class TaskFailed extends TaggedError("TaskFailed")<{
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
 * @category errors
 */
export class WorkerCrashed extends TaggedError("WorkerCrashed")<{
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
 * @category errors
 */
export class TaskTimeout extends TaggedError("TaskTimeout")<{
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
 * @category errors
 */
export class ExecutorUnavailable extends TaggedError("ExecutorUnavailable")<{
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
 * @category errors
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
