import { describe, expect, it } from "@effect/vitest"
import { Interop, SharedMatrix, Validate, Wire } from "@weft/core"
import { Effect } from "effect"
import { Matrix } from "ml-matrix"

describe("SharedMatrix", () => {
  it("stores rows row-major in a SharedArrayBuffer", () => {
    const X = SharedMatrix.fromRows([
      [1, 2, 3],
      [4, 5, 6]
    ])
    expect(X.buffer).toBeInstanceOf(SharedArrayBuffer)
    expect([X.rows, X.columns]).toEqual([2, 3])
    expect(Array.from(X.data)).toEqual([1, 2, 3, 4, 5, 6])
    expect(X.get(1, 2)).toBe(6)
    expect(X.toRows()).toEqual([
      [1, 2, 3],
      [4, 5, 6]
    ])
  })

  it("row and row-range views share memory with the matrix", () => {
    const X = SharedMatrix.fromRows([[1, 2], [3, 4], [5, 6], [7, 8]])
    const view = X.rowRange(1, 3)
    expect(view.buffer).toBe(X.buffer)
    expect([view.rows, view.offset]).toEqual([2, 2])
    view.set(0, 1, 40)
    expect(X.get(1, 1)).toBe(40)
    X.row(3)[0] = 70
    expect(X.get(3, 0)).toBe(70)
    expect(view.rowRange(1, 2).get(0, 0)).toBe(5)
  })

  it("selectRows copies the chosen rows in order", () => {
    const X = SharedMatrix.fromRows([[1], [2], [3]])
    const S = X.selectRows([2, 0, 2])
    expect(Array.from(S.data)).toEqual([3, 1, 3])
    S.set(0, 0, 9)
    expect(X.get(2, 0)).toBe(3)
  })

  it("columnVector copies values into an n x 1 matrix, as ml-matrix's Matrix.columnVector; the deprecated static column is the same", () => {
    const values = [1.5, -2, 3]
    const v = SharedMatrix.columnVector(values)
    const reference = Matrix.columnVector(values)
    expect([v.rows, v.columns]).toEqual([reference.rows, reference.columns])
    expect(Array.from(v.data)).toEqual(reference.to1DArray())
    values[0] = 9
    expect(v.get(0, 0)).toBe(1.5)
    expect(SharedMatrix.column([1, 2]).toRows()).toEqual([[1], [2]])
    // The method of the same name still reads a column.
    expect(Array.from(SharedMatrix.fromRows([[1, 2], [3, 4]]).column(1))).toEqual([2, 4])
  })

  it("rejects ragged rows, empty input and impossible shapes with typed errors", () => {
    expect(() => SharedMatrix.fromRows([[1, 2], [3]])).toThrow(/row 1: expected 2 columns/)
    expect(() => SharedMatrix.fromRows([])).toThrow(expect.objectContaining({ _tag: "EmptyInput" }))
    expect(() => SharedMatrix.fromFlat([1, 2, 3], 2, 2)).toThrow(expect.objectContaining({ _tag: "ShapeMismatch" }))
    expect(() => SharedMatrix.fromBuffer(new SharedArrayBuffer(8), 2, 1)).toThrow(expect.objectContaining({ _tag: "ShapeMismatch" }))
    expect(() => X().rowRange(2, 1)).toThrow(RangeError)
  })

  it("converts to and from ml-matrix without loss", () => {
    const m = new Matrix([
      [1.5, -2],
      [Math.PI, 1e-300]
    ])
    const X = Interop.fromMatrix(m)
    expect(Interop.toMatrix(X).to2DArray()).toEqual(m.to2DArray())
  })

  it("crosses a thread boundary as a descriptor around the same memory", () => {
    const X = SharedMatrix.fromRows([[1, 2], [3, 4], [5, 6]])
    const payload = { model: { w: [1, 2] }, parts: [X.rowRange(1, 3), 7] }
    const cloned = structuredClone(Wire.encode(payload)) as typeof payload
    const back = Wire.decode(cloned) as typeof payload
    const view = back.parts[0] as SharedMatrix
    expect(view).toBeInstanceOf(SharedMatrix)
    expect(view.toRows()).toEqual([[3, 4], [5, 6]])
    view.set(0, 0, 30) // writes reach the original: the buffer was shared, not copied
    expect(X.get(1, 0)).toBe(30)
    expect(back.model).toEqual({ w: [1, 2] })
    // encode leaves the caller's object untouched
    expect(payload.parts[0]).toBeInstanceOf(SharedMatrix)
  })

  it("lists transferable buffers but never shared ones", () => {
    const owned = new Float64Array(4)
    const shared = SharedMatrix.zeros(2, 2)
    const found = Wire.transferables(Wire.encode({ a: owned, b: [shared, owned.subarray(1)] }))
    expect(found).toEqual([owned.buffer])
  })
})

describe("Validate", () => {
  it.effect("names the row and column of a non-finite value", () =>
    Effect.gen(function* () {
      const X = SharedMatrix.fromRows([[1, 2], [3, Number.NaN]])
      const error = yield* Effect.flip(Validate.finite(X, "X"))
      expect(error).toMatchObject({ _tag: "NonFiniteValue", row: 1, column: 1 })
      expect(error.message).toBe("X holds a non-finite value (NaN) at row 1, column 1")
      const v = yield* Effect.flip(Validate.finiteVector([0, Infinity], "y"))
      expect(v.message).toBe("y holds a non-finite value (Infinity) at index 1")
    })
  )

  it.effect("checks shapes and emptiness", () =>
    Effect.gen(function* () {
      const X = SharedMatrix.zeros(3, 2)
      expect(yield* Validate.shape(X, "X", { rows: 3 })).toBe(X)
      const e = yield* Effect.flip(Validate.shape(X, "X", { columns: 4 }))
      expect(e.message).toBe("shape mismatch in X: expected any rows x 4 columns, got 3x2")
      const empty = yield* Effect.flip(Validate.nonEmpty(SharedMatrix.zeros(0, 2), "X"))
      expect(empty._tag).toBe("EmptyInput")
      const ragged = yield* Effect.flip(Validate.fromRows([[1], [1, 2]]))
      expect(ragged._tag).toBe("ShapeMismatch")
    })
  )
})

const X = () => SharedMatrix.zeros(2, 2)
