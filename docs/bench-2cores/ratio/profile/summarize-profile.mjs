/* eslint-disable no-console -- a report script: what it prints is the point */
// Self time per function of each .cpuprofile in a folder (one per thread), the top 12, and the idle share.
//   node docs/bench-2cores/ratio/profile/summarize-profile.mjs DIR
import { readdirSync, readFileSync } from "node:fs"
import * as path from "node:path"

const dir = process.argv[2]
for (const file of readdirSync(dir).filter((f) => f.endsWith(".cpuprofile")).sort()) {
  const p = JSON.parse(readFileSync(path.join(dir, file), "utf8"))
  const byId = new Map(p.nodes.map((n) => [n.id, n]))
  const self = new Map()
  const dt = p.timeDeltas
  let total = 0
  for (let i = 0; i < p.samples.length; i++) {
    const n = byId.get(p.samples[i])
    const f = n.callFrame
    const key = `${f.functionName || "(anonymous)"} ${f.url ? path.basename(f.url) : ""}${f.url ? `:${f.lineNumber + 1}` : ""}`.trim()
    const ms = (dt[i] ?? 0) / 1000
    self.set(key, (self.get(key) ?? 0) + ms)
    total += ms
  }
  const idle = self.get("(idle)") ?? 0
  console.log(`${file}: ${total.toFixed(0)} ms sampled, idle ${idle.toFixed(0)} ms (${((100 * idle) / total).toFixed(1)}%)`)
  const top = [...self.entries()].filter(([k]) => k !== "(idle)").sort((a, b) => b[1] - a[1]).slice(0, 12)
  for (const [k, ms] of top) console.log(`  ${ms.toFixed(0).padStart(6)} ms  ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${k}`)
}
