import { describe, expect, it } from "@effect/vitest"
import { Check, InvalidOption, Options, Validate } from "@weft/core"
import { Cause, Effect, Exit } from "effect"

const thrown = (f: () => unknown): unknown => {
  try {
    f()
  } catch (e) {
    return e
  }
  throw new Error("did not throw")
}

describe("Check: the one option checker", () => {
  it.each([
    [5, { min: 2 }, 5],
    [2, { min: 2 }, 2],
    [0xffffffff, { min: 0, max: 0xffffffff }, 0xffffffff],
    [-3, {}, -3],
    [7, { max: 7 }, 7]
  ])("integer(%j, %j) is the value", (value, range, expected) => {
    expect(Check.integer("k", value, range)).toBe(expected)
  })

  it.each([
    [1, { min: 2 }, "invalid k 1: must be an integer of at least 2"],
    [2.5, { min: 2 }, "invalid k 2.5: must be an integer of at least 2"],
    ["5", { min: 2 }, 'invalid k "5": must be an integer of at least 2'],
    [Number.NaN, {}, "invalid k null: must be an integer"],
    [2 ** 32, { min: 0, max: 0xffffffff }, "invalid k 4294967296: must be an integer in 0..4294967295"],
    [9, { max: 8 }, "invalid k 9: must be an integer of at most 8"],
    [0, { min: 1, reason: "must be a positive integer" }, "invalid k 0: must be a positive integer"],
    [undefined, { min: 1 }, "invalid k undefined: must be an integer of at least 1"]
  ])("integer(%j, %j) throws InvalidOption: %s", (value, range, message) => {
    const e = thrown(() => Check.integer("k", value, range))
    expect(e).toBeInstanceOf(InvalidOption)
    expect((e as InvalidOption)._tag).toBe("InvalidOption")
    expect((e as InvalidOption).message).toBe(message)
    expect([(e as InvalidOption).option, (e as InvalidOption).value]).toEqual(["k", value])
  })

  it("number accepts finite numbers in range and refuses the rest, in the same words", () => {
    expect(Check.number("graceMs", 2.5, { min: 0 })).toBe(2.5)
    expect((thrown(() => Check.number("graceMs", -1, { min: 0 })) as Error).message).toBe("invalid graceMs -1: must be a finite number of at least 0")
    expect((thrown(() => Check.number("rate", Infinity, { min: 0, max: 1 })) as Error).message).toBe("invalid rate null: must be a finite number in 0..1")
  })

  it.each([
    [0, { above: 0 }, "invalid rate 0: must be a finite number greater than 0"],
    [1, { min: 0, below: 1 }, "invalid rate 1: must be a finite number of at least 0 and less than 1"],
    [-0.5, { min: 0, below: 1 }, "invalid rate -0.5: must be a finite number of at least 0 and less than 1"],
    [2, { above: 0, max: 1 }, "invalid rate 2: must be a finite number greater than 0 and at most 1"],
    [1, { below: 1 }, "invalid rate 1: must be a finite number less than 1"]
  ])("number(%j, %j) with a strict bound throws: %s", (value, range, message) => {
    expect((thrown(() => Check.number("rate", value, range)) as Error).message).toBe(message)
  })

  it("strict bounds admit what lies strictly inside them", () => {
    expect(Check.number("rate", 1e-300, { above: 0 })).toBe(1e-300)
    expect(Check.number("rate", 0, { min: 0, below: 1 })).toBe(0)
    expect(Check.number("rate", 0.999, { min: 0, below: 1 })).toBe(0.999)
    expect(Check.integer("k", 3, { above: 2, below: 4 })).toBe(3)
    expect((thrown(() => Check.integer("k", 2, { above: 2 })) as Error).message).toBe("invalid k 2: must be an integer greater than 2")
  })

  it.effect("Options.integer and Options.number put the same error in the error channel", () =>
    Effect.gen(function* () {
      expect(yield* Options.integer("repeats", 3, { min: 1 })).toBe(3)
      const e = yield* Effect.flip(Options.integer("repeats", 0, { min: 1 }))
      expect(e).toBeInstanceOf(InvalidOption)
      expect(e.message).toBe("invalid repeats 0: must be an integer of at least 1")
      const caught = yield* Options.number("ms", -1, { min: 0 }).pipe(Effect.catchTag("InvalidOption", (err) => Effect.succeed(err.option)))
      expect(caught).toBe("ms")
    })
  )
})

describe("Validate.attempt: catches narrowed by tag", () => {
  it("a thrown TypeError is a defect, not an InvalidOption", () => {
    const exit = Effect.runSyncExit(
      Validate.attempt(() => {
        throw new TypeError("x is not a function")
      }, "InvalidOption")
    )
    expect(Exit.isFailure(exit) && Cause.isDie(exit.cause)).toBe(true)
    expect(Exit.isFailure(exit) && Cause.isFailType(exit.cause)).toBe(false)
    const defect = Exit.isFailure(exit) ? Cause.squash(exit.cause) : undefined
    expect(defect).toBeInstanceOf(TypeError)
  })

  it("an error of another tag than those named is a defect too; a named one is a failure", () => {
    const other = Effect.runSyncExit(Validate.attempt(() => Check.integer("k", 0, { min: 1 }), "ShapeMismatch"))
    expect(Exit.isFailure(other) && Cause.isDie(other.cause)).toBe(true)
    const named = Effect.runSyncExit(Validate.attempt(() => Check.integer("k", 0, { min: 1 }), "InvalidOption"))
    expect(Exit.isFailure(named) && Cause.isFailType(named.cause) && named.cause.error._tag).toBe("InvalidOption")
  })

  it("Validate.fromRows: ragged rows fail with ShapeMismatch, a programming error (rows not an array) dies", () => {
    const ragged = Effect.runSyncExit(Validate.fromRows([[1, 2], [3]]))
    expect(Exit.isFailure(ragged) && Cause.isFailType(ragged.cause) && ragged.cause.error._tag).toBe("ShapeMismatch")
    const bug = Effect.runSyncExit(Validate.fromRows(null as unknown as Array<Array<number>>))
    expect(Exit.isFailure(bug) && Cause.isDie(bug.cause)).toBe(true)
    expect(Exit.isFailure(bug) ? Cause.squash(bug.cause) : undefined).toBeInstanceOf(TypeError)
  })
})
