/**
 * `weft worker`: a cluster node. It takes jobs from the queue at `--redis` and
 * runs each on its own local pool (`--threads`), `--concurrency` jobs at once,
 * until Ctrl-C. It serves the built-in workflows' tasks (those of `weft cv`
 * and `weft grid`), and nothing else: no code travels through the queue. An
 * estimator that imports a package (the mljs adapter: `--model cart` imports
 * ml-cart) runs only if the operator allowed the package with
 * `--allow-module` (or WEFT_ALLOW_MODULES when no --allow-module is given);
 * by default none is, and only the built-in models run.
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import { Kernels, Mljs } from "@weft/ml-workflows"
import { Effect, Option } from "effect"
import * as AllowModules from "../internal/allowModules.js"
import { inFlagWords, reporting, UsageError } from "../internal/errors.js"
import { describe } from "../internal/help.js"
import * as Flags from "../internal/options.js"
import * as Optional from "../internal/optional.js"
import { stderr } from "../internal/output.js"
import { tlsOf } from "../internal/pool.js"

const options = {
  redis: Flags.redisOrEnv.pipe(
    Options.withDescription("The cluster's Redis: redis://[:password@]host[:port][/db], or rediss:// for TLS (default: WEFT_REDIS_URL, which keeps a password out of ps).")
  ),
  queue: Flags.queue,
  redisCa: Flags.redisCa,
  threads: Flags.threads,
  concurrency: Flags.integer("concurrency", 1).pipe(
    Options.optional,
    Options.withDescription("Jobs run at once (default: the thread count, so that single-item jobs fill every thread).")
  ),
  cacheMb: Flags.integer("cache-mb", 0, "MB").pipe(
    Options.withDefault(1024),
    Options.withDescription("Datasets kept between jobs, by content hash, up to this many MiB (default 1024).")
  ),
  allowModule: AllowModules.flag(
    "An installed package that jobs may have an estimator import (repeatable), such as ml-cart for --model cart. Default: WEFT_ALLOW_MODULES, else none (the built-in models always run)."
  ),
  verbose: Flags.verbose.pipe(Options.withDescription("Also log every job done (run, task, items, time), and stack traces with errors."))
}

/** WEFT_ALLOW_MODULES as a list of packages, or why it cannot be. */
const fromEnvironment = (): ReadonlyArray<string> | string => {
  const list = Mljs.allowedModules()
  if (list === "any") return []
  for (const name of list) {
    const problem = Mljs.moduleProblem(name)
    if (problem !== undefined) return `invalid WEFT_ALLOW_MODULES entry '${name}': ${problem}`
  }
  return list
}

const run = (flags: Command.Command.ParseConfig<typeof options>) =>
  Effect.scoped(
    Effect.gen(function* () {
      // Loaded only here: the Redis client and BullMQ cost a few hundred ms to import.
      const { Node } = yield* Optional.cluster("this command")
      const allowModules = flags.allowModule.length > 0 ? flags.allowModule : fromEnvironment()
      if (typeof allowModules === "string") return yield* Effect.fail(new UsageError({ message: allowModules }))
      // The node refuses other modules before a job reaches a thread; its threads check the same list again.
      AllowModules.restrictProcess(allowModules)
      const node = yield* Node.start({
        redis: flags.redis,
        queue: flags.queue,
        threads: Option.getOrUndefined(flags.threads),
        concurrency: Option.getOrUndefined(flags.concurrency),
        cacheMb: flags.cacheMb,
        modules: [Kernels],
        allowModules,
        tls: tlsOf(flags.redisCa),
        logJobs: flags.verbose,
        log: (line) => process.stderr.write(`weft worker: ${line}\n`)
      }).pipe(Effect.catchTag("InvalidOption", (e) => Effect.fail(new UsageError({ message: inFlagWords(e.message) }))))
      yield* stderr(`weft worker: ready (node ${node.id}); Ctrl-C to stop`)
      if (flags.verbose) yield* stderr(`weft worker: serving ${node.info().modules.join(", ")}`)
      if (flags.verbose || allowModules.length > 0) {
        yield* stderr(`weft worker: estimators may import ${allowModules.length === 0 ? "no package (built-in models only)" : allowModules.join(", ")}`)
      }
      return yield* Effect.never
    })
  )

/** `weft worker`. */
export const worker = Command.make("worker", options, (flags) => reporting("worker", flags.verbose, run(flags))).pipe(
  Command.withDescription(
    describe(
      "Serve a weft cluster: take cv and grid jobs from the queue at --redis and run them on this machine's cores, until Ctrl-C. " +
        "Start one per machine; nodes may join and leave while a search runs.",
      ["weft worker --redis redis://queue-host:6379", "weft worker --redis redis://queue-host:6379 --allow-module ml-cart", "weft worker --redis redis://:secret@queue-host:6379 --threads 8 --concurrency 8"]
    )
  )
)
