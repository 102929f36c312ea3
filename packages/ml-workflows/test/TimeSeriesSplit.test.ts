import { InvalidOption } from "@weft/core"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { timeSeriesSplit } from "../src/TimeSeriesSplit.js"
import { shared, fixture, plain, thrown } from "./helpers/splits.js"

interface Folds {
  readonly folds: ReadonlyArray<{ readonly train: ReadonlyArray<number>; readonly test: ReadonlyArray<number> }>
}
interface Case extends Folds {
  readonly n: number
  readonly options: { readonly n_splits: number; readonly gap?: number; readonly test_size?: number; readonly max_train_size?: number }
}

describe("timeSeriesSplit", () => {
  it("equals scikit-learn's TimeSeriesSplit on the shared reference", () => {
    const c = shared.time_series_split as Folds & { n: number; n_splits: number }
    expect(plain(timeSeriesSplit(c.n, { nSplits: c.n_splits }))).toEqual(c.folds)
  })

  it("equals scikit-learn with gap, testSize and maxTrainSize", () => {
    for (const c of fixture.time_series_split as ReadonlyArray<Case>) {
      const o = c.options
      const splits = timeSeriesSplit(c.n, { nSplits: o.n_splits, gap: o.gap, testSize: o.test_size, maxTrainSize: o.max_train_size })
      expect(plain(splits), JSON.stringify(c.options)).toEqual(c.folds)
    }
  })

  it("always trains on the past: train ends gap samples before its test block, test blocks tile the end", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 200 }),
        fc.integer({ min: 2, max: 8 }),
        fc.integer({ min: 0, max: 5 }),
        fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
        (n, nSplits, gap, maxTrainSize) => {
          const testSize = Math.floor(n / (nSplits + 1))
          fc.pre(nSplits + 1 <= n && n - gap - testSize * nSplits > 0)
          const splits = timeSeriesSplit(n, { nSplits, gap, maxTrainSize })
          expect(splits).toHaveLength(nSplits)
          splits.forEach(({ train, test }, s) => {
            expect(test.length).toBe(testSize)
            expect(test[0]).toBe(n - (nSplits - s) * testSize)
            expect(train[train.length - 1]).toBe(test[0] - gap - 1)
            if (maxTrainSize !== undefined) expect(train.length).toBeLessThanOrEqual(maxTrainSize)
            else expect(train[0]).toBe(0)
          })
        }
      )
    )
  })

  it("rejects too many splits for the samples, with the numbers in the message", () => {
    const folds = thrown(() => timeSeriesSplit(4, { nSplits: 4 }))
    expect(folds).toBeInstanceOf(InvalidOption)
    expect(folds).toMatchObject({ option: "nSplits", value: 4 })
    expect((folds as Error).message).toContain("number of samples (4)")
    const gap = thrown(() => timeSeriesSplit(10, { nSplits: 3, testSize: 3, gap: 1 }))
    expect(gap).toMatchObject({ _tag: "InvalidOption", option: "nSplits" })
    expect((gap as Error).message).toContain("testSize 3 and gap 1")
  })

  it("rejects options that are not integers in range", () => {
    expect(thrown(() => timeSeriesSplit(10, { nSplits: 1 }))).toMatchObject({ _tag: "InvalidOption", option: "nSplits" })
    expect(thrown(() => timeSeriesSplit(10, { gap: -1 }))).toMatchObject({ _tag: "InvalidOption", option: "gap" })
    expect(thrown(() => timeSeriesSplit(10, { testSize: 0 }))).toMatchObject({ _tag: "InvalidOption", option: "testSize" })
    expect(thrown(() => timeSeriesSplit(10, { maxTrainSize: 1.5 }))).toMatchObject({ _tag: "InvalidOption", option: "maxTrainSize" })
  })
})
