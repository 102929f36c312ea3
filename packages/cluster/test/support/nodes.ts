/** Worker-node processes for the tests (node.mjs), each with its own pool. */
import { spawn, type ChildProcess } from "node:child_process"
import { fileURLToPath } from "node:url"

export interface NodeProcess {
  readonly process: ChildProcess
  readonly id: string
  readonly stderr: () => string
  kill: (signal?: NodeJS.Signals) => Promise<void>
}

const script = fileURLToPath(new URL("./node.mjs", import.meta.url))

export const startNode = (url: string, options: { threads?: number; prefix?: string; queue?: string } = {}): Promise<NodeProcess> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, url, String(options.threads ?? 1), options.prefix ?? "weft", options.queue ?? "tasks"], {
      stdio: ["ignore", "pipe", "pipe"]
    })
    let err = ""
    let out = ""
    child.stderr!.on("data", (d) => (err += d))
    const timer = setTimeout(() => reject(new Error(`node did not start in 20 s: ${err}`)), 20_000)
    child.stdout!.on("data", (d) => {
      out += d
      const m = /ready (\S+)/.exec(out)
      if (m !== null) {
        clearTimeout(timer)
        resolve({
          process: child,
          id: m[1],
          stderr: () => err,
          kill: (signal = "SIGTERM") =>
            new Promise<void>((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done()
              const force = setTimeout(() => child.kill("SIGKILL"), 5000)
              child.once("exit", () => {
                clearTimeout(force)
                done()
              })
              child.kill(signal)
            })
        })
      }
    })
    child.once("exit", (code) => {
      clearTimeout(timer)
      reject(new Error(`node exited with ${code} before it was ready: ${err}`))
    })
  })
