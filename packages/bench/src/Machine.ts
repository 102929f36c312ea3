/**
 * The machine a benchmark ran on, recorded with every report: timings mean
 * nothing without it.
 *
 * @since 0.1.0
 */
import { execFileSync } from "node:child_process"
import { readFileSync } from "node:fs"
import * as os from "node:os"
import { fileURLToPath } from "node:url"

/**
 * @since 0.1.0
 * @category models
 */
export interface Machine {
  readonly cpuModel: string
  /** Cores the process may use (`os.availableParallelism()`): a thread count above it is oversubscribed. */
  readonly cores: number
  /** Logical CPUs of the machine (`os.cpus().length`). */
  readonly logicalCpus: number
  readonly memoryGiB: number
  readonly node: string
  readonly v8: string
  readonly platform: string
  readonly arch: string
  /** 1, 5 and 15-minute load averages when the benchmark started: other work on the machine makes timings noisy. */
  readonly loadAverage: ReadonlyArray<number>
}

/**
 * A description of this machine, now.
 *
 * @example
 * const { cpuModel, cores, node } = describeMachine()
 * @since 0.1.0
 * @category getters
 */
export const describeMachine = (): Machine => {
  const cpus = os.cpus()
  return {
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    cores: typeof os.availableParallelism === "function" ? os.availableParallelism() : cpus.length,
    logicalCpus: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    v8: process.versions.v8,
    platform: os.platform(),
    arch: os.arch(),
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100)
  }
}

/**
 * One line: "AMD EPYC, 2 cores, 23.4 GiB, Node v20.19.0 (linux x64), load 0.52".
 *
 * @since 0.1.0
 * @category rendering
 */
export const machineLine = (m: Machine): string =>
  `${m.cpuModel}, ${m.cores} core${m.cores === 1 ? "" : "s"}, ${m.memoryGiB} GiB, Node ${m.node} (${m.platform} ${m.arch}), load ${m.loadAverage[0] ?? "?"}`

/**
 * What was measured: the weft version (of `@weft/bench`) and the git commit
 * of the tree it ran from, when it ran from a git checkout.
 *
 * @since 0.2.0
 * @category models
 */
export interface Software {
  readonly weft: string
  /** `git rev-parse HEAD` of the checkout holding this package; null outside one. */
  readonly commit: string | null
  /** Whether tracked files differed from that commit (`git status`); null outside a checkout. */
  readonly dirty: boolean | null
}

/**
 * The version and commit, now.
 *
 * @since 0.2.0
 * @category getters
 */
export const describeSoftware = (): Software => {
  let weft = "unknown"
  try {
    weft = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version?: string }).version ?? "unknown"
  } catch {
    // not packaged as expected: the version stays unknown
  }
  const git = (args: ReadonlyArray<string>): string | null => {
    try {
      return execFileSync("git", args, { cwd: fileURLToPath(new URL(".", import.meta.url)), encoding: "utf8", timeout: 5000, stdio: ["ignore", "pipe", "ignore"] }).trim()
    } catch {
      return null
    }
  }
  const commit = git(["rev-parse", "HEAD"])
  const status = commit === null ? null : git(["status", "--porcelain", "--untracked-files=no"])
  return { weft, commit, dirty: status === null ? null : status.length > 0 }
}

/**
 * One line: "weft 0.1.0, commit adf9bce (tracked files modified)".
 *
 * @since 0.2.0
 * @category rendering
 */
export const softwareLine = (s: Software): string =>
  `weft ${s.weft}, ${s.commit === null ? "no git commit" : `commit ${s.commit.slice(0, 12)}${s.dirty === true ? " (tracked files modified)" : ""}`}`

/**
 * The load during a run, with a warning when it passed the cores.
 *
 * @since 0.2.0
 * @category rendering
 */
export const loadLine = (load: { readonly max: number; readonly exceededCores: boolean }, cores: number): string =>
  load.exceededCores
    ? `WARNING: the 1-minute load average reached ${load.max.toFixed(2)} during the run, above the machine's ${cores} cores (the benchmark's own threads count too): other work shared the machine, and raw timings are noisy; the ratios to the ceiling measured alongside are what to read.`
    : `Load average during the run: at most ${load.max.toFixed(2)} (${cores} cores).`
