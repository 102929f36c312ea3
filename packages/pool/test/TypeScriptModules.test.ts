// Task modules written in TypeScript, the way people run TypeScript: under tsx (its command, and
// `node --import tsx`), whose hooks Node 20 keeps to the main thread, and under Node's type
// stripping; and the error a thread that can load neither gives. The runs that need flags are
// child processes (test/fixtures/typescript/run.mjs); the expected values are k·x², written out.
import { describe, expect, it } from "@effect/vitest"
import { TaskModule, WorkerPool } from "@weft/pool"
import { Effect } from "effect"
import { execFile, execFileSync } from "node:child_process"
import { createRequire } from "node:module"
import { fileURLToPath } from "node:url"
import { couldNotLoad, tsxFlag, typeScriptSource } from "../src/worker/importModule.js"

const fixtures = new URL("./fixtures/typescript/", import.meta.url)
const runner = fileURLToPath(new URL("run.mjs", fixtures))
const tsxCli = createRequire(import.meta.url).resolve("tsx/cli")
const source = fileURLToPath(new URL("rowTask.ts", fixtures))

/** 3·x² for x = 1..12, by hand. */
const expected = [3, 12, 27, 48, 75, 108, 147, 192, 243, 300, 363, 432]

interface Outcome {
  readonly name: string
  readonly ok: boolean
  readonly values?: ReadonlyArray<number>
  readonly threads?: ReadonlyArray<number>
  readonly tag?: string
  readonly message?: string
}

/** The Node of the child runs: this one, or another named by WEFT_TEST_NODE (say a Node 22, for type stripping). */
const node = process.env.WEFT_TEST_NODE ?? process.execPath
const childVersion = node === process.execPath ? process.versions.node : execFileSync(node, ["-p", "process.versions.node"], { encoding: "utf8" }).trim()

/** Runs the fixture in a child `node` with `flags`, on the task module by each of `names`. */
const runChild = (flags: ReadonlyArray<string>, names: ReadonlyArray<string>): Promise<Array<Outcome>> =>
  new Promise((resolve, reject) => {
    execFile(node, [...flags, runner, ...names], { cwd: fileURLToPath(new URL("../", import.meta.url)), timeout: 60_000 }, (error, stdout, stderr) => {
      if (error !== null) return reject(new Error(`${error.message}\n${stderr}`))
      resolve(JSON.parse(stdout.trim().split("\n").at(-1)!) as Array<Outcome>)
    })
  })

const [major, minor] = childVersion.split(".").map(Number) as [number, number]
const canStripTypes = major > 22 || (major === 22 && minor >= 6)

describe("task modules in TypeScript", () => {
  const names = ["./rowTask.ts", "./rowTask.js"] // only rowTask.ts is on disk

  for (const [how, flags] of [
    ["node --import tsx", ["--import", "tsx"]],
    ["the tsx command", [tsxCli]]
  ] as const) {
    it(`load in every worker under ${how}, named .ts or .js`, { timeout: 120_000 }, async () => {
      const [broken, ...outcomes] = await runChild(flags, ["./brokenImport.ts", ...names])
      // A module that imports a missing file fails with Node's error, naming that file.
      expect(broken).toMatchObject({ ok: false, tag: "TaskFailed" })
      expect(broken!.message).toContain(`${fileURLToPath(new URL("missing.js", fixtures))}'`)
      expect(broken!.message).not.toContain("is TypeScript")
      expect(outcomes.map((o) => o.name)).toEqual(names)
      for (const outcome of outcomes) {
        const name = outcome.name
        expect(outcome, name).toMatchObject({ ok: true, values: expected })
        // Both workers ran tasks (one task per chunk), and none ran on the main thread (threadId 0).
        expect(outcome.threads, name).toHaveLength(2)
        expect(outcome.threads, name).not.toContain(0)
      }
    })
  }

  it("fail with TaskFailed naming the file and the fix without tsx or type stripping (control)", { timeout: 60_000 }, async () => {
    const [outcome] = await runChild([], ["./rowTask.ts"])
    expect(outcome!.ok).toBe(false)
    expect(outcome!.tag).toBe("TaskFailed")
    expect(outcome!.message).toContain(`${source} is TypeScript`)
    expect(outcome!.message).toContain("node --import tsx")
  })

  it.runIf(canStripTypes)("load under Node's type stripping, named .ts or .js", { timeout: 120_000 }, async () => {
    const outcomes = await runChild(["--experimental-strip-types", "--no-warnings"], names)
    expect(outcomes).toMatchObject(names.map((name) => ({ name, ok: true, values: expected })))
  })

  it.live("a worker that cannot load one fails its item with TaskFailed naming the file and the fix", () =>
    Effect.gen(function* () {
      // This process runs no TypeScript loader in its workers; the calling thread gets a copy.
      for (const name of names) {
        const Module = TaskModule.make<{ scaledSquare: (x: number, k: number) => { value: number } }>(new URL(name, fixtures))
        WorkerPool.useOnMain(Module, { scaledSquare: (x: number, k: number) => ({ value: k * x * x }) })
        const pool = yield* WorkerPool.make({ threads: 2, offMainThread: true })
        const tasks = yield* pool.load(Module)
        const failure = yield* Effect.flip(pool.map(tasks.scaledSquare, [1, 2, 3], { args: [3] }))
        expect(failure._tag).toBe("TaskFailed")
        expect(failure.message).toContain(name.endsWith(".js") ? `rowTask.js does not exist, and ${source} beside it is TypeScript` : `${source} is TypeScript`)
        for (const fix of ["node --import tsx main.ts", "--experimental-strip-types", "the compiled .js"]) expect(failure.message).toContain(fix)
      }
    }).pipe(Effect.scoped)
  )
})

describe("importModule's rules", () => {
  it("finds tsx in the flags the tsx command and users pass, and nothing else", () => {
    const table: ReadonlyArray<[ReadonlyArray<string>, string | undefined]> = [
      [["--import", "tsx"], "tsx"],
      [["--import=tsx/esm"], "tsx/esm"],
      [["--require", "/app/node_modules/tsx/dist/preflight.cjs", "--import", "file:///app/node_modules/tsx/dist/loader.mjs"], "/app/node_modules/tsx/dist/preflight.cjs"],
      [["--loader", "tsx"], "tsx"],
      [["--import", "tsx-like"], undefined],
      [["--max-old-space-size=512", "tsx"], undefined],
      [[], undefined]
    ]
    for (const [argv, found] of table) expect(tsxFlag(argv), argv.join(" ")).toBe(found)
  })

  it("tells a module that cannot load from a module that it imports and cannot find", () => {
    const error = (code: string, message: string) => Object.assign(new Error(message), { code })
    const table: ReadonlyArray<[Error, boolean]> = [
      [error("ERR_MODULE_NOT_FOUND", "Cannot find module '/app/tasks.js' imported from /app/node_modules/@weft/pool/dist/worker/methods.js"), true],
      [error("ERR_MODULE_NOT_FOUND", "Cannot find module '/app/missing.js' imported from /app/tasks.js"), false],
      [error("ERR_UNKNOWN_FILE_EXTENSION", 'Unknown file extension ".ts" for /app/tasks.js'), true],
      [error("ERR_UNKNOWN_FILE_EXTENSION", 'Unknown file extension ".ts" for /app/tasks.js.ts'), false],
      [error("ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX", "/app/tasks.js: enum"), false]
    ]
    for (const [e, expected] of table) expect(couldNotLoad(e, "/app/tasks.js"), e.message).toBe(expected)
  })

  it("stands a missing .js for the TypeScript beside it, and leaves the rest alone", () => {
    const at = (name: string) => new URL(name, fixtures).href
    expect(typeScriptSource(at("rowTask.ts"))).toBe(source)
    expect(typeScriptSource(at("rowTask.js"))).toBe(source)
    expect(typeScriptSource(at("run.mjs"))).toBeUndefined() // exists: plain JavaScript
    expect(typeScriptSource(at("nothing.js"))).toBeUndefined() // no TypeScript beside it
    expect(typeScriptSource("node:fs")).toBeUndefined()
  })
})
