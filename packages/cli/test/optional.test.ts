// @weft/cluster and @weft/bench are optional peers of @weft/cli: without them, the commands that
// need one say what to install, in one line (exit 1). The whole install is checked by hand with
// npm pack (docs/STARTUP.md); here, the decision between "not installed" and any other failure.
import { Effect, Exit } from "effect"
import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { describe as describeError } from "../src/internal/errors.js"
import { isMissing, loading } from "../src/internal/optional.js"

describe("optional packages", () => {
  it("a package that is not installed is NotInstalled, naming what needs it and the npm command (exit 1)", async () => {
    const exit = await Effect.runPromiseExit(loading("@weft/not-installed", "--redis", () => import(/* @vite-ignore */ "@weft/not-installed" as string)))
    expect(Exit.isFailure(exit)).toBe(true)
    const error = Exit.isFailure(exit) && exit.cause._tag === "Fail" ? exit.cause.error : undefined
    expect(error?._tag).toBe("NotInstalled")
    expect(describeError(error)).toEqual({ code: 1, message: "--redis needs @weft/not-installed, which is not installed: npm i @weft/not-installed" })
  })

  it("any other failure to load (a missing dependency of the package, a syntax error) is not taken for NotInstalled", () => {
    const dependency = Object.assign(new Error("Cannot find package 'bullmq' imported from /x/node_modules/@weft/cluster/dist/Node.js"), { code: "ERR_MODULE_NOT_FOUND" })
    expect(isMissing(dependency, "@weft/cluster")).toBe(false)
    expect(isMissing(dependency, "bullmq")).toBe(true)
    expect(isMissing(new SyntaxError("Unexpected token"), "@weft/cluster")).toBe(false)
  })

  it("the installed package is loaded", async () => {
    const Bench = await Effect.runPromise(loading("@weft/bench", "this command", () => import("@weft/bench")))
    expect(Array.isArray(Bench.workloadNames)).toBe(true)
  })

  it("package.json: cluster and bench are optional peers (and devDependencies for the workspace), not dependencies", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"))
    for (const name of ["@weft/cluster", "@weft/bench"]) {
      expect(pkg.dependencies[name]).toBeUndefined()
      expect(pkg.peerDependencies[name]).toBeDefined()
      expect(pkg.peerDependenciesMeta[name]).toEqual({ optional: true })
    }
    expect(pkg.dependencies.bullmq).toBeUndefined()
    expect(pkg.dependencies.ioredis).toBeUndefined()
  })
})
