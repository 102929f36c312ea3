/**
 * The machine a benchmark ran on, recorded with every report: timings mean
 * nothing without it.
 *
 * @since 0.1.0
 */
import * as os from "node:os"

/**
 * @since 0.1.0
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
 */
export const machineLine = (m: Machine): string =>
  `${m.cpuModel}, ${m.cores} core${m.cores === 1 ? "" : "s"}, ${m.memoryGiB} GiB, Node ${m.node} (${m.platform} ${m.arch}), load ${m.loadAverage[0] ?? "?"}`
