/**
 * The script every pool worker runs. It exposes three methods to the main
 * thread (through threads.js): `init` hands over the cancellation flag, `run`
 * calls one task, `runChunk` calls a task on each item of a chunk. Task
 * modules are imported on first use and cached, so user code never runs at
 * start-up: a module that throws at its top level fails the call that loads
 * it, not the worker.
 */
// Only the modules a worker needs: the `@weft/core` index would load all of `effect`.
import * as Wire from "@weft/core/Wire"
import { expose, Transfer } from "threads/worker"
import { isCancelled, setCancelFlag } from "./context.js"

type Task = (...args: Array<unknown>) => unknown

const modules = new Map<string, Promise<Record<string, unknown>>>()

const loadTask = async (moduleUrl: string, name: string): Promise<Task> => {
  let loading = modules.get(moduleUrl)
  if (loading === undefined) {
    loading = import(moduleUrl) as Promise<Record<string, unknown>>
    modules.set(moduleUrl, loading)
    loading.catch(() => modules.delete(moduleUrl))
  }
  const module = await loading
  const task = module[name]
  if (typeof task !== "function") {
    const available = Object.keys(module).filter((k) => typeof module[k] === "function")
    throw new Error(`task module ${moduleUrl} has no task named "${name}" (it exports: ${available.join(", ") || "nothing callable"})`)
  }
  return task as Task
}

/** Results travel back moved, not copied, when they own their whole buffer. */
const reply = (value: unknown): unknown => {
  const encoded = Wire.encode(value)
  const buffers = Wire.transferables(encoded).filter((b) => b.byteLength >= 4096)
  return buffers.length > 0 ? Transfer(encoded as any, buffers) : encoded
}

const errorOf = (error: unknown): [string, string | undefined] =>
  error instanceof Error ? [error.message, error.stack] : [String(error), undefined]

expose({
  init([flag]: [SharedArrayBuffer]) {
    setCancelFlag(new Int32Array(flag))
  },

  async run([moduleUrl, name, args]: [string, string, Array<unknown>]) {
    const task = await loadTask(moduleUrl, name)
    return reply(await task(...(Wire.decode(args) as Array<unknown>)))
  },

  /**
   * Calls the task on each item (`task(item, ...args)`), stopping at the first
   * failure unless `collect`, and between items when the run is cancelled.
   * Failures come back as [index, message, stack] so the caller knows the item.
   */
  async runChunk([moduleUrl, name, items, args, collect]: [string, string, Array<unknown>, Array<unknown>, boolean]) {
    const task = await loadTask(moduleUrl, name)
    const shared = Wire.decode(args) as Array<unknown>
    const decoded = Wire.decode(items) as Array<unknown>
    const values: Array<unknown> = new Array(decoded.length)
    const errors: Array<[number, string, string | undefined]> = []
    for (let i = 0; i < decoded.length; i++) {
      if (isCancelled()) break
      try {
        let value = task(decoded[i], ...shared)
        if (value !== null && typeof value === "object" && typeof (value as any).then === "function") value = await value
        values[i] = value
      } catch (error) {
        errors.push([i, ...errorOf(error)])
        if (!collect) break
      }
    }
    return reply({ values, errors })
  }
})
