// Gradients workload A/B (docs/BENCHMARKS.md, "Gradients: where the time goes"): a new shard matrix per run (reuseRows false)
// against one reused matrix (true), alternating, 3 pairs, threads 1 and 2, 1 round of 3 repeats, ceiling on.
// node --expose-gc docs/bench-2cores/ratio/gradients-ab.mjs   (after npm run build)
import { Effect } from "effect"
import * as os from "node:os"
import { runScalability } from "../../../packages/bench/dist/index.js"
for (let i = 0; i < 3; i++) for (const reuseRows of i % 2 ? [true, false] : [false, true]) {
  const l0 = os.loadavg()[0]
  const r = await Effect.runPromise(runScalability({ workloads: ["gradients"], threads: [1, 2], repeats: 3, rounds: 1, piscina: false, batchScaling: false, sizes: { gradients: { reuseRows } } }))
  const w = r.workloads[0], c = w.counts[1]
  console.log(`reuseRows=${String(reuseRows).padEnd(5)} load ${l0.toFixed(1)}-${os.loadavg()[0].toFixed(1)} 1T ${w.counts[0].timing.median.toFixed(0)} 2T ${c.timing.median.toFixed(0)} speedup ${c.speedup.toFixed(2)} chain ${c.ceiling.chain.mean.toFixed(2)} ratio ${c.ceiling.ratio.mean.toFixed(2)} util ${c.utilisation.toFixed(2)} busy/1T ${(c.utilisation * 2 * c.timing.mean / w.counts[0].timing.median).toFixed(2)}`)
}
