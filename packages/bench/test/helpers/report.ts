/**
 * A hand-made report with known numbers, for the report-format tests: two
 * workloads on a 4-core machine, counts 1, 2, 4 and 8 (8 oversubscribed).
 */
import { Amdahl, Stats, type Scalability } from "@weft/bench"

const machine = {
  cpuModel: "Test CPU",
  cores: 4,
  logicalCpus: 4,
  memoryGiB: 16,
  node: "v20.0.0",
  v8: "11.3",
  platform: "linux",
  arch: "x64",
  loadAverage: [0.1, 0.2, 0.3]
}

/** Five samples around `median` (exactly `median` in the middle). */
export const samplesAround = (median: number): Array<number> => [median * 1.02, median * 0.99, median, median * 1.05, median * 0.98]

const workload = (name: string, title: string, sequentialMs: number, medians: Record<number, number>, piscina: boolean): Scalability.WorkloadReport => {
  const one = medians[1]
  const counts = Object.entries(medians).map(([t, m]) => {
    const threads = Number(t)
    const s = one / m
    return {
      threads,
      oversubscribed: threads > machine.cores,
      timing: Stats.summarize(samplesAround(m)),
      speedup: s,
      speedupVsSequential: sequentialMs / m,
      efficiency: s / threads,
      karpFlatt: Amdahl.karpFlatt(threads, s) ?? null,
      utilisation: threads === 1 ? null : 0.9,
      fingerprint: "f".repeat(64),
      liveWorkersAfterClose: 0
    }
  })
  const points = counts.map((c) => ({ threads: c.threads, speedup: c.efficiency * c.threads, oversubscribed: c.oversubscribed }))
  const fit = Amdahl.fit(points.filter((q) => !q.oversubscribed))
  return {
    name,
    title,
    description: `${title} of a test size`,
    size: { rows: 10 },
    sequential: { timing: Stats.summarize(samplesAround(sequentialMs)), fingerprint: "f".repeat(64) },
    counts,
    piscina: piscina
      ? counts.map((c) => ({
          threads: c.threads,
          oversubscribed: c.oversubscribed,
          timing: Stats.summarize(samplesAround(c.timing.median * 1.25)),
          weftVsPiscina: 1.25,
          fingerprint: "f".repeat(64)
        }))
      : null,
    analysis: { baseline: "1-thread", amdahl: fit ?? null, verdict: Amdahl.verdict(points, fit, { cores: machine.cores }) }
  }
}

/** Batch inference: 1000 ms at 1 thread, then 520, 280, 300 (8 threads oversubscribed); cross-validation with a 5-fold ceiling. */
export const makeReport = (scale = 1): Scalability.ScalabilityReport => ({
  format: "weft-bench/1",
  createdAt: "2025-01-01T00:00:00.000Z",
  machine,
  settings: { threads: [1, 2, 4, 8], repeats: 5, warmups: 1, size: "default", seed: 42, transport: null, gc: false },
  workloads: [
    workload("batch-inference", "Batch inference", 950 * scale, { 1: 1000 * scale, 2: 520 * scale, 4: 280 * scale, 8: 300 * scale }, true),
    workload("cross-validation", "Cross-validation", 2000 * scale, { 1: 2000 * scale, 2: 1100 * scale, 4: 700 * scale, 8: 690 * scale }, false)
  ],
  batchScaling: {
    threads: 4,
    oversubscribed: false,
    rowsPerBatch: 32,
    description: "batch inference, test",
    rows: [10, 50, 100].map((b, k) => ({
      batches: b,
      rows: b * 32,
      sequential: Stats.summarize(samplesAround(b)),
      weft: Stats.summarize(samplesAround(b / [0.5, 1.5, 2.5][k])),
      speedup: [0.5, 1.5, 2.5][k],
      fingerprint: "f".repeat(64)
    })),
    breakEven: 50
  }
})
