// Runs the bundled `weft` with the given arguments and prints what it wrote to stdout, with
// stdout taken for a terminal ("tty") or not ("plain"). Used by bundle.mjs at build time.
import { writeSync } from "node:fs"
import { pathToFileURL } from "node:url"

const [bundle, mode, ...args] = process.argv.slice(2)
Object.defineProperty(process.stdout, "isTTY", { value: mode === "tty", configurable: true })
let text = ""
process.stdout.write = (chunk) => {
  text += String(chunk)
  return true
}
process.on("exit", (code) => {
  if (code !== 0) writeSync(2, `weft ${args.join(" ")} exited with ${code}\n`)
  writeSync(1, text)
})
process.argv = [process.execPath, "weft", ...args]
await import(pathToFileURL(bundle).href)
