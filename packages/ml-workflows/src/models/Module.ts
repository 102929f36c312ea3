/**
 * Estimators of your own, loaded from an ES module you name, so that they run
 * in the workers like the built-in models.
 *
 * A function cannot cross to a worker, so a task never carries your
 * estimator object: it carries a name, `module:` followed by
 * `{"url":"file:///.../myModel.js","export":"MyModel"}` as JSON, and every
 * thread that meets the name imports the module once (as the pool imports a
 * task module) and takes the export. The export must follow the `Estimator`
 * contract (see Estimator.ts): `kind`, `defaults`, and the functions
 * `params`, `fit` and `predict` (plus `predictProba` for a classifier that
 * gives probabilities); its states must be plain data, since they cross
 * threads. Its `name` inside weft is the `module:` name, so fitted models and
 * tasks find it again.
 *
 * Only `file:` URLs (or absolute paths) load: a module is code you wrote and
 * installed, never code that data chose. Data that names a module (a model
 * file, a job from a cluster's queue) is refused where it arrives (see
 * `Model.fromJson` and `@weft/cluster`'s `Node`), and a process that narrows
 * what may load with `WEFT_ALLOW_MODULES` (see `Mljs`) loads no module by URL
 * at all, since that list holds package names only.
 *
 * @since 0.2.0
 */
import { InvalidOption } from "@weft/core/Errors"
import { importModule } from "@weft/pool/worker"
import { isAbsolute } from "node:path"
import { pathToFileURL } from "node:url"
import type { Estimator } from "../Estimator.js"

/**
 * The prefix of every estimator name of a module of the user's own (`module:{...}`).
 *
 * @since 0.2.0
 * @category constants
 */
export const PREFIX = "module:"

/**
 * Where an estimator of your own lives: the module's `file:` URL and the
 * name of its export.
 *
 * @since 0.2.0
 * @category models
 */
export interface ModuleSpec {
  readonly url: string
  readonly export: string
}

/**
 * Whether `name` names an estimator of a module of the user's own.
 *
 * @since 0.2.0
 * @category guards
 */
export const isModuleEstimator = (name: string): boolean => name.startsWith(PREFIX)

/**
 * The estimator name of export `exportName` of the module at `url` (a `file:`
 * URL or an absolute path); throws `InvalidOption` for anything else.
 *
 * @example
 * const name = Module.estimatorName(new URL("./meanRegressor.js", import.meta.url), "MeanRegressor")
 * @since 0.2.0
 * @category constructors
 */
export const estimatorName = (url: URL | string, exportName: string): string => {
  const href = url instanceof URL ? url.href : url.startsWith("file:") ? url : isAbsolute(url) ? pathToFileURL(url).href : url
  if (!href.startsWith("file:")) {
    throw new InvalidOption({ option: "estimator module", value: clip(href), reason: "must be a file: URL or an absolute path of an ES module you installed" })
  }
  if (typeof exportName !== "string" || exportName.length === 0) {
    throw new InvalidOption({ option: "estimator export", value: exportName, reason: "must name an export of the module (or \"default\")" })
  }
  return PREFIX + JSON.stringify({ url: href, export: exportName })
}

/**
 * The spec a `module:` name holds; throws `InvalidOption` when it holds none.
 *
 * @since 0.2.0
 * @category getters
 */
export const specOf = (name: string): ModuleSpec => {
  let spec: Partial<ModuleSpec> | null = null
  try {
    spec = JSON.parse(name.slice(PREFIX.length)) as Partial<ModuleSpec> | null
  } catch {
    spec = null
  }
  if (spec === null || typeof spec.url !== "string" || !spec.url.startsWith("file:") || typeof spec.export !== "string") {
    throw new InvalidOption({ option: "estimator", value: clip(name), reason: "not a valid module estimator name (make one with Estimators.fromModule)" })
  }
  return { url: spec.url, export: spec.export }
}

const clip = (text: string): string => (text.length > 120 ? `${text.slice(0, 117)}...` : text)

const loaded = new Map<string, Estimator<any, any>>()

/** Why `value` is not an estimator (the first missing or wrong member), or undefined. */
const contractProblem = (value: unknown): string | undefined => {
  if (value === null || typeof value !== "object") return `is ${value === null ? "null" : typeof value}, not an estimator object`
  const e = value as Record<string, unknown>
  if (e.kind !== "regressor" && e.kind !== "classifier") return `has kind ${JSON.stringify(e.kind)}; expected "regressor" or "classifier"`
  if (e.defaults === null || typeof e.defaults !== "object") return "has no defaults object"
  for (const f of ["params", "fit", "predict"]) if (typeof e[f] !== "function") return `has no ${f} function`
  if (e.predictProba !== undefined && typeof e.predictProba !== "function") return "has a predictProba that is not a function"
  return undefined
}

/**
 * Imports the module a `module:` name names (once per thread) and checks its
 * export against the `Estimator` contract; rejects with `InvalidOption`
 * naming the module and the problem.
 *
 * @since 0.2.0
 * @category loading
 */
export const load = async (name: string): Promise<void> => {
  if (loaded.has(name)) return
  const spec = specOf(name)
  if (process.env.WEFT_ALLOW_MODULES !== undefined) {
    throw new InvalidOption({
      option: "estimator module",
      value: clip(spec.url),
      reason: "this process narrows the code it loads to the packages of WEFT_ALLOW_MODULES, and a module given by URL is none of them"
    })
  }
  let module: Record<string, unknown>
  try {
    module = await importModule(spec.url) // TypeScript too, under tsx or type stripping, as task modules
  } catch (e) {
    throw new InvalidOption({ option: "estimator module", value: clip(spec.url), reason: `could not be imported: ${(e as Error).message}` })
  }
  const exported = spec.export === "default" ? module.default : module[spec.export]
  const problem = exported === undefined ? `has no export "${spec.export}" (it exports ${Object.keys(module).join(", ") || "nothing"})` : contractProblem(exported)
  if (problem !== undefined) {
    throw new InvalidOption({ option: "estimator module", value: clip(`${spec.url}#${spec.export}`), reason: `${problem}; see the Estimator contract` })
  }
  // Its name in weft is the module name, so that the models it fits find it again; the
  // export stays the prototype, so an instance of a class keeps its methods and `this`.
  loaded.set(name, Object.create(exported as object, { name: { value: name, enumerable: true } }) as Estimator<any, any>)
}

/**
 * The estimator a `module:` name names, once {@link load} has run on this
 * thread; throws otherwise.
 *
 * @since 0.2.0
 * @category estimators
 */
export const moduleEstimator = (name: string): Estimator<any, any> => {
  const estimator = loaded.get(name)
  if (estimator !== undefined) return estimator
  specOf(name)
  throw new InvalidOption({ option: "estimator", value: clip(name), reason: "its module is not loaded on this thread (load it with Registry.loadEstimator first)" })
}
