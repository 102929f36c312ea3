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
})
