import { describe, expect, it } from "vitest"
import { formatColumn, formatScore } from "../src/internal/scores.js"

describe("formatColumn", () => {
  it.each([
    // [values, expected]: hand-written
    [[0.5, 0.25, 0.125], ["0.5", "0.25", "0.125"]],
    [[0.48232104, 0.48231699], ["0.482321", "0.482317"]],
    [[0.99999997], ["0.99999997"]],
    [[0.99999997, 0.9999999], ["0.99999997", "0.9999999"]],
    [[1, 0.9, 0], ["1", "0.9", "0"]],
    [[0.123456, 0.123456], ["0.1235", "0.1235"]],
    [[1234.56789, 0.00001234], ["1234.5679", "1.234e-5"]],
    [[NaN, Infinity, -Infinity], ["NaN", "inf", "-inf"]],
    [[-0.00049999, 2.5], ["-5.000e-4", "2.5"]]
  ] as const)("%j -> %j", (values, expected) => {
    expect(formatColumn(values)).toEqual(expected)
  })

  it("never prints a value that is not an integer as an integer", () => {
    for (const x of [1 - 1e-9, 1 - 1e-13, -0.99999999999, 2.0000000001]) {
      const text = formatScore(x)
      expect({ x, text, integer: /^-?\d+$/.test(text) }).toEqual({ x, text, integer: false })
    }
    // beyond 12 decimals, the shortest text that reads back as the same double
    expect(formatScore(1 - 1e-14)).toBe(String(1 - 1e-14))
    expect(Number(formatScore(1 - 1e-14))).toBe(1 - 1e-14)
  })

  it("tells apart every two different values of a column", () => {
    const values = [0.9, 0.9 + 1e-7, 0.9 + 2e-7, 0.9 - 1e-11, 0.9]
    const texts = formatColumn(values)
    expect(texts).toEqual(["0.9", "0.9000001", "0.9000002", "0.89999999999", "0.9"])
    expect(new Set(texts).size).toBe(4)
  })
})
