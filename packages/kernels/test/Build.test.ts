import { execFileSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

describe("the shipped WebAssembly", () => {
  it("is what assembly/kernels.ts compiles to (the committed bytes are not stale)", () => {
    const script = fileURLToPath(new URL("../scripts/build-wasm.mjs", import.meta.url))
    expect(() => execFileSync(process.execPath, [script, "--check"], { stdio: "pipe" })).not.toThrow()
  }, 60_000)
})
