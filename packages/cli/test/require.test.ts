// CommonJS consumers: every package's "exports" has a "default" condition
// beside "import", so require() of the ESM build works where Node can load ESM
// synchronously (Node >= 20.19 and >= 22.12: process.features.require_module).
// Here in @weft/cli, whose tests run after every other package is built.
import { execFileSync } from "node:child_process"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("../../..", import.meta.url))
const packages = ["core", "pool", "kernels", "ml-workflows", "bench", "cluster", "cli"]

describe("require() of the packages", () => {
  it("every exports entry has a default condition beside import", () => {
    for (const name of packages) {
      const manifest = JSON.parse(readFileSync(new URL(`../../${name}/package.json`, import.meta.url), "utf8"))
      for (const [subpath, conditions] of Object.entries(manifest.exports as Record<string, Record<string, string>>)) {
        expect(conditions.default, `@weft/${name} ${subpath}`).toBe(conditions.import)
      }
    }
  })

  it.runIf((process.features as { require_module?: boolean }).require_module === true)(
    "require() gives the same exports as import, in a plain CommonJS process",
    () => {
      // A CommonJS script (node -e): require() each package, then import() it, and compare what each gives.
      const script = `
        ;(async () => {
          const out = { rng: typeof require("@weft/core/Rng").Rng, required: {}, imported: {} }
          for (const n of ${JSON.stringify(packages)}) {
            out.required[n] = Object.keys(require("@weft/" + n)).sort()
            out.imported[n] = Object.keys(await import("@weft/" + n)).filter((k) => k !== "default").sort()
          }
          process.stdout.write(JSON.stringify(out))
        })()
      `
      const out = JSON.parse(execFileSync(process.execPath, ["--no-warnings", "-e", script], { cwd: root, encoding: "utf8" }))
      expect(out.rng).toBe("function")
      for (const name of packages) {
        expect(out.required[name].length, `@weft/${name}`).toBeGreaterThan(0)
        expect(out.required[name], `@weft/${name}`).toEqual(out.imported[name])
      }
    },
    60_000
  )
})
