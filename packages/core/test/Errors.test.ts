import { describe, expect, it } from "@effect/vitest"
import { EmptyInput, InvalidOption, ShapeMismatch, TaggedError, TaskFailed } from "@weft/core"
import { Effect } from "effect"

describe("Errors: effect-free tagged errors", () => {
  it("keep the shape of Data.TaggedError: _tag, name, own fields, message, stack, toJSON", () => {
    const e = new ShapeMismatch({ what: "y", expected: "150 rows", actual: "149 rows" })
    expect(e).toBeInstanceOf(Error)
    expect(e).toBeInstanceOf(ShapeMismatch)
    expect([e._tag, e.name]).toEqual(["ShapeMismatch", "ShapeMismatch"])
    expect(e.message).toBe("shape mismatch in y: expected 150 rows, got 149 rows")
    expect(e.stack?.split("\n")[0]).toBe("ShapeMismatch: shape mismatch in y: expected 150 rows, got 149 rows")
    expect(Object.keys(e)).toEqual(["_tag", "what", "expected", "actual"])
    expect(JSON.parse(JSON.stringify(e))).toEqual({ _tag: "ShapeMismatch", what: "y", expected: "150 rows", actual: "149 rows" })
    const t = new TaskFailed({ task: "fit", message: "boom", item: 3 })
    expect([t.message, t.item, String(t)]).toEqual(["boom", 3, "TaskFailed: boom"])
  })

  it.effect("are caught by tag in Effect's error channel", () =>
    Effect.gen(function* () {
      const fails: Effect.Effect<number, InvalidOption | EmptyInput> = Effect.fail(new EmptyInput({ what: "X" }))
      const caught = yield* fails.pipe(
        Effect.catchTag("InvalidOption", () => Effect.succeed("option")),
        Effect.catchTag("EmptyInput", (e) => Effect.succeed(`empty ${e.what}`))
      )
      expect(caught).toBe("empty X")
    })
  )

  it("TaggedError builds classes of one's own with the same shape", () => {
    class Oops extends TaggedError("Oops")<{ readonly why: string }> {}
    const e = new Oops({ why: "no reason" })
    expect([e._tag, e.name, e.why, e instanceof Error]).toEqual(["Oops", "Oops", "no reason", true])
  })
})
