/**
 * `--allow-module PACKAGE`: the installed packages a command may let an
 * estimator import (the mljs adapter). Code never comes from data: a model
 * file or a job names a package, and only a package the user or operator
 * allowed here loads. Repeatable, or comma-separated; each must be a bare
 * package name (no URL, path, sub-path or Node built-in).
 */
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as ValidationError from "@effect/cli/ValidationError"
import { Mljs } from "@weft/ml-workflows"
import { Effect } from "effect"

/** The `--allow-module` flag, described for its command. */
export const flag = (description: string) =>
  Options.text("allow-module").pipe(
    Options.withPseudoName("PACKAGE"),
    Options.repeated,
    Options.mapEffect((values) =>
      Effect.forEach(
        values.flatMap((v) => v.split(",")).map((v) => v.trim()).filter((v) => v.length > 0),
        (name) => {
          const problem = Mljs.moduleProblem(name)
          return problem === undefined
            ? Effect.succeed(name)
            : Effect.fail(ValidationError.invalidValue(HelpDoc.p(`invalid --allow-module '${name}': ${problem}`)))
        }
      )
    ),
    Options.withDescription(description)
  )

/**
 * Limits the packages this process and the worker threads it starts from now
 * on may import to `allowed` (through `WEFT_ALLOW_MODULES`, which the mljs
 * adapter reads on each thread): a second check, on every thread, of what the
 * command allowed. A CLI process runs one command, so the whole process is
 * its to limit.
 */
export const restrictProcess = (allowed: ReadonlyArray<string>): void => {
  process.env.WEFT_ALLOW_MODULES = [...new Set(allowed)].join(",")
}
