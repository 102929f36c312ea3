import { InvalidOption, ShapeMismatch } from "@weft/core"
import { describe, expect, it } from "vitest"
import * as Optimiser from "../src/models/Optimiser.js"
import { thrown } from "./helpers/thrown.js"

describe("Optimiser.step", () => {
  const params = [0.5, -0.25]

  it("Adam's bias-corrected steps move each parameter by the learning rate against the gradient's sign", () => {
    // Step 1: m = 0.1·g, v = 0.001·g², m/(1 − 0.9) = g, √(v/(1 − 0.999)) = |g|: a move of lr·g/|g|.
    const opt = Optimiser.init("adam", 2)
    const one = Optimiser.step(params, opt, [4, -0.001], { learningRate: 0.01 })
    expect(one.params[0]).toBeCloseTo(0.5 - 0.01, 9)
    expect(one.params[1]).toBeCloseTo(-0.25 + 0.01, 6)
    expect(one.state.step).toBe(1)
    // Step 2 with the same gradient: the corrected moments are g and |g| again.
    const two = Optimiser.step(one.params, one.state, [4, -0.001], { learningRate: 0.01 })
    expect(two.params[0]).toBeCloseTo(0.5 - 0.02, 9)
    expect(two.state.first[0]).toBeCloseTo(0.9 * 0.4 + 0.1 * 4, 14)
    expect(two.state.second[0]).toBeCloseTo(0.999 * 0.016 + 0.001 * 16, 14)
    // Inputs untouched.
    expect(params).toEqual([0.5, -0.25])
    expect(opt).toEqual({ optimizer: "adam", step: 0, first: [0, 0], second: [0, 0] })
  })

  it("SGD with momentum accumulates a velocity", () => {
    const opt = Optimiser.init("sgd", 2)
    expect(opt.second).toEqual([])
    const one = Optimiser.step(params, opt, [1, 2], { learningRate: 0.1, momentum: 0.5 })
    const two = Optimiser.step(one.params, one.state, [1, 2], { learningRate: 0.1, momentum: 0.5 })
    // v1 = −0.1·g, v2 = 0.5·v1 − 0.1·g = −0.15·g.
    expect(two.params[0]).toBeCloseTo(0.5 - 0.1 - 0.15, 14)
    expect(two.params[1]).toBeCloseTo(-0.25 - 0.2 - 0.3, 14)
    expect(two.state.first[0]).toBeCloseTo(-0.15, 14)
    expect(two.state.first[1]).toBeCloseTo(-0.3, 14)
  })

  it("copies a shared Float64Array of parameters instead of writing into it", () => {
    const shared = new Float64Array(new SharedArrayBuffer(16))
    shared.set(params)
    const { params: next } = Optimiser.step(shared, Optimiser.init("sgd", 2), [1, 1], { learningRate: 0.5 })
    expect(next).toBeInstanceOf(Float64Array)
    expect((next as Float64Array).buffer).not.toBe(shared.buffer)
    expect(Array.from(next)).toEqual([0, -0.75])
    expect(Array.from(shared)).toEqual([0.5, -0.25])
  })

  it("rejects an unknown optimiser and a gradient of the wrong length", () => {
    const e = thrown(() => Optimiser.init("rmsprop" as Optimiser.Kind, 2))
    expect(e).toBeInstanceOf(InvalidOption)
    expect(e).toMatchObject({ option: "optimizer", value: "rmsprop" })
    const s = thrown(() => Optimiser.step(params, Optimiser.init("adam", 2), [1, 2, 3], { learningRate: 0.1 }))
    expect(s).toBeInstanceOf(ShapeMismatch)
    expect((s as Error).message).toContain("2 values (one per parameter)")
  })
})
