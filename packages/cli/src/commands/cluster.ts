/**
 * `weft cluster status`: the nodes of a cluster (cores, threads, jobs in
 * flight and done, last heartbeat) and its queue's job counts.
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import { Effect } from "effect"
import { inFlagWords, reporting, UsageError } from "../internal/errors.js"
import { describe } from "../internal/help.js"
import * as Flags from "../internal/options.js"
import * as Optional from "../internal/optional.js"
import { count, json, stdout, table } from "../internal/output.js"
import { tlsOf } from "../internal/pool.js"

const options = {
  redis: Flags.redisOrEnv.pipe(
    Options.withDescription("The cluster's Redis: redis://[:password@]host[:port][/db], or rediss:// for TLS (default: WEFT_REDIS_URL).")
  ),
  queue: Flags.queue,
  redisCa: Flags.redisCa,
  json: Flags.json,
  verbose: Flags.verbose
}

const ago = (ms: number): string => (ms < 1000 ? "now" : ms < 120_000 ? `${Math.round(ms / 1000)} s ago` : `${Math.round(ms / 60_000)} min ago`)

const run = (flags: Command.Command.ParseConfig<typeof options>) =>
  Effect.gen(function* () {
    const { Status } = yield* Optional.cluster("this command")
    const s = yield* Status.status({ redis: flags.redis, queue: flags.queue, tls: tlsOf(flags.redisCa) }).pipe(
      Effect.catchTag("InvalidOption", (e) => Effect.fail(new UsageError({ message: inFlagWords(e.message) })))
    )
    if (flags.json) return yield* json({ command: "cluster status", ...s })
    const alive = s.nodes.filter((n) => n.alive)
    const header = ["node", "host", "pid", "cores", "threads", "at once", "in flight", "done", "failed", "seen"]
    const rows = s.nodes.map((n) => [
      n.id,
      n.host,
      String(n.pid),
      String(n.cores),
      String(n.threads),
      String(n.concurrency),
      n.alive ? String(n.inFlight) : n.stalled > 0 ? `0 (${n.stalled} stalled)` : "0",
      String(n.done),
      String(n.failed),
      n.alive ? ago(n.lastSeenMsAgo) : `gone (${ago(n.lastSeenMsAgo)})`
    ])
    const j = s.jobs
    yield* stdout(
      [
        `cluster ${s.queue} at ${s.redis}: ${count(alive.length, "node")} up, ${count(alive.reduce((a, n) => a + n.threads, 0), "thread")}`,
        `jobs: ${j.waiting + j.prioritized} waiting, ${j.active} running, ${j.delayed} delayed (retry), ${j.failed} failed (kept 1 h)`,
        ...(rows.length === 0 ? ["", "no node has joined; start one with: weft worker --redis URL"] : ["", table([header, ...rows], new Set([2, 3, 4, 5, 6, 7, 8]))])
      ].join("\n")
    )
  })

/** `weft cluster status`. */
export const status = Command.make("status", options, (flags) => reporting("cluster status", flags.verbose, run(flags))).pipe(
  Command.withDescription(describe("List a cluster's nodes and its queue's jobs.", ["weft cluster status --redis redis://queue-host:6379", "weft cluster status --redis redis://queue-host:6379 --json"]))
)

/** `weft cluster`. */
export const cluster = Command.make("cluster").pipe(
  Command.withDescription(describe("Inspect a weft cluster (see weft worker).", ["weft cluster status --redis redis://queue-host:6379"])),
  Command.withSubcommands([status])
)
