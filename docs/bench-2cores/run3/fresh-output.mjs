/* eslint-disable no-console -- a measurement script: what it prints is the point */
// The preprocessing workload as measured before issue 4's changes (a new 256 MB output matrix every run),
// on the current code: node --expose-gc docs/bench-2cores/run3/fresh-output.mjs [OUT_DIR]
import { Report, runScalability } from "@weft/bench"
import { Effect } from "effect"

const out = process.argv[2]
const report = await Effect.runPromise(
  runScalability({
    workloads: ["preprocessing"],
    threads: [1, 2],
    repeats: 5,
    piscina: false,
    batchScaling: false,
    sizes: { preprocessing: { reuseOutput: false } }
  })
)
console.log(Report.renderTable(report))
if (out !== undefined) await Effect.runPromise(Report.writeReports(report, out))
