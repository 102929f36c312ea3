/**
 * The estimator behind a pipeline name (see Pipeline.ts): transformers fitted
 * in turn on the training rows, each on the output of the one before, then
 * the final estimator fitted on the last output. It runs on any thread, so it
 * imports no Effect and finds the final estimator through the `resolve` it is
 * given (the registry), not by importing the registry, which imports it.
 *
 * A fold's training rows are copied once per transformer (gathered, then
 * transformed): the transform depends on the fold, so unlike the raw data it
 * cannot be shared between folds. That is the cost scikit-learn's pipelines
 * pay too, and it is O(rows × features), below any fit's.
 */
import { InvalidOption } from "@weft/core/Errors"
import { SharedMatrix } from "@weft/core/SharedMatrix"
import type { Estimator, FitInput } from "../Estimator.js"
import type { LinearStatistics } from "../models/Linear.js"
import { MinMaxScaler, outputColumns, StandardScaler, transformRows, type Transformer } from "../Transformers.js"

/** The prefix of a pipeline's estimator name. */
export const PREFIX = "pipeline:"

/** Between a step's name and its parameter's name in a pipeline parameter: `scaler.withMean`, `ridge.alpha`. */
export const SEPARATOR = "."

/** What a pipeline name holds: its transformers in order, then the final estimator. */
export interface PipelineSpec {
  readonly steps: ReadonlyArray<readonly [string, TransformerKindName]>
  readonly final: readonly [string, string]
}

/** The state of a fitted pipeline: each transformer's fitted state, in order, and the final model's. */
export interface PipelineState {
  readonly steps: ReadonlyArray<Transformer>
  readonly model: unknown
}

/** @internal */
export type TransformerKindName = "standard-scaler" | "minmax-scaler"

interface TransformerKind {
  readonly defaults: Readonly<Record<string, unknown>>
  /** Why `value` is no value of option `key`, or undefined. */
  readonly check: (key: string, value: unknown) => string | undefined
  readonly fit: (X: SharedMatrix, rows: Int32Array | undefined, options: Readonly<Record<string, unknown>>) => Transformer
}

const boolean = (_key: string, value: unknown) => (typeof value === "boolean" ? undefined : "must be true or false")

/** The transformers a pipeline may hold, by the name its estimator name carries. */
export const TRANSFORMERS: Readonly<Record<TransformerKindName, TransformerKind>> = {
  "standard-scaler": {
    defaults: { withMean: true, withStd: true },
    check: boolean,
    fit: (X, rows, o) => StandardScaler.fit(X, { withMean: o.withMean as boolean, withStd: o.withStd as boolean, rows })
  },
  "minmax-scaler": {
    defaults: { featureRange: [0, 1], clip: false },
    check: (key, value) =>
      key === "clip"
        ? boolean(key, value)
        : Array.isArray(value) && value.length === 2 && value.every(Number.isFinite) && value[0] < value[1]
          ? undefined
          : "must be [lo, hi] with finite lo < hi",
    fit: (X, rows, o) => MinMaxScaler.fit(X, { featureRange: o.featureRange as [number, number], clip: o.clip as boolean, rows })
  }
}

/** The kind name of a transformer given to `Pipeline.make` (the Transformers object or its name), or undefined. */
export const transformerKind = (step: unknown): TransformerKindName | undefined =>
  step === StandardScaler || step === "standard-scaler"
    ? "standard-scaler"
    : step === MinMaxScaler || step === "minmax-scaler"
      ? "minmax-scaler"
      : undefined

export const isPipeline = (name: string): boolean => name.startsWith(PREFIX)

/** A step's name: a letter, then letters, digits, `_` or `-` (no separator, so that parameter names split one way). */
export const STEP_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/

/** The spec a pipeline name holds; throws `InvalidOption` for a malformed one. */
export const specOf = (name: string): PipelineSpec => {
  const invalid = (why: string) => new InvalidOption({ option: "estimator", value: name.length > 120 ? `${name.slice(0, 117)}...` : name, reason: `not a valid pipeline: ${why}` })
  let spec: { steps?: unknown; final?: unknown }
  try {
    spec = JSON.parse(name.slice(PREFIX.length)) as typeof spec
  } catch (e) {
    throw invalid((e as Error).message)
  }
  if (spec === null || typeof spec !== "object" || !Array.isArray(spec.steps) || !Array.isArray(spec.final) || spec.final.length !== 2) {
    throw invalid("needs steps and final")
  }
  const seen = new Set<string>()
  for (const step of [...spec.steps, spec.final] as Array<unknown>) {
    if (!Array.isArray(step) || step.length !== 2 || typeof step[0] !== "string" || typeof step[1] !== "string") throw invalid("each step is [name, kind]")
    if (!STEP_NAME.test(step[0])) throw invalid(`step name ${JSON.stringify(step[0])} must be a letter followed by letters, digits, _ or -`)
    if (seen.has(step[0])) throw invalid(`two steps are named ${step[0]}`)
    seen.add(step[0])
  }
  for (const [, kind] of spec.steps as Array<[string, string]>) {
    if (!Object.prototype.hasOwnProperty.call(TRANSFORMERS, kind)) throw invalid(`unknown transformer ${kind}; known: ${Object.keys(TRANSFORMERS).join(", ")}`)
  }
  return { steps: spec.steps as PipelineSpec["steps"], final: spec.final as unknown as readonly [string, string] }
}

/** The name of the pipeline of `spec`. */
export const nameOf = (spec: PipelineSpec): string => PREFIX + JSON.stringify({ steps: spec.steps, final: spec.final })

/** Rows `rows` of X (all rows when absent) through `state`, into a new matrix. */
const transformed = (state: Transformer, X: SharedMatrix, rows: Int32Array | undefined): SharedMatrix => {
  let input = X
  if (rows !== undefined) {
    const c = X.columns
    input = SharedMatrix.zeros(rows.length, c)
    const src = X.data
    const dst = input.data
    for (let k = 0; k < rows.length; k++) dst.set(src.subarray(rows[k] * c, rows[k] * c + c), k * c)
  }
  const out = SharedMatrix.zeros(input.rows, outputColumns(state))
  transformRows(state, input, 0, input.rows, out, 0)
  return out
}

/**
 * The estimator of pipeline `name`; its final estimator comes from `resolve`.
 * Its parameters are `<step>.<parameter>` (`scaler.withMean`, `ridge.alpha`),
 * completed with each step's defaults; its state is a {@link PipelineState}.
 *
 * A fold's transform changes the data the final estimator sees, so in
 * general searches fit every (candidate, fold) pair. One pipeline is an
 * exception, {@link scaledLinear}: a standard scaler then `linear` or
 * `ridge` reuses the shared statistics of a bare ridge.
 */
export const pipelineEstimator = (name: string, resolve: (name: string) => Estimator<any, any>): Estimator<Record<string, unknown>, PipelineState> => {
  const spec = specOf(name)
  const [finalName, finalEstimator] = spec.final
  const final = resolve(finalEstimator)
  const transformers = spec.steps.map(([step, kind]) => [step, TRANSFORMERS[kind]] as const)
  const defaults: Record<string, unknown> = {}
  for (const [step, kind] of transformers) for (const [k, v] of Object.entries(kind.defaults)) defaults[step + SEPARATOR + k] = v
  for (const [k, v] of Object.entries(final.defaults)) defaults[finalName + SEPARATOR + k] = v
  const known = Object.keys(defaults)
  const stepNames = [...transformers.map(([step]) => step), finalName]

  const params = (input: Readonly<Record<string, unknown>>): Record<string, unknown> => {
    if (input === null || typeof input !== "object" || Array.isArray(input)) {
      throw new InvalidOption({ option: "pipeline params", value: input, reason: "must be an object" })
    }
    const perStep = new Map<string, Record<string, unknown>>(stepNames.map((s) => [s, {}]))
    for (const [key, value] of Object.entries(input)) {
      const dot = key.indexOf(SEPARATOR)
      const own = dot < 0 ? undefined : perStep.get(key.slice(0, dot))
      const param = key.slice(dot + 1)
      const kind = transformers.find(([step]) => step === key.slice(0, dot))?.[1]
      if (own === undefined || (kind !== undefined && !Object.prototype.hasOwnProperty.call(kind.defaults, param))) {
        throw new InvalidOption({
          option: key,
          value,
          reason: `unknown parameter of the pipeline (parameters are <step>${SEPARATOR}<parameter>, steps ${stepNames.join(", ")}); known: ${known.join(", ")}`
        })
      }
      const problem = kind?.check(param, value)
      if (problem !== undefined) throw new InvalidOption({ option: key, value, reason: problem })
      own[param] = value
    }
    const out: Record<string, unknown> = {}
    for (const [step, kind] of transformers) {
      const given = perStep.get(step)!
      for (const [k, v] of Object.entries(kind.defaults)) out[step + SEPARATOR + k] = Object.prototype.hasOwnProperty.call(given, k) ? given[k] : v
    }
    let finalParams: Record<string, unknown>
    try {
      finalParams = final.params(perStep.get(finalName)!)
    } catch (e) {
      if (e instanceof InvalidOption) throw new InvalidOption({ option: finalName + SEPARATOR + e.option, value: e.value, reason: e.reason })
      throw e
    }
    for (const [k, v] of Object.entries(finalParams)) out[finalName + SEPARATOR + k] = v
    return out
  }

  const stepOptions = (p: Readonly<Record<string, unknown>>, step: string, kind: TransformerKind): Record<string, unknown> => {
    const o: Record<string, unknown> = {}
    for (const k of Object.keys(kind.defaults)) o[k] = p[step + SEPARATOR + k]
    return o
  }
  const finalOptions = (p: Readonly<Record<string, unknown>>): Record<string, unknown> => {
    const o: Record<string, unknown> = {}
    const prefix = finalName + SEPARATOR
    for (const [k, v] of Object.entries(p)) if (k.startsWith(prefix)) o[k.slice(prefix.length)] = v
    return o
  }

  /** Rows of X through every fitted transformer; X itself and `rows` when there is none. */
  const through = (steps: ReadonlyArray<Transformer>, X: SharedMatrix, rows: Int32Array | undefined): { X: SharedMatrix; rows: Int32Array | undefined } => {
    let out = X
    let at = rows
    for (const state of steps) {
      out = transformed(state, out, at)
      at = undefined
    }
    return { X: out, rows: at }
  }

  const estimator: Estimator<Record<string, unknown>, PipelineState> = {
    name,
    kind: final.kind,
    defaults,
    params,
    fit: (input: FitInput, given) => {
      // Completed here too: from JavaScript, `fit` may be given some parameters only.
      const p = params(given)
      let X = input.X
      let rows = input.rows
      const steps: Array<Transformer> = []
      for (const [step, kind] of transformers) {
        const state = kind.fit(X, rows, stepOptions(p, step, kind))
        X = transformed(state, X, rows)
        rows = undefined
        steps.push(state)
      }
      const y = transformers.length > 0 && input.rows !== undefined ? Float64Array.from(input.rows, (i) => input.y[i]) : input.y
      const model = final.fit({ X, y, rows, nClasses: input.nClasses, seed: input.seed }, final.params(finalOptions(p)))
      return { steps, model }
    },
    predict: (state, X, rows) => {
      const t = through(state.steps, X, rows)
      return final.predict(state.model, t.X, t.rows)
    }
  }
  if (isScaledLinear(spec) && final.sufficientStatistics !== undefined && final.fitFromStatistics !== undefined) {
    const [step] = transformers[0]
    const fitFinal = final.fitFromStatistics
    return {
      ...estimator,
      sufficientStatistics: final.sufficientStatistics,
      fitFromStatistics: (stats: LinearStatistics, given) => {
        const p = params(given)
        const { scaler, scaled } = scaledLinear(stats, p[step + SEPARATOR + "withMean"] as boolean, p[step + SEPARATOR + "withStd"] as boolean)
        return { steps: [scaler], model: fitFinal(scaled, final.params(finalOptions(p))) }
      }
    }
  }
  if (final.predictProba !== undefined) {
    const proba = final.predictProba
    return {
      ...estimator,
      predictProba: (state, X, rows) => {
        const t = through(state.steps, X, rows)
        return proba(state.model, t.X, t.rows)
      }
    }
  }
  return estimator
}

/** One standard scaler, then least squares or ridge: the pipeline whose fit the linear statistics carry. */
const isScaledLinear = (spec: PipelineSpec): boolean =>
  spec.steps.length === 1 && spec.steps[0][1] === "standard-scaler" && (spec.final[1] === "linear" || spec.final[1] === "ridge")

/**
 * The standard scaler and the linear statistics of the scaled rows, from the
 * linear statistics of the raw rows (Linear.ts: count, column means, centred
 * co-moments): the scaler's mean is the column mean and its variance the
 * diagonal of the co-moments over the count, through the scaler's own rule
 * for constant columns (`StandardScaler.fitFromStats`); scaling column j by
 * 1/d_j and shifting it scales the co-moments by 1/(d_j d_k) and moves the
 * means, exactly. So a search fits a scaled ridge from each fold's shared
 * statistics as it fits a bare ridge, equal to fitting the scaler and the
 * ridge on the fold's rows up to rounding (the tests compare both paths with
 * scikit-learn to 1e-10).
 */
export const scaledLinear = (
  stats: LinearStatistics,
  withMean: boolean,
  withStd: boolean
): { readonly scaler: StandardScaler; readonly scaled: LinearStatistics } => {
  const p = stats.columns
  const m2 = new Float64Array(p)
  for (let j = 0; j < p; j++) m2[j] = stats.xx[j * p + j]
  const scaler = StandardScaler.fitFromStats(
    {
      columns: p,
      count: new Float64Array(p).fill(stats.count),
      mean: Float64Array.from(stats.xMean),
      m2,
      min: new Float64Array(p).fill(Number.NaN),
      max: new Float64Array(p).fill(Number.NaN),
      nanCount: new Float64Array(p)
    },
    { withMean, withStd }
  )
  const d = new Float64Array(p)
  const xMean = new Float64Array(p)
  for (let j = 0; j < p; j++) {
    d[j] = withStd ? scaler.scale[j] : 1
    xMean[j] = (stats.xMean[j] - (withMean ? scaler.mean[j] : 0)) / d[j]
  }
  const xx = new Float64Array(p * p)
  const xy = new Float64Array(p)
  for (let j = 0; j < p; j++) {
    xy[j] = stats.xy[j] / d[j]
    for (let k = 0; k < p; k++) xx[j * p + k] = stats.xx[j * p + k] / (d[j] * d[k])
  }
  return { scaler, scaled: { ...stats, xMean, xx, xy } }
}
