/* eslint-disable no-console -- a report script: what it prints is the point */
// The spread of speedup ÷ ceiling across runs of `weft bench --threads 1,2 --rounds 3`:
//   node docs/bench-2cores/ratio/summarize.mjs docs/bench-2cores/ratio/run-1 docs/bench-2cores/ratio/run-2 docs/bench-2cores/ratio/run-3
// For each workload at 2 threads: each run's mean ratio (and its rounds), the raw speedup, the ceiling,
// and across runs the range of the ratio and its half-width (the "±" of the issue), against the target.
import { readFileSync } from "node:fs"
import * as path from "node:path"

const dirs = process.argv.slice(2)
const reports = dirs.map((d) => JSON.parse(readFileSync(path.join(d, "report.json"), "utf8")))
const per0Paced = () => reports.every((r) => r.workloads.every((w) => w.counts.find((c) => c.threads === 2)?.ceiling?.paced != null))
const f = (x, d = 2) => (x === null || x === undefined || !Number.isFinite(x) ? "–" : x.toFixed(d))
for (const [k, r] of reports.entries()) {
  console.log(`run ${k + 1} (${dirs[k]}): ${r.createdAt}, weft ${r.software?.weft} commit ${r.software?.commit?.slice(0, 12)}${r.software?.dirty ? " (dirty)" : ""}, load ${r.load?.samples[0]}–${r.load?.max} (max), ${r.settings.rounds} rounds × ${r.settings.repeats} repeats`)
}
console.log("")
console.log("| workload | compared with | " + reports.map((_, k) => `run ${k + 1}: speedup / ceiling = ratio (rounds)`).join(" | ") + " | ratio across runs: range | ± | raw speedup across runs | target | met in |")
console.log("|---|---|" + reports.map(() => "---|").join("") + "---:|---:|---|---|---|")
for (const w of reports[0].workloads) {
  const per = reports.map((r) => r.workloads.find((x) => x.name === w.name).counts.find((c) => c.threads === 2).ceiling)
  const ratios = per.map((c) => c.ratio.mean)
  const speedups = reports.map((r) => {
    const c = r.workloads.find((x) => x.name === w.name).counts.find((c) => c.threads === 2)
    return c.efficiency * c.threads
  })
  const lo = Math.min(...ratios)
  const hi = Math.max(...ratios)
  const target = per[0].target
  const cells = per.map((c) => `${f(c.speedup.mean)}x / ${f(c.bound.mean)}x = **${f(c.ratio.mean)}** (${c.rounds.map((r) => f(r.ratio)).join(", ")})`)
  const against = w.scaling.kernel === "stream" ? "streaming" : `compute (${w.scaling.kernel})`
  console.log(
    `| ${w.name} | ${against}${w.scaling.structure ? ` (bound ${f(per[0].structuralBound)}x)` : ""} | ${cells.join(" | ")} | ${f(lo)}–${f(hi)} | ±${f((hi - lo) / 2, 3)} | ${f(Math.min(...speedups))}x–${f(Math.max(...speedups))}x | ${target === null ? "–" : `≥ ${f(target)}`} | ${target === null ? "–" : `${ratios.filter((x) => x >= target).length} of ${ratios.length}`} |`
  )
}
if (per0Paced()) {
  console.log("")
  console.log("Against the paced ceiling (the kernel timed right before each sample, 1 worker before 1-thread samples, T before T-thread ones):")
  console.log("| workload | " + reports.map((_, k) => `run ${k + 1}: ratio (rounds)`).join(" | ") + " | range across runs | ± |")
  console.log("|---|" + reports.map(() => "---|").join("") + "---:|---:|")
  for (const w of reports[0].workloads) {
    const per = reports.map((r) => r.workloads.find((x) => x.name === w.name).counts.find((c) => c.threads === 2).ceiling.paced)
    const ratios = per.map((p) => p.ratio.mean)
    const lo = Math.min(...ratios)
    const hi = Math.max(...ratios)
    console.log(`| ${w.name} | ${per.map((p) => `**${f(p.ratio.mean)}** (${p.rounds.map((r) => f(r.ratio)).join(", ")})`).join(" | ")} | ${f(lo)}–${f(hi)} | ±${f((hi - lo) / 2, 3)} |`)
  }
}
const hasBrackets = reports.every((r) => r.workloads.every((w) => w.counts.find((c) => c.threads === 2).ceiling.rounds.every((x) => x.chain !== undefined)))
console.log("")
if (hasBrackets) {
  console.log("Ceilings per round at 2 threads (chain / stream), all workloads of each run:")
  for (const [k, r] of reports.entries()) {
    const chain = r.workloads.flatMap((w) => w.counts.find((c) => c.threads === 2).ceiling.rounds.map((x) => x.chain))
    const stream = r.workloads.flatMap((w) => w.counts.find((c) => c.threads === 2).ceiling.rounds.map((x) => x.stream))
    console.log(`run ${k + 1}: chain ${f(Math.min(...chain))}–${f(Math.max(...chain))}, stream ${f(Math.min(...stream))}–${f(Math.max(...stream))}`)
  }
} else {
  console.log("Ceilings per round at 2 threads (each workload's own kernel, on its pools' workers), all workloads of each run:")
  for (const [k, r] of reports.entries()) {
    const per = r.workloads.map((w) => `${w.name} ${w.counts.find((c) => c.threads === 2).ceiling.rounds.map((x) => f(x.ceiling)).join("/")}`)
    console.log(`run ${k + 1}: ${per.join("; ")}`)
  }
}
console.log("")
console.log("Did dividing by the ceiling steady the figure? Per workload, over every round of every run (2 threads):")
console.log("| workload | rounds | raw speedup: range, coefficient of variation | ratio: range, coefficient of variation | correlation of speedup with ceiling |")
console.log("|---|---:|---|---|---:|")
const cv = (xs) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)) / m
}
const corr = (xs, ys) => {
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length
  const my = ys.reduce((a, b) => a + b, 0) / ys.length
  let sxy = 0, sxx = 0, syy = 0
  for (let i = 0; i < xs.length; i++) { sxy += (xs[i] - mx) * (ys[i] - my); sxx += (xs[i] - mx) ** 2; syy += (ys[i] - my) ** 2 }
  return sxy / Math.sqrt(sxx * syy)
}
for (const w of reports[0].workloads) {
  const rounds = reports.flatMap((r) => r.workloads.find((x) => x.name === w.name).counts.find((c) => c.threads === 2).ceiling.rounds)
  const s = rounds.map((r) => r.speedup)
  const q = rounds.map((r) => r.ratio)
  const c = rounds.map((r) => r.bound)
  console.log(`| ${w.name} | ${rounds.length} | ${f(Math.min(...s))}x–${f(Math.max(...s))}x, ${f(100 * cv(s), 0)}% | ${f(Math.min(...q))}–${f(Math.max(...q))}, ${f(100 * cv(q), 0)}% | ${f(corr(s, c))} |`)
}
console.log("")
console.log("Where a ratio below 1 goes (2 threads, mean over runs). With u the workers' busy share and busy = u × threads × ms,")
console.log("speedup ÷ ceiling = (u at 2 / u at 1) × (busy at 1 / busy at 2) × (2 / ceiling): the share lost to idle workers, and the")
console.log("share lost to each task running slower at 2 threads than the ceiling kernel did on the same workers (contention the kernel does not feel).")
console.log("| workload | utilisation 1 → 2 threads | idle factor | worker-busy ms 1 → 2 threads | task-speed factor | product | speedup ÷ ceiling, as reported |")
console.log("|---|---|---:|---|---:|---:|---:|")
for (const w of reports[0].workloads) {
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length
  const rows = reports.map((r) => {
    const x = r.workloads.find((y) => y.name === w.name)
    const one = x.counts.find((c) => c.threads === 1)
    const two = x.counts.find((c) => c.threads === 2)
    const busy1 = one.utilisation * one.timing.median
    const busy2 = two.utilisation * 2 * two.timing.median
    const ceiling = two.ceiling.ceiling.mean
    return { u1: one.utilisation, u2: two.utilisation, busy1, busy2, idle: two.utilisation / one.utilisation, speed: (busy1 / busy2) * (2 / ceiling), ratio: two.ceiling.efficiency.mean }
  })
  const m = (k) => mean(rows.map((r) => r[k]))
  console.log(
    `| ${w.name} | ${f(100 * m("u1"), 1)}% → ${f(100 * m("u2"), 1)}% | ${f(m("idle"))} | ${f(m("busy1"), 0)} → ${f(m("busy2"), 0)} | ${f(m("speed"))} | ${f(m("idle") * m("speed"))} | ${f(m("ratio"))} |`
  )
}
console.log("")
console.log("How steady the machine was: the gemm kernel's time on one worker (1-thread pools, before each sample), all compute workloads of each run:")
for (const [k, r] of reports.entries()) {
  const ms = r.workloads.filter((w) => w.scaling.kernel !== "stream").flatMap((w) => (w.counts.find((c) => c.threads === 1).paces ?? []).map((p) => p[0]))
  if (ms.length === 0) continue
  const s = [...ms].sort((a, b) => a - b)
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))]
  console.log(`run ${k + 1}: median ${f(q(0.5), 0)} ms, quartiles ${f(q(0.25), 0)}–${f(q(0.75), 0)}, range ${f(s[0], 0)}–${f(s.at(-1), 0)} ms; ${f((100 * ms.filter((x) => x > 1.2 * s[0]).length) / ms.length, 0)}% of them over 1.2 × the fastest`)
}
