/**
 * A fitted model as plain data: the estimator's name, its parameters and its
 * state. It crosses to workers as it is, and saves to JSON and back.
 *
 * @since 0.1.0
 */
import { InvalidOption } from "@weft/core"
import { Effect } from "effect"
import { shareParams, type MlpState } from "./models/Mlp.js"
import { getEstimator } from "./models/Registry.js"

/**
 * @since 0.1.0
 */
export interface FittedModel {
  readonly estimator: string
  readonly params: Readonly<Record<string, unknown>>
  readonly state: unknown
  /** Class names of a classifier (label k is classes[k]), when known. */
  readonly classes?: ReadonlyArray<string> | undefined
  readonly featureNames?: ReadonlyArray<string> | undefined
}

const FORMAT = "weft-model/1"

/**
 * The model as a JSON string.
 *
 * @since 0.1.0
 */
export const toJson = (model: FittedModel): string =>
  JSON.stringify({ format: FORMAT, ...model }, (_key, value) => (ArrayBuffer.isView(value) ? Array.from(value as Float64Array) : value))

/**
 * The model ready to be sent to workers many times: an MLP's weights moved to
 * shared memory (see `Mlp.shareParams`); other models as they are.
 *
 * @since 0.1.0
 */
export const shared = (model: FittedModel): FittedModel =>
  model.estimator === "mlp-regressor" || model.estimator === "mlp-classifier"
    ? { ...model, state: shareParams(model.state as MlpState) }
    : model

/**
 * Reads a model written by {@link toJson}; fails with `InvalidOption` when the
 * text is not a weft model or names an unknown estimator.
 *
 * @since 0.1.0
 */
export const fromJson = (text: string): Effect.Effect<FittedModel, InvalidOption> =>
  Effect.gen(function* () {
    const parsed = yield* Effect.try({
      try: () => JSON.parse(text) as Record<string, unknown>,
      catch: (e) => new InvalidOption({ option: "model file", value: text.slice(0, 40), reason: `not JSON: ${(e as Error).message}` })
    })
    if (parsed === null || typeof parsed !== "object" || parsed.format !== FORMAT) {
      return yield* Effect.fail(new InvalidOption({ option: "model file", value: (parsed as any)?.format, reason: `not a ${FORMAT} model` }))
    }
    const estimator = yield* Effect.try({
      try: () => getEstimator(String(parsed.estimator)),
      catch: (e) => e as InvalidOption
    })
    if (parsed.state === null || typeof parsed.state !== "object") {
      return yield* Effect.fail(new InvalidOption({ option: "model file", value: "state", reason: "has no model state" }))
    }
    const { format: _format, ...model } = parsed
    return { ...(model as unknown as FittedModel), estimator: estimator.name }
  })
