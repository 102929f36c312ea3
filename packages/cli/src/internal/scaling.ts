/**
 * `--scale standard|minmax`: a scaler fitted inside each fold, on the fold's
 * training rows only, then the model, as scikit-learn's
 * `make_pipeline(StandardScaler(), Ridge())` (the test rows never leak into
 * the scaling). The model runs as the final step of a library pipeline
 * (`Pipeline.make`) whose steps are named `scaler` and `model`; the command
 * line keeps the model's own parameter names (`alpha`, not `model.alpha`),
 * and this module adds the step's prefix on the way in and removes it on the
 * way out. The scaler keeps scikit-learn's defaults (centred and scaled to
 * unit variance; or to [0, 1]).
 *
 * A standard scaler before `linear` or `ridge` keeps the shared-statistics
 * path of a bare ridge search (the scaler's mean and variance are in a
 * fold's statistics), so `--scale standard` costs a ridge grid almost
 * nothing.
 */
import { Pipeline, type Estimator } from "@weft/ml-workflows"
import { Option } from "effect"

/** The scalers `--scale` names. */
export const SCALES = ["standard", "minmax"] as const

/** A scaler `--scale` names. */
export type Scale = (typeof SCALES)[number]

const TRANSFORMER: Readonly<Record<Scale, "standard-scaler" | "minmax-scaler">> = {
  standard: "standard-scaler",
  minmax: "minmax-scaler"
}

/** The model's step in the pipeline: its parameters are `model.<name>`. */
const MODEL_STEP = "model"
const PREFIX = MODEL_STEP + Pipeline.SEPARATOR

/** What a command fits, with or without a scaler in front of the model. */
export interface Scaling {
  /** The estimator the library runs: the model's name, or the pipeline's. */
  readonly estimator: string
  /** The scaler, if any (for reports). */
  readonly scale: Scale | undefined
  /** The model's parameters as the library takes them (prefixed with the model's step in a pipeline). */
  readonly toLibrary: (params: Readonly<Record<string, unknown>>) => Record<string, unknown>
  /** The library's parameters as the command line names them: the model's own, without the scaler's. */
  readonly fromLibrary: (params: Readonly<Record<string, unknown>>) => Record<string, unknown>
}

const unchanged: Omit<Scaling, "estimator"> = {
  scale: undefined,
  toLibrary: (params) => ({ ...params }),
  fromLibrary: (params) => ({ ...params })
}

/** The estimator `model` runs as, under `--scale`. */
export const scaling = (model: Estimator<any, any>, scale: Option.Option<Scale>): Scaling => {
  if (Option.isNone(scale)) return { estimator: model.name, ...unchanged }
  const pipeline = Pipeline.make([
    ["scaler", TRANSFORMER[scale.value]],
    [MODEL_STEP, model]
  ])
  return {
    estimator: pipeline.name,
    scale: scale.value,
    toLibrary: (params) => Object.fromEntries(Object.entries(params).map(([k, v]) => [PREFIX + k, v])),
    fromLibrary: (params) =>
      Object.fromEntries(Object.entries(params).flatMap(([k, v]) => (k.startsWith(PREFIX) ? [[k.slice(PREFIX.length), v]] : [])))
  }
}
