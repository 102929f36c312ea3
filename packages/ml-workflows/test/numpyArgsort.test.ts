import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { numpyArgsort } from "../src/internal/numpyArgsort.js"

// numpy's own tie order is checked through GroupKFold against scikit-learn's
// folds (test/GroupKFold.test.ts); here, what any argsort must satisfy.
describe("numpyArgsort", () => {
  it("returns a permutation that sorts the keys ascending, ties and all", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 400 }), (keys) => {
        const v = Float64Array.from(keys)
        const order = numpyArgsort(v)
        expect(Array.from(order).sort((a, b) => a - b)).toEqual(keys.map((_, i) => i))
        for (let i = 1; i < order.length; i++) expect(v[order[i - 1]]).toBeLessThanOrEqual(v[order[i]])
      })
    )
  })

  it("keeps ties in input order up to 16 keys, where numpy only runs insertion sort", () => {
    expect(Array.from(numpyArgsort(Float64Array.from([2, 1, 2, 1, 0, 2])))).toEqual([4, 1, 3, 0, 2, 5])
    const sixteen = Float64Array.from({ length: 16 }, (_, i) => i % 2)
    expect(Array.from(numpyArgsort(sixteen))).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 1, 3, 5, 7, 9, 11, 13, 15])
  })

  it("does not modify its input", () => {
    const v = Float64Array.from([3, 1, 2])
    numpyArgsort(v)
    expect(Array.from(v)).toEqual([3, 1, 2])
  })
})
