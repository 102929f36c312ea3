/**
 * `weft bench`: the scalability benchmark of @weft/bench. Times each
 * workload at each thread count on a fresh pool, checks every result
 * against a plain sequential loop, measures the machine's own ceiling (plain
 * worker threads running a fixed kernel) next to every count in every round,
 * prints the table with speedup ÷ ceiling, and writes the JSON report, the
 * SVG charts and the HTML page into --out.
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import type { Progress, WorkloadName } from "@weft/bench"
import { Effect, Option } from "effect"
import { reporting, UsageError } from "../internal/errors.js"
import { describe } from "../internal/help.js"
import * as Flags from "../internal/options.js"
import * as Optional from "../internal/optional.js"
import { json, stderr, stdout } from "../internal/output.js"
import { showing } from "../internal/progress.js"

/** The workloads by their short names (as the issue and the help name them) and by their report names. */
const WORKLOADS: Readonly<Record<string, WorkloadName>> = {
  inference: "batch-inference",
  preprocess: "preprocessing",
  gradients: "gradients",
  cv: "cross-validation",
  grid: "grid-search",
  uncertainty: "uncertainty",
  "batch-inference": "batch-inference",
  preprocessing: "preprocessing",
  "cross-validation": "cross-validation",
  "grid-search": "grid-search"
}
const SHORT_NAMES = "inference, preprocess, gradients, cv, grid, uncertainty"

/** `--workload` values (repeatable, or comma-separated) as report names; "all" is every workload. */
const parseWorkloads = (flags: ReadonlyArray<string>): Effect.Effect<ReadonlyArray<WorkloadName> | "all", UsageError> =>
  Effect.gen(function* () {
    const items = flags.flatMap((f) => f.split(",")).map((s) => s.trim())
    if (items.length === 0 || items.includes("all")) return "all"
    const names: Array<WorkloadName> = []
    for (const item of items) {
      const name = WORKLOADS[item]
      if (name === undefined) return yield* Effect.fail(new UsageError({ message: `unknown --workload '${item}'; the workloads are ${SHORT_NAMES} (or all)` }))
      if (!names.includes(name)) names.push(name)
    }
    return names
  })

/** `--threads 1,2,4`: distinct positive integers. */
const parseThreadList = (text: string): Effect.Effect<ReadonlyArray<number>, UsageError> => {
  const items = text.split(",").map((s) => s.trim())
  const counts = items.map(Number)
  if (items.some((s) => !/^\d+$/.test(s)) || counts.some((n) => n < 1)) {
    return Effect.fail(new UsageError({ message: `invalid --threads '${text}': must be a list of positive integers, such as 1,2,4` }))
  }
  if (new Set(counts).size !== counts.length) return Effect.fail(new UsageError({ message: `invalid --threads '${text}': a count is repeated` }))
  return Effect.succeed(counts)
}

const options = {
  workload: Options.text("workload").pipe(
    Options.withPseudoName("NAME"),
    Options.repeated,
    Options.withDescription(`What to time: ${SHORT_NAMES}, or all (the default). Repeatable or comma-separated.`)
  ),
  threads: Options.text("threads").pipe(
    Options.withPseudoName("LIST"),
    Options.optional,
    Options.withDescription("Thread counts to time, each on a fresh pool, e.g. 1,2,4 (default 1,2,4,8,16; counts above the cores are marked).")
  ),
  repeats: Flags.integer("repeats", 1).pipe(Options.withDefault(5), Options.withDescription("Timed runs per thread count (default 5).")),
  warmups: Flags.integer("warmups", 0).pipe(Options.optional, Options.withDescription("Untimed runs before the timed ones (default 1).")),
  rounds: Flags.integer("rounds", 1).pipe(
    Options.withDefault(1),
    Options.withDescription("Run the whole sequence of counts this many times, one round after the other, and gather each count's samples over the rounds (fairer on a machine whose speed drifts; default 1).")
  ),
  seed: Flags.integer("seed", 0, "N", 0xffffffff).pipe(Options.optional, Options.withDescription("Seed of the data (default 42).")),
  quick: Options.boolean("quick").pipe(Options.withDescription("Small sizes, for CI: seconds instead of minutes.")),
  noCeiling: Options.boolean("no-ceiling").pipe(
    Options.withDescription("Do not measure the machine's ceiling (a fixed kernel on each pool's own workers, right before and right after each timed sample).")
  ),
  out: Options.text("out").pipe(
    Options.withPseudoName("DIR"),
    Options.withDefault("bench-out"),
    Options.withDescription("Where to write report.json, table.txt, the SVG charts and index.html (default bench-out).")
  ),
  json: Flags.json,
  quiet: Flags.quiet,
  verbose: Flags.verbose
}

const run = (flags: Command.Command.ParseConfig<typeof options>) =>
  Effect.gen(function* () {
    const workloads = yield* parseWorkloads(flags.workload)
    const threads = Option.isSome(flags.threads) ? yield* parseThreadList(flags.threads.value) : undefined
    // Loaded here, not at start-up: the other commands do not pay for the benchmark's modules.
    const Bench = yield* Optional.bench
    const total = workloads === "all" ? Bench.workloadNames.length : workloads.length
    let started = 0
    let now = ""
    const onProgress = (event: Progress): void => {
      if (event._tag === "WorkloadStarted") {
        started++
        now = event.workload
      } else if (event._tag === "CeilingMeasured") {
        now = `${event.workload}: machine ceiling, ${event.threads} threads`
      } else {
        now = `${event.workload}: ${event.run}${event.run === "batch scaling" ? `, ${event.threads} batches` : `, ${event.threads} threads`}`
      }
    }
    const report = yield* Bench.runScalability({
      workloads,
      ...(threads === undefined ? {} : { threads }),
      repeats: flags.repeats,
      rounds: flags.rounds,
      ...(Option.isSome(flags.warmups) ? { warmups: flags.warmups.value } : {}),
      ...(Option.isSome(flags.seed) ? { seed: flags.seed.value } : {}),
      size: flags.quick ? "quick" : "default",
      ceiling: !flags.noCeiling,
      onProgress
    }).pipe(
      showing(
        { label: () => `bench ${now}`, unit: "workloads", total, quiet: flags.quiet },
        Effect.sync(() => Math.max(0, started - 1))
      )
    )
    const written = yield* Bench.writeReports(report, flags.out)
    if (flags.json) return yield* json({ command: "bench", files: written, report })
    yield* stdout(Bench.renderTable(report).trimEnd())
    yield* stdout(`\nwrote ${written.json}, ${written.table}, ${written.svgs.length} SVG charts and ${written.html}`)
    if (flags.verbose) yield* stderr(`weft: open ${written.html} in a browser for the charts`)
  })

/** `weft bench`. */
export const bench = Command.make("bench", options, (flags) => reporting("bench", flags.verbose, run(flags))).pipe(
  Command.withDescription(
    describe(
      "The scalability benchmark: each workload at each thread count on a fresh pool, every result checked against a plain sequential loop; " +
        "speedup, efficiency, utilisation, an Amdahl fit, and each speedup divided by the machine's own ceiling measured in the same rounds. " +
        "Prints the table and writes JSON, SVG charts and an HTML report into --out.",
      [
        "weft bench --quick --threads 1,2 --repeats 3",
        "weft bench --workload all --threads 1,2 --rounds 3",
        "weft bench --workload all --threads 1,2,4,8,16 --rounds 3 --out bench-16   # the 16-core table",
        "weft bench --workload inference --workload cv --threads 1,2,4 --out bench-out"
      ]
    )
  )
)
