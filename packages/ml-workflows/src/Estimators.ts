/**
 * What may stand where an estimator goes (`crossValidate`, `gridSearch`,
 * `randomSearch`, the Promise API), typed together with its parameters, so
 * that a misspelt name or parameter is a compile error:
 *
 * - a built-in name (`"ridge"`), whose parameters are {@link EstimatorParams};
 * - a reference ({@link EstimatorRef}): an estimator of your own from a module
 *   ({@link fromModule}), a pipeline (`Pipeline.make`), an mljs adapter
 *   ({@link fromMljs});
 * - a built-in estimator object (`Linear.Ridge`).
 *
 * Every one of them comes down to a name, a string that crosses to the
 * workers, which find the estimator by it (importing a module when it names
 * one). A `string` that is not a literal (read from a command line or a JSON
 * file) is accepted too and checked at run time, as is {@link parse}'s result:
 * an unknown name or parameter fails with `InvalidOption`, listing the known
 * ones.
 *
 * @example
 * yield* CrossValidation.crossValidate({ estimator: "logistic", params: { C: 0.5 }, X, y })
 * // @ts-expect-error: "c" is not a parameter of logistic (it is "C")
 * yield* CrossValidation.crossValidate({ estimator: "logistic", params: { c: 0.5 }, X, y })
 * @since 0.2.0
 */
import { InvalidOption } from "@weft/core/Errors"
import type { Estimator } from "./Estimator.js"
import type { LinearRegressionParams, RidgeParams } from "./models/Linear.js"
import type { LogisticParams } from "./models/Logistic.js"
import { estimatorName as mljsName, type MljsSpec } from "./models/Mljs.js"
import type { MlpParams } from "./models/Mlp.js"
import { estimatorName as moduleName, isModuleEstimator, specOf } from "./models/Module.js"
import { estimators, getEstimator, type EstimatorName } from "./models/Registry.js"
import type { Distribution } from "./ParameterGrid.js"

/**
 * The parameters of each built-in estimator, complete.
 *
 * @since 0.2.0
 * @category models
 */
export interface EstimatorParamsMap {
  readonly linear: LinearRegressionParams
  readonly ridge: RidgeParams
  readonly logistic: LogisticParams
  readonly "mlp-regressor": MlpParams
  readonly "mlp-classifier": MlpParams
}

/**
 * The parameters a built-in estimator takes, each optional (a missing one
 * takes its default): `EstimatorParams<"ridge">` is
 * `{ alpha?: number; fitIntercept?: boolean }`.
 *
 * @since 0.2.0
 * @category models
 */
export type EstimatorParams<N extends EstimatorName> = Partial<EstimatorParamsMap[N]>

/**
 * An estimator by reference: its `name` is what crosses to the workers; `P`
 * (its parameters, complete) exists for the compiler only.
 *
 * @since 0.2.0
 * @category models
 */
export interface EstimatorRef<P extends object = Record<string, unknown>> {
  readonly _tag: "EstimatorRef"
  readonly name: string
  /** Phantom: the parameters' type. */
  readonly _P?: ((_: P) => P) | undefined
}

/**
 * Anything that may stand where an estimator goes.
 *
 * @since 0.2.0
 * @category models
 */
export type EstimatorInput = string | EstimatorRef<any> | Estimator<any, any>

/**
 * `E` when it may stand where an estimator goes: a built-in name, a
 * reference, an estimator object, or a `string` known only at run time; a
 * string literal that names no built-in estimator becomes the list of the
 * names, so the compiler says which ones exist.
 *
 * @since 0.2.0
 * @category models
 */
export type Checked<E> = E extends EstimatorRef<any> | Estimator<any, any>
  ? E
  : E extends EstimatorName
    ? E
    : string extends E
      ? E
      : EstimatorName

/**
 * The parameters `E` takes, each optional; any record for a `string` known
 * only at run time.
 *
 * @since 0.2.0
 * @category models
 */
export type ParamsOf<E> = E extends EstimatorName
  ? EstimatorParams<E>
  : E extends EstimatorRef<infer P>
    ? Partial<P>
    : E extends Estimator<infer P, any>
      ? Partial<P>
      : Readonly<Record<string, unknown>>

/**
 * A grid over `E`'s parameters: a list of values for each of some of them.
 *
 * @since 0.2.0
 * @category models
 */
export type GridOf<E> = string extends keyof ParamsOf<E>
  ? Readonly<Record<string, ReadonlyArray<unknown>>>
  : { readonly [K in keyof ParamsOf<E>]?: ReadonlyArray<Exclude<ParamsOf<E>[K], undefined>> }

/**
 * What a random search draws each of some of `E`'s parameters from: a list,
 * or (for a number) a continuous or integer law.
 *
 * @since 0.2.0
 * @category models
 */
export type DistributionsOf<E> = string extends keyof ParamsOf<E>
  ? Readonly<Record<string, Distribution>>
  : {
      readonly [K in keyof ParamsOf<E>]?: Exclude<ParamsOf<E>[K], undefined> extends number
        ? Distribution
        : ReadonlyArray<Exclude<ParamsOf<E>[K], undefined>>
    }

/**
 * An estimator of your own: export `exportName` of the ES module at `url` (a
 * `file:` URL, as `new URL("./myModel.js", import.meta.url)`, or an absolute
 * path), which every worker imports. The export follows the `Estimator`
 * contract; `P` types its parameters. Refused on a cluster (`--redis`): a
 * queue carries no code (see SECURITY.md).
 *
 * @example
 * const nearest = Estimators.fromModule<{ shrink: number }>(new URL("./nearestCentroid.js", import.meta.url), "NearestCentroid")
 * yield* CrossValidation.crossValidate({ estimator: nearest, params: { shrink: 0 }, X, y, cv: { kind: "stratified" } })
 * @since 0.2.0
 * @category constructors
 */
export const fromModule = <P extends object = Record<string, unknown>>(url: URL | string, exportName: string): EstimatorRef<P> => ({
  _tag: "EstimatorRef",
  name: moduleName(url, exportName)
})

/**
 * An mljs estimator class as a reference (see `Mljs.estimatorName`), its
 * parameters typed by its `defaults`.
 *
 * @since 0.2.0
 * @category constructors
 */
export const fromMljs = <const D extends Readonly<Record<string, unknown>> = Record<string, unknown>>(
  spec: MljsSpec & { readonly defaults?: D | undefined }
): EstimatorRef<{ -readonly [K in keyof D]: D[K] extends number ? number : D[K] extends boolean ? boolean : D[K] extends string ? string : D[K] }> => ({
  _tag: "EstimatorRef",
  name: mljsName(spec)
})

/**
 * A name known only at run time (a command line, a JSON file), checked now:
 * a built-in, mljs, module or pipeline name gives its reference; anything
 * else throws `InvalidOption` listing the known names. With `params`, they
 * are checked too: an unknown one throws `InvalidOption` naming it and
 * listing the known ones. (A module estimator's parameters are checked when
 * its module is loaded, at the start of the run.)
 *
 * @example
 * const ridge = Estimators.parse(process.argv[2] ?? "ridge", { alpha: 0.5 })
 * @since 0.2.0
 * @category constructors
 */
export const parse = (name: string, params?: Readonly<Record<string, unknown>>): EstimatorRef => {
  if (typeof name !== "string") throw new InvalidOption({ option: "estimator", value: name, reason: "must be a string" })
  if (isModuleEstimator(name)) {
    const spec = specOf(name)
    return { _tag: "EstimatorRef", name: moduleName(spec.url, spec.export) }
  }
  const estimator = getEstimator(name)
  if (params !== undefined) estimator.params(params)
  return { _tag: "EstimatorRef", name }
}

/**
 * The name that crosses to the workers for any estimator input; an
 * estimator object must be a built-in one (an object of your own cannot
 * cross to a worker: name its module with {@link fromModule}).
 *
 * @example
 * Estimators.nameOf(Linear.Ridge) // "ridge"
 * @since 0.2.0
 * @category getters
 */
export const nameOf = (input: EstimatorInput): string => {
  if (typeof input === "string") return input
  if (input !== null && typeof input === "object") {
    if ((input as EstimatorRef)._tag === "EstimatorRef" && typeof input.name === "string") return input.name
    const builtin = (estimators as Record<string, Estimator<any, any> | undefined>)[(input as Estimator).name]
    if (builtin === input) return input.name
  }
  throw new InvalidOption({
    option: "estimator",
    value: typeof input === "object" && input !== null ? (input as { name?: unknown }).name : input,
    reason: "an estimator object of your own cannot cross to the workers: export it from a module and pass Estimators.fromModule(url, exportName)"
  })
}
