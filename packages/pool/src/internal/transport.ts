/**
 * The one small interface between the pool and whatever moves messages to
 * worker threads. The pool schedules, times out, cancels and replaces; a
 * transport only spawns a worker from a script, calls a named method on it,
 * transfers buffers, reports the worker's death and terminates it.
 *
 * @internal
 */
import { Effect } from "effect"

/** Why a call did not return a value. */
export type CallFailure =
  | { readonly _tag: "Threw"; readonly message: string; readonly stack: string | undefined }
  | { readonly _tag: "Crashed"; readonly reason: string; readonly exitCode: number | undefined }

export interface Connection {
  /** The worker thread's id, for diagnostics and leak checks. */
  readonly threadId: number
  /**
   * Sends a call of `method` with `args`, moving `transfer` instead of cloning
   * it. `done` is called exactly once: with the value, with `Threw`, or with
   * `Crashed` if the worker dies (exit, uncaught error, terminate) first.
   */
  readonly call: (
    method: string,
    args: ReadonlyArray<unknown>,
    transfer: ReadonlyArray<ArrayBuffer>,
    done: (outcome: CallOutcome) => void
  ) => void
  /** Whether the worker has died or been terminated. */
  readonly isDead: () => boolean
  /** Stops the worker thread; resolves once it is gone. Safe to call twice. */
  readonly terminate: Effect.Effect<void>
}

/** What became of a call. */
export type CallOutcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly failure: CallFailure }

export interface Transport {
  readonly name: string
  /** The worker script that serves the pool's methods over this transport. */
  readonly bootstrap: URL
  /** Starts a worker running the ES module at `script` (an absolute file URL). */
  readonly spawn: (script: URL, options: SpawnOptions) => Effect.Effect<Connection, CallFailure>
}

export interface SpawnOptions {
  /** V8 heap limits of the worker, as `worker_threads` takes them. */
  readonly resourceLimits?: { readonly maxOldGenerationSizeMb?: number } | undefined
  /** How long the worker may take to start, in milliseconds. */
  readonly startTimeoutMs: number
}

/** The failure of a call whose worker died or never started. */
export const crashed = (reason: string, exitCode: number | undefined): CallFailure => ({ _tag: "Crashed", reason, exitCode })

/** Terminating a worker: fail its pending calls first (`die`), then stop the thread. */
export const terminateWith = (die: (failure: CallFailure) => void, worker: { terminate(): Promise<unknown> }): Effect.Effect<void> =>
  Effect.promise(async () => {
    die(crashed("worker terminated", undefined))
    await worker.terminate()
  })

/** A transport's start-up failure as a `CallFailure`: its own failures pass through, anything else becomes `Crashed`. */
export const spawnFailure = (failure: unknown): CallFailure =>
  failure !== null && typeof failure === "object" && "_tag" in failure
    ? (failure as CallFailure)
    : crashed(`could not start worker: ${failure instanceof Error ? failure.message : String(failure)}`, undefined)

/** A transport from its promise-returning `connect`: start-up failures become `CallFailure`s. */
export const makeTransport = (name: string, bootstrap: URL, connect: (script: URL, options: SpawnOptions) => Promise<Connection>): Transport => ({
  name,
  bootstrap,
  spawn: (script, options) => Effect.tryPromise({ try: () => connect(script, options), catch: spawnFailure })
})
