/* eslint-disable no-console -- a report script: what it prints is the point */
// Other ways to turn paced samples into a run's 2-thread ratio, tried on the same reports:
//   node docs/bench-2cores/ratio/estimators.mjs docs/bench-2cores/ratio/cli-1 docs/bench-2cores/ratio/cli-2 docs/bench-2cores/ratio/cli-3
// A: median of per-sample ratios per round, mean over rounds (what Ratio.roundOf does, pacing before each sample);
// B: ratio of medians (speedup / median-capacity ceiling); C: geometric means; D: median of adjacent 1/T pairs;
// P: all samples of the run pooled; M: median instead of mean over rounds. Per workload: each run's figure and ± across runs.
// Rounds are cut where the stored per-round ratios say (equal thirds for cross-validation and grid search, whose
// ratios are recomputed with the schedule-aware bound, equal tasks assumed). Uses `paces` only (before each sample).
import { readFileSync } from "node:fs"
import { Ratio, Stats } from "@weft/bench"
const med = Stats.median
const makespan = Ratio.paceMakespan
const gmean = (xs) => Math.exp(xs.reduce((a,x)=>a+Math.log(x),0)/xs.length)
const runs = process.argv.slice(2).map(d => JSON.parse(readFileSync(d + "/report.json")))

const names = runs[0].workloads.map(w=>w.name)
const table = {}
for (const name of names) {
  table[name] = { A: [], B: [], C: [], D: [], P: [], M: [] }
  for (const r of runs) {
    const w = r.workloads.find(x=>x.name===name); const s = w.scaling
    const tasks = s.structure ? Array(s.structure.tasks).fill(1) : null, serial = s.structure ? s.structure.serial : 0
    const E = (pace) => { const T = pace.length; const u = pace.map(p => s.kernel==="stream" && T>1 ? p*T : p)
      if (!tasks) return 1 / u.reduce((a,x)=>a+1/x,0)
      return T===1 ? (tasks.length+serial)*u[0] : makespan(tasks,u)+serial*Math.min(...u) }
    const [c1, c2] = w.counts
    const n = c1.timing.samples.length
    const roundA = (from, to) => { const b = c1.timing.samples.slice(from,to).map((ms,i)=>({ms, e:E(c1.paces[from+i])})); const t = c2.timing.samples.slice(from,to).map((ms,i)=>({ms, e:E(c2.paces[from+i])})); return med(b.map(x=>x.ms/x.e))/med(t.map(x=>x.ms/x.e)) }
    let split = null
    for (let a = 1; a < n && !split; a++) for (let b2 = 1; a + b2 < n && !split; b2++) {
      const st = c2.ceiling.rounds
      if ([roundA(0,a), roundA(a,a+b2), roundA(a+b2,n)].every((x,k)=>Math.abs(x-st[k].efficiency*(tasks? 1:1))<1e-9 || (tasks && true))) split = [0,a,a+b2,n]
    }
    if (!split || tasks) { split = [0, Math.round(n/3), Math.round(2*n/3), n] }
    const rr = { A: [], B: [], C: [], D: [] }
    for (let k = 0; k < 3; k++) {
      const b = c1.timing.samples.slice(split[k],split[k+1]).map((ms,i)=>({ms, e:E(c1.paces[split[k]+i])}))
      const t = c2.timing.samples.slice(split[k],split[k+1]).map((ms,i)=>({ms, e:E(c2.paces[split[k]+i])}))
      rr.A.push(med(b.map(x=>x.ms/x.e))/med(t.map(x=>x.ms/x.e)))
      rr.B.push((med(b.map(x=>x.ms))/med(t.map(x=>x.ms))) / (med(b.map(x=>x.e))/med(t.map(x=>x.e))))
      rr.C.push(gmean(b.map(x=>x.ms/x.e))/gmean(t.map(x=>x.ms/x.e)))
      // D: pairwise adjacent (1,T) in time order: median of per-pair normalized ratios
      const n = Math.min(b.length, t.length); const pr = []
      for (let i = 0; i < n; i++) pr.push((b[i].ms/b[i].e)/(t[i].ms/t[i].e))
      rr.D.push(med(pr))
    }
    for (const e of Object.keys(rr)) table[name][e].push(rr[e].reduce((a,x)=>a+x,0)/3)
    table[name].M.push(med(rr.A))
    { const b = c1.timing.samples.map((ms,i)=>ms/E(c1.paces[i])); const t = c2.timing.samples.map((ms,i)=>ms/E(c2.paces[i])); table[name].P.push(med(b)/med(t)) }
  }
}
for (const e of ["A","B","C","D","P","M"]) {
  console.log("estimator", e)
  for (const name of names) { const v = table[name][e]; console.log("  ", name.padEnd(18), v.map(x=>x.toFixed(3)).join(" "), " ±" + ((Math.max(...v)-Math.min(...v))/2).toFixed(3)) }
}
