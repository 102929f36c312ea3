import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { tempDir, weft, weftJson } from "./helpers.js"

const dir = tempDir()

describe("weft bench", () => {
  it("times a workload at each thread count and writes the JSON report, the SVG charts and the HTML page", async () => {
    const out = join(dir, "bench-out")
    const doc = await weftJson(["bench", "--workload", "inference", "--threads", "1,2", "--repeats", "1", "--quick", "--out", out])
    expect(doc.command).toBe("bench")
    expect(doc.report.workloads.map((w: any) => w.name)).toEqual(["batch-inference"])
    expect(doc.report.workloads[0].counts.map((c: any) => c.threads)).toEqual([1, 2])
    expect(doc.report.settings).toMatchObject({ threads: [1, 2], repeats: 1, size: "quick" })
    for (const file of [doc.files.json, doc.files.table, doc.files.html, ...doc.files.svgs]) expect(existsSync(file)).toBe(true)
    expect(doc.files.svgs.length).toBeGreaterThan(0)
    expect(JSON.parse(readFileSync(join(out, "report.json"), "utf8")).workloads[0].name).toBe("batch-inference")
    expect(readFileSync(doc.files.html, "utf8")).toMatch(/<svg|\.svg/)
  })

  it("prints the table on stdout", async () => {
    const run = await weft(["bench", "--workload", "cv", "--threads", "2", "--repeats", "1", "--quick", "--out", join(dir, "table-out")])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/Cross-validation/i)
    expect(run.stdout).toMatch(/^wrote .*report\.json/m)
  })

  it("rejects an unknown workload and a bad thread list as usage errors", async () => {
    const workload = await weft(["bench", "--workload", "training", "--quick"])
    expect(workload.code).toBe(2)
    expect(workload.stderr).toMatch(/unknown --workload 'training'; the workloads are inference, preprocess, gradients, cv, grid, uncertainty/)
    const threads = await weft(["bench", "--threads", "1,0", "--quick"])
    expect(threads.code).toBe(2)
    expect(threads.stderr).toMatch(/--threads '1,0': must be a list of positive integers/)
  })
})
