// Loading on the pool against the one-thread readers it must equal bit for bit: Datasets.readCsv
// and Datasets.syntheticRegression, at 1, 2 and 3 threads (threads 1 runs the tasks on the
// calling thread: the sequential twin).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Datasets, Loading } from "@weft/ml-workflows"
import { afterAll, describe, expect, it } from "vitest"
import { bits, failureOf, runWith } from "./helpers/pool.js"

const dir = mkdtempSync(join(tmpdir(), "weft-loading-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let files = 0
const write = (text: string): string => {
  const path = join(dir, `f${files++}.csv`)
  writeFileSync(path, text)
  return path
}

const plain = (d: Datasets.Dataset) => ({ X: bits(d.X.data), shape: [d.X.rows, d.X.columns], y: bits(d.y), names: d.featureNames, target: d.targetName, classes: d.classes })

describe("Loading.syntheticRegression", () => {
  it("draws Datasets.syntheticRegression's values at 1, 2 and 3 threads", async () => {
    // Several chunks of 4096 rows, the last one short.
    const options = { rows: 3 * 4096 + 17, features: 5, informative: 3, noise: 1.5, bias: 2, seed: 11 }
    const reference = Datasets.syntheticRegression(options)
    for (const threads of [1, 2, 3]) {
      const data = await runWith(threads, Loading.syntheticRegression(options))
      expect(bits(data.X.data)).toEqual(bits(reference.X.data))
      expect(bits(data.y)).toEqual(bits(reference.y))
      expect(data.coef).toEqual(reference.coef)
    }
    // The features are standard normal and y is X·coef + bias + noise: the draw is what it says.
    const { X, y, coef } = reference
    let residual = 0
    for (let i = 0; i < X.rows; i++) {
      let s = 2
      for (let j = 0; j < 5; j++) s += X.get(i, j) * coef[j]
      residual += (y[i] - s) ** 2
    }
    expect(Math.sqrt(residual / X.rows)).toBeCloseTo(1.5, 1)
    expect(coef.slice(3)).toEqual([0, 0])
  })

  it("refuses the options Datasets.syntheticRegression refuses", async () => {
    expect(await failureOf(2, Loading.syntheticRegression({ rows: 0, features: 2, seed: 1 }))).toMatchObject({ _tag: "InvalidOption", option: "rows" })
  })
})

describe("Loading.readCsv", () => {
  const rows = Array.from({ length: 5000 }, (_, i) => `${(i * 0.37) % 11},${-i / 7},${i % 13 === 0 ? "NA" : i * 1e-3},${(i * 7919) % 101}`)
  const numeric = write(["a,b,c,y", ...rows].join("\n") + "\n")
  const labelled = write(["a,b,c,y", ...rows.map((r, i) => r.replace(/,[^,]*$/, `,${["x", "yy", "é"][i % 3]}`))].join("\r\n"))

  it("reads what Datasets.readCsv reads, numbers or class labels, at 1, 2 and 3 threads", async () => {
    for (const [path, target] of [[numeric, undefined], [numeric, "b"], [labelled, undefined]] as const) {
      const reference = plain(Datasets.readCsv(path, target === undefined ? {} : { target }))
      for (const threads of [1, 2, 3]) expect(plain(await runWith(threads, Loading.readCsv(path, target === undefined ? {} : { target })))).toEqual(reference)
    }
  })

  it("gives the first error in the file, as Datasets.readCsv does, whichever thread finds it", async () => {
    const bad = [...rows]
    bad[4000] = "1,2,3"
    bad[4500] = "1,x,3,4"
    bad[100] = "1,2,3,NA"
    const path = write(["a,b,c,y", ...bad].join("\n"))
    let expected: unknown
    try {
      Datasets.readCsv(path)
    } catch (e) {
      expected = e
    }
    expect(expected).toMatchObject({ _tag: "ShapeMismatch" })
    for (const threads of [1, 2, 3]) expect(await failureOf(threads, Loading.readCsv(path))).toEqual(expected)
    expect(await failureOf(2, Loading.readCsv(join(dir, "missing.csv")))).toMatchObject({ _tag: "InvalidOption", option: "path" })
  })

  it("reads a file with quotes as text, as Datasets.readCsv does", async () => {
    const path = write('a,b,y\n1,2,"x, y"\n3,4,z\n')
    expect(plain(await runWith(2, Loading.readCsv(path)))).toEqual(plain(Datasets.readCsv(path)))
  })
})
