import { describe, expect, it } from "vitest"
import { formatDuration, render } from "../src/internal/progress.js"

describe("progress bar", () => {
  it("shows tasks done of the total, the elapsed time and the time left at the pace so far", () => {
    const line = render({ label: "cv ridge", unit: "folds", done: 2, total: 5, elapsedMs: 4000, columns: 120 })
    expect(line).toBe(`cv ridge ${"█".repeat(8)}${"░".repeat(12)} 2/5 folds  4.0s  ETA 6.0s`)
  })

  it("has no estimate before the first task ends, and never counts past the total", () => {
    expect(render({ label: "grid", unit: "fits", done: 0, total: 10, elapsedMs: 1500, columns: 120 })).toMatch(/0\/10 fits {2}1\.5s {2}ETA \?$/)
    expect(render({ label: "grid", unit: "fits", done: 12, total: 10, elapsedMs: 1500, columns: 120 })).toMatch(/10\/10 fits {2}1\.5s {2}ETA 0\.0s$/)
  })

  it("fits the terminal's width", () => {
    expect(render({ label: "grid", unit: "fits", done: 1, total: 10, elapsedMs: 1500, columns: 30 }).length).toBeLessThan(30)
  })

  it("writes durations for people", () => {
    expect([formatDuration(800), formatDuration(12_400), formatDuration(185_000)]).toEqual(["0.8s", "12s", "3m05s"])
  })
})
