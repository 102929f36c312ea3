/* eslint-disable no-console -- a report script: what it prints is the point */
// Recomputes each round's 2-thread ratio of reports made before the schedule-aware bound (commit c146f5c) with
// today's Ratio.roundOf: cross-validation and grid search judged against their tasks scheduled on workers of the
// paces the kernel found, equal tasks assumed; the other workloads come out as stored.
//   node docs/bench-2cores/ratio/reschedule.mjs docs/bench-2cores/ratio/paired-1 docs/bench-2cores/ratio/paired-2 docs/bench-2cores/ratio/paired-3
// Prints per workload and run: each round's ratio, recomputed / as stored. Cuts each count's samples into thirds
// (which reproduces the stored ratios of the paired-N reports, which paced before each sample only: `paces`).
import { readFileSync } from "node:fs"
import { Ratio } from "@weft/bench"

for (const dir of process.argv.slice(2)) {
  const report = JSON.parse(readFileSync(`${dir}/report.json`, "utf8"))
  for (const w of report.workloads) {
    const s = w.scaling
    const tasks = s.structure ? { costs: new Array(s.structure.tasks).fill(1), serial: s.structure.serial } : null
    const [one, two] = w.counts
    const per = one.timing.samples.length / 3
    const cut = (xs, k) => xs.slice(k * per, (k + 1) * per) // a fractional bound is truncated, as the rounds were cut
    const paced = (c, k) => cut(c.timing.samples, k).map((ms, i) => ({ ms, pace: cut(c.paces, k)[i] }))
    const out = [0, 1, 2].map((k) => `${Ratio.roundOf(paced(one, k), paced(two, k), s.kernel, tasks).ratio.toFixed(3)}/${two.ceiling.rounds[k].ratio.toFixed(3)}`)
    console.log(dir.slice(-8), w.name.padEnd(18), out.join("  "))
  }
}
