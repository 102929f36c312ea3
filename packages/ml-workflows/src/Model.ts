/**
 * A fitted model as plain data: the estimator's name, its parameters and its
 * state. It crosses to workers as it is, and saves to JSON and back.
 *
 * `Model` is one fitted model, what `fit` gives; the estimators that fit
 * them, found by name, are `Registry` (`Registry.getEstimator("ridge")`),
 * which 0.1.0 exported as `Models`, one letter from this module's name.
 *
 * @since 0.1.0
 */
import { InvalidOption, Validate } from "@weft/core"
import { Effect, Either } from "effect"
import { decodeEnvelope, decodeModel, shown, type FieldProblem } from "./internal/modelSchema.js"
import { isPipeline, specOf as pipelineSpecOf } from "./internal/pipeline.js"
import { clipped, moduleOf, refusal } from "./models/Mljs.js"
import { isModuleEstimator } from "./models/Module.js"
import { shareParams, type MlpState } from "./models/Mlp.js"
import { getEstimator } from "./models/Registry.js"

/**
 * A fitted model: which estimator (its registry name), the parameters it was
 * fitted with, and its state (the estimator's own plain data).
 *
 * @since 0.1.0
 * @category models
 */
export interface FittedModel {
  readonly estimator: string
  readonly params: Readonly<Record<string, unknown>>
  readonly state: unknown
  /** Class names of a classifier (label k is classes[k]), when known. */
  readonly classes?: ReadonlyArray<string> | undefined
  readonly featureNames?: ReadonlyArray<string> | undefined
}

/**
 * The format version this weft writes and reads up to; a saved model carries it as `format: "weft-model/<version>"`.
 *
 * @since 0.1.0
 * @category constants
 */
export const FORMAT_VERSION = 1
const FORMAT = `weft-model/${FORMAT_VERSION}`

/**
 * The model as a JSON string.
 *
 * @since 0.1.0
 * @category encoding
 */
export const toJson = (model: FittedModel): string =>
  JSON.stringify({ format: FORMAT, ...model }, (_key, value) => (ArrayBuffer.isView(value) ? Array.from(value as Float64Array) : value))

/**
 * The model ready to be sent to workers many times: an MLP's weights moved to
 * shared memory (see `Mlp.shareParams`); other models as they are.
 *
 * @since 0.1.0
 * @category conversions
 */
export const shared = (model: FittedModel): FittedModel =>
  model.estimator === "mlp-regressor" || model.estimator === "mlp-classifier"
    ? { ...model, state: shareParams(model.state as MlpState) }
    : model

/**
 * Reads a model written by {@link toJson}; fails with `InvalidOption` when the
 * text is not a weft model, was written by a newer weft, names an unknown
 * estimator, names code that may not load here (an mljs adapter whose
 * module is not a bare package name, or not on `WEFT_ALLOW_MODULES`; see
 * `Mljs`), or has a field of the wrong type or size for its estimator. A
 * field's problem is an `InvalidOption` whose option is `"model file field"`,
 * value the field's path and reason why: `invalid model file field
 * "state.intercept": expected a finite number, got "x"`.
 *
 * @since 0.1.0
 * @category encoding
 */
export const fromJson = (text: string): Effect.Effect<FittedModel, InvalidOption> =>
  Effect.gen(function* () {
    const invalid = (reason: string, value: unknown = text.slice(0, 40)) => new InvalidOption({ option: "model file", value, reason })
    // A field's problem: `invalid model file field "state.coef[0]": expected a finite number, got null`.
    const field = (problem: FieldProblem) =>
      problem.path === "" ? invalid(problem.message) : new InvalidOption({ option: "model file field", value: problem.path, reason: problem.message })
    const parsed: unknown = yield* Effect.try({
      try: () => JSON.parse(text),
      catch: (e) => invalid(`not JSON: ${(e as Error).message}`, text.slice(0, 40))
    })
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      return yield* Effect.fail(invalid(`expected a weft model (a JSON object with format "${FORMAT}"), got ${shown(parsed)}`))
    }
    const format = (parsed as { format?: unknown }).format
    const version = typeof format === "string" ? /^weft-model\/([1-9][0-9]{0,8})$/.exec(format) : null
    if (version === null) return yield* Effect.fail(invalid(`not a ${FORMAT} model (format: ${shown(format)})`))
    if (Number(version[1]) > FORMAT_VERSION) {
      return yield* Effect.fail(
        invalid(`this model file was written by a newer weft (format ${version[1]}); this version reads up to format ${FORMAT_VERSION}`, format)
      )
    }
    const name = (parsed as { estimator?: unknown }).estimator
    // The estimator a pipeline ends with is the one that may name code.
    const innermost = (n: string): string => (isPipeline(n) ? innermost(pipelineSpecOf(n).final[1]) : n)
    // Only the errors these checks throw on purpose are failures; anything else is a bug, a defect.
    const named = yield* Validate.attempt(() => (typeof name === "string" ? innermost(name) : ""), "InvalidOption")
    if (isModuleEstimator(named)) {
      return yield* Effect.fail(new InvalidOption({
        option: "estimator module",
        value: clipped(named),
        reason: "the model names an estimator of your own by its module's URL, and a model file may not choose code to load; rebuild the FittedModel in your code (estimator: Estimators.fromModule(...).name)"
      }))
    }
    const estimator = yield* Validate.attempt(() => getEstimator(typeof name === "string" ? name : ""), "InvalidOption").pipe(
      Effect.mapError((e) => (typeof name === "string" ? e : field({ path: "estimator", message: `expected a string, got ${shown(name)}` })))
    )
    yield* Either.match(decodeEnvelope(parsed), { onLeft: (e) => Effect.fail(field(e)), onRight: Effect.succeed })
    const module = moduleOf(named)
    if (module !== undefined) {
      const refused = refusal(module)
      if (refused !== undefined) return yield* Effect.fail(new InvalidOption({ option: "estimator module", value: clipped(module), reason: `the model names code that may not load: ${refused}` }))
    }
    const model = yield* Either.match(decodeModel(estimator.name, module !== undefined, parsed), {
      onLeft: (e) => Effect.fail(field(e)),
      onRight: Effect.succeed
    })
    yield* Validate.attempt(() => estimator.params(model.params), "InvalidOption").pipe(
      Effect.mapError((e) => field({ path: "params", message: e.message }))
    )
    const { format: _format, ...rest } = model
    return { ...rest, estimator: estimator.name } as FittedModel
  })
