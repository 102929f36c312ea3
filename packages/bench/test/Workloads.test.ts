import { describe, expect, it } from "@effect/vitest"
import { runScalability, Workloads, type Workload } from "@weft/bench"
import { WorkerPool } from "@weft/pool"
import { Effect } from "effect"
import fc from "fast-check"

/** weft on a 2-thread pool and the plain loop give the same fingerprint for every size drawn. */
const parallelEqualsSequential = <S extends object>(w: Workload<S>, sizes: fc.Arbitrary<S>, runs: number) =>
  Effect.gen(function* () {
    const pool = yield* WorkerPool.WorkerPool
    for (const [size, seed] of fc.sample(fc.tuple(sizes, fc.integer({ min: 0, max: 2 ** 32 - 1 })), { numRuns: runs, seed: 11 })) {
      const data = w.setup(size, seed)
      const parallel = yield* w.runWeft(data).pipe(Effect.provideService(WorkerPool.WorkerPool, pool))
      expect(w.fingerprint(parallel), `${w.name} ${JSON.stringify(size)} seed ${seed}`).toBe(w.fingerprint(w.runSequential(data)))
    }
  })

const hidden = fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 2 })

describe("workloads: parallel equals sequential, bit for bit (property)", () => {
  const pool = WorkerPool.layer({ threads: 2, minParallelBatchSize: 1 })

  it.live(
    "batch inference, preprocessing, gradients and uncertainty at random sizes",
    () =>
      Effect.gen(function* () {
        const { workloads } = Workloads
        yield* parallelEqualsSequential(
          workloads["batch-inference"],
          fc.record({ rows: fc.integer({ min: 1, max: 300 }), features: fc.integer({ min: 1, max: 6 }), hidden, batchSize: fc.integer({ min: 1, max: 64 }) }),
          8
        )
        yield* parallelEqualsSequential(
          workloads.preprocessing,
          fc.record({
            rows: fc.integer({ min: 1, max: 2000 }),
            features: fc.integer({ min: 1, max: 6 }),
            batchSize: fc.integer({ min: 1, max: 300 }),
            reuseOutput: fc.boolean()
          }),
          8
        )
        yield* parallelEqualsSequential(
          workloads.gradients,
          fc.record({
            rows: fc.integer({ min: 1, max: 300 }),
            features: fc.integer({ min: 1, max: 6 }),
            hidden,
            shards: fc.integer({ min: 1, max: 12 }),
            reuseRows: fc.boolean()
          }),
          8
        )
        yield* parallelEqualsSequential(
          workloads.uncertainty,
          fc.record({
            rows: fc.integer({ min: 1, max: 60 }),
            features: fc.integer({ min: 1, max: 6 }),
            hidden,
            batchSize: fc.integer({ min: 1, max: 16 }),
            samples: fc.integer({ min: 1, max: 6 }),
            dropout: fc.double({ min: 0.05, max: 0.9, noNaN: true })
          }),
          6
        )
      }).pipe(Effect.provide(pool)),
    120_000
  )

  it.live(
    "cross-validation and grid search at random sizes",
    () =>
      Effect.gen(function* () {
        const { workloads } = Workloads
        const folds = fc.integer({ min: 2, max: 5 })
        yield* parallelEqualsSequential(
          workloads["cross-validation"],
          fc.record({ rows: fc.integer({ min: 20, max: 200 }), features: fc.integer({ min: 1, max: 5 }), hidden, epochs: fc.integer({ min: 1, max: 2 }), folds }),
          5
        )
        yield* parallelEqualsSequential(
          workloads["grid-search"],
          fc.record({
            rows: fc.integer({ min: 20, max: 150 }),
            features: fc.integer({ min: 1, max: 4 }),
            hiddenLayers: fc.array(hidden, { minLength: 1, maxLength: 2 }),
            learningRates: fc.uniqueArray(fc.constantFrom(0.001, 0.01, 0.1), { minLength: 1, maxLength: 2 }),
            epochs: fc.integer({ min: 1, max: 2 }),
            folds
          }),
          5
        )
      }).pipe(Effect.provide(pool)),
    120_000
  )
})

describe("workloads: reused outputs", () => {
  it.live("a preprocessing run into the reused output that writes nothing cannot match", () =>
    Effect.gen(function* () {
      const w = Workloads.workloads.preprocessing
      const data = w.setup({ rows: 300, features: 3, batchSize: 64, reuseOutput: true }, 5)
      const first = w.runSequential(data)
      const expected = w.fingerprint(first)
      expect(Array.from(first.Z.data).every(Number.isNaN)).toBe(true) // the fingerprint cleared the output
      // A "run" that returns the same matrix without writing it.
      expect(w.fingerprint({ scaler: first.scaler, Z: first.Z })).not.toBe(expected)
      const again = yield* w.runWeft(data).pipe(Effect.provide(WorkerPool.layer({ threads: 2, minParallelBatchSize: 1 })))
      expect(again.Z).toBe(first.Z)
      expect(w.fingerprint(again)).toBe(expected)
    })
  )
})

describe("workloads: reused shard gradients and measured task costs", () => {
  it.live("a gradients run into the reused rows that writes no shard gradient cannot match", () =>
    Effect.gen(function* () {
      const w = Workloads.workloads.gradients
      const data = w.setup({ rows: 200, features: 3, hidden: [4], shards: 5, reuseRows: true }, 5)
      const first = w.runSequential(data)
      expect(first.rows).toBe(data.rows)
      const expected = w.fingerprint(first)
      expect(Array.from(data.rows!.data).every(Number.isNaN)).toBe(true) // the fingerprint cleared the rows
      const again = yield* w.runWeft(data).pipe(Effect.provide(WorkerPool.layer({ threads: 2, minParallelBatchSize: 1 })))
      expect(again.rows).toBe(data.rows)
      // Every row was NaN before this run: a shard it did not write would make the mean NaN, not this digest.
      expect(w.fingerprint(again)).toBe(expected)
      expect(Number.isNaN(again.loss)).toBe(false)
    })
  )

  it.live("cross-validation reports one cost per fold, in fold order, from the workers and from the loop", () =>
    Effect.gen(function* () {
      const w = Workloads.workloads["cross-validation"]
      const data = w.setup({ rows: 100, features: 3, hidden: [4], epochs: 1, folds: 4 }, 3)
      const sequential = w.runSequential(data)
      const weft = yield* w.runWeft(data).pipe(Effect.provide(WorkerPool.layer({ threads: 2, minParallelBatchSize: 1 })))
      for (const r of [sequential, weft]) {
        const costs = w.scaling!.taskCosts!(r)!
        expect(costs).toHaveLength(4)
        for (const c of costs) expect(c).toBeGreaterThanOrEqual(0)
      }
      expect(w.fingerprint(weft)).toBe(w.fingerprint(sequential)) // the costs are not in the fingerprint
    })
  )
})

describe("workloads: sizes", () => {
  it("every workload has a default and a quick size with the same parameters, and describes them", () => {
    for (const name of Workloads.workloadNames) {
      const w: Workload = Workloads.workloads[name]
      expect(w.name).toBe(name)
      expect(Object.keys(w.sizes.quick).sort()).toEqual(Object.keys(w.sizes.default).sort())
      expect(w.describe(w.sizes.default)).not.toBe(w.describe(w.sizes.quick))
    }
  })

  it.live("size overrides reach the workload", () =>
    Effect.gen(function* () {
      const report = yield* runScalability({
        workloads: ["batch-inference"],
        threads: [1],
        size: "quick",
        sizes: { "batch-inference": { rows: 500, batchSize: 50 } },
        piscina: false,
        batchScaling: false,
        repeats: 1,
        warmups: 0
      })
      expect(report.workloads[0].size).toMatchObject({ rows: 500, batchSize: 50 })
      expect(report.workloads[0].description).toContain("500 rows × 16 features")
      expect(report.workloads[0].description).toContain("10 batches of 50 rows")
    })
  )
})
