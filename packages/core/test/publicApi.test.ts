/**
 * The public API of core, pool and cluster: every export documented with
 * `@since` and `@category` (as Effect's modules are), and no `internal` module
 * reachable through a package's `exports` map.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"
import { describe, expect, it } from "vitest"

const packages = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..")
const NAMES = ["core", "pool", "cluster"]

describe.each(NAMES)("the public API of @weft/%s", (name) => {
  const src = path.join(packages, name, "src")

  it("documents every export of its public modules with @since and @category", () => {
    const missing: Array<string> = []
    for (const file of fs.readdirSync(src).filter((f) => f.endsWith(".ts") && f !== "index.ts")) {
      const sf = ts.createSourceFile(file, fs.readFileSync(path.join(src, file), "utf8"), ts.ScriptTarget.Latest, true)
      for (const statement of sf.statements) {
        const modifiers = ts.canHaveModifiers(statement) ? ts.getModifiers(statement) : undefined
        if (!modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue
        const docs = (statement as { jsDoc?: ReadonlyArray<ts.JSDoc> }).jsDoc ?? []
        const tags = new Set(docs.flatMap((d) => (d.tags ?? []).map((t) => t.tagName.text)))
        const declared = ts.isVariableStatement(statement) ? statement.declarationList.declarations[0].name : (statement as { name?: ts.Node }).name
        for (const tag of ["since", "category"]) if (!tags.has(tag)) missing.push(`${file}: ${declared?.getText(sf) ?? "?"} has no @${tag}`)
      }
    }
    expect(missing).toEqual([])
  })

  it("keeps internal modules out of its exports map, and every entry names a module of src", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(packages, name, "package.json"), "utf8")) as { exports: Record<string, unknown> }
    for (const [key, target] of Object.entries(manifest.exports)) {
      expect(key, `${name} exports ${key}`).not.toMatch(/internal|\*/)
      const file = JSON.stringify(target).match(/\.\/dist\/([^"]+)\.js/)![1]
      expect(file, `${name} exports ${key}`).not.toMatch(/internal/)
      expect(fs.existsSync(path.join(src, `${file}.ts`)), `${name} exports ${key} -> src/${file}.ts`).toBe(true)
    }
  })
})
