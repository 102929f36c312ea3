// The CPU time of one run of each workload's plain sequential loop at its default size (or at the sizes given), on the
// main thread, no forced collection: what a 1-thread sample costs on a quiet core, measured in CPU time so that it holds
// on a loaded machine (wall time does not). Used to size the workloads to 0.5-1 s (docs/BENCHMARKS.md).
// node docs/bench-2cores/ratio/sizing.mjs [workload,...] [runs=3] ['{"rows":20000}']   (after the build)
import * as os from "node:os"
import { workloads } from "../../../packages/bench/dist/index.js"

const names = (process.argv[2] === undefined || process.argv[2] === "all" ? Object.keys(workloads).join(",") : process.argv[2]).split(",")
const runs = Number(process.argv[3] ?? 3)
const override = JSON.parse(process.argv[4] ?? "{}")

for (const name of names) {
  const w = workloads[name]
  const size = { ...w.sizes.default, ...override }
  const data = w.setup(size, 42)
  w.fingerprint(w.runSequential(data)) // warm-up: JIT, the kernels' compilation
  const cpu = []
  const wall = []
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    const result = w.runSequential(data)
    wall.push(performance.now() - t0)
    const c = process.cpuUsage(c0)
    cpu.push((c.user + c.system) / 1000)
    w.fingerprint(result)
  }
  cpu.sort((a, b) => a - b)
  console.log(`${name.padEnd(17)} cpu ${cpu.map((x) => x.toFixed(0)).join(" ")} ms (min ${cpu[0].toFixed(0)}), wall ${wall.map((x) => x.toFixed(0)).join(" ")} ms, load ${os.loadavg()[0].toFixed(1)} | ${w.describe(size)}`)
}
