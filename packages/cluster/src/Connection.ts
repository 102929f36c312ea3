/**
 * Connections to Redis from a URL: `redis://[[user]:password@]host[:port][/db]`
 * or `rediss://…` for TLS. A connection that cannot be made within the
 * timeout fails with `ExecutorUnavailable`, naming the server (never the
 * password), instead of retrying for ever.
 *
 * @since 0.1.0
 */
import { ExecutorUnavailable, InvalidOption } from "@weft/core"
import { Effect, type Scope } from "effect"
import { Redis, type RedisOptions } from "ioredis"
import type { ConnectionOptions } from "node:tls"
import { bounded } from "./internal/bounded.js"
import { redact } from "./Url.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface RedisTarget {
  readonly url: string
  /** The URL with its password replaced by `***`, for messages. */
  readonly display: string
  readonly tls: boolean
}

/**
 * Checks a Redis URL.
 *
 * @since 0.1.0
 * @category constructors
 */
export const parseUrl = (url: string): Effect.Effect<RedisTarget, InvalidOption> =>
  Effect.try({
    try: () => {
      const u = new URL(url)
      if (u.protocol !== "redis:" && u.protocol !== "rediss:") throw new Error(`the scheme must be redis:// or rediss://, got ${u.protocol}//`)
      if (u.hostname === "") throw new Error("it has no host")
      const db = u.pathname.replace(/^\//, "")
      if (db !== "" && !/^\d+$/.test(db)) throw new Error(`the database must be a number, got "${db}"`)
      if (u.password !== "") u.password = "***"
      return { url, display: u.toString(), tls: u.protocol === "rediss:" }
    },
    catch: (error) =>
      new InvalidOption({ option: "redis", value: redact(url), reason: `is not a Redis URL: ${(error as Error).message}` })
  })

export { redact } from "./Url.js"

/**
 * How to connect, besides the URL: every entry point of the package takes these.
 *
 * @since 0.1.0
 * @category models
 */
export interface ConnectOptions {
  /** How long to wait for Redis to answer when connecting. Default 5000 ms. */
  readonly connectTimeoutMs?: number | undefined
  /**
   * TLS options for `rediss://` URLs (Node's `tls.connect` options), e.g.
   * `{ ca: readFileSync("ca.pem") }` for a server certificate signed by a private CA.
   */
  readonly tls?: ConnectionOptions | undefined
}

/**
 * Default time to wait for a connection.
 * @since 0.1.0
 * @category constants
 */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000

/**
 * One connection, open for the scope. `blocking` connections (BullMQ workers,
 * BLPOP) never give up on a command; the others fail a command at once while
 * disconnected, so that an outage becomes an error, not a hang.
 *
 * @since 0.1.0
 * @category constructors
 */
export const connect = (
  target: RedisTarget,
  options: ConnectOptions & { readonly name: string; readonly blocking: boolean }
): Effect.Effect<Redis, ExecutorUnavailable, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.tryPromise({
      try: async () => {
        const timeout = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS
        const redisOptions: RedisOptions = {
          lazyConnect: true,
          connectionName: options.name,
          connectTimeout: timeout,
          maxRetriesPerRequest: options.blocking ? null : 1,
          enableOfflineQueue: options.blocking,
          // Reconnect every 250 ms; callers decide how long an outage may last.
          retryStrategy: () => 250,
          ...(target.tls ? { tls: { ...options.tls } } : {})
        }
        const redis = new Redis(target.url, redisOptions)
        // Errors are reported through the commands that fail; the last one explains a failed connect.
        let lastError: unknown
        redis.on("error", (e) => (lastError = e))
        let timer: NodeJS.Timeout | undefined
        try {
          await Promise.race([
            redis.connect(),
            new Promise((_, reject) => {
              timer = setTimeout(() => reject(new Error(`no answer within ${timeout} ms`)), timeout)
            })
          ])
          await redis.ping()
        } catch (error) {
          redis.disconnect()
          throw lastError ?? error
        } finally {
          clearTimeout(timer)
        }
        return redis
      },
      catch: (error) => new ExecutorUnavailable({ executor: `Redis at ${target.display}`, reason: describe(error) })
    }),
    (redis) =>
      Effect.promise(async () => {
        // QUIT waits for an answer; a dead server gives none.
        if (redis.status === "ready") await bounded(redis.quit(), 1000)
        redis.disconnect()
      })
  )

/**
 * One line for a Redis client error: ECONNREFUSED, NOAUTH, WRONGPASS…
 *
 * @since 0.1.0
 * @category errors
 */
export const describe = (error: unknown): string => {
  const e = error as { code?: string; message?: string }
  const message = (e?.message ?? String(error)).split("\n")[0]
  if (e?.code === "ECONNREFUSED") return "connection refused (is redis-server running there?)"
  if (/Stream isn't writeable|Connection is closed|MaxRetriesPerRequest/i.test(message)) return "the connection was lost"
  if (/NOAUTH|WRONGPASS|invalid password|invalid username-password/i.test(message)) return `authentication failed (${message})`
  return message
}
