/**
 * A task module's name across machines. A job never carries code, nor a
 * path: it names an installed package's file, `<package>@<version>/<path>`
 * (for example `@weft/ml-workflows@0.1.0/dist/worker/kernels.js`), and a node
 * runs it only if it serves a module of exactly that name.
 *
 * @since 0.1.0
 */
import { readFileSync } from "node:fs"
import { isBuiltin } from "node:module"
import { dirname, join, relative, sep } from "node:path"
import { fileURLToPath } from "node:url"

const cache = new Map<string, string>()

/**
 * The name of the module at `url` (a `file:` URL): its package's name and
 * version, and its path inside the package. Throws when no named package
 * holds the file.
 *
 * @since 0.1.0
 * @category guards
 */
export const moduleId = (url: string): string => {
  const known = cache.get(url)
  if (known !== undefined) return known
  const path = fileURLToPath(url)
  let dir = dirname(path)
  for (;;) {
    let pkg: { name?: unknown; version?: unknown } | undefined
    try {
      pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"))
    } catch {
      pkg = undefined
    }
    if (pkg !== undefined && typeof pkg.name === "string") {
      const id = `${pkg.name}@${typeof pkg.version === "string" ? pkg.version : "0.0.0"}/${relative(dir, path).split(sep).join("/")}`
      cache.set(url, id)
      return id
    }
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`the task module ${url} is in no named package, so no node could be told which module to run`)
    dir = parent
  }
}

/** npm's rule for new package names: lowercase, URL-safe, an optional `@scope/`, no leading dot or underscore. */
const PACKAGE_NAME = /^(?:@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*$/

/**
 * Whether `name` is an installed package's bare name (`ml-cart`,
 * `@scope/name`): not a URL, a path, a sub-path or a Node built-in. Only such
 * names may be on a node's `allowModules`.
 *
 * @since 0.1.0
 * @category guards
 */
export const isPackageName = (name: string): boolean => name.length <= 214 && PACKAGE_NAME.test(name) && !isBuiltin(name)

/**
 * Estimator names that make a worker import a module: `<prefix>` followed by
 * a JSON spec whose `module` (or `url`) is the module: the mljs adapter of
 * `@weft/ml-workflows` (`mljs:{"module":"ml-cart",...}`) and an estimator of
 * the user's own (`module:{"url":"file:///.../model.js",...}`, which no node
 * allows: its URL is no package name).
 *
 * @since 0.1.0
 * @category constants
 */
export const CODE_PREFIXES: ReadonlyArray<string> = ["mljs:", "module:"]

/**
 * Estimator names that hold other estimator names in a JSON spec (a
 * pipeline of `@weft/ml-workflows`: `pipeline:{"steps":[...],"final":["ridge","mljs:..."]}`):
 * the names inside are checked as if they stood alone.
 *
 * @since 0.2.0
 * @category constants
 */
export const NESTING_PREFIXES: ReadonlyArray<string> = ["pipeline:"]

/**
 * Whether `value` holds an estimator that only the caller's own files can
 * give (a `module:` name, at any depth, inside pipelines too): such a job
 * cannot run on a cluster, whose nodes load no code a job names by URL.
 *
 * @since 0.2.0
 * @category guards
 */
export const namesOwnModule = (value: unknown): boolean => [...collect(value, OWN_PREFIXES, new Set(), new Set())].some((m) => !isPackageName(m))

/** The prefix of the names `Estimators.fromModule` gives; an mljs adapter's name, forged or not, is for the nodes to judge. */
const OWN_PREFIXES: ReadonlyArray<string> = ["module:"]

/**
 * Every module that a code-loading estimator name anywhere in `value` (a
 * job's decoded arguments or items: strings, arrays, plain objects, maps and
 * sets, at any depth, keys included) would import. A name whose spec cannot
 * be read counts as its whole text, so that it is refused too.
 *
 * @since 0.1.0
 * @category getters
 */
export const modulesNamedIn = (value: unknown, found: Set<string> = new Set(), seen: Set<object> = new Set()): Set<string> =>
  collect(value, CODE_PREFIXES, found, seen)

/** The modules that names with one of `prefixes`, anywhere in `value` (pipelines included), would import. */
const collect = (value: unknown, prefixes: ReadonlyArray<string>, found: Set<string>, seen: Set<object>): Set<string> => {
  if (typeof value === "string") {
    const prefix = prefixes.find((p) => value.startsWith(p))
    if (prefix !== undefined) {
      let module: unknown
      try {
        const spec = JSON.parse(value.slice(prefix.length)) as { module?: unknown; url?: unknown } | null
        module = spec?.module ?? spec?.url
      } catch {
        module = undefined
      }
      found.add(typeof module === "string" ? module : value)
    }
    const nesting = NESTING_PREFIXES.find((p) => value.startsWith(p))
    if (nesting !== undefined) {
      let inner: unknown
      try {
        inner = JSON.parse(value.slice(nesting.length))
      } catch {
        inner = undefined
      }
      // A name whose spec cannot be read counts as its whole text, refused as a module would be.
      if (inner === undefined || inner === null || typeof inner !== "object") found.add(value)
      else collect(inner, prefixes, found, seen)
    }
    return found
  }
  if (value === null || typeof value !== "object" || ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof SharedArrayBuffer) {
    return found
  }
  if (seen.has(value)) return found
  seen.add(value)
  if (Array.isArray(value)) {
    for (const item of value) if (typeof item === "string" || (item !== null && typeof item === "object")) collect(item, prefixes, found, seen)
  } else if (value instanceof Map) {
    for (const [k, v] of value) {
      collect(k, prefixes, found, seen)
      collect(v, prefixes, found, seen)
    }
  } else if (value instanceof Set) {
    for (const v of value) collect(v, prefixes, found, seen)
  } else {
    for (const key of Object.keys(value)) {
      collect(key, prefixes, found, seen)
      collect((value as Record<string, unknown>)[key], prefixes, found, seen)
    }
  }
  return found
}
