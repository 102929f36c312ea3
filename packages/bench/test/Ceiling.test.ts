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

  it.live("the gemm kernel at 2 threads: each worker runs every product; a sample like the others, and no worker left", () =>
    Effect.gen(function* () {
      const [gemm] = yield* Ceiling.measure(2, ["gemm"], Ceiling.sizes.quick, Ceiling.makeBuffers(Ceiling.sizes.quick))
      expect(gemm.kernel).toBe("gemm")
      expect(gemm.ceiling).toBe(Ceiling.ceilingOf("gemm", 2, gemm.oneMs, gemm.manyMs))
      expect(Ceiling.liveWorkers()).toBe(0)
    })
  )

  it("jobs: the whole kernel on every worker, or the arrays cut into contiguous parts that cover them once", () => {
    const size = { chainIterations: 1000, gemmProducts: 7, streamDoubles: 10, streamPasses: 3 }
    expect(Ceiling.jobsFor("gemm", size, 3)).toEqual(new Array(3).fill({ kind: "gemm", products: 7 }))
    expect(Ceiling.jobsFor("chain", size, 2)).toEqual(new Array(2).fill({ kind: "chain", iterations: 1000 }))
    expect(Ceiling.jobsFor("stream", size, 3)).toEqual([
      { kind: "stream", from: 0, to: 3, passes: 3 },
      { kind: "stream", from: 3, to: 6, passes: 3 },
      { kind: "stream", from: 6, to: 10, passes: 3 }
    ])
    expect(Ceiling.warmUpSize(size)).toEqual({ chainIterations: 100, gemmProducts: 1, streamDoubles: 10, streamPasses: 1 })
    // gemm, like chain, counts T workers' worth of work; stream splits one.
    expect(Ceiling.ceilingOf("gemm", 2, 100, 110)).toBeCloseTo(200 / 110, 15)
  })
})
