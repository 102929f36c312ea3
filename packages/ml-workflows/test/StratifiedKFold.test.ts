import { InvalidOption, NonFiniteValue } from "@weft/core"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { Split } from "../src/Split.js"
import { stratifiedKFold } from "../src/StratifiedKFold.js"
import { shared, fixture, plain, thrown, expectPartition } from "./helpers/splits.js"

interface Case {
  readonly name?: string
  readonly y: ReadonlyArray<number> | ReadonlyArray<string>
  readonly k: number
  readonly folds: ReadonlyArray<{ readonly train: ReadonlyArray<number>; readonly test: ReadonlyArray<number> }>
}

/** counts[f][c]: samples of class c in test fold f. */
const classCounts = (splits: ReadonlyArray<Split>, y: ReadonlyArray<number>, nClasses: number): Array<Array<number>> =>
  splits.map(({ test }) => {
    const counts = new Array(nClasses).fill(0)
    for (const i of test) counts[y[i]]++
    return counts
  })

/** Labels 0..nClasses-1 where every class has at least k members. */
const labelsArbitrary = fc
  .record({ k: fc.integer({ min: 2, max: 6 }), nClasses: fc.integer({ min: 1, max: 5 }) })
  .chain(({ k, nClasses }) =>
    fc
      .tuple(
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: nClasses, maxLength: nClasses }),
        fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 200, maxLength: 200 })
      )
      .map(([extra, noise]) => {
        const y: Array<number> = []
        for (let c = 0; c < nClasses; c++) for (let r = 0; r < k + extra[c]; r++) y.push(c)
        // A deterministic scramble from the generated noise, so classes interleave.
        for (let i = y.length - 1; i > 0; i--) {
          const j = noise[i % noise.length] % (i + 1)
          const t = y[i]
          y[i] = y[j]
          y[j] = t
        }
        return { y, k, nClasses }
      })
  )

describe("stratifiedKFold", () => {
  it("equals scikit-learn's StratifiedKFold on the shared reference", () => {
    const c = shared.stratified_kfold as Case
    expect(plain(stratifiedKFold(c.y, { k: c.k }))).toEqual(c.folds)
  })

  it("equals scikit-learn on iris and breast-cancer labels (k = 5 and 3), classes out of order and random labels", () => {
    const cases = fixture.stratified_kfold as ReadonlyArray<Case>
    expect(cases.length).toBeGreaterThanOrEqual(17)
    for (const c of cases) {
      expect(plain(stratifiedKFold(c.y, { k: c.k })), c.name).toEqual(c.folds)
    }
  })

  it("numeric and string labels of the same pattern give the same folds", () => {
    const y = [3, 1, 3, 2, 1, 2, 3, 1, 2, 2]
    expect(plain(stratifiedKFold(y.map((v) => `class-${v}`), { k: 2 }))).toEqual(plain(stratifiedKFold(y, { k: 2 })))
    expect(plain(stratifiedKFold(Float64Array.from(y), { k: 2 }))).toEqual(plain(stratifiedKFold(y, { k: 2 })))
  })

  it("folds partition the indices and keep each class's count per fold within one of n_c / k", () => {
    fc.assert(
      fc.property(labelsArbitrary, ({ y, k, nClasses }) => {
        const splits = stratifiedKFold(y, { k })
        expectPartition(splits, y.length)
        const perClass = new Array(nClasses).fill(0)
        for (const v of y) perClass[v]++
        for (const counts of classCounts(splits, y, nClasses)) {
          for (let c = 0; c < nClasses; c++) {
            expect(counts[c]).toBeGreaterThanOrEqual(Math.floor(perClass[c] / k))
            expect(counts[c]).toBeLessThanOrEqual(Math.ceil(perClass[c] / k))
          }
        }
        const sizes = splits.map((s) => s.test.length)
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1)
      })
    )
  })

  it("shuffling keeps the per-fold class counts, partitions the indices and depends only on the seed", () => {
    fc.assert(
      fc.property(labelsArbitrary, fc.integer({ min: 0, max: 1000 }), ({ y, k, nClasses }, seed) => {
        const shuffled = stratifiedKFold(y, { k, shuffle: true, seed })
        expectPartition(shuffled, y.length)
        expect(classCounts(shuffled, y, nClasses)).toEqual(classCounts(stratifiedKFold(y, { k }), y, nClasses))
        expect(plain(stratifiedKFold(y, { k, shuffle: true, seed }))).toEqual(plain(shuffled))
      })
    )
    const y = Array.from({ length: 90 }, (_, i) => i % 3)
    expect(plain(stratifiedKFold(y, { k: 3, shuffle: true, seed: 5 }))).not.toEqual(plain(stratifiedKFold(y, { k: 3 })))
  })

  it("fails with InvalidOption naming the class and its count when a class has fewer than k members", () => {
    const y = ["a", "a", "a", "b", "b", "c", "c", "c"]
    const e = thrown(() => stratifiedKFold(y, { k: 3 }))
    expect(e).toBeInstanceOf(InvalidOption)
    expect(e).toMatchObject({ option: "k", value: 3 })
    expect((e as Error).message).toContain('class "b" has only 2 members')
  })

  it("fails when every class has fewer than k members, as scikit-learn does", () => {
    const e = thrown(() => stratifiedKFold([0, 0, 1, 1, 2, 2], { k: 3 }))
    expect(e).toMatchObject({ _tag: "InvalidOption", option: "k", value: 3 })
    expect((e as Error).message).toContain("number of members in each class")
  })

  it("rejects continuous, non-finite and mixed labels, bad k and a seed without shuffle", () => {
    expect(thrown(() => stratifiedKFold([0.5, 1, 0.5, 1], { k: 2 }))).toMatchObject({ _tag: "InvalidOption", option: "y", value: 0.5 })
    const nan = thrown(() => stratifiedKFold([0, 1, Number.NaN, 1], { k: 2 }))
    expect(nan).toBeInstanceOf(NonFiniteValue)
    expect(nan).toMatchObject({ row: 2 })
    expect(thrown(() => stratifiedKFold([0, "a", 0, "a"] as unknown as ReadonlyArray<string>, { k: 2 }))).toMatchObject({
      _tag: "InvalidOption",
      option: "y"
    })
    expect(thrown(() => stratifiedKFold([0, 0, 1, 1], { k: 1 }))).toMatchObject({ _tag: "InvalidOption", option: "k" })
    expect(thrown(() => stratifiedKFold([0, 0, 1, 1], { k: 5 }))).toMatchObject({ _tag: "InvalidOption", option: "k", value: 5 })
    expect(thrown(() => stratifiedKFold([0, 0, 1, 1], { k: 2, seed: 1 }))).toMatchObject({ _tag: "InvalidOption", option: "seed" })
  })
})
