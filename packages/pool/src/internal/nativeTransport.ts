/**
 * A transport on plain `worker_threads`, with a minimal protocol (see
 * worker/nativeBootstrap.ts). One `message` listener per worker, calls matched
 * by id: its round trip is a third of threads.js's, which matters for tiny
 * tasks sent one call each (see BENCHMARKS.md).
 *
 * @internal
 */
import { Worker } from "node:worker_threads"
import { workerExited, workerStarted } from "./registry.js"
import { crashed, makeTransport, terminateWith, type CallFailure, type CallOutcome, type Connection, type SpawnOptions, type Transport } from "./transport.js"

const connect = (script: URL, options: SpawnOptions): Promise<Connection> =>
  new Promise((resolve, reject) => {
    const worker = new Worker(script, options.resourceLimits ? { resourceLimits: options.resourceLimits } : {})
    workerStarted()
    const pending = new Map<number, (outcome: CallOutcome) => void>()
    let nextId = 1
    let ready = false
    let dead = false
    let lastError: string | undefined
    let deathReason: CallFailure | undefined

    const finish = (id: number, outcome: CallOutcome) => {
      const done = pending.get(id)
      if (done === undefined) return
      pending.delete(id)
      done(outcome)
    }
    const die = (failure: CallFailure) => {
      if (dead) return
      dead = true
      deathReason = failure
      for (const id of [...pending.keys()]) finish(id, { ok: false, failure })
    }
    const timer = setTimeout(() => {
      if (ready) return
      die(crashed(`worker did not start within ${options.startTimeoutMs} ms`, undefined))
      void worker.terminate()
      reject(deathReason)
    }, options.startTimeoutMs)

    worker.on("error", (error) => {
      lastError = error instanceof Error ? error.message : String(error)
    })
    worker.on("exit", (code) => {
      workerExited()
      clearTimeout(timer)
      const failure = crashed(
        ready ? (lastError ?? `worker exited with code ${code}`) : `worker failed to start: ${lastError ?? `exit code ${code}`}`,
        code
      )
      die(failure)
      if (!ready) reject(failure)
    })
    worker.on("message", (message: unknown) => {
      if (message === "ready") {
        ready = true
        clearTimeout(timer)
        resolve(connection)
        return
      }
      const [id, ok, value, stack] = message as [number, boolean, unknown, string | undefined]
      finish(id, ok ? { ok: true, value } : { ok: false, failure: { _tag: "Threw", message: String(value), stack } })
    })

    const call = (
      method: string,
      args: ReadonlyArray<unknown>,
      transfer: ReadonlyArray<ArrayBuffer>,
      done: (outcome: CallOutcome) => void
    ): void => {
      if (dead) return done({ ok: false, failure: deathReason ?? crashed("worker is gone", undefined) })
      const id = nextId++
      pending.set(id, done)
      try {
        worker.postMessage([id, method, args], transfer as Array<ArrayBuffer>)
      } catch (error) {
        finish(id, { ok: false, failure: { _tag: "Threw", message: error instanceof Error ? error.message : String(error), stack: undefined } })
      }
    }

    const connection: Connection = {
      threadId: worker.threadId,
      call,
      isDead: () => dead,
      terminate: terminateWith(die, worker)
    }
  })

/** The plain `worker_threads` transport. */
export const nativeTransport: Transport = makeTransport("worker_threads", new URL("../worker/nativeBootstrap.js", import.meta.url), connect)
