/**
 * The ceiling's kernels as a task module, so that the pool's own workers run
 * them right before each timed sample: the kernel then runs on the threads
 * (and so, mostly, the cores) the sample runs on.
 */
import { threadId } from "node:worker_threads"
import { runJob, type KernelJob, type KernelWorkerData } from "./kernels.js"

/** Runs one kernel job; returns its milliseconds and the thread that ran it. */
export const pace = (job: KernelJob, buffers: KernelWorkerData): { readonly ms: number; readonly thread: number } => ({
  ms: runJob(job, buffers),
  thread: threadId
})
