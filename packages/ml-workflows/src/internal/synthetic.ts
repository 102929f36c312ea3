/**
 * The chunks of `Datasets.syntheticRegression`: each block of
 * {@link SYNTHETIC_CHUNK_ROWS} rows draws from its own stream,
 * `Rng.derive(seed, 1, chunk)`, and the coefficients from
 * `Rng.derive(seed, 0)`, so that chunks can be drawn on any thread, in any
 * order, and the data is the same at every thread count. No effect import:
 * this module runs in workers.
 */
import { derive, Rng } from "@weft/core/Rng"

/** Rows per chunk. Part of the data's definition: changing it changes the values. */
export const SYNTHETIC_CHUNK_ROWS = 4096

/** What every chunk of a synthetic regression needs. */
export interface RegressionSpec {
  readonly rows: number
  readonly features: number
  readonly coef: Float64Array
  readonly bias: number
  readonly noise: number
  readonly seed: number
}

/** The coefficients: the first `informative` uniform in [0, 100), the rest 0. */
export const regressionCoef = (seed: number, features: number, informative: number): Float64Array => {
  const rng = new Rng(derive(seed, 0))
  const coef = new Float64Array(features)
  for (let j = 0; j < informative; j++) coef[j] = 100 * rng.next()
  return coef
}

/** The number of chunks of `rows` rows. */
export const regressionChunks = (rows: number): number => Math.ceil(rows / SYNTHETIC_CHUNK_ROWS)

/**
 * Draws chunk `chunk` into `X` (row-major, `features` columns) and `y`: the
 * features of its rows, row by row, standard normal; then each row's
 * `bias + x·coef`; then, when `noise` > 0, the noise of each row.
 */
export const fillRegressionChunk = (chunk: number, spec: RegressionSpec, X: Float64Array, y: Float64Array): void => {
  const { features: p, coef, bias, noise } = spec
  const rng = new Rng(derive(spec.seed, 1, chunk))
  const from = chunk * SYNTHETIC_CHUNK_ROWS
  const to = Math.min(spec.rows, from + SYNTHETIC_CHUNK_ROWS)
  for (let k = from * p; k < to * p; k++) X[k] = rng.normal()
  for (let i = from; i < to; i++) {
    let s = bias
    for (let j = 0; j < p; j++) s += X[i * p + j] * coef[j]
    y[i] = s
  }
  if (noise > 0) for (let i = from; i < to; i++) y[i] += noise * rng.normal()
}
