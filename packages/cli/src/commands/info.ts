/**
 * `weft info`: what this machine and this install give a run: cores, the
 * thread count a run would use and where it comes from, Node and package
 * versions, and the built-in models, datasets and metrics.
 */
import * as Command from "@effect/cli/Command"
import { ParallelConfig } from "@weft/core"
import { Datasets, Metrics } from "@weft/ml-workflows"
import { Effect, Option } from "effect"
import * as os from "node:os"
import { reporting, UsageError } from "../internal/errors.js"
import { describe } from "../internal/help.js"
import * as Models from "../internal/models.js"
import * as Flags from "../internal/options.js"
import { json, stdout, table } from "../internal/output.js"
import { sourceName } from "../internal/pool.js"
import { PACKAGES, versionOf } from "../internal/versions.js"

const options = { threads: Flags.threads, json: Flags.json, verbose: Flags.verbose }

const run = (flags: Command.Command.ParseConfig<typeof options>) =>
  Effect.gen(function* () {
    const config = yield* ParallelConfig.resolve(Option.isSome(flags.threads) ? { threads: flags.threads.value } : {}, process.env).pipe(
      Effect.mapError((e) => new UsageError({ message: e.message }))
    )
    const cpus = os.cpus()
    const versions = Object.fromEntries(PACKAGES.map((name) => [name, versionOf(name)]))
    const models = Models.names
    const datasets = [...Datasets.datasetNames, "synthetic:rows=N,features=M,seed=S"]
    const metrics = Object.keys(Metrics.metrics)
    if (flags.json) {
      return yield* json({
        command: "info",
        cores: ParallelConfig.availableThreads(),
        cpu: cpus[0]?.model ?? "unknown",
        threads: config.threads,
        threadsSource: config.threadsSource,
        threadsFrom: sourceName(config.threadsSource),
        node: process.version,
        platform: process.platform,
        arch: process.arch,
        versions,
        models,
        datasets,
        metrics
      })
    }
    yield* stdout(
      table([
        ["cores", `${ParallelConfig.availableThreads()} (${cpus[0]?.model.trim() ?? "unknown CPU"})`],
        ["threads", `${config.threads} (from ${sourceName(config.threadsSource)})`],
        ["node", `${process.version} (${process.platform} ${process.arch})`],
        ...Object.entries(versions).map(([name, version]) => [name, version]),
        ["models", models.join(", ")],
        ["datasets", datasets.join(", ")],
        ["metrics", metrics.join(", ")]
      ])
    )
  })

/** `weft info`. */
export const info = Command.make("info", options, (flags) => reporting("info", flags.verbose, run(flags))).pipe(
  Command.withDescription(
    describe("Cores, the thread count a run would use and where it comes from (--threads, WEFT_THREADS or all cores), Node and package versions.", [
      "weft info",
      "WEFT_THREADS=2 weft info --json"
    ])
  )
)
