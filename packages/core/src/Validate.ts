/**
 * Checks of user input at the edge of an operation, with the failure in the
 * error channel: build a matrix from rows, require finite values, a shape, a
 * non-empty input.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import { EmptyInput, NonFiniteValue, ShapeMismatch, type InvalidInput, type TaskError } from "./Errors.js"
import { SharedMatrix } from "./SharedMatrix.js"

/**
 * Runs throwing code (a pure check, a constructor) with the errors it throws
 * on purpose, those of `Errors` whose `_tag` is one of `tags`, in the error channel; any
 * other throw (a `TypeError`, a bug) stays a defect, as `Effect.sync` would
 * keep it. What `Effect.try({ catch: (e) => e as E })` did not: it typed
 * every throw as `E`.
 *
 * @example
 * Validate.attempt(() => SharedMatrix.fromRows(rows), "EmptyInput", "ShapeMismatch")
 * @since 0.2.0
 * @category constructors
 */
export const attempt = <A, const Tag extends string>(
  f: () => A,
  ...tags: ReadonlyArray<Tag>
): Effect.Effect<A, Extract<KnownError, { readonly _tag: Tag }>> =>
  Effect.suspend(() => {
    try {
      return Effect.succeed(f())
    } catch (error) {
      return isTagged(error, tags) ? Effect.fail(error as Extract<KnownError, { readonly _tag: Tag }>) : Effect.die(error)
    }
  })

/** The errors of `Errors`, which `attempt` can name by tag. */
type KnownError = InvalidInput | TaskError

const isTagged = (error: unknown, tags: ReadonlyArray<string>): boolean =>
  error !== null && typeof error === "object" && tags.includes((error as { readonly _tag?: unknown })._tag as string)

/**
 * `SharedMatrix.fromRows` with `EmptyInput` or `ShapeMismatch` (ragged rows) in the error channel.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromRows = (rows: ReadonlyArray<ArrayLike<number>>): Effect.Effect<SharedMatrix, EmptyInput | ShapeMismatch> =>
  attempt(() => SharedMatrix.fromRows(rows), "EmptyInput", "ShapeMismatch")

/**
 * `SharedMatrix.fromFlat` with `ShapeMismatch` in the error channel.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromFlat = (data: ArrayLike<number>, rows: number, columns: number): Effect.Effect<SharedMatrix, ShapeMismatch> =>
  attempt(() => SharedMatrix.fromFlat(data, rows, columns), "ShapeMismatch")

/**
 * Fails with `NonFiniteValue` (naming `what`, the row and the column) if any element is NaN or infinite.
 *
 * @since 0.1.0
 * @category validation
 */
export const finite = (X: SharedMatrix, what: string): Effect.Effect<SharedMatrix, NonFiniteValue> => {
  const bad = X.findNonFinite()
  return bad === undefined ? Effect.succeed(X) : Effect.fail(new NonFiniteValue({ what, ...bad }))
}

/**
 * Fails with `NonFiniteValue` if any value of a vector is NaN or infinite (`row` is the index).
 *
 * @since 0.1.0
 * @category validation
 */
export const finiteVector = (values: ArrayLike<number>, what: string): Effect.Effect<ArrayLike<number>, NonFiniteValue> => {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) return Effect.fail(new NonFiniteValue({ what, row: i, column: -1, value: values[i] }))
  }
  return Effect.succeed(values)
}

/**
 * Fails with `EmptyInput` when `X` has no rows or no columns.
 *
 * @since 0.1.0
 * @category validation
 */
export const nonEmpty = (X: SharedMatrix, what: string): Effect.Effect<SharedMatrix, EmptyInput> =>
  X.rows === 0 || X.columns === 0 ? Effect.fail(new EmptyInput({ what })) : Effect.succeed(X)

/**
 * Fails with `ShapeMismatch` unless `X` has the given number of rows and/or columns.
 *
 * @since 0.1.0
 * @category validation
 */
export const shape = (
  X: SharedMatrix,
  what: string,
  expected: { readonly rows?: number; readonly columns?: number }
): Effect.Effect<SharedMatrix, ShapeMismatch> => {
  const rowsOk = expected.rows === undefined || expected.rows === X.rows
  const colsOk = expected.columns === undefined || expected.columns === X.columns
  if (rowsOk && colsOk) return Effect.succeed(X)
  return Effect.fail(
    new ShapeMismatch({
      what,
      expected: `${expected.rows ?? "any"} rows x ${expected.columns ?? "any"} columns`,
      actual: `${X.rows}x${X.columns}`
    })
  )
}
