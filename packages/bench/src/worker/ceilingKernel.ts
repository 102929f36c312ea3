/**
 * Runs inside a plain worker thread started by `Ceiling` (no pool, no
 * Effect): the fixed kernels of `kernels.ts`. It answers each job message
 * with the kernel's own milliseconds, and exits when the main thread
 * terminates it.
 */
import { parentPort, workerData } from "node:worker_threads"
import { runJob, type KernelJob, type KernelWorkerData } from "./kernels.js"

export type { KernelJob, KernelWorkerData } from "./kernels.js"

const buffers = workerData as KernelWorkerData

parentPort!.on("message", (job: KernelJob) => {
  parentPort!.postMessage(runJob(job, buffers))
})
parentPort!.postMessage("ready")
