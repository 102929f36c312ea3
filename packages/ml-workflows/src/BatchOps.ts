/**
 * Batched linear algebra: a matrix times many vectors, and element-wise
 * operations over many pairs of matrices, in parallel.
 *
 * @since 0.1.0
 */
import { InvalidOption, ShapeMismatch, SharedMatrix, type InvalidInput, type TaskError } from "@weft/core"
import { WorkerPool } from "@weft/pool"
import { Effect } from "effect"
import type { BatchOptions } from "./BatchInference.js"
import { batches, kernels } from "./internal/builtins.js"
import { checkX } from "./internal/validate.js"
import type { ElementwiseOp } from "./worker/kernels.js"

export type { ElementwiseOp } from "./worker/kernels.js"

/**
 * A · v for every vector v, a row of V (V: vectors x A.columns); the result's
 * row r is A · V[r] (vectors x A.rows).
 *
 * @example
 * const AV = yield* matVec(A, V)
 * @since 0.1.0
 * @category operations
 */
export const matVec = (
  A: SharedMatrix,
  V: SharedMatrix,
  options: BatchOptions = {}
): Effect.Effect<SharedMatrix, InvalidInput | TaskError, WorkerPool.WorkerPool> =>
  Effect.gen(function* () {
    yield* checkX(A, "A")
    yield* checkX(V, "V")
    if (V.columns !== A.columns) {
      return yield* Effect.fail(new ShapeMismatch({ what: "vectors V", expected: `${A.columns} columns (A's)`, actual: `${V.columns}` }))
    }
    const out = SharedMatrix.zeros(V.rows, A.rows)
    const pool = yield* WorkerPool.WorkerPool
    const k = yield* kernels
    yield* pool.map(k.matVecRange, batches(V.rows, options.batchSize ?? 64), { args: [A, V, out] })
    return out
  })

const OPS: ReadonlyArray<ElementwiseOp> = ["add", "subtract", "multiply", "divide", "maximum", "minimum"]

/**
 * `as[i] (op) bs[i]` element-wise for every pair i, each pair one task.
 *
 * @since 0.1.0
 * @category operations
 */
export const elementwise = (
  op: ElementwiseOp,
  as: ReadonlyArray<SharedMatrix>,
  bs: ReadonlyArray<SharedMatrix>
): Effect.Effect<Array<SharedMatrix>, InvalidInput | TaskError, WorkerPool.WorkerPool> =>
  Effect.gen(function* () {
    if (!OPS.includes(op)) return yield* Effect.fail(new InvalidOption({ option: "op", value: op, reason: `must be one of ${OPS.join(", ")}` }))
    if (as.length !== bs.length) {
      return yield* Effect.fail(new ShapeMismatch({ what: "matrix lists", expected: `${as.length} right-hand matrices`, actual: `${bs.length}` }))
    }
    for (let i = 0; i < as.length; i++) {
      if (as[i].rows !== bs[i].rows || as[i].columns !== bs[i].columns) {
        return yield* Effect.fail(
          new ShapeMismatch({ what: `pair ${i}`, expected: `${as[i].rows}x${as[i].columns}`, actual: `${bs[i].rows}x${bs[i].columns}` })
        )
      }
    }
    const outs = as.map((a) => SharedMatrix.zeros(a.rows, a.columns))
    const pool = yield* WorkerPool.WorkerPool
    const k = yield* kernels
    yield* pool.map(k.elementwisePair, as.map((_, i) => i), { args: [op, as, bs, outs] })
    return outs
  })
