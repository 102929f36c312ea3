// The tests run the built binary as a user would: fail early, and say how to build it, when it is missing.
import { existsSync } from "node:fs"
import { fileURLToPath } from "node:url"

export default function setup(): void {
  const bin = fileURLToPath(new URL("../../dist/bin.js", import.meta.url))
  if (!existsSync(bin)) {
    throw new Error(`${bin} is missing: build first (npx nx run-many -t build at the repository root)`)
  }
}
