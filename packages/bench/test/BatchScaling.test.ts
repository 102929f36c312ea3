import { describe, expect, it } from "@effect/vitest"
import { BatchScaling } from "@weft/bench"
import { Effect, Either } from "effect"

describe("batch scaling", () => {
  it("break-even is the smallest count from which every larger count pays", () => {
    const rows = (speedups: Array<[number, number]>) => speedups.map(([batches, speedup]) => ({ batches, speedup }))
    expect(BatchScaling.breakEvenOf(rows([[10, 0.4], [50, 1.2], [100, 1.8]]))).toBe(50)
    expect(BatchScaling.breakEvenOf(rows([[10, 1.1], [50, 0.9], [100, 1.8], [200, 1.9]]))).toBe(100)
    expect(BatchScaling.breakEvenOf(rows([[100, 1.8], [10, 0.5]]))).toBe(100) // any order
    expect(BatchScaling.breakEvenOf(rows([[10, 0.4], [50, 0.9]]))).toBeNull()
    expect(BatchScaling.breakEvenOf(rows([[10, 1.5]]))).toBe(10)
  })

  it.live(
    "times each batch count on one pool; results equal the plain loop's",
    () =>
      Effect.gen(function* () {
        const report = yield* BatchScaling.runBatchScaling({ batches: [2, 6], rowsPerBatch: 4, hidden: [8], threads: 2, repeats: 2, warmups: 1 })
        expect(report.rows.map((r) => [r.batches, r.rows])).toEqual([
          [2, 8],
          [6, 24]
        ])
        for (const r of report.rows) {
          expect(r.weft.samples).toHaveLength(2)
          expect(r.speedup).toBeCloseTo(r.sequential.median / r.weft.median, 12)
        }
        expect(report.description).toBe("batch inference, MLP 16-8-1, 4 rows per batch, 2 threads")
      }),
    60_000
  )

  it.live("rejects bad options", () =>
    Effect.gen(function* () {
      for (const options of [{ batches: [] }, { batches: [0] }, { rowsPerBatch: 0 }, { threads: 0 }, { repeats: 0 }]) {
        const result = yield* Effect.either(BatchScaling.runBatchScaling(options))
        expect(Either.isLeft(result) && result.left._tag, JSON.stringify(options)).toBe("InvalidOption")
      }
    })
  )
})
