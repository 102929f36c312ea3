/**
 * The Schema of a saved model, per estimator: a model file is data that a
 * user may have edited or received, so every field is checked (its type,
 * finite numbers, array lengths against the number of features, unique
 * names, known activations) before anything predicts with it, and an error
 * names the field (`state.intercept: expected a finite number, got "x"`).
 */
import { Either, ParseResult, Schema } from "effect"
import { mlpLayout } from "../models/Mlp.js"
import { isPipeline, specOf as pipelineSpecOf, type TransformerKindName } from "./pipeline.js"

/** How a value that did not fit reads in a message. */
export const shown = (u: unknown): string => {
  if (u === undefined) return "nothing"
  if (Array.isArray(u)) return `an array of ${u.length}`
  if (u !== null && typeof u === "object") return "an object"
  const text = JSON.stringify(u) ?? String(u)
  return text.length > 40 ? `${text.slice(0, 40)}...` : text
}

const declared = <A>(is: (u: unknown) => u is A, expected: string) =>
  Schema.declare(is, { message: (issue) => `expected ${expected}, got ${shown(issue.actual)}` })

const Finite = declared((u): u is number => typeof u === "number" && Number.isFinite(u), "a finite number")
const Count = declared((u): u is number => typeof u === "number" && Number.isInteger(u) && u >= 1, "a positive integer")
const Text = declared((u): u is string => typeof u === "string", "a string")

const arrayOf = <S extends Schema.Schema.Any>(item: S, what: string) =>
  Schema.Array(item).annotations({ message: (issue) => `expected an array of ${what}, got ${shown(issue.actual)}` })

/** Names (of features or classes): strings, none twice. */
const Names = arrayOf(Text, "strings").pipe(
  Schema.filter((names) => {
    const seen = new Map<string, number>()
    for (let j = 0; j < names.length; j++) {
      const first = seen.get(names[j])
      if (first !== undefined) return { path: [j], message: `${JSON.stringify(names[j])} is also name ${first}; names must be unique` }
      seen.set(names[j], j)
    }
    return undefined
  })
)

const Envelope = Schema.Struct({
  format: Text,
  estimator: Text,
  params: Schema.Record({ key: Schema.String, value: Schema.Unknown }).annotations({
    message: (issue) => `expected an object of parameters, got ${shown(issue.actual)}`
  }),
  state: Schema.Unknown,
  classes: Schema.optional(Names),
  featureNames: Schema.optional(Names)
})
type Envelope = typeof Envelope.Type

const LinearState = Schema.Struct({ coef: arrayOf(Finite, "finite numbers"), intercept: Finite })

const LogisticState = Schema.Struct({
  nClasses: Count,
  nFeatures: Count,
  classes: arrayOf(declared((u): u is number => typeof u === "number" && Number.isInteger(u) && u >= 0, "a class index"), "class indices"),
  coef: arrayOf(Finite, "finite numbers"),
  intercept: arrayOf(Finite, "finite numbers")
})

const MlpState = Schema.Struct({
  layerSizes: arrayOf(Count, "positive integers"),
  activation: declared((u): u is "relu" | "tanh" => u === "relu" || u === "tanh", `"relu" or "tanh"`),
  output: declared((u): u is "identity" | "softmax" => u === "identity" || u === "softmax", `"identity" or "softmax"`),
  params: arrayOf(Finite, "finite numbers")
})

/** An mljs model's state is its package's own JSON: the package's `load` reads it. */
const MljsState = Schema.Struct({ json: Schema.Unknown })

type Issue = { readonly path: ReadonlyArray<PropertyKey>; readonly message: string } | undefined

const length = (path: ReadonlyArray<PropertyKey>, actual: number, expected: number, why: string): Issue =>
  actual === expected ? undefined : { path, message: `expected ${expected} values (${why}), got ${actual}` }

const firstIssue = (...checks: Array<() => Issue>): Issue => {
  for (const check of checks) {
    const issue = check()
    if (issue !== undefined) return issue
  }
  return undefined
}

/** The number of features a model reads, when its file says (its feature names). */
const featuresOf = (model: Envelope): number | undefined => model.featureNames?.length

const linear = Schema.Struct({ ...Envelope.fields, state: LinearState }).pipe(
  Schema.filter((m) => {
    const p = featuresOf(m)
    return firstIssue(
      () => (m.state.coef.length === 0 ? { path: ["state", "coef"], message: "expected one coefficient per feature, got none" } : undefined),
      () => (p === undefined ? undefined : length(["state", "coef"], m.state.coef.length, p, `one per feature of featureNames`))
    )
  })
)

const logistic = Schema.Struct({ ...Envelope.fields, state: LogisticState }).pipe(
  Schema.filter((m) => {
    const s = m.state
    const p = featuresOf(m)
    const vectors = s.classes.length <= 1 ? 0 : s.classes.length === 2 ? 1 : s.classes.length
    return firstIssue(
      () => (p === undefined ? undefined : length(["state", "nFeatures"], s.nFeatures, p, "one per feature of featureNames")),
      () => (m.classes === undefined ? undefined : length(["classes"], m.classes.length, s.nClasses, "state.nClasses names")),
      () => (s.classes.length === 0 ? { path: ["state", "classes"], message: "expected at least one class index, got none" } : undefined),
      () => {
        for (let k = 0; k < s.classes.length; k++) {
          if (s.classes[k] >= s.nClasses || (k > 0 && s.classes[k] <= s.classes[k - 1])) {
            return { path: ["state", "classes", k], message: `expected class indices in ascending order, each below nClasses (${s.nClasses}), got ${s.classes[k]}` }
          }
        }
        return undefined
      },
      () => length(["state", "coef"], s.coef.length, vectors * s.nFeatures, `${vectors} coefficient vectors of nFeatures (${s.nFeatures})`),
      () => length(["state", "intercept"], s.intercept.length, vectors, `one per coefficient vector`)
    )
  })
)

const mlp = (output: "identity" | "softmax") =>
  Schema.Struct({ ...Envelope.fields, state: MlpState }).pipe(
    Schema.filter((m) => {
      const s = m.state
      const sizes = s.layerSizes
      const p = featuresOf(m)
      const outputs = sizes[sizes.length - 1]
      return firstIssue(
        () => (sizes.length < 2 ? { path: ["state", "layerSizes"], message: `expected at least 2 layer sizes (inputs, ..., outputs), got ${sizes.length}` } : undefined),
        () => (s.output === output ? undefined : { path: ["state", "output"], message: `expected "${output}" for ${m.estimator}, got "${s.output}"` }),
        () => (p === undefined ? undefined : length(["state", "layerSizes", 0], sizes[0], p, "one input per feature of featureNames")),
        () => (output === "identity" ? length(["state", "layerSizes", sizes.length - 1], outputs, 1, "a regressor has one output") : undefined),
        () =>
          output === "softmax" && m.classes !== undefined
            ? length(["classes"], m.classes.length, outputs, "one name per output of the network")
            : undefined,
        () => length(["state", "params"], s.params.length, mlpLayout(sizes).size, `the weights and biases of layers ${sizes.join("-")}`)
      )
    })
  )

const mljs = Schema.Struct({ ...Envelope.fields, state: MljsState })

const schemas: Readonly<Record<string, Schema.Schema<any, any>>> = {
  linear,
  ridge: linear,
  logistic,
  "mlp-regressor": mlp("identity"),
  "mlp-classifier": mlp("softmax")
}

const pathText = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>((text, key) => (typeof key === "number" ? `${text}[${key}]` : text === "" ? String(key) : `${text}.${String(key)}`), "")

/** A field of a model file that does not fit: its path (`state.coef[0]`; empty for the whole file) and why. */
export interface FieldProblem {
  readonly path: string
  readonly message: string
}

const decodeWith = <A>(schema: Schema.Schema<A, any>, value: unknown): Either.Either<A, FieldProblem> =>
  Either.mapLeft(Schema.decodeUnknownEither(schema, { errors: "first", onExcessProperty: "ignore" })(value), (error) => {
    const [issue] = ParseResult.ArrayFormatter.formatErrorSync(error)
    return issue === undefined ? { path: "", message: "does not match the model Schema" } : { path: pathText(issue.path), message: issue.message }
  })

/** The envelope every model file has (format, estimator, params, names), or the first problem, naming its field. */
export const decodeEnvelope = (value: unknown): Either.Either<Envelope, FieldProblem> => decodeWith(Envelope, value)

const Flag = declared((u): u is boolean => typeof u === "boolean", "true or false")
const Numbers = arrayOf(Finite, "finite numbers")

/** All arrays of `keys` as long as the first. */
const sameLengths = <A extends Record<string, unknown>>(keys: ReadonlyArray<keyof A & string>) => (s: A): Issue => {
  const n = (s[keys[0]] as ReadonlyArray<number>).length
  for (const k of keys) {
    const issue = length([k], (s[k] as ReadonlyArray<number>).length, n, `one per column, as ${keys[0]}`)
    if (issue !== undefined) return issue
  }
  return n === 0 ? { path: [keys[0]], message: "expected one value per column, got none" } : undefined
}

/** The state of each transformer a pipeline may hold (see internal/pipeline.ts). */
const transformerStates: Readonly<Record<TransformerKindName, Schema.Schema<any, any>>> = {
  "standard-scaler": Schema.Struct({
    _tag: Schema.Literal("StandardScaler"),
    mean: Numbers,
    variance: Numbers,
    scale: arrayOf(declared((u): u is number => typeof u === "number" && Number.isFinite(u) && u > 0, "a positive finite number"), "positive finite numbers"),
    withMean: Flag,
    withStd: Flag
  }).pipe(Schema.filter(sameLengths(["mean", "variance", "scale"]))),
  "minmax-scaler": Schema.Struct({
    _tag: Schema.Literal("MinMaxScaler"),
    featureRange: Schema.Tuple(Finite, Finite),
    dataMin: Numbers,
    dataMax: Numbers,
    scale: Numbers,
    min: Numbers,
    clip: Flag
  }).pipe(Schema.filter(sameLengths(["scale", "min", "dataMin", "dataMax"])))
}

const PipelineState = Schema.Struct({ steps: Schema.Array(Schema.Unknown), model: Schema.Unknown })

const within = (prefix: string, problem: FieldProblem): FieldProblem => ({
  path: problem.path === "" ? prefix : `${prefix}${problem.path.startsWith("[") ? "" : "."}${problem.path}`,
  message: problem.message
})

/**
 * A pipeline's model: the envelope, each transformer's state against its
 * kind's Schema (`state.steps[0].scale[2]: expected a positive finite
 * number...`), and the final model's state against its estimator's Schema
 * (`state.model.coef: ...`), or the first problem, naming its field.
 */
const decodePipeline = (estimator: string, finalIsMljs: boolean, value: unknown): Either.Either<Envelope, FieldProblem> =>
  Either.gen(function* () {
    const spec = pipelineSpecOf(estimator)
    const envelope = yield* decodeWith(Schema.Struct({ ...Envelope.fields, state: PipelineState }), value)
    const steps = envelope.state.steps
    const expected = length(["state", "steps"], steps.length, spec.steps.length, `one state per transformer of ${spec.steps.map(([n]) => n).join(", ") || "none"}`)
    if (expected !== undefined) return yield* Either.left({ path: pathText(expected.path), message: expected.message })
    for (const [i, [, kind]] of spec.steps.entries()) {
      yield* Either.mapLeft(decodeWith(transformerStates[kind], steps[i]), (p) => within(`state.steps[${i}]`, p))
    }
    const [, final] = spec.final
    const model = { ...envelope, estimator: final, params: {}, state: envelope.state.model }
    yield* Either.mapLeft(decodeModel(final, finalIsMljs, model), (p) =>
      p.path === "state" || p.path.startsWith("state.") || p.path.startsWith("state[") ? within("state.model", { ...p, path: p.path.slice("state".length).replace(/^\./, "") }) : p
    )
    return envelope as Envelope
  })

/**
 * The model with its estimator's state checked (`mljs` is an mljs adapter,
 * or a pipeline ending in one: its state is its package's JSON), or the
 * first problem, naming its field.
 */
export const decodeModel = (estimator: string, mljsAdapter: boolean, value: unknown): Either.Either<Envelope, FieldProblem> =>
  isPipeline(estimator) ? decodePipeline(estimator, mljsAdapter, value) : decodeWith(mljsAdapter ? mljs : (schemas[estimator] ?? Envelope), value)
