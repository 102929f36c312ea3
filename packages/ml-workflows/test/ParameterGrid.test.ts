import { InvalidOption } from "@weft/core"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { type Grid, gridCandidate, gridSize, parameterGrid, parameterSampler } from "../src/ParameterGrid.js"
import { shared, fixture, thrown } from "./helpers/splits.js"

interface Case {
  readonly grid: Grid | ReadonlyArray<Grid>
  readonly candidates: ReadonlyArray<Record<string, unknown>>
}

/** Grids of 0..4 parameters with 1..4 distinct values each. */
const gridArbitrary = fc.dictionary(
  fc.constantFrom("alpha", "beta", "C", "gamma", "kernel", "l1_ratio", "max_iter"),
  fc.uniqueArray(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 4 }),
  { maxKeys: 4 }
)

describe("parameterGrid", () => {
  it("expands grids in scikit-learn's ParameterGrid order (shared reference)", () => {
    for (const c of shared.parameter_grid as ReadonlyArray<Case>) {
      expect(parameterGrid(c.grid)).toEqual(c.candidates)
    }
  })

  it("sorts names, yields one empty candidate for {}, concatenates lists of grids (scikit-learn)", () => {
    const cases = fixture.parameter_grid as ReadonlyArray<Case>
    for (const c of cases) expect(parameterGrid(c.grid)).toEqual(c.candidates)
    expect(parameterGrid({})).toEqual([{}])
    expect(parameterGrid([])).toEqual([])
  })

  it("varies the last name (in sorted order) fastest", () => {
    expect(parameterGrid({ z: [1, 2], a: ["p", "q"] })).toEqual([
      { a: "p", z: 1 },
      { a: "p", z: 2 },
      { a: "q", z: 1 },
      { a: "q", z: 2 }
    ])
  })

  it("has the product of the list lengths as size, distinct candidates, and gridCandidate(i) = candidate i", () => {
    fc.assert(
      fc.property(fc.array(gridArbitrary, { minLength: 1, maxLength: 3 }), (grids) => {
        const candidates = parameterGrid(grids)
        const expected = grids.reduce((sum, g) => sum + Object.values(g).reduce((p, values) => p * values.length, 1), 0)
        expect(candidates).toHaveLength(expected)
        expect(gridSize(grids)).toBe(expected)
        candidates.forEach((c, i) => expect(gridCandidate(grids, i)).toEqual(c))
        const first = parameterGrid(grids[0]).map((c) => JSON.stringify(c))
        expect(new Set(first).size).toBe(first.length)
      })
    )
  })

  it("rejects an unknown name, naming it and listing the allowed ones", () => {
    const e = thrown(() => parameterGrid({ alpha: [1], alhpa: [2] }, { allowed: ["alpha", "fitIntercept"] }))
    expect(e).toBeInstanceOf(InvalidOption)
    expect(e).toMatchObject({ option: "parameter", value: "alhpa" })
    expect((e as Error).message).toContain('"alpha", "fitIntercept"')
    expect(parameterGrid({ alpha: [1] }, { allowed: ["alpha"] })).toEqual([{ alpha: 1 }])
  })

  it("rejects values that are not non-empty arrays, and out-of-range indices", () => {
    const scalar = thrown(() => parameterGrid({ alpha: 1 } as unknown as Grid))
    expect(scalar).toMatchObject({ _tag: "InvalidOption", option: "grid.alpha", value: 1 })
    expect((scalar as Error).message).toContain("wrap a single value in an array")
    expect(thrown(() => parameterGrid({ alpha: [] }))).toMatchObject({ _tag: "InvalidOption", option: "grid.alpha" })
    expect(thrown(() => parameterGrid([{ a: [1] }, "x" as unknown as Grid]))).toMatchObject({ _tag: "InvalidOption", option: "grid" })
    expect(thrown(() => gridCandidate({ a: [1, 2] }, 2))).toMatchObject({ _tag: "InvalidOption", option: "index", value: 2 })
  })
})

describe("parameterSampler", () => {
  it("draws every grid point exactly once when nIter covers the grid (lists only)", () => {
    const grid = { a: [1, 2, 3], b: ["x", "y"] }
    const drawn = parameterSampler(grid, 100, 3)
    expect(drawn).toHaveLength(6)
    const keys = (cs: ReadonlyArray<Record<string, unknown>>) => cs.map((c) => JSON.stringify(c)).sort()
    expect(keys(drawn)).toEqual(keys(parameterGrid(grid)))
    expect(drawn).not.toEqual(parameterGrid(grid)) // a random order, for this seed
  })

  it("draws distinct grid points without replacement when nIter is smaller than the grid", () => {
    fc.assert(
      fc.property(gridArbitrary, fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 0xffffffff }), (grid, nIter, seed) => {
        const drawn = parameterSampler(grid, nIter, seed)
        const size = gridSize(grid)
        expect(drawn).toHaveLength(Math.min(nIter, size))
        const all = new Set(parameterGrid(grid).map((c) => JSON.stringify(c)))
        const seen = new Set(drawn.map((c) => JSON.stringify(c)))
        expect(seen.size).toBe(drawn.length)
        for (const key of seen) expect(all.has(key)).toBe(true)
        expect(parameterSampler(grid, nIter, seed)).toEqual(drawn)
      })
    )
  })

  it("samples uniform, log-uniform and inclusive integer laws within their bounds", () => {
    const n = 4000
    const drawn = parameterSampler(
      { lr: { uniform: [-1, 3] }, alpha: { logUniform: [1e-4, 1] }, depth: { intUniform: [2, 4] }, kernel: ["rbf", "linear"] },
      n,
      11
    )
    expect(drawn).toHaveLength(n)
    let logSum = 0
    let uSum = 0
    const depths = new Map<number, number>()
    for (const c of drawn) {
      expect(Object.keys(c)).toEqual(["alpha", "depth", "kernel", "lr"])
      const lr = c.lr as number
      const alpha = c.alpha as number
      expect(lr).toBeGreaterThanOrEqual(-1)
      expect(lr).toBeLessThan(3)
      expect(alpha).toBeGreaterThanOrEqual(1e-4)
      expect(alpha).toBeLessThanOrEqual(1)
      expect(["rbf", "linear"]).toContain(c.kernel)
      depths.set(c.depth as number, (depths.get(c.depth as number) ?? 0) + 1)
      logSum += Math.log10(alpha)
      uSum += lr
    }
    expect([...depths.keys()].sort()).toEqual([2, 3, 4])
    // Means of uniform laws: within 5 standard errors (sd / sqrt(n)) of the centre.
    expect(Math.abs(logSum / n - -2)).toBeLessThan((5 * (4 / Math.sqrt(12))) / Math.sqrt(n))
    expect(Math.abs(uSum / n - 1)).toBeLessThan((5 * (4 / Math.sqrt(12))) / Math.sqrt(n))
    for (const count of depths.values()) expect(Math.abs(count - n / 3)).toBeLessThan(5 * Math.sqrt((n * 2) / 9))
  })

  it("is a pure function of the seed and picks among a list of distributions", () => {
    const space = [{ kernel: ["linear"], C: { logUniform: [0.1, 10] } }, { kernel: ["rbf"], gamma: { uniform: [0, 1] } }] as const
    const a = parameterSampler(space, 50, 42)
    expect(parameterSampler(space, 50, 42)).toEqual(a)
    expect(parameterSampler(space, 50, 43)).not.toEqual(a)
    const kernels = new Set(a.map((c) => c.kernel))
    expect(kernels).toEqual(new Set(["linear", "rbf"]))
    for (const c of a) expect(Object.keys(c)).toEqual(c.kernel === "linear" ? ["C", "kernel"] : ["gamma", "kernel"])
  })

  it("rejects bad laws, names, nIter and seeds", () => {
    expect(thrown(() => parameterSampler({ a: { uniform: [2, 1] } }, 5, 0))).toMatchObject({ _tag: "InvalidOption", option: "distributions.a" })
    const log = thrown(() => parameterSampler({ a: { logUniform: [0, 1] } }, 5, 0))
    expect((log as Error).message).toContain("greater than 0")
    expect(thrown(() => parameterSampler({ a: { intUniform: [0.5, 3] } }, 5, 0))).toMatchObject({ option: "distributions.a" })
    expect(thrown(() => parameterSampler({ a: { normal: [0, 1] } } as never, 5, 0))).toMatchObject({ option: "distributions.a" })
    expect(thrown(() => parameterSampler({ a: [] }, 5, 0))).toMatchObject({ option: "distributions.a" })
    expect(thrown(() => parameterSampler({ a: [1] }, 0, 0))).toMatchObject({ option: "nIter" })
    expect(thrown(() => parameterSampler({ a: [1] }, 1, 1.5))).toMatchObject({ option: "seed" })
    expect(thrown(() => parameterSampler({ b: [1] }, 1, 0, { allowed: ["a"] }))).toMatchObject({ option: "parameter", value: "b" })
  })
})
