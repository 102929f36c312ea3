/**
 * How the CLI fails: every error ends as one line on stderr and an exit code.
 * 2 is a usage error (a flag or a value the command cannot take), 1 a data
 * or run error (a file that cannot be read, a column that is not there, a fit
 * that failed), 130 an interrupt (Ctrl-C; see bin.ts).
 */
import { Cause, Data, Effect } from "effect"
import { stderr } from "./output.js"

/** Exit codes. */
export const EXIT_OK = 0
export const EXIT_FAILURE = 1
export const EXIT_USAGE = 2
export const EXIT_INTERRUPTED = 130

/** A flag or a value the command cannot take (exit 2). The message names the flag. */
export class UsageError extends Data.TaggedError("UsageError")<{ readonly message: string }> {}

/** Data that cannot be used (exit 1). The message names the file, the column or the row. */
export class DataError extends Data.TaggedError("DataError")<{ readonly message: string }> {}

/** An error already reported on stderr: the process should end with `code`. */
export class Reported extends Data.TaggedError("Reported")<{ readonly code: number }> {}

/**
 * A library option's error in the words of the command line (of `weft
 * worker` and `weft cluster status`): `invalid --redis …`, as the flag checks
 * say it, instead of the option's own name.
 */
export const inFlagWords = (message: string): string =>
  message
    .replace(/^invalid (redis|queue|threads) /, (_, option: string) => `invalid --${option} `)
    // `weft worker` has no --oversubscribe: a node takes at most 4 threads per core.
    .replace(/; set oversubscribe: true to allow it$/, "")

/**
 * The library's one-class errors in the words of the data: the class's name
 * instead of its index (`class "setosa"`), the file and the target column.
 */
export const namingClasses =
  (data: { readonly source: string; readonly targetName: string }, classes: ReadonlyArray<string> | undefined) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E | DataError, R> =>
    classes === undefined
      ? effect
      : Effect.mapError(effect, (error): E | DataError => {
          const e = error as { _tag?: unknown; option?: unknown; value?: unknown; message?: unknown }
          if (e._tag !== "InvalidOption" || typeof e.message !== "string") return error
          if (e.option === "y" && typeof e.value === "number" && e.message.includes("one class")) {
            return new DataError({
              message: `${data.source}: every row of the target "${data.targetName}" is of class ${JSON.stringify(classes[e.value] ?? e.value)}, and a classifier needs at least 2 classes (as scikit-learn)`
            })
          }
          if (e.option === "cv" && /are all of class \d+/.test(e.message)) {
            const text = e.message.replace(/^invalid cv \d+: /, "").replace(/class (\d+)/, (_, k: string) => `class ${JSON.stringify(classes[Number(k)] ?? k)}`)
            return new DataError({ message: `${data.source}: ${text}` })
          }
          return error
        })

const DATA_TAGS = new Set(["InvalidOption", "EmptyInput", "NonFiniteValue", "ShapeMismatch"])
const RUN_TAGS = new Set(["NotInstalled", "TaskFailed", "WorkerCrashed", "TaskTimeout", "ExecutorUnavailable", "ResultMismatch", "WorkersLeftBehind", "ReportError"])

/**
 * The exit code and the one-line message for an error. The library's input
 * errors that reach this point passed the CLI's own flag checks, so they are
 * about the data (exit 1).
 */
export const describe = (error: unknown): { readonly code: number; readonly message: string; readonly stack?: string | undefined } => {
  const tag = typeof error === "object" && error !== null && "_tag" in error ? String((error as { _tag: unknown })._tag) : undefined
  const message = error instanceof Error ? error.message : String(error)
  if (tag === "UsageError") return { code: EXIT_USAGE, message }
  if (tag === "DataError" || (tag !== undefined && DATA_TAGS.has(tag))) return { code: EXIT_FAILURE, message }
  if (tag === "TaskFailed") {
    const e = error as { task: string; message: string; stack?: string }
    // The pool names a task "kernels.js#predictRange": the function's name says enough.
    return { code: EXIT_FAILURE, message: `${e.task.replace(/^.*#/, "")} failed: ${e.message}`, stack: e.stack }
  }
  if (tag !== undefined && RUN_TAGS.has(tag)) return { code: EXIT_FAILURE, message }
  return { code: EXIT_FAILURE, message: `internal error: ${message}`, stack: error instanceof Error ? error.stack : undefined }
}

const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, " ").trim()

/** Prints an error as `weft <command>: message` (and its stack with `verbose`) and fails with `Reported`. */
export const report = (command: string, verbose: boolean) => (error: unknown): Effect.Effect<never, Reported> =>
  Effect.gen(function* () {
    const { code, message, stack } = describe(error)
    yield* stderr(`weft ${command}: ${oneLine(message)}`)
    if (verbose && stack !== undefined) yield* stderr(stack)
    else if (code === EXIT_FAILURE && message.startsWith("internal error")) yield* stderr("(run with --verbose for the stack trace)")
    return yield* Effect.fail(new Reported({ code }))
  })

/**
 * Runs a command's body: failures and defects are reported and become
 * `Reported`; an interrupt stays an interrupt.
 */
export const reporting = <A, E, R>(command: string, verbose: boolean, body: Effect.Effect<A, E, R>): Effect.Effect<A, Reported, R> =>
  body.pipe(
    Effect.catchAllCause((cause) => {
      if (Cause.isInterruptedOnly(cause)) return Effect.failCause(cause as Cause.Cause<never>)
      const failure = Cause.failureOption(cause)
      if (failure._tag === "Some") return report(command, verbose)(failure.value)
      const defect = Cause.dieOption(cause)
      if (defect._tag === "Some") return report(command, verbose)(defect.value)
      return Effect.failCause(cause as Cause.Cause<never>)
    })
  )
