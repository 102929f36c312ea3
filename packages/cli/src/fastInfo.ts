/**
 * `weft info` without the command line: what bin/weft.js answers for `weft
 * info` and `weft info --json`, the way it answers --help from dist/fast.json.
 *
 * Loading the command line (effect, @effect/cli and every command, one bundle)
 * is most of the time `weft info` took: 3.8x `node -e 0` (docs/STARTUP.md).
 * This module imports nothing but Node's own: the lists that come from the
 * library (models, datasets, metrics) were recorded at build time from the
 * command line itself (scripts/bundle.mjs); cores, threads and versions are
 * read here. It answers only the plain cases, where WEFT_THREADS is unset,
 * `auto` or a count within the bound; for anything else (a value to refuse,
 * other flags) it returns undefined and the command line answers, errors
 * included. A test compares its output with the command line's, byte for byte.
 */
import * as os from "node:os"
import { PACKAGES, versionOf } from "./internal/versions.js"

/** What the build recorded from `weft info --json`. */
export interface Recorded {
  readonly models: ReadonlyArray<string>
  readonly datasets: ReadonlyArray<string>
  readonly metrics: ReadonlyArray<string>
}

const availableThreads = (): number => (typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length)
const MAX_THREADS_PER_CORE = 4

const table = (rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths: Array<number> = []
  for (const row of rows) row.forEach((cell, j) => (widths[j] = Math.max(widths[j] ?? 0, cell.length)))
  return rows.map((row) => row.map((cell, j) => cell.padEnd(widths[j])).join("  ").trimEnd()).join("\n")
}

/**
 * The output of `weft info` (`json`: `weft info --json`) with `env` as the
 * environment, or undefined where the command line must answer.
 */
export const info = (recorded: Recorded, json: boolean, env: Readonly<Record<string, string | undefined>>): string | undefined => {
  const raw = env.WEFT_THREADS
  const cores = availableThreads()
  let threads: number
  let source: "env" | "auto"
  if (raw === undefined || raw === "") {
    threads = cores
    source = "auto"
  } else if (raw.trim() === "auto") {
    threads = cores
    source = "env"
  } else if (/^\d+$/.test(raw.trim()) && Number(raw.trim()) >= 1 && Number(raw.trim()) <= MAX_THREADS_PER_CORE * cores) {
    threads = Number(raw.trim())
    source = "env"
  } else {
    return undefined
  }
  const from = source === "env" ? "WEFT_THREADS" : "all cores"
  const cpus = os.cpus()
  const versions = Object.fromEntries(PACKAGES.map((name) => [name, versionOf(name)]))
  if (json) {
    const document = {
      command: "info",
      cores,
      cpu: cpus[0]?.model ?? "unknown",
      threads,
      threadsSource: source,
      threadsFrom: from,
      node: process.version,
      platform: process.platform,
      arch: process.arch,
      versions,
      models: recorded.models,
      datasets: recorded.datasets,
      metrics: recorded.metrics
    }
    return `${JSON.stringify(document, null, 2)}\n`
  }
  return `${table([
    ["cores", `${cores} (${cpus[0]?.model.trim() ?? "unknown CPU"})`],
    ["threads", `${threads} (from ${from})`],
    ["node", `${process.version} (${process.platform} ${process.arch})`],
    ...Object.entries(versions).map(([name, version]) => [name, version]),
    ["models", recorded.models.join(", ")],
    ["datasets", recorded.datasets.join(", ")],
    ["metrics", recorded.metrics.join(", ")]
  ])}\n`
}
