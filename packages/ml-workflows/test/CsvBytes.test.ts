// The byte reader (readCsv's path for files without quotes, and each range of Loading.readCsv)
// against the text reader (parseCsv), which is the reference: same matrix, same targets, same
// classes, and the same error, bit for bit, on random files cut into any number of ranges.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import fc from "fast-check"
import { afterAll, describe, expect, it } from "vitest"
import { parseCsv, readCsv, type Dataset } from "../src/Datasets.js"
import { readCsvBytes } from "../src/internal/csvPlan.js"

const dir = mkdtempSync(join(tmpdir(), "weft-csvbytes-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let files = 0
const write = (text: string | Buffer): string => {
  const path = join(dir, `f${files++}.csv`)
  writeFileSync(path, text)
  return path
}

type Outcome = { ok: true; data: Dataset } | { ok: false; tag: string; message: string }
const outcome = (f: () => Dataset | undefined): Outcome | undefined => {
  try {
    const data = f()
    return data === undefined ? undefined : { ok: true, data }
  } catch (e) {
    return { ok: false, tag: (e as { _tag?: string })._tag ?? "?", message: (e as Error).message }
  }
}
const plain = (o: Outcome) =>
  o.ok
    ? { X: Array.from(o.data.X.data).map((x) => (Object.is(x, -0) ? "-0" : x)), shape: [o.data.X.rows, o.data.X.columns], y: Array.from(o.data.y), names: o.data.featureNames, target: o.data.targetName, classes: o.data.classes }
    : o

/** The text reader's outcome for the file, and the byte reader's in 1, 2, 3 and 7 ranges (undefined: it hands over to the text reader). */
const both = (path: string, target?: string) => {
  const text = outcome(() => parseCsv(readFileSync(path, "utf8"), { source: path, ...(target === undefined ? {} : { target }) }))!
  const bytes = [1, 2, 3, 7].map((pieces) => outcome(() => readCsvBytes(path, target, pieces)))
  return { text, bytes }
}

const expectSame = (path: string, target?: string, handsOver = false) => {
  const { text, bytes } = both(path, target)
  for (const b of bytes) {
    if (handsOver) expect(b).toBeUndefined()
    else expect(b === undefined ? "handed over" : plain(b)).toEqual(plain(text))
  }
  // readCsv gives the text reader's outcome whichever path it takes.
  expect(plain(outcome(() => readCsv(path, target === undefined ? {} : { target }))!)).toEqual(plain(text))
}

/** A number as a CSV writer might write it. */
const numberText = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map((x) => x.toPrecision(1 + Math.floor(Math.abs(x) % 17))),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => x.toExponential()),
  fc.integer({ min: -1e9, max: 1e9 }).map(String),
  fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }).map(String),
  fc.constantFrom("0", "-0", "+1", ".5", "5.", "-.25", "1e5", "1E-5", "2.5e+3", "  7 ", "\t8", "0.1", "000123.4500", "1e400", "NA", "NaN", "nan", "", "9007199254740993", "1.7976931348623157e308", "5e-324")
)

describe("the byte reader reads what the text reader reads", () => {
  it("random numeric files, any number of ranges, LF or CRLF, with or without a final line break and blank lines", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.array(numberText, { minLength: 5, maxLength: 5 }), { minLength: 1, maxLength: 40 }),
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.nat(50), { maxLength: 3 }),
        (p, rows, crlf, finalBreak, blanks) => {
          const eol = crlf ? "\r\n" : "\n"
          const lines = [Array.from({ length: p + 1 }, (_, j) => `c${j}`).join(","), ...rows.map((r) => [...r.slice(0, p), r[4] === "" ? "1" : r[4].replace(/^(NA|NaN|nan)$/, "2")].join(","))]
          for (const b of blanks) if (b % lines.length > 0) lines.splice(b % lines.length, 0, "")
          expectSame(write(lines.join(eol) + (finalBreak ? eol : "")))
        }
      ),
      { numRuns: 150, seed: 13 }
    )
  })

  it("class labels (including non-ASCII ones and numbers among labels), sorted as the text reader sorts them", () => {
    expectSame(write("a,b,label\n1,2,setosa\n3,4,versicolor\n5,6,setosa\n7,8,é-class\n9,10,12\n"))
    expectSame(write("a,label\n1,3\n2,x\n3,3\n4,y\n"))
    expectSame(write("label,a\nb,1\na,2\n"), "label")
  })

  it("the same errors: a short or long row, a value that is not a number, a missing target, no data rows", () => {
    expectSame(write("a,b,y\n1,2,3\n4,5\n"))
    expectSame(write("a,b,y\n1,2,3\n4,5,6,7\n"))
    expectSame(write("a,b,y\n1,2,3\n4,oops,6\n"))
    expectSame(write("a,b,y\n1,2,3\n4,5,6\n7,x,9,10\n"))
    expectSame(write("a,b,y\n1,2,3\n4,5,NA\n"))
    expectSame(write("a,b,y\n1,2,x\n4,5,\n"))
    expectSame(write("a,b,y\n"))
    expectSame(write("a,b,y"))
    expectSame(write("a,a,y\n1,2,3\n"))
    expectSame(write("y\n1\n"))
    expectSame(write("a,b,y\n1,2,3\n"), "nope")
    expectSame(write("a,b,y\n1,2,3\n4,\u00a05\u00a0,6\n"))
  })

  it("the first error in the file whichever range finds it", () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `${i},${i * 2},${i % 7}`)
    rows[2100] = "1,bad,3"
    rows[2900] = "1,2"
    expectSame(write(["a,b,y", ...rows].join("\n")))
    rows[400] = "4,5,NA"
    expectSame(write(["a,b,y", ...rows].join("\n")))
  })

  it("hands over to the text reader for quotes, a carriage return inside a line, a byte-order mark or a blank first line", () => {
    expectSame(write('a,b,y\n1,2,3\n4,"5",6\n'), undefined, true)
    expectSame(write('a,b,y\n1,2,3\n4,5,"x\ny"\n'), undefined, true)
    expectSame(write('a,b,y\n1,2,3\n4,5,"x,y"\n'), undefined, true)
    expectSame(write('a,b,y\n1,2,"a"\n4,"b,c",6\n'), undefined, true)
    expectSame(write("a,b,y\n1,2,3\r4,5,6\n"), undefined, true)
    expectSame(write('"a",b,y\n1,2,3\n'), undefined, true)
    expectSame(write("\ufeffa,b,y\n1,2,3\n"), undefined, true)
    expectSame(write("\na,b,y\n1,2,3\n"), undefined, true)
  })

  it("lines longer than its block of 1 MiB", () => {
    const p = 40000
    const header = Array.from({ length: p + 1 }, (_, j) => `c${j}`).join(",")
    const row = (i: number) => Array.from({ length: p + 1 }, (_, j) => ((i + 1) * (j + 1)) / 7).join(",")
    expectSame(write([header, row(0), row(1), row(2)].join("\n") + "\n"))
  })

  it("a file that cannot be read is InvalidOption naming it", () => {
    const missing = join(dir, "missing.csv")
    expect(outcome(() => readCsv(missing))).toMatchObject({ ok: false, tag: "InvalidOption", message: expect.stringContaining("cannot be read (ENOENT") })
  })
})
