// Where does WebAssembly start to pay? Times each kernel's WebAssembly path
// (copying the operands in included) against its plain-JavaScript reference
// on cubes of growing size, in CPU time (process.cpuUsage, robust to other
// processes on a shared machine), interleaved, median of 7 rounds.
//
//   npx nx run @weft/kernels:build && node packages/kernels/bench/threshold.mjs
import {
  gemmReference,
  gemmWasm,
  gramReference,
  gramWasm,
  xtyReference,
  xtyWasm,
  gemv
} from "../dist/index.js"

const random = (n) => Float64Array.from({ length: n }, () => Math.random() * 2 - 1)
const cpuMs = (f) => {
  // Enough calls for a millisecond or more.
  let calls = 1
  for (;;) {
    const u0 = process.cpuUsage()
    for (let c = 0; c < calls; c++) f()
    const u = process.cpuUsage(u0)
    const ms = (u.user + u.system) / 1000
    if (ms >= 2 || calls > 1e6) return ms / calls
    calls *= 4
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1]
const compare = (label, wasm, js) => {
  wasm()
  js()
  const a = []
  const b = []
  for (let r = 0; r < 7; r++) {
    a.push(cpuMs(wasm))
    b.push(cpuMs(js))
  }
  const ratio = median(b) / median(a)
  console.log(`${label.padEnd(34)} wasm ${(median(a) * 1000).toFixed(2).padStart(9)} µs  js ${(median(b) * 1000).toFixed(2).padStart(9)} µs  js/wasm ${ratio.toFixed(2)}`)
  return ratio
}

console.log("gemm, m = n = k = s (madds s³)")
for (const s of [2, 4, 8, 12, 16, 24, 32, 64]) {
  const A = random(s * s)
  const B = random(s * s)
  const C = new Float64Array(s * s)
  compare(`  s=${s} (${s ** 3} madds)`, () => gemmWasm(s, s, s, A, B, C), () => gemmReference(s, s, s, A, B, C))
}
console.log("gram, rows x cols (madds rows·cols²)")
for (const [rows, cols] of [[4, 4], [8, 8], [16, 8], [16, 16], [64, 8], [64, 16], [256, 32], [2000, 30]]) {
  const X = random(rows * cols)
  const out = new Float64Array(cols * cols)
  compare(`  ${rows}x${cols} (${rows * cols * cols} madds)`, () => gramWasm(X, cols, null, out, null, rows), () => gramReference(X, cols, null, out, null))
}
console.log("xty, rows x cols (madds rows·cols)")
for (const [rows, cols] of [[16, 8], [256, 8], [256, 32], [4096, 30], [20000, 30], [100000, 100]]) {
  const X = random(rows * cols)
  const y = random(rows)
  const out = new Float64Array(cols)
  compare(`  ${rows}x${cols} (${rows * cols} madds)`, () => xtyWasm(X, cols, null, y, out, null, 0, rows), () => xtyReference(X, cols, null, y, out, null, 0))
}
console.log("gemv (JavaScript) against gemm with one column (WebAssembly, copies included)")
for (const [m, n] of [[64, 64], [512, 512], [20000, 30]]) {
  const A = random(m * n)
  const x = random(n)
  const y = new Float64Array(m)
  compare(`  ${m}x${n}`, () => gemmWasm(m, 1, n, A, x, y), () => gemv(m, n, A, x, y))
}
