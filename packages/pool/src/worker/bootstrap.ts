/**
 * The script of a pool worker on the threads.js transport: the shared worker
 * methods, exposed through threads.js.
 */
import { expose, Transfer } from "threads/worker"
import { init, run, runChunk, type Reply } from "./methods.js"

const send = (reply: Reply) => (reply.transfer.length > 0 ? Transfer(reply.value as any, reply.transfer) : reply.value)

expose({
  init([flag]: [SharedArrayBuffer]) {
    init(flag)
  },
  async run([moduleUrl, name, args]: [string, string, Array<unknown>]) {
    return send(await run(moduleUrl, name, args))
  },
  async runChunk([moduleUrl, name, items, args, collect]: [string, string, Array<unknown>, Array<unknown>, boolean]) {
    return send(await runChunk(moduleUrl, name, items, args, collect))
  }
})
