import { CrossValidation, Datasets, GridSearch, Mljs, Model } from "@weft/ml-workflows"
import { Effect } from "effect"
import { DecisionTreeRegression } from "ml-cart"
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { afterAll, describe, expect, it } from "vitest"
import { failureOf, runWith } from "./helpers/pool.js"

const diabetes = Datasets.loadDataset("diabetes")
const tree = Mljs.estimatorName({ module: "ml-cart", export: "DecisionTreeRegression", kind: "regressor", defaults: { maxDepth: 5, minNumSamples: 3 } })

describe("mljs adapter", () => {
  it("cross-validates an ml-cart tree in parallel with the same fold predictions as training it by hand", async () => {
    const result = await runWith(
      2,
      CrossValidation.crossValidate({ estimator: tree, params: { maxDepth: 3 }, X: diabetes.X, y: diabetes.y, cv: { kind: "kfold", k: 4 }, returnPredictions: true })
    )
    // The reference: ml-cart used directly, fold by fold, on plain arrays.
    const rows = diabetes.X.toRows()
    const n = rows.length
    const expected = new Float64Array(n)
    for (let f = 0; f < 4; f++) {
      const start = f * 110 + Math.min(f, 2)
      const end = start + (f < 2 ? 111 : 110)
      const train = Array.from({ length: n }, (_, i) => i).filter((i) => i < start || i >= end)
      const model = new DecisionTreeRegression({ maxDepth: 3, minNumSamples: 3 })
      model.train(train.map((i) => rows[i]), train.map((i) => diabetes.y[i]))
      const test = Array.from({ length: end - start }, (_, k) => start + k)
      const p = model.predict(test.map((i) => rows[i]))
      test.forEach((i, k) => (expected[i] = p[k]))
    }
    expect(Array.from(result.predictions!)).toEqual(Array.from(expected))
    expect(result.mean.r2).toBeGreaterThan(0.2)
  })

  it("grid-searches the tree's options, same results at 1 and 2 threads, and refits the best", async () => {
    const options = { estimator: tree, X: diabetes.X, y: diabetes.y, cv: { kind: "kfold" as const, k: 3 } }
    const one = await runWith(1, GridSearch.gridSearch({ maxDepth: [1, 2, 4, 8] }, options))
    const two = await runWith(2, GridSearch.gridSearch({ maxDepth: [1, 2, 4, 8] }, options))
    expect(two.candidates.map((c) => c.mean)).toEqual(one.candidates.map((c) => c.mean))
    expect(two.bestParams).toEqual(one.bestParams)
    expect(two.bestModel?.estimator).toBe(tree)
  })

  it("refuses defaults that JSON would change on the way to the workers", () => {
    expect(() => Mljs.estimatorName({ module: "ml-cart", export: "DecisionTreeRegression", kind: "regressor", defaults: { maxDepth: Infinity } })).toThrow(
      /defaults.maxDepth/
    )
  })

  it("names unknown options and unloadable modules", async () => {
    const bad = await failureOf(2, GridSearch.gridSearch({ depth: [1] }, { estimator: tree, X: diabetes.X, y: diabetes.y }))
    expect(bad.message).toMatch(/depth/)
    const missing = Mljs.estimatorName({ module: "ml-no-such-package", export: "X", kind: "regressor" })
    const result = await failureOf(2, CrossValidation.crossValidate({ estimator: missing, X: diabetes.X, y: diabetes.y }))
    expect(result._tag).toBe("TaskFailed")
    expect(result.message).toMatch(/ml-no-such-package/)
  })
})

// Code from data: a module that writes a marker file when imported, named in
// every form that is not a bare package name. None may load, anywhere.
describe("mljs adapter: no code from data", () => {
  const dir = mkdtempSync(join(tmpdir(), "weft-mljs-"))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const marker = (name: string) => join(dir, `${name}.ran`)
  const evil = (name: string) => `import { writeFileSync } from "node:fs"\nwriteFileSync(${JSON.stringify(marker(name))}, "ran")\nexport class X { train() {} predict(X) { return X.map(() => 0) } }\n`
  writeFileSync(join(dir, "evil.mjs"), evil("file"))
  writeFileSync(join(dir, "abs.mjs"), evil("absolute"))
  const forms: ReadonlyArray<readonly [string, string, RegExp]> = [
    ["data", `data:text/javascript,${encodeURIComponent(evil("data"))}`, /a URL \(data:\) is not a package name/],
    ["file", pathToFileURL(join(dir, "evil.mjs")).href, /a URL \(file:\) is not a package name/],
    ["http", "http://127.0.0.1:9/evil.mjs", /a URL \(http:\) is not a package name/],
    ["relative", "./evil.mjs", /a path is not a package name/],
    ["parent", "../x", /a path is not a package name/],
    ["absolute", join(dir, "abs.mjs"), /a path is not a package name/],
    ["node: built-in", "node:fs", /a URL \(node:\) is not a package name/],
    ["built-in", "fs", /a Node built-in module is not a package/],
    ["built-in with a sub-path", "fs/promises", /a Node built-in module is not a package/],
    ["sub-path", "ml-cart/src/index.js", /a package's sub-path is not allowed/],
    ["scoped sub-path", "@weft/core/Errors", /a package's sub-path is not allowed/],
    ["upper case", "ML-Cart", /not a valid package name/]
  ]
  const forged = (module: string) => `${Mljs.PREFIX}${JSON.stringify({ module, export: "X", kind: "regressor" })}`
  const noMarkers = () => {
    for (const name of ["data", "file", "absolute"]) expect(existsSync(marker(name)), `${name} module ran`).toBe(false)
  }

  it.each(forms)("estimatorName refuses a %s module", (_form, module, reason) => {
    let thrown: unknown
    try {
      Mljs.estimatorName({ module, export: "X", kind: "regressor" })
    } catch (e) {
      thrown = e
    }
    expect((thrown as { _tag?: string })?._tag).toBe("InvalidOption")
    expect((thrown as Error).message).toMatch(reason)
  })

  it("bare and scoped package names pass", () => {
    expect(Mljs.moduleProblem("ml-cart")).toBeUndefined()
    expect(Mljs.moduleProblem("@scope/ml-thing")).toBeUndefined()
    expect(Mljs.moduleProblem("ml.js")).toBeUndefined()
  })

  it("a forged name in any of these forms is refused at the workers' import, and nothing runs", async () => {
    await runWith(
      2,
      Effect.gen(function* () {
        for (const [form, module, reason] of forms) {
          const failure = yield* Effect.flip(CrossValidation.crossValidate({ estimator: forged(module), X: diabetes.X, y: diabetes.y, cv: { kind: "kfold", k: 2 } }))
          expect(failure._tag, form).toBe("TaskFailed")
          expect(failure.message, form).toMatch(reason)
        }
      })
    )
    noMarkers()
  })

  it("a model file naming such a module is refused, and nothing runs", async () => {
    for (const [form, module, reason] of forms) {
      const text = JSON.stringify({ format: "weft-model/1", estimator: forged(module), params: {}, state: { json: null } })
      const failure = await Effect.runPromise(Effect.flip(Model.fromJson(text)))
      expect(failure.message, form).toMatch(reason)
    }
    noMarkers()
  })

  it("WEFT_ALLOW_MODULES narrows the packages a process and its workers may load", async () => {
    const before = process.env.WEFT_ALLOW_MODULES
    try {
      process.env.WEFT_ALLOW_MODULES = "ml-random-forest"
      const refused = await failureOf(2, CrossValidation.crossValidate({ estimator: tree, X: diabetes.X, y: diabetes.y, cv: { kind: "kfold", k: 2 } }))
      expect(refused._tag).toBe("TaskFailed")
      expect(refused.message).toMatch(/the package ml-cart is not allowed here \(allowed: ml-random-forest\)/)
      process.env.WEFT_ALLOW_MODULES = ""
      expect(Mljs.refusal("ml-cart")).toMatch(/allowed: none/)
      process.env.WEFT_ALLOW_MODULES = "ml-random-forest, ml-cart"
      const allowed = await runWith(2, CrossValidation.crossValidate({ estimator: tree, X: diabetes.X, y: diabetes.y, cv: { kind: "kfold", k: 2 } }))
      expect(allowed.mean.r2).toBeGreaterThan(0)
    } finally {
      if (before === undefined) delete process.env.WEFT_ALLOW_MODULES
      else process.env.WEFT_ALLOW_MODULES = before
    }
  })
})
