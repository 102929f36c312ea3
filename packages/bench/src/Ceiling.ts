/**
 * What the machine gives T threads, measured in the same run as the
 * workloads: a fixed kernel run by T independent plain worker threads (no
 * pool in between) against the same kernel on one of them. Two kernels:
 *
 * - **chain** (compute-bound): one dependent chain of multiply-adds; each of
 *   the T workers runs the whole chain, so the ceiling is
 *   T × (one worker's time) / (T workers' wall time).
 * - **stream** (bandwidth-bound): a pass over a shared array that reads one
 *   double and writes one, like the preprocessing transform; the T workers
 *   split the same array, so the ceiling is (one worker's time) / (T
 *   workers' wall time).
 *
 * Both are "how many workers' worth of work got done", 1 at 1 thread and T
 * on a machine whose T cores do not slow each other. A workload's speedup
 * divided by the ceiling measured next to it is steadier than the speedup
 * alone on a machine whose second core comes and goes (a shared VM).
 *
 * @since 0.2.0
 */
import { Effect } from "effect"
import { Worker } from "node:worker_threads"
import { CeilingError } from "./Errors.js"
import type { KernelJob, KernelWorkerData } from "./worker/kernels.js"

export type { KernelJob } from "./worker/kernels.js"

const workerFile = new URL("./worker/ceilingKernel.js", import.meta.url)

/**
 * The two ceiling kernels.
 *
 * @since 0.2.0
 * @category models
 */
export type Kernel = "chain" | "gemm" | "stream"

/**
 * The kernels as the reports name them.
 *
 * @since 0.2.0
 * @category constants
 */
export const kernelText: Readonly<Record<Kernel, string>> = {
  chain: "latency ceiling (dependent multiply-add chain)",
  gemm: "compute ceiling (WebAssembly matrix products on cache-resident blocks)",
  stream: "streaming ceiling (read one double, write one)"
}

/**
 * How much work one kernel run is.
 *
 * @since 0.2.0
 * @category models
 */
export interface Size {
  /** Multiply-adds of the chain per worker (about 100 ms per 45 million on a 2020s core). */
  readonly chainIterations: number
  /** 96 × 96 × 96 products of the gemm kernel per worker (about 100 ms per 1,300 on a 2020s core). */
  readonly gemmProducts: number
  /** Doubles of each of the streaming kernel's two arrays (8 bytes each). */
  readonly streamDoubles: number
  /** Passes of the streaming kernel over its part of the arrays. */
  readonly streamPasses: number
}

/**
 * The default sizes (about 0.1 s per kernel run on one core; arrays of 64 MB,
 * far past the caches, passed over 6 times, so that a run of the streaming
 * kernel is not a few tens of milliseconds that one hiccup of the VM can
 * halve) and the quick ones (for CI).
 *
 * @since 0.2.0
 * @category constants
 */
export const sizes: { readonly default: Size; readonly quick: Size } = {
  default: { chainIterations: 48_000_000, gemmProducts: 1200, streamDoubles: 8_000_000, streamPasses: 6 },
  quick: { chainIterations: 2_000_000, gemmProducts: 50, streamDoubles: 250_000, streamPasses: 2 }
}

/**
 * One kernel, one worker alone then T at once, back to back.
 *
 * @since 0.2.0
 * @category models
 */
export interface Sample {
  readonly kernel: Kernel
  readonly threads: number
  /** Wall time of one worker running its job alone (ms). */
  readonly oneMs: number
  /** Wall time of the T workers running their jobs at once (ms). */
  readonly manyMs: number
  /** Workers' worth of work done: T·one/many (chain) or one/many (stream). */
  readonly ceiling: number
}

/**
 * The ceiling of a sample's times.
 *
 * @example
 * ceilingOf("chain", 2, 100, 105) // 2 × 100 / 105 = 1.905
 * ceilingOf("stream", 2, 100, 60) // 100 / 60 = 1.667
 * @since 0.2.0
 * @category analysis
 */
export const ceilingOf = (kernel: Kernel, threads: number, oneMs: number, manyMs: number): number =>
  kernel === "stream" ? oneMs / manyMs : (threads * oneMs) / manyMs

/**
 * The streaming kernel's two shared arrays, built once per benchmark.
 *
 * @since 0.2.0
 * @category models
 */
export type Buffers = KernelWorkerData

/**
 * @since 0.2.0
 * @category constructors
 */
export const makeBuffers = (size: Size): Buffers => {
  const src = new SharedArrayBuffer(size.streamDoubles * 8)
  const dst = new SharedArrayBuffer(size.streamDoubles * 8)
  new Float64Array(src).fill(1.5)
  // Written once here, so that no kernel run pays for the first touch of its pages.
  new Float64Array(dst).fill(0)
  return { src, dst }
}

let live = 0
let started = 0

/**
 * Ceiling workers alive now (0 once every measurement has returned).
 *
 * @since 0.2.0
 * @category diagnostics
 */
export const liveWorkers = (): number => live

/**
 * Ceiling workers started since the process began (for tests: with
 * `liveWorkers`, that every one started has exited).
 *
 * @since 0.2.0
 * @category diagnostics
 */
export const startedWorkers = (): number => started

/** [from, to) of part `k` of `n` cut into `parts` contiguous pieces. */
const part = (n: number, parts: number, k: number): readonly [number, number] => [Math.floor((n * k) / parts), Math.floor((n * (k + 1)) / parts)]

interface Handle {
  readonly worker: Worker
  readonly exited: Promise<void>
}

const start = (buffers: Buffers): Promise<Handle> =>
  new Promise((resolve, reject) => {
    const worker = new Worker(workerFile, { workerData: buffers })
    live++
    started++
    const exited = new Promise<void>((done) => worker.once("exit", () => {
      live--
      done()
    }))
    worker.once("error", reject)
    worker.once("message", (m) => (m === "ready" ? resolve({ worker, exited }) : reject(new Error(`unexpected first message ${String(m)}`))))
  })

const ask = (h: Handle, job: KernelJob): Promise<number> =>
  new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(e)
    h.worker.once("error", onError)
    h.worker.once("message", (ms: number) => {
      h.worker.off("error", onError)
      resolve(ms)
    })
    h.worker.postMessage(job)
  })

/** Wall time, seen from this thread, of every worker running its job at once. */
const wall = async (handles: ReadonlyArray<Handle>, jobs: ReadonlyArray<KernelJob>): Promise<number> => {
  const t = performance.now()
  await Promise.all(handles.map((h, k) => ask(h, jobs[k])))
  return performance.now() - t
}

/**
 * Timings of each side of one measurement (one worker alone, then all at
 * once, alternating): its median is robust to one slow run of either side,
 * which a single pair is not on a VM whose second core comes and goes.
 */
const PAIRS = 3

const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2
}

/**
 * The jobs of one run of `kernel` on `count` workers: the whole chain or
 * products on each, or the arrays cut into `count` contiguous parts.
 *
 * @since 0.2.0
 * @category constructors
 */
export const jobsFor = (kernel: Kernel, size: Size, count: number): Array<KernelJob> =>
  Array.from({ length: count }, (_, k): KernelJob => {
    if (kernel === "chain") return { kind: "chain", iterations: size.chainIterations }
    if (kernel === "gemm") return { kind: "gemm", products: size.gemmProducts }
    const [from, to] = part(size.streamDoubles, count, k)
    return { kind: "stream", from, to, passes: size.streamPasses }
  })

/**
 * A tenth of a run, to warm a kernel up (JIT, first touch) outside any timing.
 *
 * @since 0.2.0
 * @category constructors
 */
export const warmUpSize = (size: Size): Size => ({
  chainIterations: Math.ceil(size.chainIterations / 10),
  gemmProducts: Math.ceil(size.gemmProducts / 10),
  streamDoubles: size.streamDoubles,
  streamPasses: 1
})

/**
 * The measurement itself, as a promise: starts `threads` workers (not timed),
 * warms each kernel up on every worker, then for each kernel in `kernels`
 * times one worker alone and all `threads` at once, back to back; terminates
 * every worker and waits for their exit before it resolves (or rejects).
 */
const run = async (threads: number, kernels: ReadonlyArray<Kernel>, size: Size, buffers: Buffers): Promise<Array<Sample>> => {
  const started = await Promise.allSettled(Array.from({ length: threads }, () => start(buffers)))
  const handles = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []))
  try {
    const failed = started.find((s): s is PromiseRejectedResult => s.status === "rejected")
    if (failed !== undefined) throw failed.reason
    // Warm-up (JIT), a tenth of a run on every worker at once.
    for (const kernel of kernels) await wall(handles, jobsFor(kernel, warmUpSize(size), threads))
    const samples: Array<Sample> = []
    for (const kernel of kernels) {
      // One worker then all of them, PAIRS times alternating; the median of each side.
      const ones: Array<number> = []
      const manys: Array<number> = []
      for (let pair = 0; pair < PAIRS; pair++) {
        ones.push(await wall(handles.slice(0, 1), jobsFor(kernel, size, 1)))
        manys.push(await wall(handles, jobsFor(kernel, size, threads)))
      }
      const oneMs = median(ones)
      const manyMs = median(manys)
      samples.push({ kernel, threads, oneMs, manyMs, ceiling: ceilingOf(kernel, threads, oneMs, manyMs) })
    }
    return samples
  } finally {
    await Promise.all(handles.map((h) => h.worker.terminate().then(() => h.exited)))
  }
}

/**
 * Measures the ceiling of each kernel at `threads` threads (one worker alone,
 * then `threads` at once, three times alternating, the median of each side).
 * Every worker has exited when it returns. Fails with `CeilingError` if a
 * worker cannot start or fails.
 *
 * @example
 * const buffers = Ceiling.makeBuffers(Ceiling.sizes.quick)
 * const [chain, stream] = yield* Ceiling.measure(2, ["chain", "stream"], Ceiling.sizes.quick, buffers)
 * chain.ceiling // about 2 on two free cores
 * @since 0.2.0
 * @category running
 */
export const measure = (threads: number, kernels: ReadonlyArray<Kernel>, size: Size, buffers: Buffers): Effect.Effect<Array<Sample>, CeilingError> =>
  Effect.tryPromise({
    try: () => run(threads, kernels, size, buffers),
    catch: (e) => new CeilingError({ threads, reason: e instanceof Error ? e.message : String(e) })
  })
