/**
 * Checks shared by the operations, run once at their edge.
 */
import { ShapeMismatch, Validate, type EmptyInput, type InvalidInput, type NonFiniteValue, type SharedMatrix } from "@weft/core"
import { Effect } from "effect"

/** X non-empty and finite. */
export const checkX = (X: SharedMatrix, what = "X"): Effect.Effect<SharedMatrix, EmptyInput | NonFiniteValue> =>
  Effect.zipRight(Validate.nonEmpty(X, what), Validate.finite(X, what))

/** X non-empty and finite, y finite with one value per row of X. */
export const checkXy = (
  X: SharedMatrix,
  y: ArrayLike<number>
): Effect.Effect<void, EmptyInput | NonFiniteValue | ShapeMismatch> =>
  Effect.gen(function* () {
    yield* checkX(X)
    if (y.length !== X.rows) {
      return yield* Effect.fail(new ShapeMismatch({ what: "y", expected: `${X.rows} values (one per row of X)`, actual: `${y.length} values` }))
    }
    yield* Validate.finiteVector(y, "y")
  })

/**
 * Runs a synchronous check that throws a typed error, with the error in the
 * error channel: the input errors of `@weft/core` (`InvalidOption`,
 * `ShapeMismatch`, `EmptyInput`, `NonFiniteValue`) fail, anything else (a
 * `TypeError`, a bug) stays a defect. `E` narrows the type to the errors the
 * check is known to throw.
 */
export const attempt = <A, E extends InvalidInput = InvalidInput>(f: () => A): Effect.Effect<A, E> =>
  Validate.attempt(f, "InvalidOption", "ShapeMismatch", "EmptyInput", "NonFiniteValue") as Effect.Effect<A, E>
