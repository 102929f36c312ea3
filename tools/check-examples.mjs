#!/usr/bin/env node
// Type-checks the examples a user reads: every ```ts block of the READMEs (the
// root one and packages/*/README.md) and every `@example` block in the TSDoc of
// packages/*/src, with `tsc --strict` and NodeNext resolution against the built
// packages (`@weft/*` through the workspace links, so `npm run build` first),
// as a user's program would see them.
//
// A README block is a program: it may hold several files, each opening with a
// `// name.ts` comment line (a task module and the main program that loads it
// by `./name.js`), and it is checked as it is, with nothing added.
// A TSDoc example is a fragment of the module it documents, so it is given
// what a reader takes for granted there, and nothing more: the exports of its
// own module that it uses (from the built module), the namespaces and names of
// the weft packages' indexes and of `effect` that it uses, a generator around
// it when it says `yield*` (the body of an `Effect.gen`), and `any` for the
// data it names without making (`X`, `rows`; found by a first pass). What is
// checked: that every weft function, namespace and option it calls exists and
// takes what it is given.
//
// Skipped, and said so: a README block opened as ```ts skip, and a TSDoc
// example whose first line is `// @example-skip: <why>`.
//
// Usage: node tools/check-examples.mjs [--verbose]   (exit 1 on any error)
import fs from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const scratch = path.join(root, "node_modules", ".cache", "check-examples")
const verbose = process.argv.includes("--verbose")
const packages = fs.readdirSync(path.join(root, "packages")).filter((p) => fs.existsSync(path.join(root, "packages", p, "package.json")))

const EFFECT = ["Effect", "Console", "Layer", "Stream", "Schema", "Either", "Exit", "Option", "Chunk", "Duration", "Fiber", "Scope", "Data", "Context", "Cause", "Queue", "Schedule", "Ref", "pipe"]

/** Names a module's source exports (values and types), by its own declarations. */
const exportedNames = (file) => {
  const text = fs.readFileSync(file, "utf8")
  const names = new Set()
  for (const m of text.matchAll(/^export\s+(?:declare\s+)?(?:abstract\s+)?(?:const|let|function\*?|class|interface|type|enum)\s+([A-Za-z_$][\w$]*)/gm)) names.add(m[1])
  for (const m of text.matchAll(/^export\s+(?:type\s+)?\{([^}]*)\}(?!\s*from)/gm)) {
    for (const part of m[1].split(",")) {
      const name = part.trim().replace(/^type\s+/, "").split(/\s+as\s+/).pop()
      if (name) names.add(name)
    }
  }
  return names
}

/** name -> specifier, for the public names of every package index (first package wins). */
const indexNames = new Map()
/** The names an index exports as a namespace (`export * as X`): they win over a module's own export of the same name. */
const namespaces = new Set()
for (const pkg of ["core", "pool", "ml-workflows", "kernels", "bench", "cluster", "cli"].filter((p) => packages.includes(p))) {
  const index = path.join(root, "packages", pkg, "src", "index.ts")
  if (!fs.existsSync(index)) continue
  const text = fs.readFileSync(index, "utf8")
  const add = (name) => indexNames.has(name) || indexNames.set(name, `@weft/${pkg}`)
  for (const m of text.matchAll(/^export\s+\*\s+as\s+(\w+)\s+from/gm)) {
    add(m[1])
    namespaces.add(m[1])
  }
  for (const m of text.matchAll(/^export\s+(?:type\s+)?\{([^}]*)\}\s+from/gm)) {
    for (const part of m[1].split(",")) {
      const name = part.trim().replace(/^type\s+/, "").split(/\s+as\s+/).pop()
      if (name) add(name)
    }
  }
  for (const m of text.matchAll(/^export\s+(?:type\s+)?\*\s+from\s+"\.\/([^"]+)\.js"/gm)) {
    for (const name of exportedNames(path.join(root, "packages", pkg, "src", `${m[1]}.ts`))) add(name)
  }
}

// ------------------------------------------------------------------ collect

/**
 * The files of an example: a `// name.ts` line (`.mts`) opens one, so that a
 * task module and the program that loads it by `./name.js` sit side by side;
 * what comes before the first is `example.ts`. `offset`: the line of the
 * origin (1-based) of the file's first line.
 */
const splitFiles = (lines, firstLine) => {
  const files = []
  let current = { name: "example.ts", lines: [], offset: firstLine }
  lines.forEach((line, k) => {
    const header = /^\/\/\s*([\w.-]+\.m?ts)\b/.exec(line)
    if (header !== null) {
      if (current.lines.some((l) => l.trim() !== "")) files.push(current)
      current = { name: header[1], lines: [], offset: firstLine + k }
    }
    current.lines.push(line)
  })
  files.push(current)
  return files
}

/** @type {Array<{ id: string, origin: string, files: ReturnType<typeof splitFiles>, own: Set<string>, built: string | undefined }>} */
const examples = []
const skipped = []

const readmes = ["README.md", ...packages.map((p) => `packages/${p}/README.md`)].filter((f) => fs.existsSync(path.join(root, f)))
for (const readme of readmes) {
  const lines = fs.readFileSync(path.join(root, readme), "utf8").split("\n")
  for (let i = 0; i < lines.length; i++) {
    const open = /^```ts(?:\s+(.*))?$/.exec(lines[i])
    if (open === null) continue
    let end = i + 1
    while (end < lines.length && !lines[end].startsWith("```")) end++
    const origin = `${readme}:${i + 1}`
    if (open[1]?.trim().startsWith("skip")) skipped.push(`${origin} (${open[1].trim().replace(/^skip:?\s*/, "")})`)
    else examples.push({ id: `readme${examples.length}`, origin, files: splitFiles(lines.slice(i + 1, end), i + 2), own: new Set(), built: undefined })
    i = end
  }
}

const sources = []
const walk = (dir) => {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name)
    if (entry.isDirectory()) walk(p)
    else if (p.endsWith(".ts") && !p.endsWith(".d.ts")) sources.push(p)
  }
}
for (const pkg of packages) if (fs.existsSync(path.join(root, "packages", pkg, "src"))) walk(path.join(root, "packages", pkg, "src"))

for (const file of sources.sort()) {
  const rel = path.relative(root, file)
  const pkg = rel.split(path.sep)[1]
  const lines = fs.readFileSync(file, "utf8").split("\n")
  const own = exportedNames(file)
  const built = path.join(root, "packages", pkg, "dist", path.relative(path.join(root, "packages", pkg, "src"), file)).replace(/\.ts$/, ".js")
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*\*\s*@example\b/.test(lines[i])) continue
    const body = []
    let k = i + 1
    for (; k < lines.length; k++) {
      if (/^\s*\*\s*@\w/.test(lines[k]) || /^\s*\*\//.test(lines[k])) break
      body.push(lines[k].replace(/^\s*\* ?/, ""))
    }
    const origin = `${rel}:${i + 1}`
    if (/^\s*\/\/\s*@example-skip/.test(body[0] ?? "")) skipped.push(`${origin} (${body[0].replace(/^\s*\/\/\s*@example-skip:?\s*/, "")})`)
    else examples.push({ id: `doc${examples.length}`, origin, files: splitFiles(body, i + 2), own, built })
    i = k - 1
  }
}

// ------------------------------------------------------------------ build files

/** One file of an example, with its prelude, given the names to declare `any`. */
const exampleFile = (example, file, dir, loose) => {
  const { own, built } = example
  const imports = file.lines.filter((l) => /^import\s/.test(l))
  const code = file.lines.map((l) => (/^import\s/.test(l) ? "" : l))
  const text = code.join("\n")
  const imported = new Set(imports.flatMap((l) => [...l.matchAll(/[\w$]+/g)].map((m) => m[0])))
  const defined = new Set([...text.matchAll(/\b(?:const|let|var|class|function|interface|type)\s+([A-Za-z_$][\w$]*)/g)].map((m) => m[1]))
  const uses = (name) => new RegExp(`(?<![\\w$.])${name.replace(/\$/g, "\\$")}(?![\\w$])`).test(text)
  const taken = (name) => imported.has(name) || defined.has(name)
  const prelude = []
  const fromOwn = [...own].filter((n) => uses(n) && !taken(n) && !namespaces.has(n))
  if (fromOwn.length > 0) prelude.push(`import { ${fromOwn.join(", ")} } from ${JSON.stringify(path.relative(dir, built).split(path.sep).join("/"))}`)
  const bySpecifier = new Map()
  for (const [name, specifier] of indexNames) {
    if (!uses(name) || taken(name) || fromOwn.includes(name)) continue
    bySpecifier.set(specifier, [...(bySpecifier.get(specifier) ?? []), name])
  }
  const generator = /\byield\*/.test(text) && !/function\s*\*/.test(text)
  const effect = EFFECT.filter((n) => (uses(n) || (n === "Effect" && generator)) && !taken(n) && !fromOwn.includes(n) && !bySpecifier.has(n))
  if (effect.length > 0) prelude.push(`import { ${effect.join(", ")} } from "effect"`)
  for (const [specifier, names] of bySpecifier) prelude.push(`import { ${names.join(", ")} } from "${specifier}"`)
  for (const name of loose) prelude.push(`declare let ${name}: any; type ${name} = any`)
  const head = [...imports, ...prelude]
  const lines = generator ? [...head, "export const example = Effect.gen(function* () {", ...code, "})"] : [...head, "export {}", ...code]
  return { text: lines.join("\n"), offset: head.length + 1 }
}

fs.rmSync(scratch, { recursive: true, force: true })
fs.mkdirSync(scratch, { recursive: true })
fs.writeFileSync(path.join(scratch, "package.json"), '{ "type": "module" }\n')

const options = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  lib: ["lib.es2022.d.ts"],
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  types: ["node"],
  typeRoots: [path.join(root, "node_modules", "@types")],
  skipLibCheck: true,
  esModuleInterop: true
}

/** file path -> { example, offset (lines of prelude), base (line in the origin of the file's first line) } */
const owners = new Map()
const writeAll = (loose) => {
  owners.clear()
  for (const example of examples) {
    const dir = path.join(scratch, example.id)
    fs.mkdirSync(dir, { recursive: true })
    for (const f of example.files) {
      const file = path.join(dir, f.name)
      const { text, offset } = exampleFile(example, f, dir, loose.get(file) ?? [])
      fs.writeFileSync(file, text)
      owners.set(file, { example, offset, base: f.offset })
    }
  }
}

// The second pass reuses the first's program: only the examples given names change, not effect's types.
const host = ts.createCompilerHost(options)
let previous
const check = () => {
  const program = ts.createProgram([...owners.keys()], options, host, previous)
  previous = program
  return ts.getPreEmitDiagnostics(program).filter((d) => d.file !== undefined && owners.has(path.resolve(d.file.fileName)))
}

// First pass: the names a fragment uses without defining are its data, `any`.
writeAll(new Map())
const loose = new Map()
for (const d of check()) {
  const file = path.resolve(d.file.fileName)
  if (d.code !== 2304 && d.code !== 2552 && d.code !== 18004) continue
  const name = /'([\w$]+)'/.exec(ts.flattenDiagnosticMessageText(d.messageText, "\n"))?.[1]
  if (name !== undefined) loose.set(file, [...new Set([...(loose.get(file) ?? []), name])])
}
writeAll(loose)
const errors = check()

for (const d of errors) {
  const file = path.resolve(d.file.fileName)
  const { example, offset, base } = owners.get(file)
  const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0)
  const at = line - offset
  const where = at >= 0 ? `${example.origin.split(":")[0]}:${base + at}` : `${example.origin} (prelude)`
  console.error(`${where}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}  [${path.relative(root, file)}]`)
}
if (verbose) for (const s of skipped) console.log(`skipped ${s}`)
console.log(`examples: ${examples.length} checked (${examples.filter((e) => e.built === undefined).length} README blocks, ${examples.filter((e) => e.built !== undefined).length} TSDoc), ${skipped.length} skipped, ${errors.length} errors`)
process.exitCode = errors.length > 0 ? 1 : 0
