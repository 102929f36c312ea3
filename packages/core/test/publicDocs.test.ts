/**
 * Every public name of every package documented with `@since` and
 * `@category`, as Effect's modules are. "Public" is what the `exports` map
 * makes importable: the walk starts at each entry module and follows what it
 * exports — declarations, `export { a } from`, `export *`, and the modules
 * behind `export * as Name` — into whichever file declares the name, an
 * `internal/` one included (a name re-exported from there is public too). A
 * re-exported namespace needs `@since` only, on its line or in the module's
 * header. A name marked `@internal` is exempt (TypeDoc leaves it out of the
 * reference, as Effect's docgen does). Names re-exported from another package
 * are checked in that package.
 * The walk reads the sources with the TypeScript parser, no build needed.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"
import { describe, expect, it } from "vitest"

const packages = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..")

/** The seven packages: every public name of each is documented, and the test keeps it so. */
const PACKAGES = ["core", "pool", "kernels", "ml-workflows", "bench", "cluster", "cli"]

interface Export {
  readonly tags: ReadonlySet<string>
  /** Where the name is declared, for the message. */
  readonly where: string
  /** For `export * as Name from "./m.js"`: the module behind the namespace. */
  readonly namespace?: string
}

const sources = new Map<string, ts.SourceFile>()
const parse = (file: string): ts.SourceFile => {
  let sf = sources.get(file)
  if (sf === undefined) {
    sf = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true)
    sources.set(file, sf)
  }
  return sf
}

/** The `.ts` file behind a relative specifier (`./m.js`, `../m.js`); undefined for another package. */
const resolve = (from: string, specifier: ts.Expression | undefined): string | undefined => {
  if (specifier === undefined || !ts.isStringLiteral(specifier) || !specifier.text.startsWith(".")) return undefined
  const base = path.resolve(path.dirname(from), specifier.text.replace(/\.js$/, ""))
  const file = [`${base}.ts`, path.join(base, "index.ts")].find((f) => fs.existsSync(f))
  if (file === undefined) throw new Error(`${from}: cannot find ${specifier.text}`)
  return file
}

const tagsOf = (node: ts.Node): Set<string> => new Set(ts.getJSDocTags(node).map((t) => t.tagName.text))

/** The names a statement declares (several for `export const a = 1, b = 2`). */
const declaredNames = (statement: ts.Statement): Array<string> => {
  if (ts.isVariableStatement(statement)) {
    return statement.declarationList.declarations.flatMap((d) => (ts.isIdentifier(d.name) ? [d.name.text] : []))
  }
  const name = (statement as { name?: ts.Node }).name
  return name !== undefined && ts.isIdentifier(name) ? [name.text] : []
}

const isExported = (statement: ts.Statement): boolean =>
  ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)

/** The JSDoc tags of every statement of `sf` that declares `name` (overloads, an interface and its namesake const). */
const localTags = (sf: ts.SourceFile, name: string): Set<string> =>
  new Set(sf.statements.filter((s) => declaredNames(s).includes(name)).flatMap((s) => [...tagsOf(s)]))

/**
 * Where `local` comes from when `sf` imports it: [file, name there] for a
 * relative import, null for another package's, undefined when not imported.
 */
const importOf = (sf: ts.SourceFile, local: string): [string, string] | null | undefined => {
  for (const statement of sf.statements) {
    const bindings = ts.isImportDeclaration(statement) ? statement.importClause?.namedBindings : undefined
    if (bindings === undefined || !ts.isNamedImports(bindings)) continue
    const element = bindings.elements.find((e) => e.name.text === local)
    if (element === undefined) continue
    const file = resolve(sf.fileName, (statement as ts.ImportDeclaration).moduleSpecifier)
    return file === undefined ? null : [file, (element.propertyName ?? element.name).text]
  }
  return undefined
}

const union = (...sets: Array<ReadonlySet<string>>): Set<string> => new Set(sets.flatMap((s) => [...s]))

/**
 * The tags of a module's header comment: the first JSDoc of its first
 * statement, when that statement is an import or a re-export or has a JSDoc of
 * its own after it (else the comment is the first declaration's).
 */
const headerTags = (file: string): Set<string> => {
  const first = parse(file).statements[0] as (ts.Statement & { jsDoc?: ReadonlyArray<ts.JSDoc> }) | undefined
  const docs = first?.jsDoc
  if (first === undefined || docs === undefined) return new Set()
  const isHeader = ts.isImportDeclaration(first) || ts.isExportDeclaration(first) || docs.length > 1
  return new Set(isHeader ? (docs[0].tags ?? []).map((t) => t.tagName.text) : [])
}

const exportTables = new Map<string, Map<string, Export>>()

/** What module `file` exports, by name, with the tags of the declaration behind each. */
const exportsOf = (file: string): Map<string, Export> => {
  const known = exportTables.get(file)
  if (known !== undefined) return known
  const table = new Map<string, Export>()
  exportTables.set(file, table)
  const sf = parse(file)
  const where = (name: string): string => `${path.relative(packages, file)}: ${name}`
  for (const statement of sf.statements) {
    if (ts.isExportDeclaration(statement)) {
      const target = resolve(file, statement.moduleSpecifier)
      const own = tagsOf(statement)
      const clause = statement.exportClause
      if (clause === undefined) {
        // export * from "./m.js"
        if (target !== undefined) for (const [name, e] of exportsOf(target)) if (!table.has(name)) table.set(name, e)
      } else if (ts.isNamespaceExport(clause)) {
        if (target !== undefined) table.set(clause.name.text, { tags: own, where: where(clause.name.text), namespace: target })
      } else {
        for (const element of clause.elements) {
          const local = (element.propertyName ?? element.name).text
          if (statement.moduleSpecifier !== undefined && target === undefined) continue // another package's name
          // `export { a } from "./m.js"`, or `export { a }` of a name imported from "./m.js": the declaration is in m.
          const imported = target === undefined ? importOf(sf, local) : undefined
          if (imported === null) continue // another package's name
          const [module, name] = target !== undefined ? [target, local] : imported ?? [undefined, local]
          const behind = module !== undefined
            ? exportsOf(module).get(name) ?? { tags: new Set<string>(), where: `${path.relative(packages, module)}: ${name}` }
            : { tags: localTags(sf, local), where: where(local) }
          table.set(element.name.text, { ...behind, tags: union(behind.tags, own) })
        }
      }
    } else if (isExported(statement)) {
      for (const name of declaredNames(statement)) table.set(name, { tags: localTags(sf, name), where: where(name) })
    }
  }
  return table
}

/** The entry modules of a package: the sources of its `exports` map's targets. */
const entries = (name: string): Array<string> => {
  const manifest = JSON.parse(fs.readFileSync(path.join(packages, name, "package.json"), "utf8")) as {
    exports: Record<string, { import: string }>
  }
  return Object.values(manifest.exports).map((c) => path.join(packages, name, "src", c.import.replace(/^\.\/dist\//, "").replace(/\.js$/, ".ts")))
}

/** Every public name reachable from `entryFiles` that lacks a tag, as `file: name has no @tag`. */
const undocumented = (entryFiles: ReadonlyArray<string>): Array<string> => {
  const missing = new Set<string>()
  const walked = new Set<string>()
  const walk = (file: string): void => {
    if (walked.has(file)) return
    walked.add(file)
    const header = headerTags(file)
    for (const e of exportsOf(file).values()) {
      // A namespace (`export * as Check from "./Check.js"`, as in an index) needs @since only, on its line or in the module's header.
      const namespace = e.namespace !== undefined
      const tags = namespace ? union(e.tags, header) : e.tags
      // A name marked @internal says it is not API (TypeDoc leaves it out), as Effect's docgen reads it.
      if (tags.has("internal")) continue
      for (const tag of namespace ? ["since"] : ["since", "category"]) if (!tags.has(tag)) missing.add(`${e.where} has no @${tag}`)
      if (e.namespace !== undefined) walk(e.namespace)
    }
  }
  for (const file of entryFiles) walk(file)
  return [...missing].sort()
}

describe.each(PACKAGES)("the public names of @weft/%s", (name) => {
  it("all carry @since and @category", () => {
    expect(undocumented(entries(name))).toEqual([])
  })
})

describe("the walk", () => {
  it("finds what a package exports through re-exports, internal files and namespaces", () => {
    // Independent of the tags: names known to be public in each of these ways.
    const pool = [...exportsOf(path.join(packages, "pool", "src", "WorkerPool.ts")).entries()]
    expect(pool.find(([n]) => n === "liveWorkers")?.[1].where).toBe("pool/src/internal/registry.ts: liveWorkers")
    const kernels = exportsOf(path.join(packages, "kernels", "src", "index.ts"))
    expect(kernels.get("gemm")?.where).toBe("kernels/src/Gemm.ts: gemm")
    const core = exportsOf(path.join(packages, "core", "src", "index.ts"))
    expect(core.get("Check")?.namespace).toBe(path.join(packages, "core", "src", "Check.ts"))
    expect(core.get("InvalidOption")?.where).toBe("core/src/Errors.ts: InvalidOption")
  })

  it("reports each public name without its tags, and asks a namespace for @since only", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "publicDocs-"))
    try {
      const write = (file: string, lines: Array<string>) => fs.writeFileSync(path.join(dir, file), lines.join("\n"))
      write("index.ts", ["/**", " * @since 0.1.0", " */", `export * as M from "./M.js"`, `export { b as B } from "./M.js"`, `export * from "./N.js"`])
      write("M.ts", [
        "/**", " * @since 0.1.0", " * @category models", " */", "export const a = 1",
        "/** @since 0.1.0 */", "export const b = 2",
        "const c = 3", "export { c }",
        `export * as Inner from "./N.js"`
      ])
      write("N.ts", [
        "/** @category models */", "export function f(): void", "/** @since 0.1.0 */", "export function f(x?: number): void {}",
        "export interface I {}",
        "/** @internal shared with M */", "export const h = 0"
      ])
      const found = undocumented([path.join(dir, "index.ts")]).map((line) => line.replace(/^.*\//, ""))
      expect(found).toEqual([
        "M.ts: Inner has no @since", // a's JSDoc is no header of M.ts
        "M.ts: b has no @category", // B is b, declared in M.ts
        "M.ts: c has no @category",
        "M.ts: c has no @since",
        "N.ts: I has no @category",
        "N.ts: I has no @since"
      ])
    } finally {
      fs.rmSync(dir, { recursive: true })
    }
  })
})
