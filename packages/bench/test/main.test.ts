import { execFile } from "node:child_process"
import { existsSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import * as path from "node:path"
import { promisify } from "node:util"
import { afterAll, describe, expect, it } from "vitest"

const run = promisify(execFile)
const main = new URL("../dist/main.js", import.meta.url).pathname
const dir = mkdtempSync(path.join(tmpdir(), "weft-bench-main-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const node = (args: ReadonlyArray<string>) =>
  run(process.execPath, [main, ...args], { encoding: "utf8" }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr })
  )

describe("dist/main.js", () => {
  it("runs a quick benchmark, prints the table and writes the reports; --compare reads them back", async () => {
    const out = path.join(dir, "out")
    const r = await node(["--workload", "batch-inference,gradients", "--threads", "1,2", "--repeats", "1", "--quick", "--batches", "4,8", "--out", out])
    expect(r.stderr).not.toMatch(/Error/)
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/Threads\s+Duration \(ms\)\s+Speedup\s+Efficiency/)
    expect(r.stdout).toContain("Batch scaling")
    for (const f of ["report.json", "table.txt", "index.html", "speedup.svg", "efficiency.svg", "duration-gradients.svg", "batch-scaling.svg"]) {
      expect(existsSync(path.join(out, f)), f).toBe(true)
    }
    const c = await node(["--compare", path.join(out, "report.json"), out])
    expect(c.code).toBe(0)
    expect(c.stdout).toMatch(/batch-inference\s+weft\s+2\s+[\d.]+\s+[\d.]+\s+1\.00x\s+within noise/)
  }, 120_000)

  it("fails with the option's name and exit code 1", async () => {
    const r = await node(["--threads", "0", "--quick"])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain("invalid threads 0: must be an integer of at least 1")
    const c = await node(["--compare", path.join(dir, "missing.json"), path.join(dir, "missing.json")])
    expect(c.code).toBe(1)
    expect(c.stderr).toContain("missing.json")
  }, 60_000)
})
