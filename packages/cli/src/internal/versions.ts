/**
 * The package versions `weft info` lists, found from each package's entry
 * point. Node built-ins only: `fastInfo.ts` (which answers `weft info`
 * without loading the command line) and `commands/info.ts` share it.
 */
import { readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

/** The packages `weft info` lists, in its order. */
export const PACKAGES = ["@weft/cli", "@weft/core", "@weft/pool", "@weft/ml-workflows", "@weft/bench", "@weft/cluster", "effect", "@effect/cli", "@effect/platform-node"]

/** The version in the nearest package.json above `file` that is named `name`. */
const versionNear = (name: string, file: string): string | undefined => {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string; version?: string }
      if (pkg.name === name) return pkg.version
    } catch {
      // no package.json here: keep going up
    }
  }
  return undefined
}

/** The installed version of a package, found from its entry point (exports may hide its package.json). */
export const versionOf = (name: string): string => {
  if (name === "@weft/cli") return versionNear(name, fileURLToPath(import.meta.url)) ?? "unknown"
  try {
    return versionNear(name, fileURLToPath(import.meta.resolve(name))) ?? "unknown"
  } catch {
    return "not installed"
  }
}
