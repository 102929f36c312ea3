/**
 * The script of a pool worker on the plain `worker_threads` transport: the
 * shared worker methods behind a minimal message protocol. A request is
 * `[id, method, args]`; the answer is `[id, true, value]` or
 * `[id, false, message, stack]`. `"ready"` is posted once the worker listens.
 */
import { parentPort } from "node:worker_threads"
import { cannotSend, init, run, runChunk, type Reply } from "./methods.js"

const port = parentPort
if (port === null) throw new Error("nativeBootstrap must run in a worker thread")

const answer = (id: number, reply: Reply) => {
  try {
    port.postMessage([id, true, reply.value], reply.transfer)
  } catch (error) {
    // A value that `unsendable` let through: the call fails, the worker stays.
    fail(id, new Error(cannotSend(error instanceof Error ? error.message : String(error))))
  }
}
const fail = (id: number, error: unknown) =>
  port.postMessage(error instanceof Error ? [id, false, error.message, error.stack] : [id, false, String(error), undefined])

port.on("message", ([id, method, args]: [number, string, Array<any>]) => {
  let pending: Promise<Reply>
  try {
    if (method === "run") pending = run(args[0], args[1], args[2])
    else if (method === "runChunk") pending = runChunk(args[0], args[1], args[2], args[3], args[4])
    else if (method === "init") {
      init(args[0])
      pending = Promise.resolve({ value: undefined, transfer: [] })
    } else throw new Error(`unknown method ${method}`)
  } catch (error) {
    fail(id, error)
    return
  }
  pending.then(
    (reply) => answer(id, reply),
    (error) => fail(id, error)
  )
})
port.postMessage("ready")
