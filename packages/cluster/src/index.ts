/**
 * @weft/cluster: weft's pool across machines, through BullMQ on Redis.
 *
 * - `RemotePool.layer({ redis })` provides the pool service: the same
 *   workflows, the same results, the jobs run on every node.
 * - `Node.serve({ redis, modules })` runs a worker node.
 * - `Status.status({ redis })` tells what the cluster is doing.
 *
 * @since 0.1.0
 */
export * as Codec from "./Codec.js"
export * as Connection from "./Connection.js"
export * as ModuleId from "./ModuleId.js"
export * as Node from "./Node.js"
export * as Protocol from "./Protocol.js"
export * as RemotePool from "./RemotePool.js"
export * as Status from "./Status.js"
export * as Testing from "./Testing.js"
export * as Url from "./Url.js"
