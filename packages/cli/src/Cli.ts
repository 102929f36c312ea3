/**
 * The `weft` command line: the root command, its subcommands, and `run`,
 * which parses the arguments, runs the command and gives the exit code.
 *
 * @since 0.1.0
 */
import * as CliConfig from "@effect/cli/CliConfig"
import * as Command from "@effect/cli/Command"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as ValidationError from "@effect/cli/ValidationError"
import * as NodeContext from "@effect/platform-node/NodeContext"
import { Console, Effect, Layer } from "effect"
import { createRequire } from "node:module"
import { cv } from "./commands/cv.js"
import { grid } from "./commands/grid.js"
import { info } from "./commands/info.js"
import { predict } from "./commands/predict.js"
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from "./internal/errors.js"
import { stderr, stripAnsi } from "./internal/output.js"

const version = (createRequire(import.meta.url)("../package.json") as { version: string }).version

/**
 * The root command.
 *
 * @since 0.1.0
 */
export const weft = Command.make("weft").pipe(
  Command.withDescription(
    HelpDoc.blocks([
      HelpDoc.p("Machine-learning batch work on every core: cross-validation, grid search, batch inference and a scalability benchmark."),
      HelpDoc.p("Every command takes --json (one JSON document on stdout), --threads N and --help. Exit codes: 0 done, 1 data or run error, 2 usage error, 130 interrupted.")
    ])
  ),
  Command.withSubcommands([info, cv, grid, predict])
)

const COMMANDS = ["info", "cv", "grid", "predict"]

const cli = Command.run(weft, { name: "weft", version })

/**
 * The console @effect/cli prints through: help on stdout without colour codes
 * unless stdout is a terminal; its error text is dropped, because `run`
 * reports parse errors itself, on one line.
 */
const cliConsole = Console.consoleWith((console) =>
  Effect.succeed<Console.Console>({
    ...console,
    log: (...args: ReadonlyArray<any>) =>
      Effect.sync(() => {
        const text = args.map(String).join(" ")
        process.stdout.write(`${process.stdout.isTTY === true ? text : stripAnsi(text)}\n`)
      }),
    error: () => Effect.void
  })
)

const errorText = (error: ValidationError.ValidationError): string => {
  const doc = "error" in error ? (error.error as HelpDoc.HelpDoc) : HelpDoc.empty
  return stripAnsi(HelpDoc.toAnsiText(doc)).replace(/\s*\n\s*/g, " ").trim()
}

/**
 * Runs the command line `argv` (as `process.argv`: node, script, arguments)
 * and succeeds with the exit code. An interrupt (Ctrl-C) is left to the caller.
 *
 * @example
 * const code = yield* Cli.run(process.argv)
 * @since 0.1.0
 */
export const run = (argv: ReadonlyArray<string>): Effect.Effect<number> =>
  Effect.gen(function* () {
    const console = yield* cliConsole
    return yield* cli(argv).pipe(
      Effect.withConsole(console),
      Effect.as(EXIT_OK),
      Effect.catchAll((error) => {
        if (error._tag === "Reported") return Effect.succeed(error.code)
        if (ValidationError.isValidationError(error)) {
          const command = COMMANDS.includes(argv[2] ?? "") ? `weft ${argv[2]}` : "weft"
          return Effect.as(stderr(`${command}: ${errorText(error)} (see ${command} --help)`), EXIT_USAGE)
        }
        return Effect.as(stderr(`weft: ${String(error)}`), EXIT_FAILURE)
      })
    )
  }).pipe(Effect.provide(Layer.mergeAll(NodeContext.layer, CliConfig.layer({ showBuiltIns: false, isCaseSensitive: true }))))
