/**
 * The option checks of every weft package, throwing: usable in workers and
 * in pure code (this module loads nothing but `Errors`). `Options` has the
 * same checks with the failure in the error channel.
 *
 * One wording everywhere: `invalid k 1: must be an integer of at least 2`,
 * `... must be an integer in 0..4294967295`, `... must be a finite number of
 * at least 0`; `reason` replaces it where an option has always said more
 * (`must be a positive integer`).
 *
 * @since 0.2.0
 */
import { InvalidOption } from "./Errors.js"

/**
 * Bounds of a check: `min` and `max` inclusive, `above` and `below` strict
 * (a learning rate `above: 0`, a dropout rate `min: 0, below: 1`), and the
 * text that replaces the default reason.
 *
 * @since 0.2.0
 * @category models
 */
export interface Range {
  readonly min?: number | undefined
  readonly max?: number | undefined
  /** Strict lower bound: the value must be greater. */
  readonly above?: number | undefined
  /** Strict upper bound: the value must be less. */
  readonly below?: number | undefined
  readonly reason?: string | undefined
}

/**
 * The range of a count that has always said "must be a positive integer".
 *
 * @example
 * Check.integer("samples", 0, Check.positive) // throws: invalid samples 0: must be a positive integer
 * @since 0.2.0
 * @category ranges
 */
export const positive: Range = { min: 1, reason: "must be a positive integer" }

/**
 * `value` when it is an integer in `[min, max]`; else throws `InvalidOption`
 * naming `option` and `value`.
 *
 * @example
 * Check.integer("k", 5, { min: 2 }) // 5
 * Check.integer("k", 1, { min: 2 }) // throws: invalid k 1: must be an integer of at least 2
 * @since 0.2.0
 * @category checks
 */
export const integer = (option: string, value: unknown, range: Range = {}): number => {
  if (typeof value !== "number" || !Number.isInteger(value) || !within(value, range)) {
    throw new InvalidOption({ option, value, reason: range.reason ?? `must be an integer${rangeText(range)}` })
  }
  return value
}

/**
 * `value` when it is a finite number in `[min, max]`; else throws `InvalidOption`.
 *
 * @example
 * Check.number("graceMs", 2.5, { min: 0 }) // 2.5
 * Check.number("graceMs", -1, { min: 0 }) // throws: invalid graceMs -1: must be a finite number of at least 0
 * @since 0.2.0
 * @category checks
 */
export const number = (option: string, value: unknown, range: Range = {}): number => {
  if (typeof value !== "number" || !Number.isFinite(value) || !within(value, range)) {
    throw new InvalidOption({ option, value, reason: range.reason ?? `must be a finite number${rangeText(range)}` })
  }
  return value
}

const within = (value: number, { min, max, above, below }: Range): boolean =>
  (min === undefined || value >= min) &&
  (max === undefined || value <= max) &&
  (above === undefined || value > above) &&
  (below === undefined || value < below)

const rangeText = ({ min, max, above, below }: Range): string => {
  if (min !== undefined && max !== undefined && above === undefined && below === undefined) return ` in ${min}..${max}`
  const lower = min !== undefined ? `at least ${min}` : above !== undefined ? `greater than ${above}` : undefined
  const upper = max !== undefined ? `at most ${max}` : below !== undefined ? `less than ${below}` : undefined
  if (lower === undefined && upper === undefined) return ""
  const text = [lower, upper].filter((t) => t !== undefined).join(" and ")
  return text.startsWith("at ") ? ` of ${text}` : ` ${text}`
}
