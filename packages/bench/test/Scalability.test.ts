import { describe, expect, it } from "@effect/vitest"
import { Ceiling, runScalability, Workloads, type Progress, type Workload } from "@weft/bench"
import { Mlp } from "@weft/ml-workflows"
import { WorkerPool, type Executor } from "@weft/pool"
import { Effect, Either } from "effect"
import * as os from "node:os"
import { Digest } from "./helpers/digest.js"

const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length

/** A workload that needs no task module: its answer is whatever `answer` makes of the pool. */
const probe = (name: string, answer: (pool: Executor.Executor) => number): Workload<{ n: number }, null, number> => ({
  name,
  title: name,
  sizes: { default: { n: 1 }, quick: { n: 1 } },
  describe: () => "a probe",
  setup: () => null,
  runWeft: () => Effect.map(WorkerPool.WorkerPool, answer),
  runSequential: () => 0,
  fingerprint: (x) => String(x)
})

describe("runScalability: a quick run of every workload", () => {
  it.live(
    "results are equal across thread counts, to the sequential loop and to piscina; every pool is gone before the next round",
    () =>
      Effect.gen(function* () {
        const liveAfterEachCount: Array<number> = []
        const seen: Array<string> = []
        const onProgress = (e: Progress) => {
          if (e._tag === "Measured") {
            seen.push(`${e.workload}/${e.run}/${e.threads}`)
            if (e.run === "weft") liveAfterEachCount.push(WorkerPool.liveWorkers())
          }
        }
        const report = yield* runScalability({
          size: "quick",
          threads: [1, 2],
          repeats: 1,
          warmups: 1,
          batchScaling: { batches: [4, 8], repeats: 1, warmups: 0 },
          onProgress
        })
        expect(report.workloads.map((w) => w.name)).toEqual(Workloads.workloadNames)
        for (const w of report.workloads) {
          expect(w.sequential.fingerprint).toMatch(/^[0-9a-f]{64}$/)
          expect(w.counts.map((c) => c.threads)).toEqual([1, 2])
          for (const c of w.counts) {
            expect(c.fingerprint, `${w.name} at ${c.threads} threads`).toBe(w.sequential.fingerprint)
            expect(c.liveWorkersAfterClose).toBe(0)
            expect(c.timing.samples).toHaveLength(1)
          }
          // One thread runs on one worker (not inline on the main thread), as each of two threads does.
          expect(w.counts[0].utilisation).toBeGreaterThan(0)
          expect(w.counts[1].utilisation).toBeGreaterThan(0)
          expect(w.counts[0].speedup).toBe(1)
          expect(w.analysis.baseline).toBe("1-thread")
          expect(w.analysis.verdict.text.length).toBeGreaterThan(0)
        }
        const inference = report.workloads.find((w) => w.name === "batch-inference")!
        expect(inference.piscina!.map((p) => [p.threads, p.fingerprint])).toEqual(
          inference.counts.map((c) => [c.threads, inference.sequential.fingerprint])
        )
        expect(report.workloads.filter((w) => w.piscina !== null)).toHaveLength(1)
        expect(report.batchScaling!.rows.map((r) => r.batches)).toEqual([4, 8])
        expect(liveAfterEachCount).toEqual(new Array(Workloads.workloadNames.length * 2).fill(0))
        expect(seen).toContain("batch-inference/piscina/2")
        expect(report.machine.cores).toBe(cores)
        expect(report.settings).toMatchObject({ threads: [1, 2], repeats: 1, warmups: 1, size: "quick", seed: 42, minTimedMs: 0 })
        // Cross-validation is bounded by the list schedule of its 5 fold times measured on 1 thread, not by 5/3 assumed.
        const cv = report.workloads.find((w) => w.name === "cross-validation")!.counts[1].ceiling!
        expect(cv.structuralBound).toBeCloseTo(5 / 3, 12)
        const measured = cv.measuredBound!
        expect(measured.n).toBe(1)
        expect(measured.mean).toBeGreaterThanOrEqual(1) // (Σ t) / schedule on 2 threads: between 1 (one task dominates) and 2
        expect(measured.mean).toBeLessThanOrEqual(2)
        // The round is judged against its tasks' schedule on the workers' paces: achievable × ratio = speedup.
        expect(Number.isFinite(cv.rounds[0].bound) && cv.rounds[0].bound > 0).toBe(true)
        expect(cv.rounds[0].bound * cv.rounds[0].ratio).toBeCloseTo(cv.rounds[0].speedup, 12)
        // Workloads that report no task times keep the equal-task bound (or none).
        expect(report.workloads.find((w) => w.name === "grid-search")!.counts[1].ceiling!.measuredBound).toBeNull()
      }),
    180_000
  )

  it.live(
    "the weft result is the same as the network's forward pass over all rows at once (an independent batching)",
    () =>
      Effect.gen(function* () {
        const w = Workloads.workloads["batch-inference"]
        const data = w.setup(w.sizes.quick, 7)
        const parallel = yield* w.runWeft(data).pipe(Effect.provide(WorkerPool.layer({ threads: 2, minParallelBatchSize: 1 })))
        const whole = Mlp.mlpForward(data.state, data.X)
        expect(w.fingerprint(parallel)).toBe(new Digest().numbers(whole).hex())
        expect(Array.from(parallel)).toEqual(Array.from(whole))
      }),
    60_000
  )
})

describe("runScalability: counts and checks", () => {
  it.live("runs exactly the counts asked, in the order asked, and marks those above the cores", () =>
    Effect.gen(function* () {
      const asked = [cores + 3, 1, 2]
      const report = yield* runScalability({ workloads: [probe("size", () => 0)], threads: asked, repeats: 2, minTimedMs: 0, warmups: 0, ceiling: false })
      const w = report.workloads[0]
      expect(w.counts.map((c) => c.threads)).toEqual(asked)
      expect(w.counts.map((c) => c.oversubscribed)).toEqual(asked.map((n) => n > cores))
      expect(w.counts.every((c) => c.timing.samples.length === 2)).toBe(true)
      expect(report.batchScaling).toBeNull() // no batch inference, no batch scaling
      // No 1-thread run: speedups fall back to the sequential loop.
      const noOne = yield* runScalability({ workloads: [probe("size", () => 0)], threads: [2], repeats: 1, ceiling: false })
      expect(noOne.workloads[0].analysis.baseline).toBe("sequential")
      expect(noOne.workloads[0].counts[0].speedup).toBeNull()
    })
  )

  it.live("rounds interleave the counts in time and gather every round's samples", () =>
    Effect.gen(function* () {
      const order: Array<string> = []
      const report = yield* runScalability({
        workloads: [probe("rounds", () => 0)],
        threads: [1, 2],
        repeats: 2,
        warmups: 0,
        rounds: 3,
        size: "quick",
        onProgress: (e) => e._tag === "Measured" && order.push(`${e.run}/${e.threads}`)
      })
      // Each round: the sequential loop, then every count; not all of one count, then all of the next.
      expect(order).toEqual(["sequential/1", "weft/1", "weft/2", "sequential/1", "weft/1", "weft/2", "sequential/1", "weft/1", "weft/2"])
      const w = report.workloads[0]
      expect(w.sequential.timing.samples).toHaveLength(6)
      expect(w.counts.map((c) => c.timing.samples.length)).toEqual([6, 6])
      expect(w.counts.every((c) => c.liveWorkersAfterClose === 0)).toBe(true)
      expect(report.settings.rounds).toBe(3)
    })
  )

  it.live("short runs get more samples, up to 4 × repeats, until they add up to minTimedMs", () =>
    Effect.gen(function* () {
      // Each run sleeps 25 ms: 2 repeats are 50 ms, so 120 ms asks for 5 samples (125 ms); 1000 ms stops at 4 × 2 = 8.
      const sleepy: Workload<{ n: number }, null, number> = {
        ...probe("sleepy", () => 0),
        runWeft: () => Effect.as(Effect.sleep("25 millis"), 0),
        runSequential: () => 0
      }
      const run = (minTimedMs: number) =>
        runScalability({ workloads: [sleepy], threads: [2], repeats: 2, warmups: 0, minTimedMs, ceiling: false, size: "quick" })
      const some = yield* run(120)
      const samples = some.workloads[0].counts[0].timing.samples
      const sum = (xs: ReadonlyArray<number>) => xs.reduce((a, b) => a + b, 0)
      // At least the 2 repeats; then runs until 120 ms, and not one run more (each run is ≥ 25 ms, so ≤ 5 runs).
      expect(samples.length).toBeGreaterThanOrEqual(2)
      expect(samples.length).toBeLessThanOrEqual(5)
      expect(sum(samples)).toBeGreaterThanOrEqual(120)
      if (samples.length > 2) expect(sum(samples.slice(0, -1))).toBeLessThan(120)
      expect(some.settings.minTimedMs).toBe(120)
      const capped = yield* run(1000)
      expect(capped.workloads[0].counts[0].timing.samples).toHaveLength(8)
      const none = yield* run(0)
      expect(none.workloads[0].counts[0].timing.samples).toHaveLength(2)
      const bad = yield* Effect.either(run(-1))
      expect(Either.isLeft(bad) && bad.left._tag).toBe("InvalidOption")
    })
  )

  it.live("interleaves the counts' samples (1, 2, 2, 1), runs the kernel on each sample's own workers right before it, and divides each round's speedup by it", () =>
    Effect.gen(function* () {
      const order: Array<string> = []
      const sizes: Array<number> = []
      const startedBefore = Ceiling.startedWorkers()
      const report = yield* runScalability({
        workloads: [probe("ceiling", (pool) => (sizes.push(pool.size), 0))],
        threads: [1, 2],
        repeats: 2,
        warmups: 0,
        rounds: 2,
        size: "quick",
        onProgress: (e) => {
          if (e._tag === "Measured") order.push(`${e.run}/${e.threads}`)
          if (e._tag === "CeilingMeasured") order.push(`ceiling/${e.threads}`)
        }
      })
      expect(order).toEqual(["sequential/1", "weft/1", "weft/2", "ceiling/2", "sequential/1", "weft/1", "weft/2", "ceiling/2"])
      // The samples of a round, in time: one of each count, then one of each in reverse order.
      expect(sizes).toEqual([1, 2, 2, 1, 1, 2, 2, 1])
      // The kernel ran on the pools' own workers: no plain ceiling worker was started.
      expect(Ceiling.startedWorkers() - startedBefore).toBe(0)
      const w = report.workloads[0]
      expect(w.counts[0].ceiling).toBeNull() // at 1 thread the ceiling is 1 by definition
      const k = w.counts[1].ceiling!
      expect(k.kernel).toBe("gemm") // a workload that says nothing is compared with the compute ceiling
      // One kernel time per worker before and after each timed sample: 1 at 1 thread, 2 at 2 threads;
      // a sample is judged against the mean of the two.
      const around = (c: (typeof w.counts)[number]) => c.paces!.map((before, k) => before.map((ms, j) => (ms + c.pacesAfter![k][j]) / 2))
      for (const c of w.counts) {
        expect(c.paces!.map((p) => p.length)).toEqual(new Array(4).fill(c.threads))
        expect(c.pacesAfter!.map((p) => p.length)).toEqual(new Array(4).fill(c.threads))
        for (const p of [...c.paces!, ...c.pacesAfter!]) for (const ms of p) expect(ms).toBeGreaterThan(0)
      }
      const p1 = around(w.counts[0])
      const p2 = around(w.counts[1])
      expect(k.rounds).toHaveLength(2)
      for (const [r, round] of k.rounds.entries()) {
        const one = w.counts[0].timing.samples.slice(2 * r, 2 * r + 2)
        const two = w.counts[1].timing.samples.slice(2 * r, 2 * r + 2)
        // The round's speedup: medians of this round's samples only.
        expect(round.speedup).toBeCloseTo((one[0] + one[1]) / (two[0] + two[1]), 12)
        // Each sample in kernel runs its own workers could do around it.
        const work1 = one.map((ms, i) => ms / p1[2 * r + i][0])
        const work2 = two.map((ms, i) => ms * (1 / p2[2 * r + i][0] + 1 / p2[2 * r + i][1]))
        expect(round.efficiency).toBeCloseTo((work1[0] + work1[1]) / (work2[0] + work2[1]), 12)
        expect(round.ceiling).toBeCloseTo(round.speedup / round.efficiency, 12)
        expect(round.ratio).toBeCloseTo(round.speedup / round.ceiling, 12)
      }
      expect(k.ratio.mean).toBeCloseTo((k.rounds[0].ratio + k.rounds[1].ratio) / 2, 12)
      expect(k.target).toBeNull()
      expect(w.scaling).toMatchObject({ kernel: "gemm", structure: null, target: null })
      // Two counts: no Amdahl fit, and the report says why.
      expect(w.analysis.amdahl).toBeNull()
      expect(w.analysis.amdahlNote).toMatch(/^not fitted: one thread count above 1/)
      expect(report.settings.ceiling).toEqual(Ceiling.sizes.quick)
      expect(report.software!.weft).toMatch(/^\d+\.\d+\.\d+/)
      expect(report.load!.samples.length).toBeGreaterThan(2)
      expect(report.load!.exceededCores).toBe(report.load!.max > cores)
      // Without the 1-thread count there is nothing to divide by: no ceiling.
      const noOne = yield* runScalability({ workloads: [probe("no-one", () => 0)], threads: [2], repeats: 1, warmups: 0, size: "quick" })
      expect(noOne.workloads[0].counts[0].ceiling).toBeNull()
    })
  )

  it.live("a run whose answer differs from the sequential loop fails with ResultMismatch, and leaves no worker", () =>
    Effect.gen(function* () {
      // One worker less than the pool's size: 0 at one thread (the answer matches: the pool has one worker), 1 at two threads (it does not).
      const result = yield* Effect.either(runScalability({ workloads: [probe("wrong", (pool) => pool.size - 1)], threads: [1, 2], repeats: 1, warmups: 0 }))
      expect(Either.isLeft(result)).toBe(true)
      const error = (result as Either.Left<any, unknown>).left
      expect(error._tag).toBe("ResultMismatch")
      expect(error).toMatchObject({ workload: "wrong", run: "weft, 2 threads", expected: "0", actual: "1" })
    })
  )

  it.live("rejects bad options with InvalidOption before running anything", () =>
    Effect.gen(function* () {
      const bad = [
        { threads: [] },
        { threads: [0] },
        { threads: [1.5] },
        { threads: [2, 2] },
        { repeats: 0 },
        { warmups: -1 },
        { rounds: 0 },
        { seed: -1 },
        { workloads: ["nope" as never] },
        { workloads: [] },
        { size: "huge" as never },
        { sizes: { "batch-inference": { rowz: 1 } as never } },
        { efficiencyThreshold: 0 }
      ]
      for (const options of bad) {
        const result = yield* Effect.either(runScalability({ ...options, batchScaling: false }))
        expect(Either.isLeft(result) && result.left._tag, JSON.stringify(options)).toBe("InvalidOption")
      }
      const badSize = yield* Effect.either(runScalability({ workloads: ["batch-inference"], threads: [1], sizes: { "batch-inference": { rows: 0 } }, batchScaling: false }))
      expect(Either.isLeft(badSize) && badSize.left._tag).toBe("InvalidOption")
    })
  )
})
