/**
 * Node heartbeats: each node rewrites its entry of the cluster's nodes hash
 * every second; an entry older than a few heartbeats is a node that left or
 * died.
 *
 * @internal
 */
import type { Redis } from "ioredis"
import type { NodeInfo } from "../Protocol.js"
import type { Keys } from "./keys.js"

/**
 * A node unheard of for this long (ms) is not alive (public as `Status.NODE_TIMEOUT_MS`).
 *
 * @since 0.1.0
 * @category constants
 */
export const NODE_TIMEOUT_MS = 5_000

export const allNodes = async (redis: Redis, K: Keys): Promise<Array<NodeInfo>> => {
  const entries = await redis.hgetall(K.nodes)
  const out: Array<NodeInfo> = []
  for (const value of Object.values(entries)) {
    try {
      out.push(JSON.parse(value) as NodeInfo)
    } catch {
      // not ours: ignored
    }
  }
  return out.sort((a, b) => a.startedAt - b.startedAt)
}

export const liveNodes = async (redis: Redis, K: Keys, now = Date.now()): Promise<Array<NodeInfo>> =>
  (await allNodes(redis, K)).filter((n) => now - n.lastSeen < NODE_TIMEOUT_MS)

/** A node unheard of for this long is dropped from the nodes hash. */
export const STALE_NODE_MS = 3_600_000

/** Drops the heartbeats older than `olderThanMs`; returns how many. */
export const forgetNodes = async (redis: Redis, K: Keys, olderThanMs: number, now = Date.now()): Promise<number> => {
  const stale = (await allNodes(redis, K)).filter((n) => now - n.lastSeen > olderThanMs).map((n) => n.id)
  return stale.length === 0 ? 0 : redis.hdel(K.nodes, ...stale)
}
