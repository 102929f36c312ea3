/**
 * The worker boundary of eslint.config.js: worker-side code must not load
 * `effect`, `@effect/*`, `@weft/pool` or the `@weft/core` index. These tests
 * run ESLint's Node API on fixture code placed (by file path, nothing is
 * written) under the worker folders, and walk the workers' value imports from
 * their entry points to check that every module a worker loads is under the rule.
 */
import { ESLint } from "eslint"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"
import { describe, expect, it } from "vitest"

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..")
const eslint = new ESLint({ cwd: root })

const WORKER_FILES = [
  "packages/pool/src/worker/fixture.ts",
  "packages/ml-workflows/src/worker/fixture.ts",
  "packages/ml-workflows/src/models/fixture.ts",
  "packages/ml-workflows/src/internal/augment.ts",
  "packages/core/src/SharedMatrix.ts"
]

const lint = async (code: string, file: string) => {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) })
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`)
}

describe("the worker import boundary", () => {
  it.each([
    ['import { Effect } from "effect"\nexport const x = Effect.void\n', "'effect' import is restricted"],
    ['import * as Data from "effect/Data"\nexport const x = Data\n', "'effect/Data' import is restricted"],
    ['import * as W from "@effect/platform/Worker"\nexport const x = W\n', "'@effect/platform/Worker' import is restricted"],
    ['import { WorkerPool } from "@weft/pool"\nexport const x = WorkerPool\n', "'@weft/pool' import is restricted"],
    ['import { InvalidOption } from "@weft/core"\nexport const x = InvalidOption\n', "'@weft/core' import is restricted"],
    ['import * as Validate from "@weft/core/Validate"\nexport const x = Validate\n', "'@weft/core/Validate' import is restricted"],
    ['export { Effect } from "effect"\n', "'effect' import is restricted"],
    ['export const load = () => import("effect")\n', "no-restricted-syntax: worker-side code must not load effect"]
  ])("refuses %j under every worker path", async (code, expected) => {
    for (const file of WORKER_FILES) {
      const messages = await lint(code, file)
      expect(messages, file).toHaveLength(1)
      expect(messages[0], file).toContain(expected)
    }
  })

  it.each([
    'import type { Effect } from "effect"\nexport type X = Effect.Effect<number>\n',
    'import { type Effect } from "effect"\nexport type X = Effect.Effect<number>\n',
    'import type { WorkerPool } from "@weft/pool"\nexport type X = WorkerPool\n',
    'import { InvalidOption } from "@weft/core/Errors"\nexport const x = InvalidOption\n',
    'import * as Check from "@weft/core/Check"\nexport const x = Check\n',
    'import { SharedMatrix } from "@weft/core/SharedMatrix"\nexport const x = SharedMatrix\n',
    'export const load = (name: string) => import(name)\n'
  ])("allows %j in worker-side code", async (code) => {
    for (const file of WORKER_FILES) expect(await lint(code, file), file).toEqual([])
  })

  it("leaves main-thread code alone", async () => {
    const code = 'import { Effect } from "effect"\nimport { WorkerPool } from "@weft/pool"\nexport const x = [Effect.void, WorkerPool]\n'
    expect(await lint(code, "packages/ml-workflows/src/CrossValidation.ts")).toEqual([])
    expect(await lint(code, "packages/pool/src/internal/pool.ts")).toEqual([])
  })

  it("covers every module the workers load, followed through their value imports", async () => {
    const entries = [
      "packages/pool/src/worker/index.ts",
      "packages/pool/src/worker/bootstrap.ts",
      "packages/pool/src/worker/nativeBootstrap.ts",
      "packages/ml-workflows/src/worker/kernels.ts",
      "packages/ml-workflows/src/worker/loading.ts"
    ]
    const reached = workerGraph(entries)
    // The graph is what the workers load today: a sample to show the walk follows imports.
    expect(reached).toContain("packages/core/src/Errors.ts")
    expect(reached).toContain("packages/ml-workflows/src/models/Mlp.ts")
    expect(reached).toContain("packages/kernels/src/index.ts")
    const uncovered: Array<string> = []
    for (const file of reached) {
      const config = await eslint.calculateConfigForFile(path.join(root, file))
      const rule = config?.rules?.["@typescript-eslint/no-restricted-imports"]
      const level = Array.isArray(rule) ? rule[0] : rule
      if (level !== 2 && level !== "error") uncovered.push(file)
    }
    expect(uncovered).toEqual([])
  })
})

/** Source files reached from `entries` through value imports (type-only ones are erased by tsc and skipped). */
const workerGraph = (entries: ReadonlyArray<string>): Array<string> => {
  const seen = new Set<string>()
  const queue = [...entries]
  while (queue.length > 0) {
    const file = queue.pop()!
    if (seen.has(file)) continue
    seen.add(file)
    const source = ts.createSourceFile(file, fs.readFileSync(path.join(root, file), "utf8"), ts.ScriptTarget.Latest)
    for (const statement of source.statements) {
      const specifier = valueSpecifier(statement)
      if (specifier === undefined) continue
      const target = resolveSource(file, specifier)
      if (target !== undefined) queue.push(target)
    }
  }
  return [...seen].sort()
}

const valueSpecifier = (statement: ts.Statement): string | undefined => {
  if (ts.isImportDeclaration(statement)) {
    const clause = statement.importClause
    if (clause?.isTypeOnly) return undefined
    const bindings = clause?.namedBindings
    if (clause !== undefined && clause.name === undefined && bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly)) {
      return undefined
    }
    return (statement.moduleSpecifier as ts.StringLiteral).text
  }
  if (ts.isExportDeclaration(statement) && statement.moduleSpecifier !== undefined && !statement.isTypeOnly) {
    return (statement.moduleSpecifier as ts.StringLiteral).text
  }
  return undefined
}

/** The repository source file behind an import, or `undefined` for a third-party or Node module. */
const resolveSource = (from: string, specifier: string): string | undefined => {
  if (specifier.startsWith(".")) return path.join(path.dirname(from), specifier).replace(/\.js$/, ".ts")
  const weft = /^@weft\/([a-z-]+)(?:\/(.+))?$/.exec(specifier)
  if (weft === null) return undefined
  const file = `packages/${weft[1]}/src/${weft[2] ?? "index"}.ts`
  return fs.existsSync(path.join(root, file)) ? file : file.replace(/\.ts$/, "/index.ts") // @weft/pool/worker: a folder
}
