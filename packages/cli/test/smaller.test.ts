/**
 * Issue 10, point 10 (the smaller items): the Redis URL from WEFT_REDIS_URL
 * (so that a password is not on the command line, visible in ps), one wording
 * for --redis errors, an unreadable path named, and a hint for a CSV file
 * separated by semicolons or tabs. Each failed before its fix.
 */
import { Testing } from "@weft/cluster"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { tempDir, weft, writeFile } from "./helpers.js"

const dir = tempDir()
let server: Testing.RedisServer

beforeAll(async () => {
  server = await Testing.startRedis({ password: "pw-in-env" })
}, 60_000)

afterAll(async () => {
  await server?.stop()
})

describe("WEFT_REDIS_URL", () => {
  it("weft cluster status reads the URL, password included, from WEFT_REDIS_URL when --redis is absent", async () => {
    const run = await weft(["cluster", "status", "--json"], { env: { WEFT_REDIS_URL: server.url } })
    expect(run.stderr).toBe("")
    expect(run.code).toBe(0)
    const status = JSON.parse(run.stdout)
    expect(status.nodes).toEqual([])
    expect(run.stdout).not.toContain("pw-in-env")
  })

  it("without --redis and without WEFT_REDIS_URL, weft worker and weft cluster status say what to give (exit 2)", async () => {
    for (const args of [["worker"], ["cluster", "status"]]) {
      const run = await weft(args, { env: { WEFT_REDIS_URL: "" } })
      expect(run.code).toBe(2)
      expect(run.stderr).toContain("missing --redis URL: give it, or set WEFT_REDIS_URL (which keeps a password out of ps)")
    }
  })

  it("cv and grid run on this machine unless asked: --redis env takes the URL from WEFT_REDIS_URL", async () => {
    const local = await weft(["cv", "--data", "diabetes", "--model", "ridge", "--folds", "2", "--json"], { env: { WEFT_REDIS_URL: "redis://127.0.0.1:1" } })
    expect(local.code).toBe(0)
    expect(JSON.parse(local.stdout).executor).not.toBe("cluster")
    const unset = await weft(["cv", "--data", "diabetes", "--model", "ridge", "--redis", "env"], { env: { WEFT_REDIS_URL: "" } })
    expect(unset.code).toBe(2)
    expect(unset.stderr).toContain("invalid --redis env: it reads the URL from WEFT_REDIS_URL, which is not set")
    const bad = await weft(["cv", "--data", "diabetes", "--model", "ridge", "--redis", "env"], { env: { WEFT_REDIS_URL: "http://:secret@x" } })
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain("invalid WEFT_REDIS_URL 'http://:***@x'")
    expect(bad.stderr).not.toContain("secret")
  })

  it("a URL that passes the flag's check but not the library's is still worded as the flag (invalid --redis, not invalid redis)", async () => {
    const run = await weft(["cluster", "status", "--redis", "redis://host:99999"])
    expect(run.code).toBe(2)
    expect(run.stderr).toBe('weft cluster status: invalid --redis "redis://host:99999": is not a Redis URL: Invalid URL\n')
  })
})

describe("weft worker", () => {
  it("--threads above 4 per core is refused before it connects, in the flag's words", async () => {
    const run = await weft(["worker", "--redis", "redis://127.0.0.1:1", "--threads", "1000"])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/^weft worker: invalid --threads 1000: more than \d+ threads \(4 per core on \d+ cores\) only cost memory and start-up time\n$/)
  })
})

describe("files", () => {
  it("a CSV file separated by semicolons or tabs gets a hint: the --delimiter that reads it", async () => {
    const semi = writeFile(dir, "semi.csv", "a;b;y\n1;2;3\n4;5;6\n7;8;9\n")
    const tabs = writeFile(dir, "tabs.csv", "a\tb\ty\n1\t2\t3\n4\t5\t6\n")
    const a = await weft(["cv", "--data", semi, "--model", "ridge"])
    expect(a.code).toBe(1)
    expect(a.stderr).toContain(`(its header has no comma but ";": pass --delimiter ';')`)
    const b = await weft(["cv", "--data", tabs, "--model", "ridge"])
    expect(b.stderr).toContain("(its header has no comma but tabs: pass --delimiter 'tab')")
  })

  it("a file that cannot be read is named (was: path: cannot be read)", async () => {
    // It exists and is not a directory, but reading it fails (EIO), even for root.
    const run = await weft(["cv", "--data", "/proc/self/mem", "--model", "ridge"])
    expect(run.code).toBe(1)
    expect(run.stderr).toBe("weft cv: cannot read /proc/self/mem: EIO: i/o error, read\n")
  })
})
