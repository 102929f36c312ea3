import { Worker } from "node:worker_threads"
import { describe, expect, it } from "vitest"
import { gemm } from "../src/index.js"

// The built package (dist/, which the test target builds first) in a worker
// thread: the module instantiates there on its first call, as in weft's pool.
const dist = new URL("../dist/index.js", import.meta.url).href

const inWorker = (code: string): Promise<unknown> =>
  new Promise((resolve, reject) => {
    const worker = new Worker(`import(${JSON.stringify(dist)}).then(async (k) => { const { parentPort } = await import("node:worker_threads"); parentPort.postMessage(await (${code})(k)) })`, { eval: true })
    worker.once("message", (value) => {
      void worker.terminate().then(() => resolve(value))
    })
    worker.once("error", reject)
  })

describe("in a worker thread", () => {
  it("the first kernel call instantiates the module there and gives the main thread's bits", async () => {
    const n = 37
    const A = Float64Array.from({ length: n * n }, (_, i) => Math.sin(i) * (i % 5 === 0 ? 1e3 : 1))
    const C = new Float64Array(n * n)
    gemm(n, n, n, A, A, C, { transB: true })
    const fromWorker = (await inWorker(`(k) => {
      const n = ${n}
      const A = Float64Array.from({ length: n * n }, (_, i) => Math.sin(i) * (i % 5 === 0 ? 1e3 : 1))
      const C = new Float64Array(n * n)
      k.gemm(n, n, n, A, A, C, { transB: true })
      return C
    }`)) as Float64Array
    expect(fromWorker).toBeInstanceOf(Float64Array)
    expect(Array.from(fromWorker).every((v, i) => Object.is(v, C[i]))).toBe(true)
  })
})
