#!/usr/bin/env node
/**
 * The `weft` executable. `NodeRuntime.runMain` interrupts the main fiber on
 * Ctrl-C (SIGINT) or SIGTERM: the command's scopes close, the worker pool
 * terminates its threads, and the process exits with 130. Otherwise the exit
 * code is the command's own (0, 1 or 2).
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Cause, Exit } from "effect"
import { run } from "./Cli.js"
import { EXIT_FAILURE, EXIT_INTERRUPTED } from "./internal/errors.js"

// `weft predict ... | head`: once the reader has gone, there is no one left to write results for.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0)
  throw error
})

// Work that runs on this thread (a pool of one thread runs its tasks inline) gives the event
// loop a turn between items (the pool sees to it), so Ctrl-C and the progress bar's timer get in.
NodeRuntime.runMain(run(process.argv), {
  disableErrorReporting: true,
  teardown: (exit, onExit) => {
    if (Exit.isSuccess(exit)) return onExit(exit.value as number)
    if (Cause.isInterruptedOnly(exit.cause)) {
      process.stderr.write("weft: interrupted\n")
      return onExit(EXIT_INTERRUPTED)
    }
    process.stderr.write(`weft: ${Cause.pretty(exit.cause)}\n`)
    onExit(EXIT_FAILURE)
  }
})
