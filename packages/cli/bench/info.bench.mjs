// `weft info` start-up against `node -e 0` (issue 13's target: at most 3x), interleaved: whole
// processes, spawn to exit, each round in a rotated order; median and range of each, and the
// ratio of medians. "before" is the bundled command line answering `info` itself, as bin/weft.js
// did before dist/fastInfo.js.
//   node packages/cli/bench/info.bench.mjs [--rounds 15]
import { spawnSync } from "node:child_process"
import { availableParallelism, loadavg } from "node:os"
import { fileURLToPath } from "node:url"

const rounds = Number(process.argv[process.argv.indexOf("--rounds") + 1] || 15)
const bin = fileURLToPath(new URL("../bin/weft.js", import.meta.url))
const bundle = fileURLToPath(new URL("../dist/bundle/weft.js", import.meta.url))
const commands = {
  "node -e 0": ["-e", "0"],
  "weft info": [bin, "info"],
  "weft info --json": [bin, "info", "--json"],
  "weft --help": [bin, "--help"],
  "before: the bundle's weft info": [bundle, "info"]
}
const { WEFT_THREADS: _, ...env } = process.env
const names = Object.keys(commands)
const times = Object.fromEntries(names.map((n) => [n, []]))
const load = [loadavg()[0]]
for (let r = 0; r < rounds; r++) {
  for (let i = 0; i < names.length; i++) {
    const name = names[(i + r) % names.length]
    const start = process.hrtime.bigint()
    const run = spawnSync(process.execPath, commands[name], { env, stdio: ["ignore", "pipe", "pipe"] })
    if (run.status !== 0) throw new Error(`${name} exited with ${run.status}: ${run.stderr}`)
    times[name].push(Number(process.hrtime.bigint() - start) / 1e6)
  }
  load.push(loadavg()[0])
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const base = median(times["node -e 0"])
console.log(`${rounds} rounds; load average (1 min) ${Math.min(...load).toFixed(1)} to ${Math.max(...load).toFixed(1)} on ${availableParallelism()} cores`)
console.log("| command | median | range | x node -e 0 |\n|---|---:|---:|---:|")
for (const name of names) {
  const m = median(times[name])
  console.log(`| \`${name}\` | ${m.toFixed(0)} ms | ${Math.min(...times[name]).toFixed(0)}–${Math.max(...times[name]).toFixed(0)} | ${(m / base).toFixed(2)} |`)
}
