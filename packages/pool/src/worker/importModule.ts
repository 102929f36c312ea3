/**
 * How a user's module (a task module, an estimator module) is imported, on a
 * worker or on the calling thread, so that one written in TypeScript loads
 * the way people run TypeScript, and one that cannot load says why.
 *
 * 1. tsx on Node 20: workers inherit `--import tsx` (their `execArgv` is the
 *    main thread's), but tsx's loader registers its hooks on the main thread
 *    only, except on the Node versions where hooks reach workers (22.22.3,
 *    24.11.1, 25.1 and later; see `tsx/dist/esm/index.mjs`). A worker then
 *    fails with `ERR_UNKNOWN_FILE_EXTENSION` for `./x.ts`, or with
 *    `ERR_MODULE_NOT_FOUND` for `./x.js` when only `x.ts` is on disk (tsx maps
 *    `.js` to `.ts` in its hooks). When the plain import fails that way and
 *    this thread's flags name tsx, we register tsx here through its API
 *    (`tsx/esm/api`, resolved from where the flag points) and import again.
 *    Only after a failure, so that tsx is never registered twice where its
 *    hooks already run. Node caches a failed load by URL (a failed
 *    resolution it does not), so the second import of a `.ts` URL carries a
 *    query, `?weft-ts`; its first import ran none of its code.
 * 2. Node's type stripping (22.6 and later with `--experimental-strip-types`,
 *    the default from 23.6; workers inherit the flag): a `.ts` URL loads as it
 *    is, but Node does not map `./x.js` to `x.ts`, so when `x.js` is missing
 *    and `x.ts` (`.mts`, `.cts`) is beside it, we import that.
 * 3. Anything else fails with an error that names the file and the fix.
 *
 * Plain JavaScript pays one `import()`, as before: the rest runs only once an
 * import has failed.
 *
 * @since 0.2.0
 */
import { existsSync, readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

/** The TypeScript extensions that stand in for a missing JavaScript file. */
const SIBLINGS: Record<string, ReadonlyArray<string>> = { ".js": [".ts", ".tsx"], ".mjs": [".mts"], ".cjs": [".cts"] }
const TYPESCRIPT = /\.(?:ts|mts|cts|tsx)$/

const pathOf = (url: string): string | undefined => {
  if (!url.startsWith("file:")) return undefined
  try {
    return fileURLToPath(url)
  } catch {
    return undefined
  }
}

/**
 * The TypeScript file that `url` stands for: the file itself when it is one,
 * its `.ts` sibling when it names a `.js` file that does not exist, or
 * `undefined`.
 *
 * @internal
 */
export const typeScriptSource = (url: string): string | undefined => {
  const path = pathOf(url)
  if (path === undefined) return undefined
  if (TYPESCRIPT.test(path)) return path
  const js = /\.(?:js|mjs|cjs)$/.exec(path)
  if (js === null || existsSync(path)) return undefined
  const stem = path.slice(0, -js[0].length)
  return SIBLINGS[js[0]]!.map((ext) => stem + ext).find((candidate) => existsSync(candidate))
}

/**
 * What a `--import`, `--require` or `--loader` flag of this thread names when
 * it loads tsx (`tsx`, `tsx/esm`, or a file inside a `tsx` package, as the
 * `tsx` command passes), from `execArgv` and `NODE_OPTIONS`.
 *
 * @internal
 */
export const tsxFlag = (
  argv: ReadonlyArray<string> = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/).filter((a) => a !== "")]
): string | undefined => {
  for (let i = 0; i < argv.length; i++) {
    const flag = /^(?:--import|--require|-r|--loader|--experimental-loader)(?:=(.*))?$/.exec(argv[i]!)
    if (flag === null) continue
    const value = flag[1] ?? argv[++i]
    if (value !== undefined && (/^tsx(?:\/|$)/.test(value) || /[\\/]node_modules[\\/]tsx[\\/]/.test(value))) return value
  }
  return undefined
}

/** tsx's registration on this thread, once. */
let tsxRegistration: Promise<void> | undefined

/**
 * The `file:` URL of tsx's ESM API (`tsx/esm/api`), looked up from `from`:
 * its CommonJS twin resolves there, and the package's `exports` name the ESM
 * file beside it (the CommonJS `register` looks for its hooks in the wrong
 * folder when it runs in a worker, tsx 4.23).
 */
const tsxApi = (from: string): string => {
  let dir = dirname(createRequire(from).resolve("tsx/esm/api"))
  for (;;) {
    const manifest = join(dir, "package.json")
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, "utf8")) as { name?: string; exports?: Record<string, any> }
      if (pkg.name === "tsx") {
        const entry: unknown = pkg.exports?.["./esm/api"]?.import
        const file = typeof entry === "string" ? entry : (entry as { default?: string } | undefined)?.default
        if (file !== undefined) return pathToFileURL(join(dir, file)).href
      }
    }
    if (dirname(dir) === dir) throw new Error(`no tsx package above ${from}`)
    dir = dirname(dir)
  }
}

/** Registers tsx's hooks on this thread, with tsx's own API, found from where `flag` points. */
const registerTsx = async (flag: string): Promise<void> => {
  const from = /^tsx(?:\/|$)/.test(flag)
    ? pathToFileURL(`${process.cwd()}/`).href // Node resolves a bare --import from the working directory
    : flag.startsWith("file:")
    ? flag
    : pathToFileURL(resolve(flag)).href
  const api = (await import(tsxApi(from))) as { register: () => unknown }
  api.register()
}

/**
 * Whether `error` says that one of `paths` itself could not be found or
 * loaded: not a module it imports, which a message names too ("Cannot find
 * module '/app/missing.js' imported from /app/tasks.ts").
 *
 * @internal
 */
export const couldNotLoad = (error: unknown, ...paths: ReadonlyArray<string>): boolean => {
  if (!(error instanceof Error)) return false
  const code = (error as { code?: unknown }).code
  if (code === "ERR_MODULE_NOT_FOUND") return paths.some((path) => error.message.includes(`'${path}'`))
  if (code === "ERR_UNKNOWN_FILE_EXTENSION") return paths.some((path) => error.message.endsWith(` for ${path}`))
  return false
}

const withQuery = (url: string): string => `${url}${url.includes("?") ? "&" : "?"}weft-ts`

/**
 * The message of a TypeScript module that this thread cannot load.
 *
 * @internal
 */
export const notLoadable = (url: string, source: string): string => {
  const path = pathOf(url) ?? url
  const what = path === source ? `${source} is TypeScript` : `${path} does not exist, and ${source} beside it is TypeScript`
  return (
    `${what}, which this thread cannot load: run under tsx (\`tsx main.ts\` or \`node --import tsx main.ts\`), ` +
    `or on Node >= 22.6 with --experimental-strip-types (the default from Node 23.6), or point at the compiled .js`
  )
}

/**
 * Imports the module at `url` (a `file:` URL) as the pool imports task
 * modules: a TypeScript module loads under tsx, also in a worker on Node 20,
 * and under Node's type stripping, named `./x.ts` or `./x.js` with only
 * `x.ts` on disk; one that cannot load rejects with an error naming the file
 * and the fix. Code that imports a module of the user's own on a worker (an
 * estimator module, say) imports it with this.
 *
 * @example
 * import { importModule } from "@weft/pool/worker"
 *
 * const estimators = await importModule(new URL("./nearestCentroid.js", import.meta.url).href)
 * @since 0.2.0
 * @category loading
 */
export const importModule = async (url: string): Promise<Record<string, unknown>> => {
  try {
    return (await import(url)) as Record<string, unknown>
  } catch (error) {
    const source = typeScriptSource(url)
    const path = pathOf(url)
    if (source === undefined || path === undefined || !couldNotLoad(error, path)) throw error
    return importTypeScript(url, path, source, error)
  }
}

const importTypeScript = async (url: string, path: string, source: string, first: unknown): Promise<Record<string, unknown>> => {
  const flag = tsxFlag()
  if (flag !== undefined) {
    // Another module's failure may have started the registration: wait for it, then try again.
    const registered = await (tsxRegistration ??= registerTsx(flag)).then(
      () => true,
      () => false // tsx could not be found from its flag: the error below says what to do
    )
    const again = (first as { code?: unknown }).code === "ERR_UNKNOWN_FILE_EXTENSION" ? withQuery(url) : url
    if (registered) {
      try {
        return (await import(again)) as Record<string, unknown>
      } catch (error) {
        if (!couldNotLoad(error, path, source)) throw error
      }
    }
  }
  if (source !== path) {
    // `./x.js` names a missing file and `x.ts` is beside it: type stripping loads it by its own name.
    const ts = pathToFileURL(source).href
    try {
      return (await import(ts)) as Record<string, unknown>
    } catch (error) {
      if (!couldNotLoad(error, source)) throw error
    }
  }
  throw new Error(notLoadable(url, source))
}
