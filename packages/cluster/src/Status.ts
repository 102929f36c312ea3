/**
 * What a cluster is doing: its nodes (cores, threads, jobs in flight and
 * done, last heartbeat) and its queue's job counts. `weft cluster status`
 * prints this.
 *
 * @since 0.1.0
 */
import { ExecutorUnavailable, type InvalidOption } from "@weft/core"
import { Queue } from "bullmq"
import { Effect } from "effect"
import { connect, describe, parseUrl, type ConnectOptions } from "./Connection.js"
import { checkNames, keys } from "./internal/keys.js"
import { allNodes, NODE_TIMEOUT_MS } from "./internal/nodes.js"
import type { NodeInfo } from "./Protocol.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface ClusterStatus {
  readonly redis: string
  readonly queue: string
  /**
   * Every node that has a heartbeat. `inFlight` counts the jobs a live node is
   * running now; a node that is gone (no heartbeat for NODE_TIMEOUT_MS) runs
   * nothing, so its `inFlight` is 0 and `stalled` holds what it was running
   * when last heard of: jobs that BullMQ's stall check gives back to the queue
   * once their locks expire (or fails, past `maxStalledCount`).
   */
  readonly nodes: ReadonlyArray<NodeInfo & { readonly alive: boolean; readonly lastSeenMsAgo: number; readonly stalled: number }>
  readonly jobs: Readonly<Record<"waiting" | "active" | "delayed" | "completed" | "failed" | "prioritized", number>>
}

/**
 * The status of the cluster at `redis`.
 *
 * @since 0.1.0
 * @category getters
 */
export const status = (
  options: ConnectOptions & {
    readonly redis: string
    readonly prefix?: string | undefined
    readonly queue?: string | undefined
  }
): Effect.Effect<ClusterStatus, InvalidOption | ExecutorUnavailable> =>
  Effect.scoped(
    Effect.gen(function* () {
      const target = yield* parseUrl(options.redis)
      const prefix = options.prefix ?? "weft"
      const queueName = options.queue ?? "tasks"
      yield* checkNames([["prefix", prefix], ["queue", queueName]])
      const redis = yield* connect(target, { name: "weft-status", blocking: false, connectTimeoutMs: options.connectTimeoutMs, tls: options.tls })
      const K = keys(prefix, queueName)
      return yield* Effect.tryPromise({
        try: async () => {
          const now = Date.now()
          const nodes = (await allNodes(redis, K)).map((n) => {
            const alive = now - n.lastSeen < NODE_TIMEOUT_MS
            // A dead node's last heartbeat said what it ran then, not now (issue 10: "in flight" for ever).
            const held = typeof n.inFlight === "number" ? n.inFlight : 0
            return { ...n, alive, lastSeenMsAgo: now - n.lastSeen, inFlight: alive ? held : 0, stalled: alive ? 0 : held }
          })
          const queue = new Queue(queueName, { connection: redis, prefix })
          try {
            const counts = await queue.getJobCounts("waiting", "active", "delayed", "completed", "failed", "prioritized")
            return {
              redis: target.display,
              queue: `${prefix}:${queueName}`,
              nodes,
              jobs: {
                waiting: counts.waiting ?? 0,
                active: counts.active ?? 0,
                delayed: counts.delayed ?? 0,
                completed: counts.completed ?? 0,
                failed: counts.failed ?? 0,
                prioritized: counts.prioritized ?? 0
              }
            }
          } finally {
            await queue.close().catch(() => {})
          }
        },
        catch: (e) => new ExecutorUnavailable({ executor: `Redis at ${target.display}`, reason: describe(e) })
      })
    })
  )

export { NODE_TIMEOUT_MS }
