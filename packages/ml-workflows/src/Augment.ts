/**
 * Data augmentation: `copies` augmented copies of a dataset (noise, jitter,
 * scaling, window slicing for series), made in parallel, each from its own
 * seed `derive(seed, copy)`, so the result is the same at any thread count.
 *
 * @since 0.1.0
 */
import { Check, InvalidOption, Options, SharedMatrix, Validate, type InvalidInput, type TaskError } from "@weft/core"
import { WorkerPool } from "@weft/pool"
import { Effect } from "effect"
import { kernels } from "./internal/builtins.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface AugmentSpec {
  /** Standard deviation of additive Gaussian noise. */
  readonly noise?: number | undefined
  /** Standard deviation of multiplicative Gaussian jitter (x * (1 + N(0, jitter²))). */
  readonly jitter?: number | undefined
  /** Each row is multiplied by a factor drawn uniformly from [lo, hi]. */
  readonly scale?: readonly [number, number] | undefined
  /** Series: keep a random window of this many consecutive columns of each row. */
  readonly window?: number | undefined
}

/**
 * 
 *
 * @since 0.1.0
 * @category models
 */
export interface AugmentOptions extends AugmentSpec {
  readonly copies: number
  readonly seed: number
}

const nonNegative = (option: string, value: number | undefined) =>
  value === undefined ? Effect.void : Options.number(option, value, { min: 0 })

/**
 * Checks a spec against a dataset with `columns` columns.
 *
 * @since 0.1.0
 * @category validation
 */
export const checkSpec = (spec: AugmentSpec, columns: number): Effect.Effect<void, InvalidOption> =>
  Effect.gen(function* () {
    yield* nonNegative("noise", spec.noise)
    yield* nonNegative("jitter", spec.jitter)
    if (spec.scale !== undefined) {
      const [lo, hi] = spec.scale
      if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi)) {
        return yield* Effect.fail(new InvalidOption({ option: "scale", value: spec.scale, reason: "must be [lo, hi] with lo <= hi" }))
      }
    }
    if (spec.window !== undefined) yield* Options.integer("window", spec.window, { min: 1, max: columns })
  })

/**
 * `copies` augmented copies of X, stacked: rows [c * n, (c + 1) * n) are copy
 * c. Row i of every copy comes from row i of X, so labels repeat as
 * `y[i % n]`.
 *
 * @example
 * const bigger = yield* augment(X, { copies: 10, noise: 0.05, scale: [0.9, 1.1], seed: 1 })
 * @since 0.1.0
 * @category operations
 */
export const augment = (
  X: SharedMatrix,
  options: AugmentOptions
): Effect.Effect<SharedMatrix, InvalidInput | TaskError, WorkerPool.WorkerPool> =>
  Effect.gen(function* () {
    yield* Validate.nonEmpty(X, "X")
    yield* Options.integer("copies", options.copies, Check.positive)
    yield* checkSpec(options, X.columns)
    const { copies, seed, ...spec } = options
    const out = SharedMatrix.zeros(copies * X.rows, spec.window ?? X.columns)
    const pool = yield* WorkerPool.WorkerPool
    const k = yield* kernels
    const items = Array.from({ length: copies }, (_, c) => c)
    yield* pool.map(k.augmentCopy, items, { args: [X, spec, seed >>> 0, out], minParallelBatchSize: 2 })
    return out
  })
