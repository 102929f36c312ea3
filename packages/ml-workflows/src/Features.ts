/**
 * Feature extraction over many series (or samples) in parallel: each row of
 * the input is one series, and each feature one column of the output.
 *
 * Features: `mean`, `std` (ddof 0), `min`, `max`, `median`, `first`, `last`,
 * `slope` (least squares against time), `lag:k` (the value k steps before the
 * last), `rollingMean:w` and `rollingStd:w` (over the last w values).
 *
 * @since 0.1.0
 */
import { InvalidOption, SharedMatrix, Validate, type InvalidInput, type TaskError } from "@weft/core"
import { WorkerPool } from "@weft/pool"
import { Effect } from "effect"
import { batches, kernels } from "./internal/builtins.js"

/**
 * 
 *
 * @since 0.1.0
 * @category models
 */
export type FeatureSpec = ReadonlyArray<string>

const PLAIN = new Set(["mean", "std", "min", "max", "median", "first", "last", "slope"])
const WINDOWED = new Set(["lag", "rollingMean", "rollingStd"])

/**
 * Checks feature names against series of `length` values.
 *
 * @since 0.1.0
 * @category validation
 */
export const checkSpec = (spec: FeatureSpec, length: number): Effect.Effect<void, InvalidOption> =>
  Effect.gen(function* () {
    if (spec.length === 0) return yield* Effect.fail(new InvalidOption({ option: "features", value: [], reason: "must name at least one feature" }))
    for (const f of spec) {
      const [name, arg, extra] = f.split(":")
      if (PLAIN.has(name) && arg === undefined) continue
      if (WINDOWED.has(name) && extra === undefined && /^\d+$/.test(arg ?? "")) {
        const w = Number(arg)
        const ok = name === "lag" ? w < length : w >= 1 && w <= length
        if (ok) continue
        return yield* Effect.fail(new InvalidOption({ option: "feature", value: f, reason: `window out of range for series of ${length} values` }))
      }
      return yield* Effect.fail(
        new InvalidOption({ option: "feature", value: f, reason: `unknown; known: ${[...PLAIN].join(", ")}, lag:k, rollingMean:w, rollingStd:w` })
      )
    }
  })

/**
 * The features `spec` of every row of `series`, as a (rows x features) matrix.
 *
 * @example
 * const F = yield* extractFeatures(series, ["mean", "std", "slope", "lag:1", "rollingMean:7"])
 * @since 0.1.0
 * @category operations
 */
export const extractFeatures = (
  series: SharedMatrix,
  spec: FeatureSpec,
  options: { readonly batchSize?: number } = {}
): Effect.Effect<SharedMatrix, InvalidInput | TaskError, WorkerPool.WorkerPool> =>
  Effect.gen(function* () {
    yield* Validate.nonEmpty(series, "series")
    yield* Validate.finite(series, "series")
    yield* checkSpec(spec, series.columns)
    const out = SharedMatrix.zeros(series.rows, spec.length)
    const pool = yield* WorkerPool.WorkerPool
    const k = yield* kernels
    yield* pool.map(k.featuresRange, batches(series.rows, options.batchSize), { args: [series, spec, out] })
    return out
  })
