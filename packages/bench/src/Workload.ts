/**
 * A benchmark workload: data built once, the weft operation that is timed,
 * the same work as a plain loop on the main thread (no pool, no workers),
 * and a fingerprint of the result, so that every run can be checked against
 * the sequential one bit for bit. The built-in workloads are in `Workloads`;
 * `runScalability` also takes your own.
 *
 * @example
 * import { Workload } from "@weft/bench"
 * const sumOfSquares: Workload<{ n: number }, Float64Array, number> = {
 *   name: "sum-of-squares", title: "Sum of squares",
 *   sizes: { default: { n: 1e7 }, quick: { n: 1e5 } },
 *   describe: (s) => `${s.n} values`,
 *   setup: (s) => Float64Array.from({ length: s.n }, (_, i) => i),
 *   runWeft: (xs) => sumOnPool(xs), // an Effect on the pool, e.g. a map over chunks with your task module
 *   runSequential: (xs) => xs.reduce((a, x) => a + x * x, 0),
 *   fingerprint: (r) => String(r)
 * }
 * @since 0.1.0
 */
import type { InvalidInput, TaskError } from "@weft/core"
import type { WorkerPool } from "@weft/pool"
import type { Effect } from "effect"
import type { Kernel } from "./Ceiling.js"
import type { Structure } from "./Ratio.js"

/**
 * How a workload's speedup is judged against the machine: the ceiling kernel
 * it is compared with, the structural bound of its tasks, and its target.
 *
 * @since 0.2.0
 * @category models
 */
export interface Scaling<Size, Result = any> {
  /** "gemm" for compute-bound work, "stream" for bandwidth-bound work ("chain": latency-bound, blind to a core that slows under a neighbour). */
  readonly kernel: Kernel
  /** Work that cannot split evenly (folds, a serial refit); none by default. */
  readonly structure?: ((size: Size) => Structure) | undefined
  /** The least speedup ÷ min(ceiling, structural bound) expected at 2 threads; none by default. */
  readonly target?: number | undefined
  /**
   * The cost of each parallel task of one run (milliseconds, in the order
   * the pool takes them), as the run measured them. When given, each round's
   * structural bound is the list schedule of the costs measured on 1 thread
   * (`Ratio.measuredBound`) instead of `structure`'s equal tasks.
   */
  readonly taskCosts?: ((result: Result) => ReadonlyArray<number> | undefined) | undefined
}

/**
 * The names of the built-in workloads.
 *
 * @since 0.1.0
 * @category models
 */
export type WorkloadName = "batch-inference" | "preprocessing" | "gradients" | "cross-validation" | "grid-search" | "uncertainty"

/**
 * @since 0.1.0
 * @category models
 */
export interface Workload<Size extends object = any, Data = any, Result = any> {
  /** A built-in workload's {@link WorkloadName}, or your own workload's name (kebab-case, unique in a run). */
  readonly name: string
  /** A title for tables and charts: "Batch inference". */
  readonly title: string
  /** The default size (about a second on one core) and the `quick` size (for CI). */
  readonly sizes: { readonly default: Size; readonly quick: Size }
  /** The size in words: "256000 rows × 32 features, MLP 32-128-128-1, 125 batches of 2048 rows". */
  readonly describe: (size: Size) => string
  /** Builds the data once per benchmark; the same data serves every thread count. Throws `InvalidOption` for a bad size. */
  readonly setup: (size: Size, seed: number) => Data
  /** The operation timed with weft, on the pool in context. */
  readonly runWeft: (data: Data) => Effect.Effect<Result, InvalidInput | TaskError, WorkerPool.WorkerPool>
  /**
   * The same work as a plain loop on the calling thread: the same pure
   * functions the worker kernels call, in the same order, with no pool.
   */
  readonly runSequential: (data: Data) => Result
  /**
   * A digest of the result's numbers, bit for bit. weft reduces across
   * threads in a fixed order, so no tolerance is needed: any difference is a bug.
   */
  readonly fingerprint: (result: Result) => string
  /** What its speedup is compared with (default: the compute ceiling, no structure, no target). */
  readonly scaling?: Scaling<Size, Result> | undefined
}
