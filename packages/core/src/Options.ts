/**
 * The option checks of `Check`, with the failure in the error channel: what
 * an Effect operation runs on its options at the edge.
 *
 * @since 0.2.0
 */
import type { Effect } from "effect"
import * as Check from "./Check.js"
import type { InvalidOption } from "./Errors.js"
import { attempt } from "./Validate.js"

export type { Range } from "./Check.js"

/**
 * `Check.integer` with `InvalidOption` in the error channel.
 *
 * @example
 * yield* Options.integer("repeats", options.repeats ?? 5, { min: 1 })
 * @since 0.2.0
 * @category checks
 */
export const integer = (option: string, value: unknown, range?: Check.Range): Effect.Effect<number, InvalidOption> =>
  attempt(() => Check.integer(option, value, range), "InvalidOption")

/**
 * `Check.number` (a finite number in range) with `InvalidOption` in the error channel.
 *
 * @since 0.2.0
 * @category checks
 */
export const number = (option: string, value: unknown, range?: Check.Range): Effect.Effect<number, InvalidOption> =>
  attempt(() => Check.number(option, value, range), "InvalidOption")
