import { describe, expect, it } from "vitest"
import { setByUser } from "../src/internal/wasm.js"

// The kernels compile their module with Liftoff and lazy compilation switched
// off, then switch them back on; a flag the user gave the process must stay.
describe("setByUser", () => {
  it("is empty for a plain process", () => {
    expect([...setByUser({ execArgv: [], env: {} })]).toEqual([])
  })
  it("finds the flags in execArgv and NODE_OPTIONS, with _ or -", () => {
    expect([...setByUser({ execArgv: ["--no-liftoff"], env: {} })]).toEqual(["--no-liftoff"])
    expect([...setByUser({ execArgv: [], env: { NODE_OPTIONS: "--max-old-space-size=100 --no_wasm_lazy_compilation" } })]).toEqual([
      "--no-wasm-lazy-compilation"
    ])
  })
  it("ignores other flags", () => {
    expect([...setByUser({ execArgv: ["--liftoff", "--expose-gc"], env: { NODE_OPTIONS: "--no-warnings" } })]).toEqual([])
  })
})
