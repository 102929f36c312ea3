// What the split and grid tests share: the reference values and the checks.
import { readFileSync } from "node:fs"
import { expect } from "vitest"
import type { Split } from "../../src/Split.js"

export { thrown } from "./thrown.js"

/** scikit-learn's answers shipped with the project (test/fixtures/sklearn-shared.json, a copy of shared/reference/sklearn.json). */
export const shared = JSON.parse(readFileSync(new URL("../fixtures/sklearn-shared.json", import.meta.url), "utf8"))
/** scikit-learn's answers made by tools/reference/ml_selection.py. */
export const fixture = JSON.parse(readFileSync(new URL("../fixtures/sklearn-selection.json", import.meta.url), "utf8"))

/** Splits as plain arrays, to compare with JSON references. */
export const plain = (splits: ReadonlyArray<Split>) => splits.map((s) => ({ train: Array.from(s.train), test: Array.from(s.test) }))


/** Each index in exactly one test fold, test indices sorted, train the sorted complement of test. */
export const expectPartition = (splits: ReadonlyArray<Split>, n: number): void => {
  const seen = new Int32Array(n)
  for (const { train, test } of splits) {
    const inTest = new Uint8Array(n)
    for (const i of test) {
      inTest[i] = 1
      seen[i]++
    }
    const complement: Array<number> = []
    for (let i = 0; i < n; i++) if (inTest[i] === 0) complement.push(i)
    expect(Array.from(train)).toEqual(complement)
    expect(Array.from(test)).toEqual([...test].sort((a, b) => a - b))
  }
  expect(Array.from(seen)).toEqual(new Array(n).fill(1))
}
