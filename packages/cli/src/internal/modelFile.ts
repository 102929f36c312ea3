/**
 * Saved models: the library's `weft-model/1` JSON, with the class names and
 * feature names of the data it was fitted on, so that `weft predict` can
 * pick the columns by name and print class labels.
 *
 * A model file is data, and data never chooses code: a file may name a
 * built-in estimator, one of the CLI's own ml-cart models exactly as `weft
 * grid --model cart` saves them, or an mljs adapter of a package the user
 * allowed with `--allow-module`; anything else is refused (exit 2) before
 * anything is imported. Every field is checked by the library's model Schema
 * (exit 1, naming the field).
 */
import { Mljs, Model } from "@weft/ml-workflows"
import { Effect } from "effect"
import { readFileSync, writeFileSync } from "node:fs"
import { restrictProcess } from "./allowModules.js"
import { DataError, UsageError } from "./errors.js"
import { displayName } from "./models.js"

/** Writes `model` to `path`. */
export const save = (path: string, model: Model.FittedModel): Effect.Effect<void, DataError> =>
  Effect.try({
    try: () => writeFileSync(path, `${Model.toJson(model)}\n`),
    catch: (e) => new DataError({ message: `cannot write ${path}: ${(e as Error).message}` })
  })

/**
 * Why the model file's estimator may not run here, if it names code: not a
 * built-in estimator, nor one of the CLI's ml-cart models, nor an mljs
 * adapter of a package in `allowed`.
 */
const refusal = (path: string, estimator: unknown, allowed: ReadonlyArray<string>): string | undefined => {
  if (typeof estimator !== "string" || !Mljs.isMljs(estimator) || displayName(estimator) !== estimator) return undefined
  let module: unknown
  try {
    module = Mljs.moduleOf(estimator)
  } catch {
    return undefined // not a readable spec: the model Schema says why
  }
  const shown = JSON.stringify(Mljs.clipped(module))
  const problem = Mljs.moduleProblem(module)
  if (problem !== undefined) return `${path}: the model names code to load, the module ${shown}, and ${problem}; a model file cannot choose code`
  if (allowed.includes(module as string)) return undefined
  return `${path}: the model needs the package ${module as string} (an mljs adapter) to predict, and a model file runs no package you did not allow; if you trust it, add --allow-module ${module as string}`
}

/**
 * Reads a model saved by `weft grid --save` (or `Model.toJson`): refuses
 * (UsageError, exit 2) a model that names code not allowed by `allowed` (see
 * above), and limits the process's threads to what the model may load.
 */
export const load = (path: string, allowed: ReadonlyArray<string> = []): Effect.Effect<Model.FittedModel, DataError | UsageError> =>
  Effect.gen(function* () {
    const text = yield* Effect.try({
      try: () => readFileSync(path, "utf8"),
      catch: (e) => {
        const code = (e as NodeJS.ErrnoException).code
        return new DataError({ message: `cannot read ${path}: ${code === "ENOENT" ? "no such file" : (e as Error).message}` })
      }
    })
    let estimator: unknown
    try {
      estimator = (JSON.parse(text) as { estimator?: unknown } | null)?.estimator
    } catch {
      estimator = undefined // not JSON: Model.fromJson says so
    }
    const refused = refusal(path, estimator, allowed)
    if (refused !== undefined) return yield* Effect.fail(new UsageError({ message: refused }))
    // The CLI's own ml-cart models load ml-cart; nothing else but what the user allowed.
    const module = typeof estimator === "string" && Mljs.isMljs(estimator) ? Mljs.moduleOf(estimator) : undefined
    restrictProcess(module === undefined ? allowed : [...allowed, module])
    return yield* Model.fromJson(text).pipe(
      Effect.mapError((e) =>
        e.option === "estimator module"
          ? new UsageError({ message: `${path}: ${e.reason}` })
          : new DataError({ message: `${path}: ${e.option === "model file field" ? `${String(e.value)}: ${e.reason}` : e.option === "model file" ? e.reason : e.message}` })
      )
    )
  })
