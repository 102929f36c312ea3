// `weft predict` and a hostile model file: a model file is data, so it never
// chooses code (exit 2, nothing imported), and a tampered one is refused
// naming the field (exit 1), never predicted with.
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { beforeAll, describe, expect, it } from "vitest"
import { tempDir, weft, weftJson, writeFile } from "./helpers.js"

const dir = tempDir()
const ridgePath = join(dir, "ridge.json")
const cartPath = join(dir, "cart.json")
let ridge: any
let cart: any

beforeAll(async () => {
  const runs = await Promise.all([
    weft(["grid", "--data", "diabetes", "--model", "ridge", "--grid", "alpha=0.1,1", "--folds", "3", "--save", ridgePath]),
    weft(["grid", "--data", "diabetes", "--model", "cart", "--grid", "maxDepth=2,3", "--folds", "3", "--save", cartPath])
  ])
  expect(runs.map((r) => [r.code, r.stderr])).toEqual([[0, ""], [0, ""]])
  ridge = JSON.parse(readFileSync(ridgePath, "utf8"))
  cart = JSON.parse(readFileSync(cartPath, "utf8"))
})

const modelFile = (name: string, model: unknown) => writeFile(dir, name, typeof model === "string" ? model : JSON.stringify(model))
const edit = (model: any, f: (m: any) => void) => {
  const copy = JSON.parse(JSON.stringify(model))
  f(copy)
  return copy
}
const predict = (path: string, ...extra: Array<string>) => weft(["predict", "--model", path, "--data", "diabetes", ...extra])

describe("weft predict runs no code named by a model file", () => {
  const marker = (name: string) => join(dir, `${name}.ran`)
  const evil = (name: string) => `import { writeFileSync } from "node:fs"\nwriteFileSync(${JSON.stringify(marker(name))}, "ran")\nexport class X {}\n`
  const forged = (module: string) => `mljs:${JSON.stringify({ module, export: "X", kind: "regressor" })}`
  const forms = (): ReadonlyArray<readonly [string, string, RegExp]> => [
    ["data:", `data:text/javascript,${encodeURIComponent(evil("data"))}`, /a URL \(data:\) is not a package name/],
    ["file:", pathToFileURL(writeFile(dir, "evil.mjs", evil("file"))).href, /a URL \(file:\) is not a package name/],
    ["http:", "http://127.0.0.1:9/evil.mjs", /a URL \(http:\) is not a package name/],
    ["relative", "./evil.mjs", /a path is not a package name/],
    ["parent", "../evil.mjs", /a path is not a package name/],
    ["absolute", writeFile(dir, "abs.mjs", evil("absolute")), /a path is not a package name/],
    ["node:fs", "node:fs", /a URL \(node:\) is not a package name/],
    ["fs", "fs", /a Node built-in module is not a package/],
    ["sub-path", "ml-cart/src/index.js", /a package's sub-path is not allowed/]
  ]

  it("a model naming a URL, a path, a built-in or a sub-path: exit 2, saying why, with or without --allow-module, and nothing runs", async () => {
    for (const [form, module, reason] of forms()) {
      const path = modelFile("forged.json", edit(ridge, (m) => ((m.estimator = forged(module)), (m.state = { json: null }))))
      // --allow-module cannot allow these forms: tried on the first.
      for (const extra of form === "data:" ? [[], ["--allow-module", "ml-cart"]] : [[]]) {
        const run = await predict(path, ...extra)
        expect(run.code, form).toBe(2)
        expect(run.stdout, form).toBe("")
        expect(run.stderr, form).toMatch(/^weft predict: .*forged\.json: the model names code to load, the module ".*", and /)
        expect(run.stderr, form).toMatch(reason)
        expect(run.stderr, form).toMatch(/a model file cannot choose code\n$/)
      }
    }
    for (const name of ["data", "file", "absolute"]) expect(existsSync(marker(name)), `the ${name} module ran`).toBe(false)
  }, 240_000)

  it("a model naming an installed package is refused (exit 2) unless --allow-module names it", async () => {
    // ml-cart, but not the CLI's own cart model: another spec of the same class.
    const other = edit(cart, (m) => (m.estimator = m.estimator.replace('"maxDepth":100', '"maxDepth":99')))
    expect(other.estimator).not.toBe(cart.estimator)
    const path = modelFile("other-cart.json", other)
    const refused = await predict(path)
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/the model needs the package ml-cart \(an mljs adapter\) to predict, .* add --allow-module ml-cart\n$/)
    const wrong = await predict(path, "--allow-module", "ml-matrix")
    expect(wrong.code).toBe(2)
    const allowed = await weftJson(["predict", "--model", path, "--data", "diabetes", "--allow-module", "ml-cart"])
    const builtin = await weftJson(["predict", "--model", cartPath, "--data", "diabetes"])
    expect(allowed.predictions).toEqual(builtin.predictions)
    expect(builtin.model.estimator).toBe("cart-regressor")
  }, 120_000)

  it("--allow-module takes only package names", async () => {
    for (const bad of ["data:text/javascript,1", "./x.mjs", "/tmp/x.mjs", "node:fs", "fs", "ml-cart/src/x.js"]) {
      const run = await predict(ridgePath, "--allow-module", bad)
      expect(run.code, bad).toBe(2)
      expect(run.stderr, bad).toMatch(/invalid --allow-module/)
    }
  }, 120_000)
})

describe("weft predict refuses a tampered model file, naming the field", () => {
  it.each([
    ["a string intercept", (m: any) => (m.state.intercept = "x"), /ridge-bad\.json: state\.intercept: expected a finite number, got "x"/],
    ["a null coefficient", (m: any) => (m.state.coef[0] = null), /state\.coef\[0\]: expected a finite number, got null/],
    ["a coefficient as a string", (m: any) => (m.state.coef[0] = "1.5"), /state\.coef\[0\]: expected a finite number, got "1\.5"/],
    ["a duplicated feature name", (m: any) => (m.featureNames[1] = m.featureNames[0]), /featureNames\[1\]: ".*" is also name 0; names must be unique/],
    ["a coefficient too few", (m: any) => m.state.coef.pop(), /state\.coef: expected 10 values \(one per feature of featureNames\), got 9/],
    ["a newer format", (m: any) => (m.format = "weft-model/7"), /this model file was written by a newer weft \(format 7\); this version reads up to format 1/]
  ])("%s: exit 1, no predictions", async (_what, change, message) => {
    const run = await predict(modelFile("ridge-bad.json", edit(ridge, change)))
    expect(run.code).toBe(1)
    expect(run.stdout).toBe("")
    expect(run.stderr).toMatch(message)
    expect(run.stderr).not.toMatch(/undefined|columns/)
  })

  it("a file holding null", async () => {
    const run = await predict(modelFile("null.json", "null\n"))
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/null\.json: expected a weft model \(a JSON object with format "weft-model\/1"\), got null\n$/)
  })
})
