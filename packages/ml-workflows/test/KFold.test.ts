import { InvalidOption } from "@weft/core"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { kFold } from "../src/KFold.js"
import { shared, fixture, plain, thrown, expectPartition } from "./helpers/splits.js"

interface FoldCase {
  readonly n: number
  readonly k: number
  readonly folds: ReadonlyArray<{ readonly train: ReadonlyArray<number>; readonly test: ReadonlyArray<number> }>
}

describe("kFold", () => {
  it("equals scikit-learn's KFold on the shared reference", () => {
    for (const c of shared.kfold as ReadonlyArray<FoldCase>) {
      expect(plain(kFold(c.n, { k: c.k }))).toEqual(c.folds)
    }
  })

  it("equals scikit-learn's KFold on more sizes (n = k, n = 150, uneven remainders)", () => {
    for (const c of fixture.kfold as ReadonlyArray<FoldCase>) {
      expect(plain(kFold(c.n, { k: c.k }))).toEqual(c.folds)
    }
  })

  it("uses 5 folds by default", () => {
    const twelve = (shared.kfold as ReadonlyArray<FoldCase>).find((c) => c.n === 12 && c.k === 5)!
    expect(plain(kFold(12))).toEqual(twelve.folds)
  })

  it("folds partition 0..n-1, sizes differ by at most one, larger folds first, contiguous tests", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 120 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 2, max: n }))),
        ([n, k]) => {
          const splits = kFold(n, { k })
          expect(splits).toHaveLength(k)
          expectPartition(splits, n)
          const sizes = splits.map((s) => s.test.length)
          for (let f = 0; f < k; f++) expect(sizes[f]).toBe(f < n % k ? Math.ceil(n / k) : Math.floor(n / k))
          for (const { test } of splits) expect(test[test.length - 1] - test[0]).toBe(test.length - 1)
        }
      )
    )
  })

  it("shuffled folds partition the indices, keep the fold sizes and depend only on the seed", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 120 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 2, max: n }))),
        fc.integer({ min: 0, max: 0xffffffff }),
        ([n, k], seed) => {
          const a = kFold(n, { k, shuffle: true, seed })
          expectPartition(a, n)
          expect(a.map((s) => s.test.length)).toEqual(kFold(n, { k }).map((s) => s.test.length))
          expect(plain(kFold(n, { k, shuffle: true, seed }))).toEqual(plain(a))
        }
      )
    )
  })

  it("shuffling moves samples between folds, differently for different seeds", () => {
    const a = plain(kFold(60, { k: 3, shuffle: true, seed: 1 }))
    const b = plain(kFold(60, { k: 3, shuffle: true, seed: 2 }))
    expect(a).not.toEqual(plain(kFold(60, { k: 3 })))
    expect(a).not.toEqual(b)
    // Leaving the seed out shuffles with seed 0, so it stays reproducible.
    expect(plain(kFold(60, { k: 3, shuffle: true }))).toEqual(plain(kFold(60, { k: 3, shuffle: true, seed: 0 })))
  })

  it("rejects k < 2, k > n, a fractional k and a seed without shuffle, naming the option", () => {
    const one = thrown(() => kFold(10, { k: 1 }))
    expect(one).toBeInstanceOf(InvalidOption)
    expect(one).toMatchObject({ option: "k", value: 1 })
    expect((one as Error).message).toContain("at least 2")

    const tooMany = thrown(() => kFold(4, { k: 5 }))
    expect(tooMany).toMatchObject({ _tag: "InvalidOption", option: "k", value: 5 })
    expect((tooMany as Error).message).toContain("number of samples (4)")

    expect(thrown(() => kFold(10, { k: 2.5 }))).toMatchObject({ _tag: "InvalidOption", option: "k" })
    const seeded = thrown(() => kFold(10, { k: 2, seed: 3 }))
    expect(seeded).toMatchObject({ _tag: "InvalidOption", option: "seed", value: 3 })
    expect((seeded as Error).message).toContain("shuffle")
    expect(thrown(() => kFold(10, { k: 2, shuffle: true, seed: -1 }))).toMatchObject({ _tag: "InvalidOption", option: "seed" })
    expect(thrown(() => kFold(-1))).toMatchObject({ _tag: "InvalidOption", option: "n" })
  })
})
