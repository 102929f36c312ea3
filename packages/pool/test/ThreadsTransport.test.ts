// The threads.js transport's own defects, reproduced at the transport level.
import { execFileSync } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const transportUrl = new URL("../dist/internal/threadsTransport.js", import.meta.url).href
const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).href

/** Runs a script in a fresh Node process; returns its output and how long the process took to exit. */
const runNode = (source: string): { output: string; ms: number } => {
  // A file, not --eval: workers inherit the parent's execArgv, and --input-type would break them.
  // Inside the package, so that the script resolves `effect` from its node_modules.
  const dir = mkdtempSync(join(fileURLToPath(new URL("..", import.meta.url)), ".tmp-transport-"))
  const script = join(dir, "script.mjs")
  writeFileSync(script, source)
  try {
    const started = performance.now()
    const output = execFileSync(process.execPath, [script], {
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      encoding: "utf8",
      timeout: 20_000,
      env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" }
    })
    return { output, ms: performance.now() - started }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

describe("threads.js transport", () => {
  it("a worker that throws before it is ready fails to start, and the process exits at once (no 10 s timer)", () => {
    const { output, ms } = runNode(`
      import { Effect, Exit } from "effect"
      const { threadsTransport } = await import(${JSON.stringify(transportUrl)})
      const exit = await Effect.runPromiseExit(threadsTransport.spawn(new URL(${JSON.stringify(fixture("broken.js"))}), { startTimeoutMs: 10000 }))
      console.log(JSON.stringify(Exit.isFailure(exit) ? exit.cause.error : "started"))
    `)
    const failure = JSON.parse(output.trim())
    expect(failure._tag).toBe("Crashed")
    expect(failure.reason).toContain("broken at load")
    // threads.js's own spawn() would keep the process alive for its 10 s init timer.
    expect(ms).toBeLessThan(8000)
  })

  it("spawns from an absolute file URL (threads.js #428 resolves only paths relative to the caller)", () => {
    const { output } = runNode(`
      import { Effect } from "effect"
      const { threadsTransport } = await import(${JSON.stringify(transportUrl)})
      const program = Effect.gen(function* () {
        const conn = yield* threadsTransport.spawn(new URL(${JSON.stringify(fixture("echoWorker.js"))}), { startTimeoutMs: 10000 })
        const outcome = yield* Effect.async((resume) => conn.call("echo", [21], [], (o) => resume(Effect.succeed(o))))
        const value = outcome.value
        yield* conn.terminate
        return value
      })
      console.log(JSON.stringify(await Effect.runPromise(program)))
    `)
    expect(JSON.parse(output.trim())).toEqual([21])
  })

  it("importing and spawning leaves SIGINT to the program: Ctrl-C runs its handler, not threads.js's exit(0)", () => {
    const { output } = runNode(`
      import { Effect } from "effect"
      const { threadsTransport } = await import(${JSON.stringify(transportUrl)})
      const conn = await Effect.runPromise(threadsTransport.spawn(new URL(${JSON.stringify(fixture("echoWorker.js"))}), { startTimeoutMs: 10000 }))
      console.log(JSON.stringify([process.listenerCount("SIGINT"), process.listenerCount("SIGTERM")]))
      await Effect.runPromise(conn.terminate)
    `)
    expect(JSON.parse(output.trim())).toEqual([0, 0])
  })
})
