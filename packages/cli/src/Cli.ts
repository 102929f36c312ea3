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
import { bench } from "./commands/bench.js"
import { cluster, status } from "./commands/cluster.js"
import { cv } from "./commands/cv.js"
import { grid } from "./commands/grid.js"
import { info } from "./commands/info.js"
import { predict } from "./commands/predict.js"
import { worker } from "./commands/worker.js"
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from "./internal/errors.js"
import * as Help from "./internal/help.js"
import { stderr, stripAnsi } from "./internal/output.js"

const version = (createRequire(import.meta.url)("../package.json") as { version: string }).version

/**
 * The root command.
 *
 * @since 0.1.0
 * @category commands
 */
export const weft = Command.make("weft").pipe(
  Command.withDescription(
    HelpDoc.blocks([
      HelpDoc.p("Machine-learning batch work on every core: cross-validation, grid search, batch inference and a scalability benchmark."),
      HelpDoc.p(
        "Every command takes --help; those that print a result take --json (one JSON document on stdout); --threads N sets this machine's pool " +
          "(bench takes a list; with --redis, each worker node sets its own). " +
          "Exit codes: 0 done, 1 data or run error, 2 usage error, 130 interrupted (Ctrl-C)."
      ),
      HelpDoc.h1("EXAMPLES"),
      HelpDoc.p("$ weft info"),
      HelpDoc.p("$ weft cv --data diabetes --model ridge --param alpha=1 --folds 5"),
      HelpDoc.p("$ weft grid --data iris --model logistic --grid C=0.1,1,10 --stratified --save model.json"),
      HelpDoc.p("$ weft predict --model model.json --data iris --out preds.csv"),
      HelpDoc.p("$ weft bench --quick --threads 1,2"),
      HelpDoc.p("$ weft worker --redis redis://queue-host:6379   # on each node of a cluster"),
      HelpDoc.p("$ weft grid --data diabetes --model ridge --grid alpha=0.1,1,10 --redis redis://queue-host:6379")
    ])
  ),
  Command.withSubcommands([info, cv, grid, predict, bench, worker, cluster])
)

const subcommands = [info, cv, grid, predict, bench, worker, cluster] as ReadonlyArray<Command.Command<string, any, any, any>>
const COMMANDS = new Map(subcommands.flatMap((command) => [...Command.getNames(command)].map((name) => [name, command] as const)))

/** The command tree, for the help pages. */
const tree: Help.Node = {
  name: "weft",
  command: weft,
  children: subcommands.map((command) => {
    const name = [...Command.getNames(command)][0]
    return { name, command, children: command === cluster ? [{ name: "status", command: status, children: [] }] : [] }
  })
}

/**
 * The help page `weft ... --help` asks for, or undefined: the pages are
 * rendered by internal/help.ts, not by @effect/cli (see there why).
 *
 * @since 0.2.0
 * @category help
 */
export const helpPage = (args: ReadonlyArray<string>): string | undefined => {
  const path = Help.helpPath(tree, args)
  return path === undefined ? undefined : Help.render(tree, path, version)
}

const config = { showBuiltIns: false, isCaseSensitive: true }
const BUILT_IN_FLAGS = ["--help", "-h", "--version", "--wizard", "--completions", "--log-level"]

/**
 * The first flag of `args` that `command` does not know. @effect/cli stops
 * reading options at an unknown flag and then reports the required ones after
 * it as missing, which would send the user looking in the wrong place.
 */
const unknownFlag = (command: Command.Command<string, any, any, any>, args: ReadonlyArray<string>): string | undefined => {
  const help = stripAnsi(HelpDoc.toAnsiText(Command.getHelp(command, CliConfig.make(config))))
  const known = new Set([...(help.match(/(?<![\w-])--?[a-zA-Z][\w-]*/g) ?? []), ...BUILT_IN_FLAGS])
  return args.map((arg) => arg.split("=")[0]).find((arg) => /^--?[a-zA-Z]/.test(arg) && !known.has(arg))
}

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
 * @category running
 */
export const run = (argv: ReadonlyArray<string>): Effect.Effect<number> =>
  Effect.gen(function* () {
    const page = helpPage(argv.slice(2))
    if (page !== undefined) {
      yield* Effect.sync(() => process.stdout.write(page))
      return EXIT_OK
    }
    const console = yield* cliConsole
    return yield* cli(argv).pipe(
      Effect.withConsole(console),
      Effect.as(EXIT_OK),
      Effect.catchAll((error) => {
        if (error._tag === "Reported") return Effect.succeed(error.code)
        if (ValidationError.isValidationError(error)) {
          const subcommand = COMMANDS.get(argv[2] ?? "")
          const command = subcommand === undefined ? "weft" : `weft ${argv[2]}`
          const unknown = subcommand === undefined ? undefined : unknownFlag(subcommand, argv.slice(3))
          const text = unknown === undefined ? errorText(error) : `unknown flag '${unknown}'`
          return Effect.as(stderr(`${command}: ${text} (see ${command} --help)`), EXIT_USAGE)
        }
        return Effect.as(stderr(`weft: ${String(error)}`), EXIT_FAILURE)
      })
    )
  }).pipe(Effect.provide(Layer.mergeAll(NodeContext.layer, CliConfig.layer(config))))
