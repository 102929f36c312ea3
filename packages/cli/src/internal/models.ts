/**
 * The models the CLI knows by name: the library's built-in estimators, the
 * decision trees of ml-cart through the library's mljs adapter, and the
 * names that pick a regressor or a classifier from the target (`mlp`,
 * `cart`).
 */
import { Mljs, Models, type Estimator } from "@weft/ml-workflows"

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
export const names: ReadonlyArray<string> = [...Object.keys(Models.estimators), ...Object.keys(adapted), ...Object.keys(byTarget)]

/** The CLI name for a class target (`classes` true) or a numeric one. */
export const resolveName = (name: string, classes: boolean): string => {
  const pick = byTarget[name]
  return pick === undefined ? name : classes ? pick.classifier : pick.regressor
}

/** The library estimator of a CLI name (not `mlp` or `cart`: resolve those first). */
export const estimator = (name: string): Estimator<any, any> => Models.getEstimator(adapted[name] ?? name)

/** The parameters a CLI name takes, with their defaults (`mlp` and `cart` share theirs between both kinds). */
export const defaultsOf = (name: string): Readonly<Record<string, unknown>> => estimator(resolveName(name, false)).defaults

/** The CLI name of a library estimator name (as saved in a model file). */
export const displayName = (estimatorName: string): string =>
  Object.entries(adapted).find(([, full]) => full === estimatorName)?.[0] ?? estimatorName

/** The package a model needs beyond weft's own, if any. */
export const requiredPackage = (name: string): string | undefined => (name.startsWith("cart") ? "ml-cart" : undefined)
