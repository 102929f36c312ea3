/* eslint-disable no-console -- a report script: what it prints is the point */
// Recomputes each round's 2-thread ratio of reports made before the schedule-aware bound (commit c146f5c),
// judging cross-validation and grid search against their tasks scheduled on workers of the paces the kernel
// found (as Ratio.roundOf does since), equal tasks assumed; the other workloads come out as stored.
//   node docs/bench-2cores/ratio/reschedule.mjs docs/bench-2cores/ratio/paired-1 docs/bench-2cores/ratio/paired-2 docs/bench-2cores/ratio/paired-3
// Prints per workload and run: each round's ratio, recomputed / as stored. Assumes rounds of equal sample counts
// (true of the paired-N reports).
import { readFileSync } from "node:fs"
const med = (xs) => { const s=[...xs].sort((a,b)=>a-b), m=s.length>>1; return s.length%2? s[m]:(s[m-1]+s[m])/2 }
const makespan = (costs, u) => { // greedy: each task to the worker that frees first; ties -> fastest
  const free = u.map(() => 0)
  for (const c of costs) { let k=0; for (let j=1;j<u.length;j++) if (free[j]<free[k] || (free[j]===free[k] && u[j]<u[k])) k=j; free[k]+=c*u[k] }
  return Math.max(...free)
}
for (const dir of process.argv.slice(2)) {
  const r = JSON.parse(readFileSync(dir + "/report.json"))
  for (const w of r.workloads) {
    const s = w.scaling; if (!s) continue
    const share = s.kernel === "stream" ? 0.5 : 1
    const tasks = s.structure ? Array(s.structure.tasks).fill(1) : null
    const serial = s.structure ? s.structure.serial : 0
    const [c1, c2] = w.counts
    const per = c1.timing.samples.length / 3
    const out = []
    for (let k = 0; k < 3; k++) {
      const sl = (a) => a.slice(k*per, (k+1)*per)
      const b = sl(c1.timing.samples).map((ms,i)=>({ms, pace: sl(c1.paces)[i]}))
      const t = sl(c2.timing.samples).map((ms,i)=>({ms, pace: sl(c2.paces)[i]}))
      const u = (p) => p.map(x => x / (p.length===1?1:share) )
      let exp
      if (tasks) exp = (smp) => { const uu = smp.pace.map(x=>x/(s.kernel==="stream"&&smp.pace.length>1?share:1)); return smp.pace.length===1 ? (tasks.length+serial)*uu[0] : makespan(tasks, uu) + serial*Math.min(...uu) }
      else exp = (smp) => 1 / smp.pace.reduce((a,p)=>a + (s.kernel==="stream"?1/smp.pace.length:1)/p, 0)
      const ratio = med(b.map(x=>x.ms/exp(x))) / med(t.map(x=>x.ms/exp(x)))
      out.push(ratio.toFixed(3) + "/" + w.counts[1].ceiling.rounds[k].ratio.toFixed(3))
    }
    console.log(dir.slice(-8), w.name.padEnd(18), out.join("  "))
  }
}
