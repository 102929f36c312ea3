/**
 * The methods every pool worker offers the main thread, whatever the
 * transport: `init` hands over the cancellation flag, `run` calls one task,
 * `runChunk` calls a task on each item of a chunk. Task modules are imported on
 * first use and cached, so user code never runs at start-up: a module that
 * throws at its top level fails the call that loads it, not the worker.
 */
// Only the modules a worker needs: the `@weft/core` index would load all of `effect`.
import * as Wire from "@weft/core/Wire"
import { isCancelled, setCancelFlag } from "./context.js"
import { importModule } from "./importModule.js"

type Task = (...args: Array<unknown>) => unknown

const modules = new Map<string, Promise<Record<string, unknown>>>()
const tasks = new Map<string, Task>()
const providers = new Map<string, () => Promise<Record<string, unknown>>>()

/**
 * Says how this worker loads the task module at `url` instead of importing
 * it: a bundled program's worker script provides its own copies of its task
 * modules, so that a worker does not load the modules behind them one file
 * at a time. Still on first use.
 */
export const provide = (url: string, load: () => Promise<Record<string, unknown>>): void => {
  providers.set(url, load)
}

const loadTask = async (moduleUrl: string, name: string): Promise<Task> => {
  const key = `${moduleUrl}#${name}`
  const cached = tasks.get(key)
  if (cached !== undefined) return cached
  let loading = modules.get(moduleUrl)
  if (loading === undefined) {
    const provider = providers.get(moduleUrl)
    loading = provider === undefined ? importModule(moduleUrl) : provider()
    modules.set(moduleUrl, loading)
    loading.catch(() => modules.delete(moduleUrl))
  }
  const module = await loading
  const task = module[name]
  if (typeof task !== "function") {
    const available = Object.keys(module).filter((k) => typeof module[k] === "function")
    throw new Error(`task module ${moduleUrl} has no task named "${name}" (it exports: ${available.join(", ") || "nothing callable"})`)
  }
  tasks.set(key, task as Task)
  return task as Task
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  value !== null && typeof value === "object" && typeof (value as PromiseLike<unknown>).then === "function"

const errorOf = (error: unknown): [string, string | undefined] =>
  error instanceof Error ? [error.message, error.stack] : [String(error), undefined]

/** What a structured clone refuses, by constructor (functions and symbols are found by `typeof`). */
type Constructor = abstract new (...args: never) => unknown
const UNCLONEABLE: ReadonlyArray<[Constructor, string]> = [
  [Promise, "a Promise"],
  [WeakMap, "a WeakMap"],
  [WeakSet, "a WeakSet"],
  ...(typeof WeakRef === "function" ? [[WeakRef, "a WeakRef"] as [Constructor, string]] : [])
]

/**
 * Why `value` cannot be sent to the main thread by `postMessage` (which would
 * throw a `DataCloneError` and, posted from a reply, take the worker down), or
 * `undefined` when it can. One walk over arrays, plain and class objects, maps
 * and sets, skipping typed arrays and buffers: no copy and no allocation on
 * the way (the path to the culprit is built only once it is found), so cheap
 * next to the clone itself.
 */
export const unsendable = (value: unknown): string | undefined => {
  if (!mayRefuse(value)) return undefined
  const found = culprit(value, new Set())
  return found === undefined ? undefined : `${found[0]}${found[1] === "" ? "" : ` at ${found[1]}`}`
}

/** Whether a clone could refuse `value` or something inside it (primitives other than symbols never). */
const mayRefuse = (value: unknown): boolean =>
  value !== null && (typeof value === "object" || typeof value === "function" || typeof value === "symbol")

/** [what, path] of the first value a clone refuses inside `value`. */
const culprit = (value: unknown, seen: Set<object>): [string, string] | undefined => {
  if (typeof value === "function") return [`a function${value.name === "" ? "" : ` (${value.name})`}`, ""]
  if (typeof value === "symbol") return [`a Symbol (${value.description ?? ""})`, ""]
  if (value === null || typeof value !== "object") return undefined
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof SharedArrayBuffer) return undefined
  if (seen.has(value)) return undefined
  seen.add(value)
  for (const [type, name] of UNCLONEABLE) if (value instanceof type) return [name, ""]
  let found: [string, string] | undefined
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (mayRefuse(value[i]) && (found = culprit(value[i], seen)) !== undefined) return [found[0], `[${i}]${found[1]}`]
    }
  } else if (value instanceof Map) {
    for (const [k, v] of value) {
      if (mayRefuse(k) && (found = culprit(k, seen)) !== undefined) return [found[0], `.keys()${found[1]}`]
      if (mayRefuse(v) && (found = culprit(v, seen)) !== undefined) return [found[0], `.get(${String(k)})${found[1]}`]
    }
  } else if (value instanceof Set) {
    for (const v of value) if (mayRefuse(v) && (found = culprit(v, seen)) !== undefined) return [found[0], `.values()${found[1]}`]
  } else {
    for (const key in value) {
      if (!Object.prototype.hasOwnProperty.call(value, key)) continue
      const v = (value as Record<string, unknown>)[key]
      if (mayRefuse(v) && (found = culprit(v, seen)) !== undefined) return [found[0], `.${key}${found[1]}`]
    }
  }
  return undefined
}

/** The message of an item whose result cannot be sent. */
export const cannotSend = (reason: string): string => `the task's result cannot be sent to the main thread: ${reason}`

/** A reply, and the buffers to move rather than copy with it (only those of 4 KiB and more). */
export interface Reply {
  readonly value: unknown
  readonly transfer: Array<ArrayBuffer>
}

const reply = (value: unknown): Reply => {
  if (value === null || typeof value !== "object") return { value, transfer: [] }
  const encoded = Wire.encode(value)
  return { value: encoded, transfer: Wire.transferables(encoded).filter((b) => b.byteLength >= 4096) }
}

export const init = (flag: SharedArrayBuffer): void => {
  setCancelFlag(new Int32Array(flag))
}

export const run = async (moduleUrl: string, name: string, args: Array<unknown>): Promise<Reply> => {
  const task = await loadTask(moduleUrl, name)
  let value = task(...(Wire.decode(args) as Array<unknown>))
  if (isThenable(value)) value = await value
  const why = unsendable(value)
  if (why !== undefined) throw new Error(cannotSend(`it holds ${why}`))
  return reply(value)
}

/**
 * Calls the task on each item (`task(item, ...args)`), stopping at the first
 * failure unless `collect`, and between items when the run is cancelled.
 * Failures come back as [index, message, stack] so that the caller knows the item.
 */
export const runChunk = async (
  moduleUrl: string,
  name: string,
  items: Array<unknown>,
  args: Array<unknown>,
  collect: boolean
): Promise<Reply> => {
  const task = await loadTask(moduleUrl, name)
  const shared = Wire.decode(args) as Array<unknown>
  const decoded = Wire.decode(items) as Array<unknown>
  const values: Array<unknown> = new Array(decoded.length)
  const errors: Array<[number, string, string | undefined]> = []
  for (let i = 0; i < decoded.length; i++) {
    if (isCancelled()) break
    try {
      let value = task(decoded[i], ...shared)
      if (isThenable(value)) value = await value
      // A result that cannot be cloned fails its item, not the whole chunk and its worker.
      const why = unsendable(value)
      if (why !== undefined) throw new Error(cannotSend(`it holds ${why}`))
      values[i] = value
    } catch (error) {
      errors.push([i, ...errorOf(error)])
      if (!collect) break
    }
  }
  return reply({ values, errors })
}
