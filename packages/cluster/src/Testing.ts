/**
 * Test helpers for code that uses a weft cluster: a real `redis-server` (from
 * the system, e.g. Debian's redis-server package) on a free loopback port,
 * with no persistence, stopped when done.
 *
 * @example
 * const server = await Testing.startRedis()
 * // ... RemotePool.layer({ redis: server.url }) ...
 * await server.stop()
 * @since 0.1.0
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process"
import { createServer, createConnection, type Socket } from "node:net"
import { connect as tlsConnect } from "node:tls"

/**
 * @since 0.1.0
 * @category models
 */
export interface RedisServer {
  readonly port: number
  readonly url: string
  readonly process: ChildProcess
  stop: () => Promise<void>
}

/**
 * A TCP port free on loopback now.
 * @since 0.1.0
 * @category testing
 */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })

/** Whether a server answers PING on `port` (with a password set, it answers NOAUTH: any answer will do). */
const answers = (port: number, anyAnswer: boolean, tls: boolean): Promise<boolean> =>
  new Promise((resolve) => {
    const ping = () => socket.write("PING\r\n")
    const socket: Socket = tls
      ? tlsConnect({ port, host: "127.0.0.1", rejectUnauthorized: false }, ping)
      : createConnection({ port, host: "127.0.0.1" }, ping)
    socket.on("data", (d) => {
      socket.destroy()
      resolve(anyAnswer || d.toString().startsWith("+PONG"))
    })
    socket.on("error", () => resolve(false))
  })

/**
 * Starts redis-server on a free loopback port (or `port`), optionally with a
 * password; resolves once it answers.
 *
 * @since 0.1.0
 * @category testing
 */
export const startRedis = async (
  options: {
    readonly port?: number
    readonly password?: string
    /** Serve TLS only, with this certificate and key (PEM files): the URL is `rediss://`. */
    readonly tls?: { readonly certFile: string; readonly keyFile: string }
  } = {}
): Promise<RedisServer> => {
  if (spawnSync("redis-server", ["--version"]).error !== undefined) {
    throw new Error("redis-server is not installed: run `apt-get install -y redis-server` (the README's test command does)")
  }
  const port = options.port ?? (await freePort())
  const args =
    options.tls === undefined
      ? ["--port", String(port)]
      : ["--port", "0", "--tls-port", String(port), "--tls-cert-file", options.tls.certFile, "--tls-key-file", options.tls.keyFile, "--tls-auth-clients", "no"]
  args.push("--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
  if (options.password !== undefined) args.push("--requirepass", options.password)
  const child = spawn("redis-server", args, { stdio: "ignore" })
  for (let i = 0; i < 100; i++) {
    if (await answers(port, options.password !== undefined, options.tls !== undefined)) break
    await new Promise((r) => setTimeout(r, 50))
  }
  const auth = options.password === undefined ? "" : `:${options.password}@`
  return {
    port,
    url: `${options.tls === undefined ? "redis" : "rediss"}://${auth}127.0.0.1:${port}`,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        child.once("exit", () => resolve())
        child.kill("SIGKILL")
      })
  }
}
