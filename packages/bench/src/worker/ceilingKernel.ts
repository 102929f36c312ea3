/**
 * Runs inside a plain worker thread started by `Ceiling` (no pool, no
 * Effect): the fixed kernels that measure what the machine gives a second
 * thread. It answers each `{ kind, ... }` message with the kernel's own
 * milliseconds, and exits when the main thread terminates it.
 *
 * - `chain`: one dependent chain of multiply-adds over a 64-value table,
 *   `iterations` steps (compute-bound; no memory traffic).
 * - `stream`: reads `src[from..to)` and writes `(x - 0.25) / 1.75` into
 *   `dst[from..to)`, `passes` times, like the preprocessing transform
 *   (bandwidth-bound).
 */
import { parentPort, workerData } from "node:worker_threads"

/** What the worker is started with: the streaming kernel's shared buffers. */
export interface KernelWorkerData {
  readonly src: SharedArrayBuffer
  readonly dst: SharedArrayBuffer
}

/** One job. */
export type KernelJob =
  | { readonly kind: "chain"; readonly iterations: number }
  | { readonly kind: "stream"; readonly from: number; readonly to: number; readonly passes: number }

const { src, dst } = workerData as KernelWorkerData
const x = new Float64Array(src)
const z = new Float64Array(dst)
const table = new Float64Array(64).map((_, i) => i * 1e-3)

/** The chain's result goes into the answer (times 0), so the loop cannot be removed. */
const chain = (iterations: number): number => {
  let s = 0
  const rounds = Math.max(1, Math.round(iterations / 64))
  for (let r = 0; r < rounds; r++) for (let j = 0; j < 64; j++) s = s * 0.999999 + table[j]
  return s
}

const stream = (from: number, to: number, passes: number): number => {
  for (let p = 0; p < passes; p++) for (let i = from; i < to; i++) z[i] = (x[i] - 0.25) / 1.75
  return to > from ? z[from] : 0
}

parentPort!.on("message", (job: KernelJob) => {
  const start = performance.now()
  const sink = job.kind === "chain" ? chain(job.iterations) : stream(job.from, job.to, job.passes)
  parentPort!.postMessage(performance.now() - start + 0 * sink)
})
parentPort!.postMessage("ready")
