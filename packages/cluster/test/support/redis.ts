/**
 * A real redis-server for the tests, on a free loopback port, with no
 * persistence; started per test file and stopped after it.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process"
import { createServer, createConnection } from "node:net"

export interface RedisServer {
  readonly port: number
  readonly url: string
  readonly process: ChildProcess
  stop: () => Promise<void>
}

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

const answers = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = createConnection({ port, host: "127.0.0.1" }, () => socket.write("PING\r\n"))
    socket.on("data", (d) => {
      socket.destroy()
      resolve(d.toString().startsWith("+PONG"))
    })
    socket.on("error", () => resolve(false))
  })

export const startRedis = async (options: { readonly port?: number; readonly password?: string } = {}): Promise<RedisServer> => {
  if (spawnSync("redis-server", ["--version"]).error !== undefined) {
    throw new Error("redis-server is not installed: run `apt-get install -y redis-server` (the README's test command does)")
  }
  const port = options.port ?? (await freePort())
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
  if (options.password !== undefined) args.push("--requirepass", options.password)
  const child = spawn("redis-server", args, { stdio: "ignore" })
  for (let i = 0; i < 100; i++) {
    if (options.password !== undefined ? await answersAuth(port) : await answers(port)) break
    await new Promise((r) => setTimeout(r, 50))
  }
  const auth = options.password === undefined ? "" : `:${options.password}@`
  return {
    port,
    url: `redis://${auth}127.0.0.1:${port}`,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        child.once("exit", () => resolve())
        child.kill("SIGKILL")
      })
  }
}

/** With requirepass, PING answers NOAUTH: any answer means it is up. */
const answersAuth = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = createConnection({ port, host: "127.0.0.1" }, () => socket.write("PING\r\n"))
    socket.on("data", () => {
      socket.destroy()
      resolve(true)
    })
    socket.on("error", () => resolve(false))
  })
