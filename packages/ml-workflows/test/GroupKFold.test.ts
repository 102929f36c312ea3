import { InvalidOption, NonFiniteValue } from "@weft/core"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { groupKFold } from "../src/GroupKFold.js"
import { fixture, plain, thrown } from "./helpers/splits.js"

interface Case {
  readonly groups: ReadonlyArray<number> | ReadonlyArray<string>
  readonly k: number
  readonly folds: ReadonlyArray<{ readonly train: ReadonlyArray<number>; readonly test: ReadonlyArray<number> }>
}

describe("groupKFold", () => {
  it("equals scikit-learn's GroupKFold, ties between equal-sized groups included", () => {
    const cases = fixture.group_kfold as ReadonlyArray<Case>
    // 17..600 groups of 1..6 samples: numpy's introsort, not insertion sort, orders the ties.
    expect(cases.some((c) => new Set<number | string>(c.groups).size > 200)).toBe(true)
    for (const c of cases) {
      expect(plain(groupKFold(c.groups, { k: c.k })), `${new Set<number | string>(c.groups).size} groups, k=${c.k}`).toEqual(c.folds)
    }
  })

  it("puts the largest groups first into the lightest fold (hand-worked example)", () => {
    // Sizes: a=4, b=3, c=2, d=1. a -> fold 0 (4), b -> fold 1 (3), c -> fold 1 (5), d -> fold 0 (5).
    const groups = ["a", "b", "a", "c", "b", "a", "d", "c", "b", "a"]
    const [f0, f1] = groupKFold(groups, { k: 2 })
    expect(Array.from(f0.test)).toEqual([0, 2, 5, 6, 9])
    expect(Array.from(f1.test)).toEqual([1, 3, 4, 7, 8])
  })

  it("never splits a group and partitions the indices", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 25 }), { minLength: 2, maxLength: 150 }),
        fc.integer({ min: 2, max: 6 }),
        (groups, k) => {
          fc.pre(new Set(groups).size >= k)
          const splits = groupKFold(groups, { k })
          const foldOfGroup = new Map<number, number>()
          const seen = new Int32Array(groups.length)
          splits.forEach(({ train, test }, f) => {
            expect(train.length + test.length).toBe(groups.length)
            for (const i of test) {
              seen[i]++
              const g = groups[i]
              expect(foldOfGroup.get(g) ?? f).toBe(f)
              foldOfGroup.set(g, f)
            }
            const testGroups = new Set(Array.from(test, (i) => groups[i]))
            for (const i of train) expect(testGroups.has(groups[i])).toBe(false)
          })
          expect(Array.from(seen)).toEqual(new Array(groups.length).fill(1))
        }
      )
    )
  })

  it("rejects k above the number of groups, k < 2, mixed ids and non-finite ids", () => {
    const e = thrown(() => groupKFold([1, 1, 2, 2], { k: 3 }))
    expect(e).toBeInstanceOf(InvalidOption)
    expect(e).toMatchObject({ option: "k", value: 3 })
    expect((e as Error).message).toContain("number of distinct groups (2)")
    expect(thrown(() => groupKFold([1, 2, 3], { k: 1 }))).toMatchObject({ _tag: "InvalidOption", option: "k" })
    expect(thrown(() => groupKFold([1, "a", 2] as unknown as ReadonlyArray<string>, { k: 2 }))).toMatchObject({
      _tag: "InvalidOption",
      option: "groups"
    })
    const nan = thrown(() => groupKFold([1, 2, Number.NaN], { k: 2 }))
    expect(nan).toBeInstanceOf(NonFiniteValue)
    expect(nan).toMatchObject({ row: 2 })
  })
})
