// What a node looks for in a job before running it: every module that an
// estimator name anywhere in the job's values would import.
import { ModuleId } from "@weft/cluster"
import { describe, expect, it } from "vitest"

const mljs = (module: unknown) => `mljs:${JSON.stringify({ module, export: "X", kind: "regressor" })}`

describe("ModuleId.modulesNamedIn", () => {
  it("finds estimator names at any depth: arrays, objects, keys, maps, sets", () => {
    const found = ModuleId.modulesNamedIn([
      [0, 1],
      { estimator: mljs("a"), nested: { deeper: [[mljs("b")]] } },
      { [mljs("c")]: 1 },
      new Map<unknown, unknown>([[mljs("d"), mljs("e")]]),
      new Set([mljs("f")]),
      new Float64Array(4),
      "ridge"
    ])
    expect([...found].sort()).toEqual(["a", "b", "c", "d", "e", "f"])
  })

  it("counts a name whose spec cannot be read as its whole text, so that it is refused too", () => {
    expect([...ModuleId.modulesNamedIn({ estimator: "mljs:{oops" })]).toEqual(["mljs:{oops"])
    expect([...ModuleId.modulesNamedIn([mljs(42)])]).toEqual([mljs(42)])
  })

  it("finds the modules that pipelines and estimators of the user's own name, so nodes refuse them (no code over the queue)", () => {
    // The names @weft/ml-workflows' Estimators.fromModule and Pipeline.make give.
    const own = `module:${JSON.stringify({ url: "file:///home/me/model.js", export: "Mine" })}`
    const pipeline = (final: string) => `pipeline:${JSON.stringify({ steps: [["scaler", "standard-scaler"]], final: ["model", final] })}`
    expect([...ModuleId.modulesNamedIn({ estimator: own })]).toEqual(["file:///home/me/model.js"])
    expect([...ModuleId.modulesNamedIn([{ estimator: pipeline(mljs("ml-cart")) }])]).toEqual(["ml-cart"])
    expect([...ModuleId.modulesNamedIn(pipeline(own))]).toEqual(["file:///home/me/model.js"])
    expect([...ModuleId.modulesNamedIn(pipeline(pipeline(own)))]).toEqual(["file:///home/me/model.js"])
    expect([...ModuleId.modulesNamedIn("pipeline:{oops")]).toEqual(["pipeline:{oops"])
    expect(ModuleId.modulesNamedIn(pipeline("ridge")).size).toBe(0)
    // What a remote pool refuses before queueing anything: a module by URL, not an allowed-able package.
    expect(ModuleId.namesOwnModule([{ estimator: pipeline(own) }])).toBe(true)
    expect(ModuleId.namesOwnModule([{ estimator: pipeline(mljs("ml-cart")) }, "ridge"])).toBe(false)
    // A forged adapter name is for the nodes to refuse (Node.allowModules.test.ts): the caller does not judge it as code of its own.
    expect(ModuleId.namesOwnModule([{ estimator: mljs("data:text/javascript,1") }])).toBe(false)
    expect(ModuleId.namesOwnModule([{ estimator: pipeline(mljs("/tmp/x.mjs")) }])).toBe(false)
  })

  it("survives cycles, and finds nothing in plain data", () => {
    const a: Record<string, unknown> = { name: "linear" }
    a.self = a
    expect(ModuleId.modulesNamedIn(a).size).toBe(0)
  })

  it("isPackageName: bare and scoped names only", () => {
    for (const good of ["ml-cart", "@scope/name", "ml.js"]) expect(ModuleId.isPackageName(good), good).toBe(true)
    for (const bad of ["data:x", "file:///x.mjs", "./x", "../x", "/x.mjs", "node:fs", "fs", "ml-cart/src/x.js", "@scope/name/sub", "ML-Cart", ""]) {
      expect(ModuleId.isPackageName(bad), bad).toBe(false)
    }
  })
})
