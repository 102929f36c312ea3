/**
 * A task module's name across machines. A job never carries code, nor a
 * path: it names an installed package's file, `<package>@<version>/<path>`
 * (for example `@weft/ml-workflows@0.1.0/dist/worker/kernels.js`), and a node
 * runs it only if it serves a module of exactly that name.
 *
 * @since 0.1.0
 */
import { readFileSync } from "node:fs"
import { dirname, join, relative, sep } from "node:path"
import { fileURLToPath } from "node:url"

const cache = new Map<string, string>()

/**
 * The name of the module at `url` (a `file:` URL): its package's name and
 * version, and its path inside the package. Throws when no named package
 * holds the file.
 *
 * @since 0.1.0
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
