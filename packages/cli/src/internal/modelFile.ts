/**
 * Saved models: the library's `weft-model/1` JSON, with the class names and
 * feature names of the data it was fitted on, so that `weft predict` can
 * pick the columns by name and print class labels.
 */
import { Model } from "@weft/ml-workflows"
import { Effect } from "effect"
import { readFileSync, writeFileSync } from "node:fs"
import { DataError } from "./errors.js"

/** Writes `model` to `path`. */
export const save = (path: string, model: Model.FittedModel): Effect.Effect<void, DataError> =>
  Effect.try({
    try: () => writeFileSync(path, `${Model.toJson(model)}\n`),
    catch: (e) => new DataError({ message: `cannot write ${path}: ${(e as Error).message}` })
  })

/** Reads a model saved by `weft grid --save` (or `Model.toJson`). */
export const load = (path: string): Effect.Effect<Model.FittedModel, DataError> =>
  Effect.gen(function* () {
    const text = yield* Effect.try({
      try: () => readFileSync(path, "utf8"),
      catch: (e) => {
        const code = (e as NodeJS.ErrnoException).code
        return new DataError({ message: `cannot read ${path}: ${code === "ENOENT" ? "no such file" : (e as Error).message}` })
      }
    })
    return yield* Model.fromJson(text).pipe(Effect.mapError((e) => new DataError({ message: `${path}: ${e.message}` })))
  })
