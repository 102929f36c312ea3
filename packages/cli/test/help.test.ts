import { describe, expect, it } from "vitest"
import { weft } from "./helpers.js"

describe("--help", () => {
  it.each(["info", "cv", "grid", "predict", "bench"])("weft %s --help shows the options and examples, without colour codes when piped", async (command) => {
    const run = await weft([command, "--help"])
    expect(run.code).toBe(0)
    expect(run.stderr).toBe("")
    expect(run.stdout).toMatch(/EXAMPLES/)
    expect(run.stdout).toMatch(new RegExp(`^\\$ weft ${command}`, "m"))
    expect(run.stdout).toMatch(/--json/)
    expect(run.stdout.includes("\u001b[")).toBe(false)
  })

  it("weft --help lists the commands", async () => {
    const run = await weft(["--help"])
    expect(run.code).toBe(0)
    for (const command of ["info", "cv", "grid", "predict", "bench"]) expect(run.stdout).toMatch(new RegExp(`- ${command} `))
  })

  it("weft --version prints the version", async () => {
    const run = await weft(["--version"])
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/)
  })
})
