import { Datasets, Mlp, Model, Models } from "@weft/ml-workflows"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"

const { X, y } = Datasets.loadDataset("diabetes")
const fit = (estimator: string, params: Record<string, unknown>) => {
  const e = Models.getEstimator(estimator)
  const p = e.params(params)
  return { estimator, params: p, state: e.fit({ X, y, seed: 3 }, p) }
}

describe("Model", () => {
  it("round-trips through JSON and predicts the same afterwards, shared weights included", async () => {
    const mlp = fit("mlp-regressor", { hiddenLayers: [5], epochs: 2 })
    const shared = Model.shared(mlp)
    const params = (shared.state as Mlp.MlpState).params
    expect(params).toBeInstanceOf(Float64Array)
    expect((params as Float64Array).buffer).toBeInstanceOf(SharedArrayBuffer)
    for (const model of [mlp, shared, fit("ridge", { alpha: 2 }), fit("logistic", {})]) {
      const back = await Effect.runPromise(Model.fromJson(Model.toJson(model)))
      expect(back.estimator).toBe(model.estimator)
      const e = Models.getEstimator(model.estimator)
      expect(Array.from(e.predict(back.state, X))).toEqual(Array.from(e.predict(model.state, X)))
    }
  })

  it("rejects text that is not a weft model, naming why", async () => {
    const notJson = await Effect.runPromise(Effect.flip(Model.fromJson("{oops")))
    expect(notJson.message).toMatch(/not JSON/)
    const other = await Effect.runPromise(Effect.flip(Model.fromJson(JSON.stringify({ format: "something-else" }))))
    expect(other.message).toMatch(/not a weft-model\/1 model/)
    const unknown = await Effect.runPromise(Effect.flip(Model.fromJson(JSON.stringify({ format: "weft-model/1", estimator: "svm", state: {} }))))
    expect(unknown.message).toMatch(/svm/)
  })

  describe("a tampered model file is rejected, naming the field", () => {
    const names = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"]
    const ridge = JSON.parse(Model.toJson({ ...fit("ridge", { alpha: 1 }), featureNames: names }))
    const logistic = (() => {
      const iris = Datasets.loadDataset("iris")
      const e = Models.getEstimator("logistic")
      const p = e.params({})
      return JSON.parse(Model.toJson({ estimator: "logistic", params: p, state: e.fit({ X: iris.X, y: iris.y, nClasses: 3, seed: 0 }, p), classes: ["a", "b", "c"] }))
    })()
    const mlp = JSON.parse(Model.toJson({ ...fit("mlp-regressor", { hiddenLayers: [3], epochs: 1 }), featureNames: names }))
    // A field's problem as `path: why` (the CLI's wording); the library's own message is checked once below.
    const failure = (value: unknown) =>
      Effect.runPromise(Effect.flip(Model.fromJson(typeof value === "string" ? value : JSON.stringify(value)))).then((e) =>
        e.option === "model file field" ? `${String(e.value)}: ${e.reason}` : e.message
      )
    const edit = (model: any, f: (m: any) => void) => {
      const copy = JSON.parse(JSON.stringify(model))
      f(copy)
      return copy
    }

    it("the error names the field", async () => {
      const e = await Effect.runPromise(Effect.flip(Model.fromJson(JSON.stringify(edit(ridge, (m) => (m.state.intercept = "x"))))))
      expect(e._tag).toBe("InvalidOption")
      expect(e.message).toBe('invalid model file field "state.intercept": expected a finite number, got "x"')
    })

    it("the untouched files load", async () => {
      for (const m of [ridge, logistic, mlp]) await expect(Effect.runPromise(Model.fromJson(JSON.stringify(m)))).resolves.toBeDefined()
    })

    it.each([
      ["a string intercept", (m: any) => (m.state.intercept = "x"), /state\.intercept: expected a finite number, got "x"/],
      ["a null coefficient", (m: any) => (m.state.coef[0] = null), /state\.coef\[0\]: expected a finite number, got null/],
      ["a coefficient as a string", (m: any) => (m.state.coef[0] = "1.5"), /state\.coef\[0\]: expected a finite number, got "1\.5"/],
      ["a duplicated feature name", (m: any) => (m.featureNames[3] = "sex"), /featureNames\[3\]: "sex" is also name 1; names must be unique/],
      ["a coefficient too few", (m: any) => m.state.coef.pop(), /state\.coef: expected 10 values \(one per feature of featureNames\), got 9/],
      ["no coefficients at all", (m: any) => (m.state.coef = "all"), /state\.coef: expected an array of finite numbers, got "all"/],
      ["a feature name that is not a string", (m: any) => (m.featureNames[0] = 7), /featureNames\[0\]: expected a string, got 7/],
      ["params that are not an object", (m: any) => (m.params = [1]), /params: expected an object of parameters/],
      ["a parameter out of range", (m: any) => (m.params.alpha = -1), /params: .*alpha/]
    ])("ridge: %s", async (_what, change, message) => {
      expect(await failure(edit(ridge, change))).toMatch(message)
    })

    it.each([
      ["an unknown activation", (m: any) => (m.state.activation = "sigmoid"), /state\.activation: expected "relu" or "tanh", got "sigmoid"/],
      ["weights missing", (m: any) => m.state.params.pop(), /state\.params: expected 37 values \(the weights and biases of layers 10-3-1\), got 36/],
      ["an infinite weight (JSON writes null)", (m: any) => (m.state.params[0] = Number.POSITIVE_INFINITY), /state\.params\[0\]: expected a finite number, got null/],
      ["inputs that do not match the features", (m: any) => (m.state.layerSizes[0] = 4), /state\.layerSizes\[0\]: expected 10 values/],
      ["a classifier's output on a regressor", (m: any) => (m.state.output = "softmax"), /state\.output: expected "identity" for mlp-regressor/]
    ])("mlp: %s", async (_what, change, message) => {
      expect(await failure(edit(mlp, change))).toMatch(message)
    })

    it.each([
      ["an intercept too many", (m: any) => m.state.intercept.push(0), /state\.intercept: expected 3 values/],
      ["a class name too few", (m: any) => m.classes.pop(), /classes: expected 3 values \(state\.nClasses names\), got 2/],
      ["a class index out of range", (m: any) => (m.state.classes[2] = 5), /state\.classes\[2\]: expected class indices in ascending order, each below nClasses \(3\), got 5/]
    ])("logistic: %s", async (_what, change, message) => {
      expect(await failure(edit(logistic, change))).toMatch(message)
    })

    it("a null file, an array, no estimator, a newer format", async () => {
      expect(await failure("null")).toMatch(/invalid model file "null": expected a weft model \(a JSON object with format "weft-model\/1"\), got null/)
      expect(await failure("[]")).toMatch(/got an array of 0/)
      expect(await failure(edit(ridge, (m) => delete m.estimator))).toMatch(/estimator: expected a string, got nothing/)
      expect(await failure(edit(ridge, (m) => (m.format = "weft-model/2")))).toMatch(
        /this model file was written by a newer weft \(format 2\); this version reads up to format 1/
      )
    })
  })
})
