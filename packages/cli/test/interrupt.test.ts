import { existsSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { finish, start } from "./helpers.js"

/** A grid search of many seconds on workers: 4 MLPs x 5 folds on 4000 rows, each fit a second or more. */
const longFits = [
  "grid", "--data", "synthetic:rows=4000,features=20,seed=1", "--model", "mlp",
  "--grid", "hiddenLayers=[32],[48],[64],[96]", "--param", "epochs=60", "--threads", "2", "--verbose"
]

/** A grid search of many seconds made of short fits: 12 candidates x 5 folds, a few tenths of a second each. */
const manyShortFits = [
  "grid", "--data", "synthetic:rows=4000,features=10,seed=1", "--model", "mlp", "--param", "hiddenLayers=16", "--param", "epochs=40",
  "--grid", "l2=0.0001,0.0002,0.0003,0.0004,0.0005,0.0006,0.0007,0.0008,0.0009,0.001,0.002,0.003", "--threads", "1", "--verbose"
]

/** Starts a long grid, sends SIGINT once its pool is up and fits are running, and times the exit. */
const interruptLongGrid = async (args: ReadonlyArray<string>) => {
  const child = start(args)
  const done = finish(child)
  let stderr = ""
  await new Promise<void>((resolve) => {
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString()
      if (stderr.includes("threads started")) resolve()
    })
  })
  await new Promise((r) => setTimeout(r, 500))
  const sent = performance.now()
  child.kill("SIGINT")
  const run = await done
  return { ...run, exitMs: performance.now() - sent, pid: child.pid! }
}

describe("Ctrl-C", () => {
  it("during a long grid on workers ends the process within a second, with exit code 130, no result and no worker left", async () => {
    const run = await interruptLongGrid(longFits)
    expect(run.signal).toBeNull()
    expect(run.code).toBe(130)
    expect(run.exitMs).toBeLessThan(1000)
    // Nothing printed as if complete.
    expect(run.stdout).toBe("")
    // The pool was closed before the exit, and its threads were gone (counted from their exit events).
    expect(run.stderr).toMatch(/2 worker threads started/)
    expect(run.stderr).toMatch(/pool closed; 0 worker threads alive/)
    expect(run.stderr).toMatch(/interrupted/)
    // And the process itself is gone (Linux: no /proc entry left behind).
    if (process.platform === "linux") expect(existsSync(`/proc/${run.pid}`)).toBe(false)
  })

  it("also stops a one-thread run, whose fits run on the main thread, at the end of the current fit", async () => {
    const run = await interruptLongGrid(manyShortFits)
    expect(run.code).toBe(130)
    expect(run.exitMs).toBeLessThan(1000)
    expect(run.stdout).toBe("")
    expect(run.stderr).toMatch(/pool closed; 0 worker threads alive/)
  })
})
