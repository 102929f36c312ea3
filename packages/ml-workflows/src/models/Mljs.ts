/**
 * An adapter that turns any estimator class of the mljs convention
 * (`new Model(options)`, `model.train(X, y)`, `model.predict(X)`, and
 * optionally `toJSON()` / `Model.load(json)`: ml-cart, ml-random-forest,
 * ml-naivebayes...) into a weft estimator, so it can be cross-validated and
 * grid-searched in parallel like the built-in models.
 *
 * Workers cannot receive a class, so the adapter names one: a module that
 * workers can import (a package name such as "ml-cart", or a file URL) and the
 * export to use. The estimator's name is `mljs:` followed by that spec as
 * JSON; it travels to workers as a string, and each worker imports the module
 * once.
 *
 * @since 0.1.0
 */
import { InvalidOption } from "@weft/core/Errors"
import type { SharedMatrix } from "@weft/core/SharedMatrix"
import type { Estimator } from "../Estimator.js"

/**
 * @since 0.1.0
 */
export interface MljsSpec {
  /** A module workers can import: a package name ("ml-cart") or an absolute file URL. */
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

export const PREFIX = "mljs:"

/**
 * The estimator name of an mljs spec, to pass wherever a built-in name goes.
 *
 * @example
 * const name = Mljs.estimatorName({ module: "ml-cart", export: "DecisionTreeRegression", kind: "regressor", defaults: { maxDepth: 10 } })
 * yield* GridSearch.gridSearch({ maxDepth: [2, 4, 8] }, { estimator: name, X, y })
 * @since 0.1.0
 */
export const estimatorName = (spec: MljsSpec): string => {
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

export const isMljs = (name: string): boolean => name.startsWith(PREFIX)

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

/** Imports the spec's module (once per thread) so that {@link mljsEstimator} can fit. */
export const loadMljs = async (name: string): Promise<void> => {
  if (classes.has(name)) return
  const spec = parseSpec(name)
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
