// Timeline of kernels on N workers at once (each worker its own kernels), interleaved, for D seconds.
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads"
if (isMainThread) {
  const N = Number(process.argv[2] ?? 1), D = Number(process.argv[3] ?? 30)
  const ws = Array.from({ length: N }, () => new Worker(new URL(import.meta.url)))
  const lines = ws.map(() => [])
  await Promise.all(ws.map((w, k) => new Promise((res) => { w.on("message", (m) => { if (m === "done") res(); else lines[k].push(m) }); w.postMessage(D) })))
  for (const [k, l] of lines.entries()) for (const m of l) console.log(k, m.t.toFixed(1), m.name, m.ms.toFixed(1))
  ws.forEach((w) => w.terminate())
} else {
  const { gemmWasm } = await import(new URL("../../../packages/kernels/dist/index.js", import.meta.url).href)
  const table = new Float64Array(64).map((_, i) => i * 1e-3)
  const chain = () => { let s = 0; for (let r = 0; r < 50000; r++) for (let j = 0; j < 64; j++) s = s * 0.999999 + table[j]; return s }
  const tput = () => { let a=0,b=0,c=0,d=0,e=0,f=0,g=0,h=0; for (let r = 0; r < 50000; r++) for (let j = 0; j < 64; j += 8) { a=a*0.999999+table[j];b=b*0.999999+table[j+1];c=c*0.999999+table[j+2];d=d*0.999999+table[j+3];e=e*0.999999+table[j+4];f=f*0.999999+table[j+5];g=g*0.999999+table[j+6];h=h*0.999999+table[j+7] } return a+b+c+d+e+f+g+h }
  const n1 = 96, A1 = new Float64Array(n1*n1).fill(1.1), B1 = new Float64Array(n1*n1).fill(0.9), C1 = new Float64Array(n1*n1)
  const gemmL2 = () => { for (let i = 0; i < 40; i++) gemmWasm(n1, n1, n1, A1, B1, C1); return C1[0] }
  const n2 = 400, A2 = new Float64Array(n2*n2).fill(1.1), B2 = new Float64Array(n2*n2).fill(0.9), C2 = new Float64Array(n2*n2)
  const gemmBig = () => { for (let i = 0; i < 2; i++) gemmWasm(n2, n2, n2, A2, B2, C2); return C2[0] }
  const X = new Float64Array(1 << 22).fill(1.5), Z = new Float64Array(1 << 22)
  const stream = () => { for (let p = 0; p < 3; p++) for (let i = 0; i < X.length; i++) Z[i] = (X[i] - 0.25) / 1.75; return Z[0] }
  const ks = { chain, tput, gemmL2, gemmBig, stream }
  parentPort.on("message", (D) => {
    const t0 = performance.now()
    while (performance.now() - t0 < D * 1000) for (const [name, f] of Object.entries(ks)) { const s = performance.now(); f(); parentPort.postMessage({ t: (s - t0) / 1000, name, ms: performance.now() - s }) }
    parentPort.postMessage("done")
  })
}
