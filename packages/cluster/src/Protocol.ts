/**
 * What a job carries, as a Schema: nodes decode every job with it and run
 * nothing that does not match. A job names a task of an installed module;
 * its shared arguments are a blob (by hash) stored once for the whole map; its
 * items are inline.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

const Name = Schema.String.pipe(Schema.pattern(/^[A-Za-z0-9_-]{1,64}$/))
const Hash = Schema.String.pipe(Schema.pattern(/^[0-9a-f]{64}$/))

/**
 * @since 0.1.0
 * @category schemas
 */
export const JobData = Schema.Struct({
  /** Protocol version. */
  v: Schema.Literal(1),
  /** The run (one remote pool's lifetime): where the data and the results live. */
  run: Name,
  /** The job's key in the run: `<map>-<job>`; results are stored under it, once. */
  key: Name,
  /** `<package>@<version>/<path>` of the task module. */
  module: Schema.String.pipe(Schema.maxLength(512)),
  task: Schema.String.pipe(Schema.pattern(/^[A-Za-z_$][A-Za-z0-9_$]{0,127}$/)),
  /** "map": task(item, ...args) per item; "run": task(...items[0]). */
  kind: Schema.Literal("map", "run"),
  /** Hash of the encoded shared arguments (a blob of the run); null when there are none. */
  args: Schema.NullOr(Hash),
  /** Base64 of the encoded items (map) or call arguments (run). */
  items: Schema.String,
  /** Index of the first item in the caller's map, for error messages. */
  first: Schema.Int.pipe(Schema.nonNegative()),
  count: Schema.Int.pipe(Schema.positive())
})

/**
 * @since 0.1.0
 * @category models
 */
export type JobData = typeof JobData.Type

/**
 * One item's outcome, as a node reports it.
 * @since 0.1.0
 * @category models
 */
export type ItemOutcome =
  | { readonly ok: true; readonly value: unknown }
  | {
      readonly ok: false
      readonly error: {
        readonly tag: "TaskFailed" | "WorkerCrashed" | "TaskTimeout" | "NodeFailed"
        readonly task: string
        readonly message: string
        readonly stack?: string
        readonly exitCode?: number
        readonly timeoutMs?: number
      }
    }

/**
 * Heartbeat of a node, refreshed every second under the cluster's nodes hash.
 * @since 0.1.0
 * @category models
 */
export interface NodeInfo {
  readonly id: string
  readonly host: string
  readonly pid: number
  readonly cores: number
  readonly threads: number
  readonly concurrency: number
  readonly modules: ReadonlyArray<string>
  /** Packages its operator allows estimators to import (see `NodeOptions.allowModules`); absent from older nodes. */
  readonly allowModules?: ReadonlyArray<string> | undefined
  readonly inFlight: number
  readonly done: number
  readonly failed: number
  readonly startedAt: number
  readonly lastSeen: number
}
