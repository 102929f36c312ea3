/**
 * The ceiling's fixed kernels, as plain functions: run by the plain worker
 * threads of `Ceiling.measure` (`ceilingKernel.ts`) and, to pace the samples,
 * by the pool's own workers (`paceTask.ts`).
 *
 * - `chain`: one dependent chain of multiply-adds over a 64-value table
 *   (latency-bound: one multiply-add every few cycles, no memory traffic).
 * - `gemm`: WebAssembly SIMD matrix products of 96 × 96 blocks that stay in
 *   the core's own caches (throughput-bound, like the workloads' products).
 *   On the 2-core VM a vCPU slows by 30-50% for stretches of seconds
 *   (another tenant on the same physical core, by the look of it): the
 *   throughput kernels and every workload slow with it, the latency-bound
 *   chain does not (docs/BENCHMARKS.md, "The chain is blind"), so `gemm`
 *   is the compute ceiling.
 * - `stream`: reads `src[from..to)` and writes `(x - 0.25) / 1.75` into
 *   `dst[from..to)`, `passes` times, like the preprocessing transform
 *   (bandwidth-bound).
 */
import { gemmWasm } from "@weft/kernels"

/**
 * One job of a ceiling kernel for one worker: the whole chain or products,
 * or a slice `[from, to)` of the streamed arrays.
 *
 * @since 0.2.0
 * @category models
 */
export type KernelJob =
  | { readonly kind: "chain"; readonly iterations: number }
  | { readonly kind: "gemm"; readonly products: number }
  | { readonly kind: "stream"; readonly from: number; readonly to: number; readonly passes: number }

/** The streaming kernel's two shared arrays. */
export interface KernelWorkerData {
  readonly src: SharedArrayBuffer
  readonly dst: SharedArrayBuffer
}

/** The side of the gemm kernel's square blocks: 3 × 96² doubles = 216 KiB, within a core's L2. */
export const GEMM_SIDE = 96

const table = new Float64Array(64).map((_, i) => i * 1e-3)

/** The chain's result goes into the answer (times 0), so the loop cannot be removed. */
const chain = (iterations: number): number => {
  let s = 0
  const rounds = Math.max(1, Math.round(iterations / 64))
  for (let r = 0; r < rounds; r++) for (let j = 0; j < 64; j++) s = s * 0.999999 + table[j]
  return s
}

let blocks: { A: Float64Array; B: Float64Array; C: Float64Array } | undefined

const gemm = (products: number): number => {
  const n = GEMM_SIDE
  if (blocks === undefined) {
    const A = new Float64Array(n * n).map((_, i) => 1 + (i % 7) * 1e-3)
    const B = new Float64Array(n * n).map((_, i) => 1 - (i % 5) * 1e-3)
    blocks = { A, B, C: new Float64Array(n * n) }
  }
  const { A, B, C } = blocks
  for (let p = 0; p < products; p++) gemmWasm(n, n, n, A, B, C)
  return C[0]
}

const stream = (buffers: KernelWorkerData, from: number, to: number, passes: number): number => {
  const x = new Float64Array(buffers.src)
  const z = new Float64Array(buffers.dst)
  for (let p = 0; p < passes; p++) for (let i = from; i < to; i++) z[i] = (x[i] - 0.25) / 1.75
  return to > from ? z[from] : 0
}

/** Runs `job` and returns its own wall time in milliseconds (the result is folded in times 0). */
export const runJob = (job: KernelJob, buffers: KernelWorkerData): number => {
  const start = performance.now()
  const sink = job.kind === "chain" ? chain(job.iterations) : job.kind === "gemm" ? gemm(job.products) : stream(buffers, job.from, job.to, job.passes)
  return performance.now() - start + 0 * sink
}
