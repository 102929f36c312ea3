/**
 * An adapter that turns any estimator class of the mljs convention
 * (`new Model(options)`, `model.train(X, y)`, `model.predict(X)`, and
 * optionally `toJSON()` / `Model.load(json)`: ml-cart, ml-random-forest,
 * ml-naivebayes...) into a weft estimator, so it can be cross-validated and
 * grid-searched in parallel like the built-in models.
 *
 * Workers cannot receive a class, so the adapter names one: an installed
 * package that workers can import (such as "ml-cart") and the export to use.
 * The estimator's name is `mljs:` followed by that spec as JSON; it travels to
 * workers as a string, and each worker imports the module once.
 *
 * The name is data (a model file, a job from a cluster's queue, a search's
 * arguments), and whoever writes it must not choose code: the module must be a
 * bare package name (`ml-cart`, `@scope/name`), never a URL (`data:`,
 * `file:`, `http:`, `node:`), a path, a package's sub-path or a Node
 * built-in, so only installed packages' main exports load. It is checked by
 * {@link estimatorName}, and again right before the import, because a forged
 * name never passes through `estimatorName`. The environment variable
 * `WEFT_ALLOW_MODULES` (comma-separated package names; empty allows none)
 * narrows this to a list in a process and the workers it starts; unset, any
 * installed package may load (the user installed it). A cluster node allows
 * only its operator's list (see `@weft/cluster`'s `Node`).
 *
 * @since 0.1.0
 */
import { InvalidOption } from "@weft/core/Errors"
import { isBuiltin } from "node:module"
import type { SharedMatrix } from "@weft/core/SharedMatrix"
import type { Estimator } from "../Estimator.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface MljsSpec {
  /** An installed package workers can import, by its bare name ("ml-cart", "@scope/name"): no URL, path or sub-path. */
  readonly module: string
  /** The exported class ("DecisionTreeRegression"), or "default". */
  readonly export: string
  readonly kind: "regressor" | "classifier"
  /** The constructor options a search may set, with their defaults; other names are rejected. */
  readonly defaults?: Readonly<Record<string, unknown>> | undefined
}

interface MljsModel {
  train(X: Array<Array<number>>, y: Array<number>): void
  predict(X: Array<Array<number>>): ArrayLike<number>
  toJSON?(): unknown
}
interface MljsClass {
  new (options?: Record<string, unknown>): MljsModel
  load?(json: any): MljsModel
}

/**
 * The prefix of every mljs estimator name (`mljs:{...}`).
 *
 * @since 0.1.0
 * @category constants
 */
export const PREFIX = "mljs:"

/**
 * The estimator name of an mljs spec, to pass wherever a built-in name goes.
 *
 * @example
 * const name = Mljs.estimatorName({ module: "ml-cart", export: "DecisionTreeRegression", kind: "regressor", defaults: { maxDepth: 10 } })
 * yield* GridSearch.gridSearch({ maxDepth: [2, 4, 8] }, { estimator: name, X, y })
 * @since 0.1.0
 * @category constructors
 */
export const estimatorName = (spec: MljsSpec): string => {
  const problem = moduleProblem(spec.module)
  if (problem !== undefined) throw new InvalidOption({ option: "module", value: clipped(spec.module), reason: problem })
  // The spec travels as JSON: a value JSON cannot hold (Infinity, NaN, a function) would silently change on the way.
  for (const [key, value] of Object.entries(spec.defaults ?? {})) {
    if (!jsonSafe(value)) {
      throw new InvalidOption({ option: `defaults.${key}`, value: String(value), reason: "must survive JSON (finite numbers, strings, booleans, null, arrays, plain objects)" })
    }
  }
  return PREFIX + JSON.stringify(spec)
}

const jsonSafe = (value: unknown): boolean => {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true
  if (typeof value === "number") return Number.isFinite(value)
  if (Array.isArray(value)) return value.every(jsonSafe)
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) return Object.values(value as object).every(jsonSafe)
  return false
}

/**
 * Whether `name` is an mljs estimator name.
 *
 * @since 0.1.0
 * @category guards
 */
export const isMljs = (name: string): boolean => name.startsWith(PREFIX)

/** npm's rule for new package names: lowercase, URL-safe, an optional `@scope/`, no leading dot or underscore. */
const PACKAGE_NAME = /^(?:@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*$/

/**
 * Why `module` may not be imported by the adapter, whatever the allowlist:
 * `undefined` for a bare package name, else the reason (a URL, a path, a
 * sub-path, a Node built-in...).
 *
 * @example
 * moduleProblem("ml-cart") // undefined
 * moduleProblem("data:text/javascript,...") // "a URL (data:) is not a package name: ..."
 * @since 0.1.0
 * @category validation
 */
export const moduleProblem = (module: unknown): string | undefined => {
  if (typeof module !== "string" || module.length === 0) return "must be a package name"
  const only = "only an installed package, by its bare name (such as ml-cart), may be loaded"
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(module)
  if (scheme !== null && scheme[1].length > 1) return `a URL (${scheme[1]}:) is not a package name; ${only}`
  if (/^[./\\~]/.test(module) || /^[A-Za-z]:/.test(module)) return `a path is not a package name; ${only}`
  if (isBuiltin(module)) return `a Node built-in module is not a package; ${only}`
  if (module.length > 214) return `too long for a package name; ${only}`
  const parts = module.split("/")
  if (parts.length > (module.startsWith("@") ? 2 : 1)) return `a package's sub-path is not allowed, name the package itself; ${only}`
  if (!PACKAGE_NAME.test(module)) return `not a valid package name; ${only}`
  return undefined
}

/**
 * The packages the adapter may import in this process and its workers: those
 * of `WEFT_ALLOW_MODULES` (comma-separated, read when asked, so a worker sees
 * the value its parent had when it started it), or `"any"` when it is unset.
 *
 * @since 0.1.0
 * @category validation
 */
export const allowedModules = (): ReadonlyArray<string> | "any" => {
  const list = process.env.WEFT_ALLOW_MODULES
  if (list === undefined) return "any"
  return list.split(",").map((m) => m.trim()).filter((m) => m.length > 0)
}

/**
 * Why the adapter may not import `module` under the allowlist `allow`
 * (default: {@link allowedModules}), or `undefined` when it may.
 *
 * @since 0.1.0
 * @category validation
 */
export const refusal = (module: unknown, allow: ReadonlyArray<string> | "any" = allowedModules()): string | undefined => {
  const problem = moduleProblem(module)
  if (problem !== undefined) return problem
  if (allow !== "any" && !allow.includes(module as string)) {
    return `the package ${module as string} is not allowed here (allowed: ${allow.length === 0 ? "none" : allow.join(", ")})`
  }
  return undefined
}

/**
 * A module name as an error shows it: a `data:` URL can be long.
 *
 * @since 0.2.0
 * @category utils
 */
export const clipped = (module: unknown): unknown => (typeof module === "string" && module.length > 80 ? `${module.slice(0, 77)}...` : module)

/**
 * The module an mljs estimator name asks for, without importing it; `undefined` when `name` is no mljs name.
 *
 * @since 0.2.0
 * @category getters
 */
export const moduleOf = (name: string): string | undefined => (isMljs(name) ? parseSpec(name).module : undefined)

const parseSpec = (name: string): MljsSpec => {
  try {
    const spec = JSON.parse(name.slice(PREFIX.length)) as MljsSpec
    if (typeof spec.module !== "string" || typeof spec.export !== "string" || (spec.kind !== "regressor" && spec.kind !== "classifier")) {
      throw new Error("needs module, export and kind")
    }
    return spec
  } catch (e) {
    throw new InvalidOption({ option: "estimator", value: name, reason: `not a valid mljs spec: ${(e as Error).message}` })
  }
}

const classes = new Map<string, MljsClass>()

/**
 * Imports the spec's module (once per thread) so that {@link mljsEstimator} can fit.
 *
 * @since 0.1.0
 * @category loading
 */
export const loadMljs = async (name: string): Promise<void> => {
  if (classes.has(name)) return
  const spec = parseSpec(name)
  // The name may be forged (it never passed through estimatorName): check it again, right before the import.
  const refused = refusal(spec.module)
  if (refused !== undefined) throw new InvalidOption({ option: "module", value: clipped(spec.module), reason: refused })
  const module = (await import(spec.module)) as Record<string, unknown>
  const cls = (spec.export === "default" ? module.default : module[spec.export]) as MljsClass | undefined
  if (typeof cls !== "function") throw new Error(`module ${spec.module} has no class export "${spec.export}"`)
  classes.set(name, cls)
}

const rowsOf = (X: SharedMatrix, rows?: Int32Array): Array<Array<number>> => {
  const n = rows === undefined ? X.rows : rows.length
  const out: Array<Array<number>> = new Array(n)
  for (let k = 0; k < n; k++) out[k] = Array.from(X.row(rows === undefined ? k : rows[k]))
  return out
}

/** Live models by state, so that predicting right after a fit does not reload the model. */
const live = new WeakMap<object, MljsModel>()

/** The state of an mljs model: its JSON when it has one. */
interface MljsState {
  readonly json: unknown
}

/**
 * The weft estimator for an mljs estimator name. Its parameters are the
 * class's constructor options (checked against `defaults` when given).
 * Fitting needs {@link loadMljs} first on the same thread (the built-in
 * kernels do it).
 *
 * @since 0.1.0
 * @category estimators
 */
export const mljsEstimator = (name: string): Estimator<Record<string, unknown>, MljsState> => {
  const spec = parseSpec(name)
  const defaults = spec.defaults ?? {}
  const classOf = (): MljsClass => {
    const cls = classes.get(name)
    if (cls === undefined) throw new Error(`mljs module ${spec.module} is not loaded on this thread`)
    return cls
  }
  const modelOf = (state: MljsState): MljsModel => {
    const cached = live.get(state)
    if (cached !== undefined) return cached
    const cls = classOf()
    if (typeof cls.load !== "function") throw new Error(`${spec.export} cannot be loaded from JSON (no static load)`)
    const model = cls.load(state.json)
    live.set(state, model)
    return model
  }
  return {
    name,
    kind: spec.kind,
    defaults,
    params: (input) => {
      if (spec.defaults !== undefined) {
        for (const key of Object.keys(input)) {
          if (!(key in defaults)) {
            throw new InvalidOption({ option: "parameter", value: key, reason: `unknown for ${spec.export}; known: ${Object.keys(defaults).join(", ")}` })
          }
        }
      }
      return { ...defaults, ...input }
    },
    fit: (input, params) => {
      const cls = classOf()
      const model = new cls({ ...params })
      const ys = input.rows === undefined ? Array.from(input.y) : Array.from(input.rows, (i) => input.y[i])
      model.train(rowsOf(input.X, input.rows), ys)
      const state: MljsState = { json: typeof model.toJSON === "function" ? model.toJSON() : null }
      live.set(state, model)
      return state
    },
    predict: (state, X, rows) => Float64Array.from(modelOf(state).predict(rowsOf(X, rows)))
  }
}
