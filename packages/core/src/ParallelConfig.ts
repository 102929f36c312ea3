/**
 * How much parallelism a run gets: thread count, the batch size below which
 * work stays on the calling thread, and how a map is cut into chunks.
 *
 * @since 0.1.0
 */
import { Effect } from "effect"
import * as os from "node:os"
import { InvalidOption } from "./Errors.js"
import * as Check from "./Check.js"
import * as Options from "./Options.js"

/**
 * How a `map` over many items is cut into chunks sent to workers.
 * - `"auto"`: about `chunksPerThread` (4) chunks per thread, so an idle worker
 *   can always take another chunk while a slow one finishes (dynamic balancing).
 * - `{ chunkSize }`: a fixed number of items per chunk.
 * - `{ chunksPerThread }`: the automatic policy with another multiplier.
 *
 * @since 0.1.0
 * @category models
 */
export type Chunking = "auto" | { readonly chunkSize: number } | { readonly chunksPerThread: number }

/**
 * What a user may write. Every field is optional.
 *
 * @since 0.1.0
 * @category models
 */
export interface ParallelOptions {
  /** `"auto"` (available parallelism), or a positive integer. Default: `WEFT_THREADS`, else `"auto"`. */
  readonly threads?: number | "auto" | undefined
  /** Fewer items than this run on the calling thread. Default 10. */
  readonly minParallelBatchSize?: number | undefined
  /** Default `"auto"`. */
  readonly chunking?: Chunking | undefined
  /** Per-task timeout in milliseconds; none by default. */
  readonly taskTimeoutMs?: number | undefined
  /**
   * Allow more than {@link maxThreads} threads (4 per available core). Default
   * false: a thread count far above the cores only costs memory and start-up
   * time (each worker is a V8 isolate of tens of MiB), and is usually a typo.
   */
  readonly oversubscribe?: boolean | undefined
}

/**
 * A validated configuration.
 *
 * @since 0.1.0
 * @category models
 */
export interface ParallelConfig {
  readonly threads: number
  /** Where `threads` came from. */
  readonly threadsSource: "option" | "env" | "auto"
  readonly minParallelBatchSize: number
  readonly chunking: Chunking
  readonly taskTimeoutMs: number | undefined
}

/**
 * The environment variable that sets the default thread count.
 * @since 0.1.0
 * @category constants
 */
export const THREADS_ENV = "WEFT_THREADS"

/**
 * Default for `minParallelBatchSize`.
 * @since 0.1.0
 * @category constants
 */
export const DEFAULT_MIN_PARALLEL_BATCH_SIZE = 10

const DEFAULT_CHUNKS_PER_THREAD = 4
const KNOWN_OPTIONS = new Set(["threads", "minParallelBatchSize", "chunking", "taskTimeoutMs", "oversubscribe"])

/**
 * The number of threads `"auto"` means on this machine.
 * @since 0.1.0
 * @category getters
 */
export const availableThreads = (): number =>
  typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length

/**
 * How many threads per available core a pool may have without `oversubscribe`.
 * @since 0.2.0
 * @category constants
 */
export const MAX_THREADS_PER_CORE = 4

/**
 * The most threads a pool may have on a machine with `cores` cores unless
 * `oversubscribe` is set: {@link MAX_THREADS_PER_CORE} per core.
 *
 * @since 0.2.0
 * @category getters
 */
export const maxThreads = (cores: number = availableThreads()): number => MAX_THREADS_PER_CORE * cores

const { positive } = Check

const parseThreads = (option: string, value: unknown): Effect.Effect<number | "auto", InvalidOption> => {
  if (value === "auto") return Effect.succeed("auto")
  if (typeof value === "string") {
    const trimmed = value.trim()
    if (trimmed === "auto") return Effect.succeed("auto")
    if (!/^\d+$/.test(trimmed)) {
      return Effect.fail(new InvalidOption({ option, value, reason: 'must be "auto" or a positive integer' }))
    }
    value = Number(trimmed)
  }
  return Options.integer(option, value, { min: 1, reason: 'must be "auto" or a positive integer' })
}

const parseChunking = (value: unknown): Effect.Effect<Chunking, InvalidOption> => {
  if (value === undefined || value === "auto") return Effect.succeed("auto")
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value)
    if (keys.length === 1 && keys[0] === "chunkSize") {
      return Effect.map(Options.integer("chunking.chunkSize", (value as any).chunkSize, positive), (chunkSize) => ({ chunkSize }))
    }
    if (keys.length === 1 && keys[0] === "chunksPerThread") {
      return Effect.map(Options.integer("chunking.chunksPerThread", (value as any).chunksPerThread, positive), (chunksPerThread) => ({ chunksPerThread }))
    }
  }
  return Effect.fail(new InvalidOption({ option: "chunking", value, reason: 'must be "auto", { chunkSize: n } or { chunksPerThread: n }' }))
}

/**
 * Validates options once, at the edge: explicit option, else `WEFT_THREADS`,
 * else all available cores. Every invalid value is an `InvalidOption` that
 * names the option and the value; nothing falls back silently.
 *
 * @example
 * const config = yield* ParallelConfig.resolve({ threads: 4 })
 * @since 0.1.0
 * @category constructors
 */
export const resolve = (
  options: ParallelOptions = {},
  env: Readonly<Record<string, string | undefined>> = process.env
): Effect.Effect<ParallelConfig, InvalidOption> =>
  Effect.gen(function* () {
    if (options === null || typeof options !== "object") {
      return yield* Effect.fail(new InvalidOption({ option: "parallel options", value: options, reason: "must be an object" }))
    }
    for (const key of Object.keys(options)) {
      if (!KNOWN_OPTIONS.has(key)) {
        return yield* Effect.fail(
          new InvalidOption({ option: "parallel option", value: key, reason: `unknown option; known: ${[...KNOWN_OPTIONS].join(", ")}` })
        )
      }
    }
    let requested: number | "auto"
    let threadsSource: ParallelConfig["threadsSource"]
    if (options.threads !== undefined) {
      requested = yield* parseThreads("threads", options.threads)
      threadsSource = "option"
    } else if (env[THREADS_ENV] !== undefined && env[THREADS_ENV] !== "") {
      requested = yield* parseThreads(THREADS_ENV, env[THREADS_ENV])
      threadsSource = "env"
    } else {
      requested = "auto"
      threadsSource = "auto"
    }
    const threads = requested === "auto" ? availableThreads() : requested
    if (options.oversubscribe !== undefined && typeof options.oversubscribe !== "boolean") {
      return yield* Effect.fail(new InvalidOption({ option: "oversubscribe", value: options.oversubscribe, reason: "must be true or false" }))
    }
    const bound = maxThreads()
    if (threads > bound && options.oversubscribe !== true) {
      return yield* Effect.fail(
        new InvalidOption({
          option: threadsSource === "env" ? THREADS_ENV : "threads",
          value: threads,
          reason:
            `more than ${bound} threads (${MAX_THREADS_PER_CORE} per core on ${availableThreads()} cores) only cost memory and start-up time; ` +
            "set oversubscribe: true to allow it"
        })
      )
    }
    if (requested === "auto" && threadsSource !== "env") threadsSource = threadsSource === "option" ? "option" : "auto"

    const minParallelBatchSize =
      options.minParallelBatchSize === undefined
        ? DEFAULT_MIN_PARALLEL_BATCH_SIZE
        : yield* Options.integer("minParallelBatchSize", options.minParallelBatchSize, positive)
    const chunking = yield* parseChunking(options.chunking)
    let taskTimeoutMs: number | undefined
    if (options.taskTimeoutMs !== undefined) {
      const t = options.taskTimeoutMs
      if (typeof t !== "number" || !Number.isFinite(t) || t <= 0) {
        return yield* Effect.fail(new InvalidOption({ option: "taskTimeoutMs", value: t, reason: "must be a positive number of milliseconds" }))
      }
      taskTimeoutMs = t
    }
    return { threads, threadsSource, minParallelBatchSize, chunking, taskTimeoutMs }
  })

/**
 * The number of items per chunk for a map of `items` items on `threads` threads.
 *
 * @since 0.1.0
 * @category getters
 */
export const chunkSize = (config: Pick<ParallelConfig, "threads" | "chunking">, items: number): number => {
  if (items <= 0) return 1
  const c = config.chunking
  if (c !== "auto" && "chunkSize" in c) return c.chunkSize
  const perThread = c === "auto" ? DEFAULT_CHUNKS_PER_THREAD : c.chunksPerThread
  return Math.max(1, Math.ceil(items / (config.threads * perThread)))
}
