// Start-up and small-job times of the `weft` command (issue 13), as a user sees them: wall time
// of whole processes, from spawn to exit, the commands interleaved round after round (each
// round in a rotated order, so that no command always runs after the same one), against
// `node -e 0` and against Python running scikit-learn's cross_val_score on the same diabetes
// data. Prints the median and range of each, and the ratios of medians.
//   node packages/cli/bench/startup.bench.mjs [--rounds 10]
import { spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"

const rounds = Number(process.argv[process.argv.indexOf("--rounds") + 1] || 10)
const bin = fileURLToPath(new URL("../bin/weft.js", import.meta.url))
const unbundled = fileURLToPath(new URL("../dist/bin.js", import.meta.url))
const diabetes = fileURLToPath(new URL("../../ml-workflows/data/diabetes.csv", import.meta.url))
const sklearn = [
  "import numpy as np",
  "from sklearn.linear_model import Ridge",
  "from sklearn.model_selection import cross_val_score",
  `d = np.loadtxt(${JSON.stringify(diabetes)}, delimiter=",", skiprows=1)`,
  "print(cross_val_score(Ridge(alpha=1.0), d[:, :-1], d[:, -1], cv=5).mean())"
].join("\n")
const cv = ["cv", "--data", "diabetes", "--model", "ridge", "--folds", "5"]

const commands = {
  "node -e 0": [process.execPath, ["-e", "0"]],
  "weft --help": [process.execPath, [bin, "--help"]],
  "weft --version": [process.execPath, [bin, "--version"]],
  "weft info": [process.execPath, [bin, "info"]],
  "weft cv (diabetes, ridge, 5 folds)": [process.execPath, [bin, ...cv]],
  "weft cv ... --threads 1": [process.execPath, [bin, ...cv, "--threads", "1"]],
  "weft cv ... --threads 2": [process.execPath, [bin, ...cv, "--threads", "2"]],
  "python3 sklearn cross_val_score": ["python3", ["-c", sklearn]],
  "unbundled dist/bin.js --help": [process.execPath, [unbundled, "--help"]],
  "unbundled dist/bin.js info": [process.execPath, [unbundled, "info"]]
}
const names = Object.keys(commands)
const env = { ...process.env }
delete env.WEFT_THREADS
const times = Object.fromEntries(names.map((n) => [n, []]))
for (let r = 0; r < rounds; r++) {
  const order = names.map((_, i) => names[(i + r) % names.length])
  for (const name of order) {
    const [cmd, args] = commands[name]
    const t0 = performance.now()
    const run = spawnSync(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"] })
    const ms = performance.now() - t0
    if (run.status !== 0) throw new Error(`${name} exited with ${run.status}: ${run.stderr}`)
    times[name].push(ms)
  }
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const base = median(times["node -e 0"])
const py = median(times["python3 sklearn cross_val_score"])
console.log(`${rounds} rounds, interleaved; load average ${(await import("node:os")).loadavg().map((x) => x.toFixed(1)).join(" ")} at the end`)
for (const name of names) {
  const m = median(times[name])
  console.log(
    `${name.padEnd(36)} median ${m.toFixed(0).padStart(5)} ms (range ${Math.min(...times[name]).toFixed(0)}-${Math.max(...times[name]).toFixed(0)}), ` +
      `${(m / base).toFixed(2)}x node -e 0, ${(m / py).toFixed(2)}x python`
  )
}
