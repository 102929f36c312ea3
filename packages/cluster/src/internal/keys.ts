/**
 * Every Redis key and channel weft's scale-out uses, in one place. A cluster
 * lives under a prefix (default `weft`); BullMQ's own keys are
 * `<prefix>:<queue>:*`; each run keeps its data, results and flags under
 * `<prefix>:run:<runId>:*`, so two runs on one Redis never share a key.
 *
 * @internal
 */
import { InvalidOption, Options } from "@weft/core"
import { Effect } from "effect"

export interface Keys {
  readonly prefix: string
  readonly queue: string
  /** Hash: node id -> JSON heartbeat. */
  readonly nodes: string
  /** Pub/sub channel: a run id whose jobs must stop. */
  readonly cancel: string
  readonly run: (runId: string) => RunKeys
}

export interface RunKeys {
  /** Chunk count of a blob (its chunks are `blob:<hash>:<i>`). */
  readonly blob: (hash: string) => string
  readonly blobChunk: (hash: string, i: number) => string
  /** Hash: job key -> encoded outcome (written once: HSETNX). */
  readonly results: string
  /** List of job keys whose outcome was written, in order of completion. */
  readonly done: string
  /** Set when the run is interrupted: nodes skip its jobs. */
  readonly cancelled: string
  /** Pattern matching every key of the run. */
  readonly pattern: string
}

export const keys = (prefix: string, queue: string): Keys => ({
  prefix,
  queue,
  nodes: `${prefix}:${queue}:weft-nodes`,
  cancel: `${prefix}:${queue}:weft-cancel`,
  run: (runId) => {
    const base = `${prefix}:run:${runId}`
    return {
      blob: (hash) => `${base}:blob:${hash}`,
      blobChunk: (hash, i) => `${base}:blob:${hash}:${i}`,
      results: `${base}:results`,
      done: `${base}:done`,
      cancelled: `${base}:cancelled`,
      pattern: `${base}:*`
    }
  }
})

/** Run ids and job keys use [A-Za-z0-9_-] only (BullMQ job ids may not contain ':'). */
export const NAME = /^[A-Za-z0-9_-]{1,64}$/

/** Checks names (prefix, queue, run id) against {@link NAME}; the first bad one is an `InvalidOption` naming it. */
export const checkNames = (names: ReadonlyArray<readonly [option: string, value: string]>): Effect.Effect<void, InvalidOption> => {
  const bad = names.find(([, value]) => !NAME.test(value))
  return bad === undefined
    ? Effect.void
    : Effect.fail(new InvalidOption({ option: bad[0], value: bad[1], reason: "must be 1-64 characters of [A-Za-z0-9_-]" }))
}

/** `Options.integer` on each option given (`undefined` is left to its default); the first bad one is the error. */
export const checkIntegers = (
  entries: ReadonlyArray<readonly [option: string, value: number | undefined, min: number]>
): Effect.Effect<void, InvalidOption> =>
  Effect.forEach(entries, ([option, value, min]) => (value === undefined ? Effect.void : Options.integer(option, value, { min })), { discard: true })
