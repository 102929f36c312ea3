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
