#!/usr/bin/env node
/**
 * The benchmark without the CLI:
 *
 *   node packages/bench/dist/main.js [--workload all|NAME,...] [--threads 1,2,4,8,16]
 *     [--repeats 5] [--min-timed-ms 1500] [--warmups 1] [--rounds 1] [--seed 42] [--quick] [--out bench-out]
 *     [--no-piscina] [--no-batch-scaling] [--batches 10,50,100,200,500]
 *     [--transport worker_threads|threads] [--no-ceiling]
 *   node packages/bench/dist/main.js --table-16   (every workload at 1, 2, 4, 8, 16 threads, 3 rounds)
 *   node packages/bench/dist/main.js --compare BEFORE.json AFTER.json
 *
 * Prints the table to stdout and progress to stderr, and writes report.json,
 * table.txt, the SVG charts and index.html to --out. Garbage is collected
 * before each timed run (V8's gc, reached without `node --expose-gc` too).
 */
import { Cause, Effect } from "effect"
import { parseArgs } from "node:util"
import { compareReports, renderComparison } from "./Compare.js"
import { readReport, renderTable, writeReports } from "./Report.js"
import { runScalability, type Progress, type ScalabilityOptions } from "./Scalability.js"
import { ms } from "./internal/format.js"
import type { WorkloadName } from "./Workload.js"

const usage = `usage: node dist/main.js [--workload all|NAME,...] [--threads 1,2,4,8,16] [--repeats 5] [--min-timed-ms 1500] [--warmups 1]
       [--rounds 1] [--seed 42] [--quick] [--out DIR] [--no-piscina] [--no-batch-scaling] [--batches 10,50,...]
       [--transport worker_threads|threads] [--no-ceiling]
       node dist/main.js --table-16 [--quick] [--out DIR]   (1, 2, 4, 8, 16 threads, 3 rounds, every workload)
       node dist/main.js --compare BEFORE.json AFTER.json`

const { values, positionals } = parseArgs({
  options: {
    workload: { type: "string", default: "all" },
    workloads: { type: "string" },
    threads: { type: "string" },
    repeats: { type: "string" },
    "min-timed-ms": { type: "string" },
    warmups: { type: "string" },
    rounds: { type: "string" },
    seed: { type: "string" },
    quick: { type: "boolean", default: false },
    out: { type: "string", default: "bench-out" },
    "no-piscina": { type: "boolean", default: false },
    "no-batch-scaling": { type: "boolean", default: false },
    "no-ceiling": { type: "boolean", default: false },
    "table-16": { type: "boolean", default: false },
    batches: { type: "string" },
    transport: { type: "string" },
    compare: { type: "boolean", default: false },
    help: { type: "boolean", default: false }
  },
  allowPositionals: true
})

// Numbers are passed through as parsed; runScalability validates them and names the bad one.
const list = (text: string | undefined): Array<number> | undefined => (text === undefined ? undefined : text.split(",").map((s) => Number(s.trim())))
const number = (text: string | undefined): number | undefined => (text === undefined ? undefined : Number(text))

const progress = (event: Progress): void => {
  if (event._tag === "WorkloadStarted") console.error(`${event.workload}: ${event.description}`)
  else if (event._tag === "CeilingMeasured")
    console.error(
      `  ${event.threads} threads against the ceiling: speedup ${event.round.speedup.toFixed(2)}x, ceiling ${event.round.ceiling.toFixed(2)}x, ratio ${event.round.ratio.toFixed(2)}`
    )
  else console.error(`  ${event.run}${event.run === "batch scaling" ? `, ${event.threads} batches` : `, ${event.threads} thread(s)`}: ${ms(event.timing.median)} ms`)
}

const benchmark = Effect.gen(function* () {
  const workload = values.workloads ?? values.workload
  const batches = list(values.batches)
  // The 16-core table: every workload at 1, 2, 4, 8 and 16 threads, 3 rounds, unless told otherwise.
  const table16 = values["table-16"]
  const options: ScalabilityOptions = {
    workloads: workload === "all" ? "all" : (workload.split(",").map((s) => s.trim()) as Array<WorkloadName>),
    threads: list(values.threads ?? (table16 ? "1,2,4,8,16" : undefined)),
    repeats: number(values.repeats ?? (table16 ? "3" : undefined)),
    minTimedMs: number(values["min-timed-ms"]),
    warmups: number(values.warmups),
    rounds: number(values.rounds ?? (table16 ? "3" : undefined)),
    ceiling: !values["no-ceiling"],
    seed: number(values.seed),
    size: values.quick ? "quick" : "default",
    piscina: !values["no-piscina"],
    batchScaling: values["no-batch-scaling"] ? false : batches === undefined ? true : { batches },
    transport: values.transport as ScalabilityOptions["transport"],
    onProgress: progress
  }
  const report = yield* runScalability(options)
  console.log(renderTable(report))
  const written = yield* writeReports(report, values.out)
  console.error(`wrote ${written.json}, ${written.table}, ${written.svgs.length} charts and ${written.html}`)
})

const compare = Effect.gen(function* () {
  if (positionals.length !== 2) return yield* Effect.fail(new Error(`--compare needs two report files\n${usage}`))
  const before = yield* readReport(positionals[0])
  const after = yield* readReport(positionals[1])
  console.log(renderComparison(compareReports(before, after)))
})

if (values.help) {
  console.log(usage)
} else {
  const exit = await Effect.runPromiseExit(values.compare ? compare : benchmark)
  if (exit._tag === "Failure") {
    const error = Cause.squash(exit.cause)
    console.error(error instanceof Error ? error.message : String(error))
    process.exitCode = 1
  }
}
