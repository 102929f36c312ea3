/**
 * A hand-made report with known numbers, for the report-format tests: two
 * workloads on a 4-core machine, counts 1, 2, 4 and 8 (8 oversubscribed).
 */
import { Amdahl, Ceiling, Ratio, Stats, type Scalability } from "@weft/bench"

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

/**
 * Per-round figures for a count: speedups and ceilings, one per round.
 */
export interface RoundFigures {
  readonly speedup: ReadonlyArray<number>
  readonly ceiling: ReadonlyArray<number>
}

/**
 * The figures the ceiling tests use. Batch inference at 2 threads: ratios
 * 1.8/2.0 = 0.90, 1.9/2.0 = 0.95, 1.5/1.5 = 1.00 (mean 0.95, s 0.05).
 * Cross-validation at 2 threads: achievable ceiling × (5/3)/2: ratios
 * 1.5/(2.0·5/6) = 0.90, 1.6/(2.0·5/6) = 0.96, 1.6/(1.6·5/6) = 1.2.
 */
export const roundFigures: Record<string, Record<number, RoundFigures>> = {
  "batch-inference": {
    2: { speedup: [1.8, 1.9, 1.5], ceiling: [2.0, 2.0, 1.5] },
    4: { speedup: [3.4, 3.6, 3.7], ceiling: [3.8, 3.9, 3.9] },
    8: { speedup: [3.2, 3.4, 3.3], ceiling: [3.9, 4.0, 3.8] }
  },
  "cross-validation": {
    2: { speedup: [1.5, 1.6, 1.6], ceiling: [2.0, 2.0, 1.6] },
    4: { speedup: [2.3, 2.4, 2.2], ceiling: [3.8, 3.9, 3.7] },
    8: { speedup: [2.3, 2.4, 2.4], ceiling: [3.9, 4.0, 3.9] }
  }
}

/** `makeReport()` with the ceilings of `roundFigures`, as `runScalability` computes them. */
export const makeCeilingReport = (): Scalability.ScalabilityReport => {
  const report = makeReport()
  const scaling: Record<string, Scalability.WorkloadScaling> = {
    "batch-inference": { kernel: "gemm", against: Ceiling.kernelText.gemm, structure: null, target: 0.95 },
    "cross-validation": {
      kernel: "gemm",
      against: Ceiling.kernelText.gemm,
      structure: { tasks: 5, serial: 0, note: "5 fits of equal size, one task each", serialFraction: 0 },
      target: 0.9
    }
  }
  return {
    ...report,
    settings: { ...report.settings, rounds: 3, ceiling: Ceiling.sizes.quick },
    software: { weft: "0.2.0", commit: "0123456789abcdef0123456789abcdef01234567", dirty: false },
    load: { samples: [0.5, 5.5], max: 5.5, exceededCores: true },
    workloads: report.workloads.map((w) => {
      const sc = scaling[w.name]
      return {
        ...w,
        scaling: sc,
        counts: w.counts.map((c) => {
          const f = roundFigures[w.name][c.threads]
          if (f === undefined) return { ...c, ceiling: null }
          const structural = sc.structure === null ? null : Ratio.structuralBound(sc.structure, c.threads)
          // Paced samples that give these figures: 1 thread 1000 ms after a 100 ms kernel; T threads
          // 1000/s ms after a kernel of 100·T/c ms on each worker (capacity c/100 runs per ms).
          const rounds = f.speedup.map((s, r) =>
            Ratio.roundOf([{ ms: 1000, pace: [100] }], [{ ms: 1000 / s, pace: new Array(c.threads).fill((100 * c.threads) / f.ceiling[r]) }], sc.kernel, sc.structure === null ? null : { costs: new Array<number>(sc.structure.tasks).fill(1), serial: sc.structure.serial })
          )
          const ratio = Ratio.meanInterval(rounds.map((r) => r.ratio))
          const target = c.threads === 2 ? sc.target : null
          return {
            ...c,
            ceiling: {
              kernel: sc.kernel,
              rounds,
              speedup: Ratio.meanInterval(f.speedup),
              efficiency: Ratio.meanInterval(rounds.map((r) => r.efficiency)),
              ceiling: Ratio.meanInterval(rounds.map((r) => r.ceiling)),
              structuralBound: structural,
              measuredBound: null,
              bound: Ratio.meanInterval(rounds.map((r) => r.bound)),
              ratio,
              target,
              met: target === null ? null : ratio.mean >= target
            }
          }
        })
      }
    })
  }
}
