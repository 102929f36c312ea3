/**
 * BullMQ's `Queue` emits "error" for every failure of its Redis connection,
 * and an emitter with no "error" listener throws it at the process. A bare
 * `queue.on("error", () => {})` keeps the process up but hides why a run then
 * fails; this listener logs each distinct message once, at warning level,
 * through the Effect logger of the fiber that installed it (so that a caller's
 * `Logger` and log level apply), without repeating a reconnect loop's errors.
 *
 * @internal
 */
import { Effect, Runtime } from "effect"
import { describe } from "../Connection.js"

/** @internal */
export interface ErrorEmitter {
  on(event: "error", listener: (error: Error) => void): unknown
}

/** @internal */
export const logErrors = (emitter: ErrorEmitter, what: string): Effect.Effect<void> =>
  Effect.map(Effect.runtime<never>(), (runtime) => {
    const fork = Runtime.runFork(runtime)
    const seen = new Set<string>()
    emitter.on("error", (error) => {
      const message = describe(error)
      if (seen.has(message)) return
      seen.add(message)
      fork(Effect.logWarning(`${what}: ${message}`))
    })
  })
