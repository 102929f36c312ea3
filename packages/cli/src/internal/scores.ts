/**
 * Scores for people, a column at a time: as few digits as tell them apart.
 *
 * One format per number (4 decimals) printed `r2 1` for a ridge whose R² was
 * 0.99999997 and ranked candidates on differences the table could not show. A
 * column is therefore formatted as a whole: the fewest decimals (at least 4)
 * with which every two different values of the column print differently and
 * no value that is not an integer prints as one (`1`, `0`); past 12 decimals,
 * each value gets the shortest text that reads back as the same double
 * (`String(x)`), which always tells different doubles apart.
 */

const MIN_DECIMALS = 4
const MAX_DECIMALS = 12

/** `x` with `decimals` decimals, trailing zeros dropped; NaN and infinities in words. */
const fixed = (x: number, decimals: number): string => {
  if (Number.isNaN(x)) return "NaN"
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf"
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x)
  const text = x.toFixed(decimals)
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text
}

/** Whether `x` is printed in fixed notation (moderate sizes) rather than with an exponent. */
const moderate = (x: number): boolean => !Number.isFinite(x) || Number.isInteger(x) || (Math.abs(x) >= 1e-3 && Math.abs(x) < 1e6)

/** Whether `texts` (formatted from `values`) show every difference of `values`, and no non-integer as an integer. */
const faithful = (values: ReadonlyArray<number>, texts: ReadonlyArray<string>): boolean => {
  const seen = new Map<string, number>()
  for (let i = 0; i < values.length; i++) {
    const x = values[i]
    if (Number.isFinite(x) && !Number.isInteger(x) && /^-?\d+$/.test(texts[i])) return false
    const other = seen.get(texts[i])
    if (other !== undefined && !Object.is(other, x) && !(Number.isNaN(other) && Number.isNaN(x))) return false
    seen.set(texts[i], x)
  }
  return true
}

/**
 * A column of scores as text, each telling apart every two values of the
 * column that differ (see the module's header).
 *
 * @example
 * formatColumn([0.5, 0.25]) // ["0.5", "0.25"]
 * formatColumn([0.99999997, 0.9999999]) // ["0.99999997", "0.9999999"]
 */
export const formatColumn = (values: ReadonlyArray<number>): Array<string> => {
  for (let decimals = MIN_DECIMALS; decimals <= MAX_DECIMALS; decimals++) {
    const texts = values.map((x) => (moderate(x) ? fixed(x, decimals) : x.toExponential(Math.max(3, decimals - 1))))
    if (faithful(values, texts)) return texts
  }
  return values.map((x) => (Number.isFinite(x) ? String(x) : fixed(x, 0)))
}

/** One score, alone (the same rules as a column of one). */
export const formatScore = (x: number): string => formatColumn([x])[0]
