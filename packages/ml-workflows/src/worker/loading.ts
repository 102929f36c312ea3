/**
 * The tasks of `Loading`: reading byte ranges of a CSV file and drawing
 * chunks of a synthetic dataset, straight into shared memory. A small module
 * (the file system and weft's Rng, no Effect), so that a worker that only
 * loads data starts fast.
 *
 * @since 0.2.0
 */
import { countRange, labelRange, parseRange, type CsvLayout, type RangeCount, type RangeParsed } from "../internal/csvBytes.js"
import { fillRegressionChunk, type RegressionSpec } from "../internal/synthetic.js"

/**
 * Where each range of a CSV file starts and what comes before it.
 *
 * @since 0.2.0
 * @category models
 */
export interface CsvRanges {
  readonly layout: CsvLayout
  readonly ranges: ReadonlyArray<readonly [number, number]>
}

/**
 * The lines and records of range `r`.
 *
 * @since 0.2.0
 * @category tasks
 */
export const csvCount = (r: number, csv: CsvRanges): RangeCount => countRange(csv.layout, csv.ranges[r][0], csv.ranges[r][1])

/**
 * Parses range `r` into its rows of `X` and `y`.
 *
 * @since 0.2.0
 * @category tasks
 */
export const csvParse = (
  r: number,
  csv: CsvRanges,
  firstLines: ReadonlyArray<number>,
  firstRows: ReadonlyArray<number>,
  X: Float64Array,
  y: Float64Array
): RangeParsed => parseRange(csv.layout, csv.ranges[r][0], csv.ranges[r][1], firstLines[r], firstRows[r], X, y)

/**
 * The target labels of range `r`, with each row's index into them written into `y`.
 *
 * @since 0.2.0
 * @category tasks
 */
export const csvLabels = (r: number, csv: CsvRanges, firstRows: ReadonlyArray<number>, y: Float64Array): Array<string> =>
  labelRange(csv.layout, csv.ranges[r][0], csv.ranges[r][1], firstRows[r], y)

/**
 * Draws chunk `chunk` of a synthetic regression into `X` and `y`.
 *
 * @since 0.2.0
 * @category tasks
 */
export const regressionChunk = (chunk: number, spec: RegressionSpec, X: Float64Array, y: Float64Array): void => fillRegressionChunk(chunk, spec, X, y)
