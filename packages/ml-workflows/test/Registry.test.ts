import { describe, expect, it } from "vitest"
import { estimators, getEstimator } from "../src/models/Registry.js"
import { readDataset, standardise } from "./helpers/csv.js"

describe("estimator registry", () => {
  it("names every built-in model by the name it carries", () => {
    expect(Object.keys(estimators).sort()).toEqual(["linear", "logistic", "mlp-classifier", "mlp-regressor", "ridge"])
    for (const [name, model] of Object.entries(estimators)) {
      expect(model.name).toBe(name)
      expect(getEstimator(name)).toBe(model)
      expect(model.params({})).toEqual(model.defaults)
      expect(model.predictProba !== undefined).toBe(model.kind === "classifier")
    }
  })

  it("every model fits and predicts through the common contract", () => {
    const iris = readDataset("iris")
    const X = standardise(iris.X)
    const rows = Int32Array.from({ length: 150 }, (_, i) => i).filter((i) => i % 2 === 0)
    const test = Int32Array.of(1, 51, 101)
    for (const model of Object.values(estimators)) {
      const params = model.params(model.name.startsWith("mlp") ? { epochs: 3 } : {})
      const state = model.fit({ X, y: iris.y, rows, nClasses: 3, seed: 1 }, params)
      const predicted = model.predict(state, X, test)
      expect(predicted.length).toBe(3)
      if (model.kind === "classifier") {
        for (const label of predicted) expect([0, 1, 2]).toContain(label)
        expect(model.predictProba!(state, X, test).length).toBe(9)
      }
      // A state is plain data: it survives JSON and predicts the same.
      expect(model.predict(JSON.parse(JSON.stringify(state)), X, test)).toEqual(predicted)
    }
  })

  it("an unknown name is an InvalidOption listing the known ones", () => {
    expect(() => getEstimator("svm")).toThrow(expect.objectContaining({ _tag: "InvalidOption", option: "estimator", value: "svm" }))
    expect(() => getEstimator("constructor")).toThrow(expect.objectContaining({ _tag: "InvalidOption" }))
    expect(() => getEstimator("svm")).toThrow(/linear, ridge, logistic, mlp-regressor, mlp-classifier/)
  })
})

describe("Models (deprecated alias of Registry until 0.3.0)", () => {
  it("is the registry under its 0.1.0 name", async () => {
    const { Models, Registry } = await import("@weft/ml-workflows")
    expect(Object.keys(Models).sort()).toEqual(Object.keys(Registry).sort())
    for (const name of Object.keys(Registry) as Array<keyof typeof Registry>) expect(Models[name], name).toBe(Registry[name])
    expect(Models.getEstimator("ridge")).toBe(Registry.estimators.ridge)
  })
})
