import { describe, expect, it } from "@effect/vitest"
import { Ceiling } from "@weft/bench"
import { Effect } from "effect"

describe("Ceiling: the kernels on plain worker threads", () => {
  it("the ceiling of a sample's times, by hand", () => {
    // chain: each of the T workers runs the whole chain, so T · one / many
    expect(Ceiling.ceilingOf("chain", 2, 100, 100)).toBe(2)
    expect(Ceiling.ceilingOf("chain", 2, 100, 200)).toBe(1)
    expect(Ceiling.ceilingOf("chain", 4, 90, 120)).toBe(3)
    // stream: the T workers split one array, so one / many
    expect(Ceiling.ceilingOf("stream", 2, 100, 50)).toBe(2)
    expect(Ceiling.ceilingOf("stream", 2, 100, 80)).toBe(1.25)
  })

  it.live("measures both kernels at 3 threads, and every worker it started has exited when it returns", () =>
    Effect.gen(function* () {
      const size = Ceiling.sizes.quick
      const buffers = Ceiling.makeBuffers(size)
      expect(Ceiling.liveWorkers()).toBe(0)
      const before = Ceiling.startedWorkers()
      const samples = yield* Ceiling.measure(3, ["chain", "stream"], size, buffers)
      expect(Ceiling.startedWorkers() - before).toBe(3)
      expect(Ceiling.liveWorkers()).toBe(0) // each of the 3 has sent its exit event
      expect(samples.map((s) => [s.kernel, s.threads])).toEqual([
        ["chain", 3],
        ["stream", 3]
      ])
      for (const s of samples) {
        expect(s.oneMs).toBeGreaterThan(0)
        expect(s.manyMs).toBeGreaterThan(0)
        expect(s.ceiling).toBe(Ceiling.ceilingOf(s.kernel, 3, s.oneMs, s.manyMs))
      }
      // The streaming kernel wrote every value of the destination: (1.5 − 0.25) / 1.75.
      const dst = new Float64Array(buffers.dst)
      expect(dst[0]).toBe((1.5 - 0.25) / 1.75)
      expect(dst[dst.length - 1]).toBe((1.5 - 0.25) / 1.75)
    })
  )

  it.live("one worker alone", () =>
    Effect.gen(function* () {
      const samples = yield* Ceiling.measure(1, ["stream"], Ceiling.sizes.quick, Ceiling.makeBuffers(Ceiling.sizes.quick))
      expect(samples).toHaveLength(1)
      expect(Ceiling.liveWorkers()).toBe(0)
    })
  )

  it.live("a pacer keeps its workers for its scope, times a kernel on all of them, and they have all exited when the scope closes", () =>
    Effect.gen(function* () {
      const before = Ceiling.startedWorkers()
      const times = yield* Effect.scoped(
        Effect.gen(function* () {
          const pacer = yield* Ceiling.pacer(2, Ceiling.sizes.quick, Ceiling.makeBuffers(Ceiling.sizes.quick))
          expect(Ceiling.liveWorkers()).toBe(2)
          const chain = yield* pacer.run("chain")
          const stream = yield* pacer.run("stream")
          expect(Ceiling.liveWorkers()).toBe(2) // the same two workers, kept between runs
          return [chain, stream]
        })
      )
      expect(Ceiling.startedWorkers() - before).toBe(2)
      expect(Ceiling.liveWorkers()).toBe(0)
      for (const ms of times) expect(ms).toBeGreaterThan(0)
    })
  )
})
