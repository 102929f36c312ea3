import { describe, expect, it } from "@effect/vitest"
import { Piscina, Workloads } from "@weft/bench"
import { Effect } from "effect"
import { readdirSync } from "node:fs"

/** OS threads of this process, counted independently of any pool (Linux). */
const osThreads = (): number => readdirSync("/proc/self/task").length

describe("piscina baseline", () => {
  it.live(
    "gives the sequential loop's exact result with cloned batches, and leaves no thread behind",
    () =>
      Effect.gen(function* () {
        const w = Workloads.workloads["batch-inference"]
        const data = w.setup(w.sizes.quick, 3)
        const expected = w.fingerprint(w.runSequential(data))
        const before = osThreads()
        const measured = yield* Piscina.measureInference(data, 2, { warmups: 1, repeats: 2, gc: false }, expected)
        expect(measured.fingerprint).toBe(expected)
        expect(measured.samples).toHaveLength(2)
        for (let i = 0; i < 100 && osThreads() > before; i++) yield* Effect.sleep("10 millis")
        expect(osThreads()).toBeLessThanOrEqual(before)
      }),
    60_000
  )

  it.live("a wrong expected answer is a ResultMismatch", () =>
    Effect.gen(function* () {
      const w = Workloads.workloads["batch-inference"]
      const data = w.setup({ ...w.sizes.quick, rows: 300 }, 3)
      const error = yield* Effect.flip(Piscina.measureInference(data, 1, { warmups: 0, repeats: 1, gc: false }, "0".repeat(64)))
      expect(error._tag).toBe("ResultMismatch")
    })
  )
})
