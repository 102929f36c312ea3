// The exports maps of the seven packages: what a user can import by sub-path
// is a list someone wrote down, never a pattern. A `"./*"` entry made every
// file of dist/ public, `internal/` modules included, so a module added later
// became API by accident. Here in @weft/cli, whose tests run after every other
// package is built: the check that each declared target exists reads dist/.
import { execFileSync } from "node:child_process"
import { existsSync, readdirSync, readFileSync } from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("../../..", import.meta.url))
const PACKAGES = ["core", "pool", "kernels", "ml-workflows", "bench", "cluster", "cli"]

type Conditions = Record<string, string>
const exportsOf = (name: string): Record<string, Conditions> =>
  JSON.parse(readFileSync(path.join(root, "packages", name, "package.json"), "utf8")).exports

/** The `.js` files under `dir` (relative paths without the extension), recursively. */
const modulesUnder = (dir: string, prefix = ""): Array<string> =>
  existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? modulesUnder(path.join(dir, e.name), `${prefix}${e.name}/`)
        : e.name.endsWith(".js")
        ? [`${prefix}${e.name.slice(0, -3)}`]
        : []
    )
    : []

describe.each(PACKAGES)("the exports map of @weft/%s", (name) => {
  const dir = path.join(root, "packages", name)

  it("names no internal module and no pattern, in a key or a target", () => {
    for (const [key, conditions] of Object.entries(exportsOf(name))) {
      for (const text of [key, ...Object.values(conditions)]) {
        expect(text, `@weft/${name} exports ${key}`).not.toMatch(/internal|\*/)
      }
    }
  })

  it("points every condition at a file of the build, compiled from a module of src", () => {
    for (const [key, conditions] of Object.entries(exportsOf(name))) {
      expect(Object.keys(conditions).sort(), `@weft/${name} exports ${key}`).toEqual(["default", "import", "types"])
      const module = conditions.import.match(/^\.\/dist\/(.+)\.js$/)?.[1]
      expect(module, `@weft/${name} exports ${key} -> ${conditions.import}`).toBeDefined()
      expect(conditions.types, `@weft/${name} exports ${key}`).toBe(`./dist/${module}.d.ts`)
      // The key says the module's path (`./worker/kernels` is dist/worker/kernels.js), except for "." and a folder's index.
      if (key !== ".") expect([`./${module}`, `./${module}`.replace(/\/index$/, "")], `@weft/${name} exports ${key}`).toContain(key)
      for (const target of Object.values(conditions)) {
        expect(existsSync(path.join(dir, target)), `@weft/${name} exports ${key} -> ${target} (built?)`).toBe(true)
      }
      expect(existsSync(path.join(dir, "src", `${module}.ts`)), `@weft/${name} exports ${key} -> src/${module}.ts`).toBe(true)
    }
  })
})

describe("@weft/ml-workflows by sub-path", () => {
  it("offers every module its index re-exports, and the built-in task modules", () => {
    // A task module of the user's own runs in a worker, where the index (which loads effect) is too heavy:
    // it imports `@weft/ml-workflows/Metrics`, `/KFold`, `/models/Linear`, ... instead.
    const index = readFileSync(path.join(root, "packages", "ml-workflows", "src", "index.ts"), "utf8")
    const modules = [...index.matchAll(/^export .* from "\.\/(.+)\.js"/gm)].map((m) => m[1]).filter((m) => !m.startsWith("internal/"))
    expect(modules.length).toBeGreaterThan(30)
    const keys = Object.keys(exportsOf("ml-workflows"))
    for (const m of [...modules, "worker/kernels", "worker/loading"]) expect(keys, m).toContain(`./${m}`)
  })
})

describe("Node's resolver", () => {
  it("resolves every declared sub-path to its target and refuses every other module of the build", () => {
    // One plain Node process asks import.meta.resolve for each specifier: what a user's program would get.
    const declared = new Map<string, string>()
    const refused: Array<string> = []
    for (const name of PACKAGES) {
      const exports = exportsOf(name)
      for (const [key, conditions] of Object.entries(exports)) declared.set(`@weft/${name}${key.slice(1)}`, path.join(root, "packages", name, conditions.import))
      const targets = new Set(Object.values(exports).map((c) => c.import))
      for (const m of modulesUnder(path.join(root, "packages", name, "dist"))) {
        if (!targets.has(`./dist/${m}.js`)) refused.push(`@weft/${name}/${m}`, `@weft/${name}/${m}.js`)
        refused.push(`@weft/${name}/dist/${m}.js`)
      }
    }
    // The two packages that exported "./*" have internal modules: were none found, this test would prove nothing.
    for (const name of ["kernels", "ml-workflows"]) expect(refused.filter((s) => s.startsWith(`@weft/${name}/internal/`)).length, name).toBeGreaterThan(0)
    const script = `
      const out = {}
      for (const s of ${JSON.stringify([...declared.keys(), ...refused])}) {
        try { out[s] = import.meta.resolve(s) } catch (e) { out[s] = e.code }
      }
      process.stdout.write(JSON.stringify(out))
    `
    const resolved: Record<string, string> = JSON.parse(
      execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: path.join(root, "packages", "cli"), encoding: "utf8" })
    )
    for (const [specifier, file] of declared) {
      expect(resolved[specifier], specifier).toMatch(/^file:/)
      expect(fileURLToPath(resolved[specifier]), specifier).toBe(file)
    }
    for (const specifier of refused) expect(resolved[specifier], specifier).toBe("ERR_PACKAGE_PATH_NOT_EXPORTED")
  })
})
