import { describe, expect, it } from "vitest"
import { Rng } from "@weft/core"

describe("Rng", () => {
  it("is deterministic for a seed and differs between seeds", () => {
    const draw = (seed: number) => {
      const r = new Rng.Rng(seed)
      return Array.from({ length: 5 }, () => r.next())
    }
    expect(draw(42)).toEqual(draw(42))
    expect(draw(42)).not.toEqual(draw(43))
  })

  it("matches the published xoshiro128** output for a known state", () => {
    // Reference: the C implementation (prng.di.unimi.it) seeded with s = {1, 2, 3, 4}
    // gives 11520, 0, 5927040, 70819200 as its first outputs.
    const r = new Rng.Rng(0) as any
    r.s0 = 1
    r.s1 = 2
    r.s2 = 3
    r.s3 = 4
    expect([r.nextUint32(), r.nextUint32(), r.nextUint32(), r.nextUint32()]).toEqual([11520, 0, 5927040, 70819200])
  })

  it("derives child seeds from the parent and the keys alone", () => {
    expect(Rng.derive(7, 1, 2)).toBe(Rng.derive(7, 1, 2))
    const seeds = new Set<number>()
    for (let i = 0; i < 100; i++) for (let j = 0; j < 100; j++) seeds.add(Rng.derive(7, i, j))
    expect(seeds.size).toBe(10_000)
    expect(Rng.derive(7, 1, 2)).not.toBe(Rng.derive(7, 2, 1))
    expect(Rng.derive(7, 2 ** 40)).not.toBe(Rng.derive(7, 0))
    expect(() => Rng.derive(7, -1)).toThrow(RangeError)
  })

  it("draws uniforms in [0, 1) with the right mean and variance", () => {
    const r = new Rng.Rng(1)
    const n = 200_000
    let sum = 0
    let sq = 0
    let outside = 0
    for (let i = 0; i < n; i++) {
      const u = r.next()
      if (!(u >= 0 && u < 1)) outside++
      sum += u
      sq += u * u
    }
    expect(outside).toBe(0)
    const mean = sum / n
    // Standard error of the mean is sqrt(1/12/n) ≈ 6.5e-4: 5 sigma bounds.
    expect(Math.abs(mean - 0.5)).toBeLessThan(3.3e-3)
    expect(Math.abs(sq / n - mean * mean - 1 / 12)).toBeLessThan(2e-3)
  })

  it("draws standard normals", () => {
    const r = new Rng.Rng(2)
    const n = 200_000
    let sum = 0
    let sq = 0
    for (let i = 0; i < n; i++) {
      const z = r.normal()
      sum += z
      sq += z * z
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.012)
    expect(Math.abs(sq / n - 1)).toBeLessThan(0.02)
  })

  it("nextInt is unbiased over its range and permutation is a permutation", () => {
    const r = new Rng.Rng(3)
    const counts = new Array(6).fill(0)
    for (let i = 0; i < 60_000; i++) counts[r.nextInt(6)]++
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500)
    const p = Array.from(r.permutation(1000)).sort((a, b) => a - b)
    expect(p).toEqual(Array.from({ length: 1000 }, (_, i) => i))
    expect(() => r.nextInt(0)).toThrow(RangeError)
  })
})
