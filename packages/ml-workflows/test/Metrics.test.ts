import { describe, expect, it } from "vitest"
import {
  accuracy,
  f1Score,
  getMetric,
  logLoss,
  meanAbsoluteError,
  meanSquaredError,
  metrics,
  r2Score,
  rootMeanSquaredError
} from "../src/Metrics.js"
import { readModelFixtures, readSharedReference } from "./helpers/csv.js"

const shared = readSharedReference()
const fixtures = readModelFixtures().metrics

/** Relative closeness at 1e-12, so that only floating-point reassociation is tolerated. */
const close = (actual: number, expected: number): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)))
}

describe("regression metrics", () => {
  it("match scikit-learn on the shared reference", () => {
    const ref = shared.regression_metrics
    close(meanSquaredError(ref.y_true, ref.y_pred), ref.mse)
    close(rootMeanSquaredError(ref.y_true, ref.y_pred), ref.rmse)
    close(meanAbsoluteError(ref.y_true, ref.y_pred), ref.mae)
    close(r2Score(ref.y_true, ref.y_pred), ref.r2)
  })

  it("match scikit-learn on a larger random sample", () => {
    const ref = fixtures.regression_random
    close(meanSquaredError(ref.y_true, ref.y_pred), ref.mse)
    close(rootMeanSquaredError(ref.y_true, ref.y_pred), ref.rmse)
    close(meanAbsoluteError(ref.y_true, ref.y_pred), ref.mae)
    close(r2Score(ref.y_true, ref.y_pred), ref.r2)
  })

  it("r2 of a constant target is 1 when perfect and 0 otherwise, as scikit-learn", () => {
    const ref = fixtures.r2_constant_true
    expect(r2Score(ref.y_true, ref.y_pred_perfect)).toBe(ref.r2_perfect)
    expect(r2Score(ref.y_true, ref.y_pred_imperfect)).toBe(ref.r2_imperfect)
    expect(r2Score([1], [1])).toBeNaN()
  })

  it("work on typed arrays alike", () => {
    const ref = shared.regression_metrics
    close(meanSquaredError(Float64Array.from(ref.y_true), Float64Array.from(ref.y_pred)), ref.mse)
  })
})

describe("classification metrics", () => {
  it("match scikit-learn's binary accuracy, F1 and log-loss", () => {
    const ref = shared.classification_metrics
    close(accuracy(ref.y_true, ref.y_pred), ref.accuracy)
    close(f1Score(ref.y_true, ref.y_pred), ref.f1)
    close(logLoss(ref.y_true, ref.p_positive), ref.log_loss)
  })

  it("binary log-loss from positive-class probabilities equals log-loss from the two-column matrix", () => {
    const ref = shared.classification_metrics
    const matrix = (ref.p_positive as Array<number>).flatMap((p) => [1 - p, p])
    close(logLoss(ref.y_true, matrix), ref.log_loss)
  })

  it("match scikit-learn's multiclass F1 averages and log-loss", () => {
    const ref = fixtures.multiclass
    close(accuracy(ref.y_true, ref.y_pred), ref.accuracy)
    close(f1Score(ref.y_true, ref.y_pred, { average: "macro" }), ref.f1_macro)
    close(f1Score(ref.y_true, ref.y_pred, { average: "weighted" }), ref.f1_weighted)
    close(f1Score(ref.y_true, ref.y_pred, { average: "micro" }), ref.f1_micro)
    close(logLoss(ref.y_true, (ref.proba as Array<Array<number>>).flat()), ref.log_loss)
  })

  it("F1 averages over the labels of both arrays, as scikit-learn", () => {
    const ref = fixtures.multiclass_extra_label
    close(f1Score(ref.y_true, ref.y_pred, { average: "macro" }), ref.f1_macro)
    close(f1Score(ref.y_true, ref.y_pred, { average: "weighted" }), ref.f1_weighted)
    close(f1Score(ref.y_true, ref.y_pred, { average: "micro" }), ref.f1_micro)
  })

  it("binary F1 is 0 when nothing is predicted positive", () => {
    const ref = fixtures.binary_no_positive_prediction
    expect(f1Score(ref.y_true, ref.y_pred)).toBe(ref.f1)
  })

  it("log-loss clips with scikit-learn 1.2's epsilon and renormalises rows", () => {
    const clipped = fixtures.log_loss_clipped_binary
    close(logLoss(clipped.y_true, clipped.p_positive), clipped.log_loss)
    const rows = fixtures.log_loss_unnormalised_multiclass
    close(logLoss(rows.y_true, (rows.proba as Array<Array<number>>).flat()), rows.log_loss)
    // Hand-computed: with eps 1e-15 a certain miss costs -log(1e-15).
    close(logLoss([1], [0], { eps: 1e-15 }), -Math.log(1e-15))
  })

  it("binary F1 rejects multiclass labels", () => {
    expect(() => f1Score([0, 1, 2], [0, 1, 2])).toThrow(expect.objectContaining({ _tag: "InvalidOption", option: "average" }))
  })
})

describe("metric errors", () => {
  it("a length mismatch is a ShapeMismatch and empty input an EmptyInput", () => {
    expect(() => meanSquaredError([1, 2], [1])).toThrow(expect.objectContaining({ _tag: "ShapeMismatch" }))
    expect(() => accuracy([1], [1, 0])).toThrow(expect.objectContaining({ _tag: "ShapeMismatch" }))
    expect(() => logLoss([1, 0], [0.5, 0.5, 0.5])).toThrow(expect.objectContaining({ _tag: "ShapeMismatch" }))
    expect(() => r2Score([], [])).toThrow(expect.objectContaining({ _tag: "EmptyInput" }))
    expect(() => f1Score([], [])).toThrow(expect.objectContaining({ _tag: "EmptyInput" }))
    expect(() => logLoss([], [])).toThrow(expect.objectContaining({ _tag: "EmptyInput" }))
  })

  it("NaN is a NonFiniteValue and a bad label an InvalidOption", () => {
    expect(() => meanAbsoluteError([1, Number.NaN], [1, 2])).toThrow(expect.objectContaining({ _tag: "NonFiniteValue", row: 1 }))
    expect(() => f1Score([0, 1.5], [0, 1], { average: "macro" })).toThrow(expect.objectContaining({ _tag: "InvalidOption", option: "yTrue" }))
    expect(() => logLoss([0, 3], [0.2, 0.8, 0.5, 0.5])).toThrow(expect.objectContaining({ _tag: "InvalidOption", option: "yTrue" }))
  })
})

describe("metric registry", () => {
  it("looks metrics up by name with their direction", () => {
    const ref = shared.regression_metrics
    close(getMetric("rmse").fn(ref.y_true, ref.y_pred), ref.rmse)
    expect(getMetric("rmse").greaterIsBetter).toBe(false)
    expect(getMetric("r2").greaterIsBetter).toBe(true)
    expect(getMetric("accuracy").needsProba).toBe(false)
    expect(getMetric("logloss").needsProba).toBe(true)
    expect(getMetric("logloss").greaterIsBetter).toBe(false)
    for (const name of ["mse", "rmse", "mae", "r2", "accuracy", "f1", "logloss"]) expect(getMetric(name).name).toBe(name)
  })

  it("f1 is binary for 0/1 labels and macro-averaged for more classes", () => {
    const binary = shared.classification_metrics
    close(metrics.f1.fn(binary.y_true, binary.y_pred), binary.f1)
    const multi = fixtures.multiclass
    close(metrics.f1.fn(multi.y_true, multi.y_pred), multi.f1_macro)
    close(metrics["f1-weighted"].fn(multi.y_true, multi.y_pred), multi.f1_weighted)
    close(metrics.logloss.fn(multi.y_true, (multi.proba as Array<Array<number>>).flat()), multi.log_loss)
  })

  it("an unknown name is an InvalidOption listing the known ones", () => {
    expect(() => getMetric("auc")).toThrow(expect.objectContaining({ _tag: "InvalidOption", option: "metric", value: "auc" }))
    expect(() => getMetric("toString")).toThrow(expect.objectContaining({ _tag: "InvalidOption" }))
    try {
      getMetric("auc")
    } catch (e) {
      expect(String((e as Error).message)).toContain("mse, rmse, mae, r2, accuracy, f1")
    }
  })
})
