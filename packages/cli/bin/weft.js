#!/usr/bin/env node
// The installed `weft` command. A committed stub rather than the bundle itself, so that npm
// links it when the workspace is installed, before dist/ is built.
//
// `weft --help` (or `-h`, or no arguments) and `weft --version` print the answers the build
// recorded from the command line itself (dist/fast.json), without loading it: a start-up of a
// few tens of milliseconds instead of a few hundred; `weft info` likewise (dist/fastInfo.js).
// Everything else runs the bundled command
// line (dist/bundle/weft.js; see docs/STARTUP.md), the cluster's commands included: @weft/cluster,
// which stays outside the bundle, recognises the bundle's matrices by their brand
// (SharedMatrix.isSharedMatrix), not by `instanceof` against its own copy of the class.
import { readFileSync } from "node:fs"

const args = process.argv.slice(2)
const key = args.length === 0 || (args.length === 1 && args[0] === "-h") ? "--help" : args.length === 1 ? args[0] : undefined
let answer
if (key === "--help" || key === "--version") {
  try {
    const recorded = JSON.parse(readFileSync(new URL("../dist/fast.json", import.meta.url), "utf8"))[key]
    answer = process.stdout.isTTY === true ? recorded?.tty : recorded?.plain
  } catch {
    // not built with the bundle: the command line answers itself
  }
}
// `weft info` and `weft info --json`: answered by dist/fastInfo.js from the lists recorded at
// build time, when the environment is one it answers for (else it returns undefined).
if (answer === undefined && args[0] === "info" && (args.length === 1 || (args.length === 2 && args[1] === "--json"))) {
  try {
    const recorded = JSON.parse(readFileSync(new URL("../dist/fast.json", import.meta.url), "utf8")).info
    if (recorded !== undefined) answer = (await import("../dist/fastInfo.js")).info(recorded, args.length === 2, process.env)
  } catch {
    // not built with the bundle: the command line answers itself
  }
}
if (typeof answer === "string") process.stdout.write(answer)
else await import("../dist/bundle/weft.js")
