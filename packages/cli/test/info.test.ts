import { availableParallelism } from "node:os"
import { describe, expect, it } from "vitest"
import { weft, weftJson } from "./helpers.js"

describe("weft info", () => {
  it("reports the cores, and where the thread count comes from: all cores, WEFT_THREADS or --threads", async () => {
    const auto = await weftJson(["info"])
    expect(auto.cores).toBe(availableParallelism())
    expect(auto).toMatchObject({ threads: availableParallelism(), threadsSource: "auto", threadsFrom: "all cores" })
    const env = await weftJson(["info"], { env: { WEFT_THREADS: "3" } })
    expect(env).toMatchObject({ threads: 3, threadsSource: "env", threadsFrom: "WEFT_THREADS" })
    const flag = await weftJson(["info", "--threads", "5"], { env: { WEFT_THREADS: "3" } })
    expect(flag).toMatchObject({ threads: 5, threadsSource: "option", threadsFrom: "--threads" })
  })

  it("reports Node and the package versions, and lists the models, datasets and metrics", async () => {
    const out = await weftJson(["info"])
    expect(out.node).toBe(process.version)
    expect(out.versions["@weft/cli"]).toMatch(/^\d+\.\d+\.\d+/)
    expect(out.versions["@weft/ml-workflows"]).toMatch(/^\d+\.\d+\.\d+/)
    expect(out.versions.effect).toMatch(/^3\./)
    expect(out.models).toEqual(expect.arrayContaining(["linear", "ridge", "logistic", "mlp"]))
    expect(out.datasets).toEqual(expect.arrayContaining(["iris", "breast-cancer", "diabetes"]))
    const run = await weft(["info"])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^threads\s+\d+ \(from all cores\)$/m)
    expect(run.stdout).toMatch(/^node\s+v\d+/m)
  })
})
