/**
 * Model parameters from the command line: `--param NAME=VALUE` and
 * `--grid NAME=V1,V2,...` (or a law for a random search: `loguniform(a,b)`,
 * `uniform(a,b)`, `randint(a,b)`). A value is read as the type of the
 * parameter's default (number, true/false, a list of numbers, a word), so a
 * typo fails here, before any data is read.
 */
import type { ParameterGrid } from "@weft/ml-workflows"
import { Effect } from "effect"
import { UsageError } from "./errors.js"
import { defaultsOf } from "./models.js"

/** Splits `text` on the commas that are not inside brackets or parentheses. */
export const splitTopLevel = (text: string): Array<string> => {
  const parts: Array<string> = []
  let depth = 0
  let from = 0
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (ch === "[" || ch === "(") depth++
    else if (ch === "]" || ch === ")") depth--
    else if (ch === "," && depth === 0) {
      parts.push(text.slice(from, i))
      from = i + 1
    }
  }
  parts.push(text.slice(from))
  return parts.map((p) => p.trim())
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

const assignment = (flag: string, text: string): Effect.Effect<readonly [string, string], UsageError> => {
  const eq = text.indexOf("=")
  return eq <= 0 || eq === text.length - 1
    ? Effect.fail(new UsageError({ message: `invalid --${flag} '${text}': expected NAME=VALUE` }))
    : Effect.succeed([text.slice(0, eq).trim(), text.slice(eq + 1).trim()] as const)
}

const checkName = (flag: string, model: string, defaults: Readonly<Record<string, unknown>>, name: string) =>
  Object.prototype.hasOwnProperty.call(defaults, name)
    ? Effect.void
    : Effect.fail(
        new UsageError({ message: `invalid --${flag} ${name}: ${model} has no parameter '${name}'; its parameters are ${Object.keys(defaults).join(", ")}` })
      )

/** One value of parameter `name`, read as the type of its default. */
export const parseValue = (
  flag: string,
  defaults: Readonly<Record<string, unknown>>,
  name: string,
  raw: string
): Effect.Effect<unknown, UsageError> => {
  const fail = (expected: string) => Effect.fail(new UsageError({ message: `invalid --${flag} ${name}=${raw}: ${name} takes ${expected}` }))
  const example = defaults[name]
  if (typeof example === "number") return NUMBER.test(raw) ? Effect.succeed(Number(raw)) : fail("a number")
  if (typeof example === "boolean") return raw === "true" ? Effect.succeed(true) : raw === "false" ? Effect.succeed(false) : fail("true or false")
  if (Array.isArray(example)) {
    const inner = raw.startsWith("[") && raw.endsWith("]") ? raw.slice(1, -1) : raw
    const items = inner.split(",").map((s) => s.trim())
    return items.every((s) => NUMBER.test(s)) ? Effect.succeed(items.map(Number)) : fail("a list of numbers, such as 64,32")
  }
  return Effect.succeed(raw)
}

/**
 * `--param NAME=VALUE` flags as a parameter object. Unknown names, values of
 * the wrong type and names given twice are usage errors.
 */
export const parseParams = (model: string, flags: ReadonlyArray<string>): Effect.Effect<Record<string, unknown>, UsageError> =>
  Effect.gen(function* () {
    const defaults = defaultsOf(model)
    const params: Record<string, unknown> = {}
    for (const text of flags) {
      const [name, raw] = yield* assignment("param", text)
      yield* checkName("param", model, defaults, name)
      if (name in params) return yield* Effect.fail(new UsageError({ message: `invalid --param ${name}: given twice` }))
      params[name] = yield* parseValue("param", defaults, name, raw)
    }
    return params
  })

/** What the `--grid` flags describe: lists of values, or laws to draw from (random search only). */
export interface SearchSpace {
  readonly distributions: ParameterGrid.Distributions
  /** Whether some parameter has a law rather than a list (then it is not a grid). */
  readonly hasLaws: boolean
}

const LAW = /^(loguniform|uniform|randint)\((.*)\)$/

const parseLaw = (name: string, raw: string): Effect.Effect<ParameterGrid.Distribution, UsageError> => {
  const [, kind, args] = LAW.exec(raw)!
  const bounds = args.split(",").map((s) => s.trim())
  const fail = (why: string) => Effect.fail(new UsageError({ message: `invalid --grid ${name}=${raw}: ${why}` }))
  if (bounds.length !== 2 || !bounds.every((b) => NUMBER.test(b))) return fail(`${kind} takes two numbers, as ${kind}(1,10)`)
  const [lo, hi] = bounds.map(Number) as [number, number]
  if (!(lo <= hi)) return fail("the lower bound must not exceed the upper one")
  if (kind === "loguniform") return lo > 0 ? Effect.succeed({ logUniform: [lo, hi] as const }) : fail("loguniform needs bounds above 0")
  if (kind === "randint") return Number.isInteger(lo) && Number.isInteger(hi) ? Effect.succeed({ intUniform: [lo, hi] as const }) : fail("randint needs integer bounds")
  return Effect.succeed({ uniform: [lo, hi] as const })
}

/**
 * `--grid NAME=V1,V2,...` flags (and the fixed `--param`s, as one-value lists)
 * as a search space. Lists in brackets keep their commas: `hiddenLayers=[64,32],[32]`.
 */
export const parseGrid = (
  model: string,
  flags: ReadonlyArray<string>,
  fixed: Readonly<Record<string, unknown>>
): Effect.Effect<SearchSpace, UsageError> =>
  Effect.gen(function* () {
    const defaults = defaultsOf(model)
    const distributions: Record<string, ParameterGrid.Distribution> = {}
    let hasLaws = false
    for (const text of flags) {
      const [name, raw] = yield* assignment("grid", text)
      yield* checkName("grid", model, defaults, name)
      if (name in distributions) return yield* Effect.fail(new UsageError({ message: `invalid --grid ${name}: given twice` }))
      if (name in fixed) return yield* Effect.fail(new UsageError({ message: `invalid --grid ${name}: also given with --param` }))
      if (LAW.test(raw)) {
        distributions[name] = yield* parseLaw(name, raw)
        hasLaws = true
        continue
      }
      const values: Array<unknown> = []
      for (const item of splitTopLevel(raw)) values.push(yield* parseValue("grid", defaults, name, item))
      distributions[name] = values
    }
    for (const [name, value] of Object.entries(fixed)) distributions[name] = [value]
    return { distributions, hasLaws }
  })
