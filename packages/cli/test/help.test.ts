import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { helpPage } from "../src/Cli.js"
import { FILLER } from "../src/internal/help.js"
import { stripAnsi } from "../src/internal/output.js"
import { weft } from "./helpers.js"

const PAGES = [[], ["info"], ["cv"], ["grid"], ["predict"], ["bench"], ["worker"], ["cluster"], ["cluster", "status"]]

/** The lines of one section (`OPTIONS`) of a page, up to the next blank line. */
const section = (page: string, name: string): Array<string> => {
  const lines = page.split("\n")
  const start = lines.indexOf(name)
  if (start < 0) return []
  const end = lines.indexOf("", start)
  return lines.slice(start + 1, end < 0 ? undefined : end)
}

/** The options of a page, each with the text of its description. */
const optionsOf = (page: string): Array<{ flag: string; description: string }> => {
  const options: Array<{ flag: string; description: string }> = []
  for (const line of [...section(page, "OPTIONS"), ...section(page, "FLAGS OF EVERY COMMAND")]) {
    if (/^ {2}-/.test(line)) options.push({ flag: line.trim(), description: "" })
    else if (/^ {6}\S/.test(line) && options.length > 0) options[options.length - 1].description += `${line.trim()} `
    else throw new Error(`unexpected line in the options: ${JSON.stringify(line)}`)
  }
  return options
}

describe("--help", () => {
  it.each(PAGES.map((p) => [p.join(" ") || "(top level)", p] as const))("weft %s --help fits 80 columns, has no filler, describes every option", (_, path) => {
    const page = helpPage([...path, "--help"])!
    const lines = page.split("\n")
    expect(lines.filter((l) => l.length > 80)).toEqual([])
    for (const filler of ["A user-defined piece of text", "This setting is optional", "A true or false value", "may be repeated zero or more times"]) {
      expect(page).not.toContain(filler)
    }
    // Every usage line starts with weft and the command's path.
    const usage = section(page, "USAGE")
    expect(usage.length).toBeGreaterThan(0)
    expect(usage[0]).toMatch(new RegExp(`^ {2}weft ${path.join(" ")}`.trimEnd()))
    const options = optionsOf(page)
    if (path.length !== 1 || path[0] !== "cluster") expect(options.length).toBeGreaterThan(0)
    for (const option of options) expect({ flag: option.flag, described: option.description.trim().length > 10 }).toEqual({ flag: option.flag, described: true })
    // Examples start with `$ weft` and the command.
    for (const line of section(page, "EXAMPLES").filter((l) => l.startsWith("  $"))) expect(line).toMatch(new RegExp(`^ {2}\\$ (\\w+=\\S+ )*weft ${path[0] ?? ""}`))
  })

  it("optional and repeatable flags are shown as optional, required ones bare", () => {
    const usage = section(helpPage(["cv", "--help"])!, "USAGE").join(" ").replace(/\s+/g, " ")
    expect(usage).toContain("weft cv --data FILE|NAME")
    expect(usage).toContain(" --model NAME ")
    expect(usage).toContain("[--target COLUMN]")
    expect(usage).toContain("[--param NAME=VALUE]...")
    expect(usage).toContain("[--metric NAME]...")
    expect(usage).toContain("[--json]")
    expect(usage).not.toMatch(/(?<!\[)--metric/)
  })

  it("the filler list matches what @effect/cli writes (so that filtering it is not a no-op)", async () => {
    const Options = await import("@effect/cli/Options")
    const HelpDoc = await import("@effect/cli/HelpDoc")
    const text = HelpDoc.toAnsiText(Options.getHelp(Options.text("x").pipe(Options.optional)))
    const raw = stripAnsi(text).split("\n").map((l) => l.trim()).filter((l) => l !== "").slice(1)
    expect(raw.length).toBe(2)
    for (const line of raw) expect({ line, filler: FILLER.some((f) => (typeof f === "string" ? f === line : f.test(line))) }).toEqual({ line, filler: true })
  })

  it("completions are documented in the top-level help and the README, and work", async () => {
    expect(helpPage(["--help"])).toContain("--completions bash|zsh|fish")
    expect(readFileSync(new URL("../README.md", import.meta.url), "utf8")).toContain("--completions bash")
    const run = await weft(["--completions", "bash"])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain("complete -F")
    expect(run.stdout).toContain("weft")
  })

  it.each(["info", "cv", "grid", "predict", "bench"])("weft %s --help through the binary: the same page, without colour codes when piped", async (command) => {
    const run = await weft([command, "--data", "x", "--help"])
    expect(run.code).toBe(0)
    expect(run.stderr).toBe("")
    expect(run.stdout).toBe(helpPage([command, "--help"]))
    expect(run.stdout.includes("\u001b[")).toBe(false)
  })

  it("weft --help lists the commands", async () => {
    const run = await weft(["--help"])
    expect(run.code).toBe(0)
    for (const command of ["info", "cv", "grid", "predict", "bench", "worker", "cluster"]) expect(run.stdout).toMatch(new RegExp(`^ {2}${command} +\\S`, "m"))
  })

  it("weft --version prints the version", async () => {
    const run = await weft(["--version"])
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/)
  })
})
