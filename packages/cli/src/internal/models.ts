/**
 * The models the CLI knows by name: the library's built-in estimators, the
 * decision trees of ml-cart through the library's mljs adapter, and the
 * names that pick a regressor or a classifier from the target (`mlp`,
 * `cart`).
 */
import { Mljs, Registry, type Estimator } from "@weft/ml-workflows"

/** Options of the ml-cart trees the CLI exposes, with its defaults (ml-cart's own maxDepth is Infinity, which JSON cannot carry). */
const CART_DEFAULTS = { maxDepth: 100, minNumSamples: 3 }

const cart = (kind: "regressor" | "classifier"): string =>
  Mljs.estimatorName({
    module: "ml-cart",
    export: kind === "regressor" ? "DecisionTreeRegression" : "DecisionTreeClassifier",
    kind,
    defaults: CART_DEFAULTS
  })

/** CLI names of the mljs-adapted models, with the library estimator name of each. */
const adapted: Readonly<Record<string, string>> = {
  "cart-regressor": cart("regressor"),
  "cart-classifier": cart("classifier")
}

/** Names that choose between a regressor and a classifier from the target. */
const byTarget: Readonly<Record<string, { readonly regressor: string; readonly classifier: string }>> = {
  mlp: { regressor: "mlp-regressor", classifier: "mlp-classifier" },
  cart: { regressor: "cart-regressor", classifier: "cart-classifier" }
}

/** Every name `--model` takes. */
export const names: ReadonlyArray<string> = [...Object.keys(Registry.estimators), ...Object.keys(adapted), ...Object.keys(byTarget)]

/** The CLI name for a class target (`classes` true) or a numeric one. */
export const resolveName = (name: string, classes: boolean): string => {
  const pick = byTarget[name]
  return pick === undefined ? name : classes ? pick.classifier : pick.regressor
}

/** The library estimator of a CLI name (not `mlp` or `cart`: resolve those first). */
export const estimator = (name: string): Estimator<any, any> => Registry.getEstimator(adapted[name] ?? name)

/** The parameters a CLI name takes, with their defaults (`mlp` and `cart` share theirs between both kinds). */
export const defaultsOf = (name: string): Readonly<Record<string, unknown>> => estimator(resolveName(name, false)).defaults

const PIPELINE = "pipeline:"

/** The steps of a pipeline's name (`pipeline:` then its steps as JSON), transformers first, or undefined for another name. */
const pipelineSteps = (estimatorName: string): ReadonlyArray<string> | undefined => {
  if (!estimatorName.startsWith(PIPELINE)) return undefined
  try {
    const spec = JSON.parse(estimatorName.slice(PIPELINE.length)) as { steps: ReadonlyArray<[string, string]>; final: [string, string] }
    return [...spec.steps.map(([, kind]) => kind), spec.final[1]]
  } catch {
    return undefined
  }
}

/**
 * The CLI name of a library estimator name (as saved in a model file); a
 * pipeline (`weft grid --scale ... --save`) reads `pipeline(standard-scaler, ridge)`.
 */
export const displayName = (estimatorName: string): string => {
  const steps = pipelineSteps(estimatorName)
  if (steps !== undefined) return `pipeline(${steps.map(displayName).join(", ")})`
  return Object.entries(adapted).find(([, full]) => full === estimatorName)?.[0] ?? estimatorName
}

/** The package a model needs beyond weft's own, if any. */
export const requiredPackage = (name: string): string | undefined => (name.startsWith("cart") ? "ml-cart" : undefined)

const num = (value: unknown, fallback: number): number => (typeof value === "number" && Number.isFinite(value) ? value : fallback)

/**
 * A rough count of the floating-point operations of one fit of the CLI model
 * `name` (resolved) on `rows` × `features` with `classes` classes (0 for a
 * regressor), from its parameters; `Infinity` for a model it cannot size. It
 * only has to tell a job of milliseconds from one of seconds: it decides
 * whether a job is worth starting workers for (see pool.ts).
 */
export const fitFlops = (name: string, params: Readonly<Record<string, unknown>>, rows: number, features: number, classes: number): number => {
  const p = features + 1
  const outputs = Math.max(1, classes)
  switch (name) {
    case "linear":
    case "ridge":
      return rows * p * p + p * p * p
    case "logistic":
      // L-BFGS: each iteration evaluates the loss and gradient about twice.
      return num(params.maxIter, 100) * 2 * 4 * rows * p * outputs
    case "mlp-regressor":
    case "mlp-classifier": {
      const hidden = Array.isArray(params.hiddenLayers) ? params.hiddenLayers.map((h) => num(h, 32)) : [32]
      const layers = [features, ...hidden, outputs]
      let weights = 0
      for (let l = 0; l + 1 < layers.length; l++) weights += (layers[l] + 1) * layers[l + 1]
      // forward, backward and the update: about 6 operations per weight per row
      return num(params.epochs, 200) * rows * weights * 6
    }
    case "cart-regressor":
    case "cart-classifier": {
      const depth = Math.min(num(params.maxDepth, 100), Math.log2(Math.max(2, rows)))
      return 20 * rows * features * Math.log2(Math.max(2, rows)) * depth
    }
    default:
      return Number.POSITIVE_INFINITY
  }
}
