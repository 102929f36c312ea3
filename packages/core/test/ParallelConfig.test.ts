import { describe, expect, it } from "@effect/vitest"
import { ParallelConfig } from "@weft/core"
import { Effect } from "effect"
import * as os from "node:os"

const resolve = (options: ParallelConfig.ParallelOptions, env: Record<string, string> = {}) => ParallelConfig.resolve(options, env)

describe("ParallelConfig", () => {
  it.effect("defaults to every available core, batch threshold 10, automatic chunking", () =>
    Effect.gen(function* () {
      const c = yield* resolve({})
      expect(c).toEqual({
        threads: os.availableParallelism(),
        threadsSource: "auto",
        minParallelBatchSize: 10,
        chunking: "auto",
        taskTimeoutMs: undefined
      })
    })
  )

  it.effect("takes an explicit count over WEFT_THREADS over auto", () =>
    Effect.gen(function* () {
      expect(yield* resolve({ threads: 3 }, { WEFT_THREADS: "5" })).toMatchObject({ threads: 3, threadsSource: "option" })
      expect(yield* resolve({}, { WEFT_THREADS: "5" })).toMatchObject({ threads: 5, threadsSource: "env" })
      expect(yield* resolve({}, { WEFT_THREADS: " 2 " })).toMatchObject({ threads: 2, threadsSource: "env" })
      expect(yield* resolve({}, { WEFT_THREADS: "auto" })).toMatchObject({ threads: os.availableParallelism(), threadsSource: "env" })
      expect(yield* resolve({ threads: "auto" }, { WEFT_THREADS: "5" })).toMatchObject({ threadsSource: "option" })
    })
  )

  it.effect("rejects invalid values with an error that names them", () =>
    Effect.gen(function* () {
      const cases: Array<[ParallelConfig.ParallelOptions, Record<string, string>, string]> = [
        [{ threads: 0 }, {}, 'invalid threads 0: must be "auto" or a positive integer'],
        [{ threads: -2 }, {}, 'invalid threads -2: must be "auto" or a positive integer'],
        [{ threads: 1.5 }, {}, 'invalid threads 1.5: must be "auto" or a positive integer'],
        [{ threads: Number.NaN }, {}, 'invalid threads null: must be "auto" or a positive integer'],
        [{}, { WEFT_THREADS: "abc" }, 'invalid WEFT_THREADS "abc": must be "auto" or a positive integer'],
        [{}, { WEFT_THREADS: "0" }, 'invalid WEFT_THREADS 0: must be "auto" or a positive integer'],
        [{ minParallelBatchSize: 0 }, {}, "invalid minParallelBatchSize 0: must be a positive integer"],
        [{ chunking: { chunkSize: 0 } }, {}, "invalid chunking.chunkSize 0: must be a positive integer"],
        [{ chunking: "big" as any }, {}, 'invalid chunking "big": must be "auto", { chunkSize: n } or { chunksPerThread: n }'],
        [{ taskTimeoutMs: -1 }, {}, "invalid taskTimeoutMs -1: must be a positive number of milliseconds"],
        [{ thread: 2 } as any, {}, 'invalid parallel option "thread": unknown option; known: threads, minParallelBatchSize, chunking, taskTimeoutMs, oversubscribe']
      ]
      for (const [options, env, message] of cases) {
        const error = yield* Effect.flip(resolve(options, env))
        expect(error._tag).toBe("InvalidOption")
        expect(error.message).toBe(message)
      }
    })
  )

  it.effect("refuses more than 4 threads per core unless oversubscribe is set", () =>
    Effect.gen(function* () {
      const bound = 4 * os.availableParallelism()
      expect(ParallelConfig.maxThreads()).toBe(bound)
      expect(yield* resolve({ threads: bound }, {})).toMatchObject({ threads: bound })
      for (const [options, env, option] of [
        [{ threads: bound + 1 }, {}, "threads"],
        [{ threads: 1000 }, {}, "threads"],
        [{}, { WEFT_THREADS: "1000" }, "WEFT_THREADS"]
      ] as const) {
        const error = yield* Effect.flip(resolve(options, env))
        expect(error._tag).toBe("InvalidOption")
        expect(error.option).toBe(option)
        expect(error.message).toContain(`more than ${bound} threads`)
        expect(error.message).toContain("oversubscribe")
      }
      expect(yield* resolve({ threads: bound + 1, oversubscribe: true }, {})).toMatchObject({ threads: bound + 1 })
      expect(yield* resolve({ oversubscribe: true }, { WEFT_THREADS: String(bound + 1) })).toMatchObject({ threads: bound + 1 })
      const bad = yield* Effect.flip(resolve({ oversubscribe: "yes" as any }, {}))
      expect(bad.message).toBe('invalid oversubscribe "yes": must be true or false')
    })
  )

  it("chunks about four per thread by default, or as configured", () => {
    expect(ParallelConfig.chunkSize({ threads: 2, chunking: "auto" }, 20_000)).toBe(2500)
    expect(ParallelConfig.chunkSize({ threads: 4, chunking: "auto" }, 10)).toBe(1)
    expect(ParallelConfig.chunkSize({ threads: 4, chunking: { chunkSize: 7 } }, 100)).toBe(7)
    expect(ParallelConfig.chunkSize({ threads: 2, chunking: { chunksPerThread: 1 } }, 100)).toBe(50)
  })
})
