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
import { EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK } from "./internal/errors.js"
import { writeError } from "./internal/output.js"

// Output that cannot be written ends the run, with one line and no stack trace:
// - `weft predict ... | head`: once the reader has gone (EPIPE), there is no one left to write
//   results for, so the run ends quietly with 0, as `cat`, `seq` and `grep` do under `head`;
// - any other write error (ENOSPC on a full disk, EIO) is exit 1, said on stderr, so that a
//   script never takes a truncated output for a result.
// A failing stderr ends the run the same way (there is nowhere left to say why).
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(EXIT_OK)
  try {
    process.stderr.write(`weft: cannot write the output: ${writeError(error)}\n`)
  } finally {
    process.exit(EXIT_FAILURE)
  }
})
process.stderr.on("error", (error: NodeJS.ErrnoException) => {
  process.exit(error.code === "EPIPE" ? EXIT_OK : EXIT_FAILURE)
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
