import { WorkerPool } from "@weft/pool"
import { Effect } from "effect"
import { spawn, type ChildProcess } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll } from "vitest"

/** The built executable, run with the same Node as the tests. */
export const BIN = fileURLToPath(new URL("../dist/bin.js", import.meta.url))

export interface Run {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

/** Starts `weft args...` as a child process, stdin closed, stdout and stderr piped (so not terminals). */
export const start = (args: ReadonlyArray<string>, options: { readonly env?: Record<string, string>; readonly cwd?: string } = {}): ChildProcess => {
  const env: Record<string, string | undefined> = { ...process.env, ...options.env }
  // Each test says what it wants of WEFT_THREADS.
  if (options.env?.WEFT_THREADS === undefined) delete env.WEFT_THREADS
  return spawn(process.execPath, [BIN, ...args], { env, cwd: options.cwd ?? process.cwd(), stdio: ["ignore", "pipe", "pipe"] })
}

/** Collects a started process's output until it exits. */
export const finish = (child: ChildProcess): Promise<Run> =>
  new Promise((resolve, reject) => {
    let stdout = ""
    let stderr = ""
    child.stdout!.setEncoding("utf8").on("data", (s: string) => (stdout += s))
    child.stderr!.setEncoding("utf8").on("data", (s: string) => (stderr += s))
    child.on("error", reject)
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }))
  })

/** Runs `weft args...` to the end. */
export const weft = (args: ReadonlyArray<string>, options: { readonly env?: Record<string, string>; readonly cwd?: string } = {}): Promise<Run> =>
  finish(start(args, options))

/** Runs `weft args... --json`, checks it succeeded with nothing on stderr, and parses stdout. */
export const weftJson = async (args: ReadonlyArray<string>, options: { readonly env?: Record<string, string> } = {}): Promise<any> => {
  const run = await weft([...args, "--json"], options)
  if (run.code !== 0) throw new Error(`weft ${args.join(" ")} exited with ${run.code}: ${run.stderr}`)
  if (run.stderr !== "") throw new Error(`weft ${args.join(" ")} wrote to stderr: ${run.stderr}`)
  return JSON.parse(run.stdout)
}

/** A temporary folder for this test file, removed after it. */
export const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), "weft-cli-test-"))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** Writes `text` to `name` in `dir` and returns the path. */
export const writeFile = (dir: string, name: string, text: string): string => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

/** Runs a library operation on a pool of `threads` threads in this process, for reference values. */
export const withLibrary = <A, E>(threads: number, effect: Effect.Effect<A, E, WorkerPool.WorkerPool>): Promise<A> =>
  Effect.runPromise(Effect.provide(effect, WorkerPool.layer({ threads })))
