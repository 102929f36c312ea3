// RepeatedKFold, RepeatedStratifiedKFold, ShuffleSplit, LeaveOneOut and
// StratifiedGroupKFold against scikit-learn's folds (test/fixtures/sklearn-splitters.json,
// made by tools/reference/splitters.py), and the numpy generator they port.
import { readFileSync } from "node:fs"
import { InvalidOption, NonFiniteValue } from "@weft/core"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { RandomState } from "../src/internal/numpyRandom.js"
import { leaveOneOut } from "../src/LeaveOneOut.js"
import { repeatedKFold } from "../src/RepeatedKFold.js"
import { repeatedStratifiedKFold } from "../src/RepeatedStratifiedKFold.js"
import { shuffleSplit } from "../src/ShuffleSplit.js"
import { stratifiedGroupKFold } from "../src/StratifiedGroupKFold.js"
import { expectPartition, plain, thrown } from "./helpers/splits.js"

const fixture = JSON.parse(readFileSync(new URL("./fixtures/sklearn-splitters.json", import.meta.url), "utf8"))

type Folds = ReadonlyArray<{ readonly train: ReadonlyArray<number>; readonly test: ReadonlyArray<number> }>

describe("numpy's RandomState port", () => {
  it("draws numpy's MT19937 numbers, past the first regeneration of the state", () => {
    for (const c of fixture.mt19937 as ReadonlyArray<{ seed: number; uint32: ReadonlyArray<number> }>) {
      const rng = new RandomState(c.seed)
      expect(c.uint32.map(() => rng.nextUint32()), `seed ${c.seed}`).toEqual(c.uint32)
    }
  })

  it("permutes as RandomState.permutation", () => {
    for (const c of fixture.permutation as ReadonlyArray<{ seed: number; n: number; permutation: ReadonlyArray<number> }>) {
      expect(Array.from(new RandomState(c.seed).permutation(c.n)), `seed ${c.seed}, n ${c.n}`).toEqual(c.permutation)
    }
  })
})

describe("repeatedKFold", () => {
  it("equals scikit-learn's RepeatedKFold for the same random_state", () => {
    for (const c of fixture.repeated_kfold as ReadonlyArray<{ n: number; k: number; nRepeats: number; seed: number; folds: Folds }>) {
      expect(plain(repeatedKFold(c.n, { k: c.k, nRepeats: c.nRepeats, seed: c.seed })), JSON.stringify({ ...c, folds: undefined })).toEqual(c.folds)
    }
  })

  it("partitions the samples in every repetition", () => {
    const splits = repeatedKFold(23, { k: 4, nRepeats: 3, seed: 5 })
    expect(splits).toHaveLength(12)
    for (let r = 0; r < 3; r++) expectPartition(splits.slice(r * 4, r * 4 + 4), 23)
  })

  it("rejects bad options with InvalidOption", () => {
    expect(thrown(() => repeatedKFold(10, { nRepeats: 0 }))).toBeInstanceOf(InvalidOption)
    expect(thrown(() => repeatedKFold(3, { k: 4 }))).toBeInstanceOf(InvalidOption)
    expect(thrown(() => repeatedKFold(10, { seed: -1 }))).toBeInstanceOf(InvalidOption)
  })
})

describe("repeatedStratifiedKFold", () => {
  it("equals scikit-learn's RepeatedStratifiedKFold for the same random_state", () => {
    for (const c of fixture.repeated_stratified as ReadonlyArray<{ y: Array<number> | Array<string>; k: number; nRepeats: number; seed: number; folds: Folds }>) {
      expect(plain(repeatedStratifiedKFold(c.y, { k: c.k, nRepeats: c.nRepeats, seed: c.seed })), `n ${c.y.length}, k ${c.k}`).toEqual(c.folds)
    }
  })

  it("rejects a class smaller than k and continuous targets", () => {
    expect(thrown(() => repeatedStratifiedKFold([0, 0, 0, 1], { k: 2 }))).toBeInstanceOf(InvalidOption)
    expect(thrown(() => repeatedStratifiedKFold([0.5, 1, 0, 1], { k: 2 }))).toBeInstanceOf(InvalidOption)
  })
})

describe("shuffleSplit", () => {
  it("tests and trains on scikit-learn's ShuffleSplit sets, sorted", () => {
    for (const c of fixture.shuffle_split as ReadonlyArray<{ n: number; nSplits: number; testSize: number | null; trainSize: number | null; seed: number; folds: Folds }>) {
      const splits = shuffleSplit(c.n, { nSplits: c.nSplits, testSize: c.testSize ?? undefined, trainSize: c.trainSize ?? undefined, seed: c.seed })
      expect(plain(splits), JSON.stringify({ ...c, folds: undefined })).toEqual(c.folds)
    }
  })

  it("rejects sizes scikit-learn rejects", () => {
    for (const options of [{ testSize: 0 }, { testSize: 1.5 }, { testSize: 10 }, { testSize: 0.6, trainSize: 0.6 }, { testSize: 6, trainSize: 5 }, { nSplits: 0 }]) {
      expect(thrown(() => shuffleSplit(10, options)), JSON.stringify(options)).toBeInstanceOf(InvalidOption)
    }
  })
})

describe("leaveOneOut", () => {
  it("equals scikit-learn's LeaveOneOut", () => {
    for (const c of fixture.leave_one_out as ReadonlyArray<{ n: number; folds: Folds }>) expect(plain(leaveOneOut(c.n))).toEqual(c.folds)
  })

  it("needs two samples", () => {
    expect(thrown(() => leaveOneOut(1))).toBeInstanceOf(InvalidOption)
  })
})

describe("stratifiedGroupKFold", () => {
  it("equals scikit-learn's StratifiedGroupKFold without shuffling (2..9 classes, 2..10 folds, ties)", () => {
    const cases = fixture.stratified_group as ReadonlyArray<{ y: Array<number>; groups: Array<number> | Array<string>; k: number; folds: Folds }>
    expect(cases.length).toBeGreaterThan(30)
    for (const c of cases) {
      expect(plain(stratifiedGroupKFold(c.y, c.groups, { k: c.k })), `n ${c.y.length}, k ${c.k}`).toEqual(c.folds)
    }
  })

  it("shuffled: keeps groups whole, partitions, and is a function of the seed", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 30 })), { minLength: 30, maxLength: 200 }),
        fc.integer({ min: 2, max: 4 }),
        fc.integer({ min: 0, max: 0xffffffff }),
        (rows, k, seed) => {
          const y = rows.map((r) => r[0])
          const groups = rows.map((r) => r[1])
          const counts = [0, 1, 2].map((c) => y.filter((v) => v === c).length).filter((v) => v > 0)
          fc.pre(new Set(groups).size >= k && Math.min(...counts) >= k)
          const splits = stratifiedGroupKFold(y, groups, { k, shuffle: true, seed })
          expectPartition(splits, y.length)
          const foldOfGroup = new Map<number, number>()
          splits.forEach((s, f) => {
            for (const i of s.test) {
              expect(foldOfGroup.get(groups[i]) ?? f).toBe(f)
              foldOfGroup.set(groups[i], f)
            }
          })
          expect(plain(stratifiedGroupKFold(y, groups, { k, shuffle: true, seed }))).toEqual(plain(splits))
        }
      ),
      { numRuns: 50 }
    )
  })

  it("rejects bad input with typed errors", () => {
    expect(thrown(() => stratifiedGroupKFold([0, 1, 0, 1], [1, 1, 2, 2], { k: 3 }))).toBeInstanceOf(InvalidOption)
    expect(thrown(() => stratifiedGroupKFold([0, 1, 0], [1, 2, 3, 4], { k: 2 }))).toBeInstanceOf(InvalidOption)
    expect(thrown(() => stratifiedGroupKFold([0, 1, 0.5, 1], [1, 2, 3, 4], { k: 2 }))).toBeInstanceOf(InvalidOption)
    expect(thrown(() => stratifiedGroupKFold([0, 1, Number.NaN, 1], [1, 2, 3, 4], { k: 2 }))).toBeInstanceOf(NonFiniteValue)
    expect(thrown(() => stratifiedGroupKFold([0, 1, 0, 1], [1, 2, 3, 4], { k: 2, seed: 1 }))).toBeInstanceOf(InvalidOption)
  })
})

describe("crossValidate's cv specs", () => {
  it("name each new splitter, with its options", async () => {
    const { splitsOf } = await import("../src/CrossValidation.js")
    const { Effect } = await import("effect")
    const y = Float64Array.from({ length: 24 }, (_, i) => i % 3)
    const groups = Array.from({ length: 24 }, (_, i) => Math.floor(i / 2))
    const of = (cv: Parameters<typeof splitsOf>[0]) => plain(Effect.runSync(splitsOf(cv, y)))
    expect(of({ kind: "repeated-kfold", k: 3, nRepeats: 2, seed: 4 })).toEqual(plain(repeatedKFold(24, { k: 3, nRepeats: 2, seed: 4 })))
    expect(of({ kind: "repeated-stratified", k: 3, nRepeats: 2, seed: 4 })).toEqual(plain(repeatedStratifiedKFold(y, { k: 3, nRepeats: 2, seed: 4 })))
    expect(of({ kind: "shuffle-split", nSplits: 3, testSize: 0.25, seed: 4 })).toEqual(plain(shuffleSplit(24, { nSplits: 3, testSize: 0.25, seed: 4 })))
    expect(of({ kind: "leave-one-out" })).toEqual(plain(leaveOneOut(24)))
    expect(of({ kind: "stratified-group", groups, k: 3 })).toEqual(plain(stratifiedGroupKFold(y, groups, { k: 3 })))
    expect(Effect.runSync(Effect.flip(splitsOf({ kind: "shuffle-split", testSize: 2 }, Float64Array.of(1, 2))))).toBeInstanceOf(InvalidOption)
  })
})

describe("crossValidate with the new splitters", () => {
  it("scores every split of a repeated k-fold, equal to the same splits given as a list, and refuses out-of-fold predictions for them", async () => {
    const { CrossValidation, Datasets } = await import("@weft/ml-workflows")
    const { runWith, failureOf } = await import("./helpers/pool.js")
    const { X, y } = Datasets.loadDataset("diabetes")
    const spec = { kind: "repeated-kfold", k: 3, nRepeats: 2, seed: 1 } as const
    const bySpec = await runWith(2, CrossValidation.crossValidate({ estimator: "ridge", X, y, cv: spec }))
    const byList = await runWith(1, CrossValidation.crossValidate({ estimator: "ridge", X, y, cv: repeatedKFold(y.length, spec) }))
    expect(bySpec.folds).toHaveLength(6)
    expect(bySpec.folds.map((f) => f.scores.r2)).toEqual(byList.folds.map((f) => f.scores.r2))
    const error = await failureOf(2, CrossValidation.crossValidate({ estimator: "ridge", X, y, cv: spec, returnPredictions: true }))
    expect(error).toMatchObject({ _tag: "InvalidOption", option: "returnPredictions" })
    const loo = await runWith(2, CrossValidation.crossValidate({ estimator: "linear", X: Datasets.loadDataset("iris").X, y: Datasets.loadDataset("iris").y, cv: { kind: "leave-one-out" }, metrics: ["mse"], returnPredictions: true }))
    expect(loo.folds).toHaveLength(150)
    expect(loo.predictions!.every((v) => Number.isFinite(v))).toBe(true)
  })
})
