// Worker-node processes (node.mjs), each with its own pool: for the tests and the benchmark.
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"

const script = fileURLToPath(new URL("./node.mjs", import.meta.url))

/**
 * Starts a node and resolves once it is ready.
 * @param {string} url
 * @param {{ threads?: number, prefix?: string, queue?: string, env?: Record<string, string> }} [options]
 * @returns {Promise<{ process: import("node:child_process").ChildProcess, id: string, stderr: () => string, kill: (signal?: NodeJS.Signals) => Promise<void> }>}
 */
export const startNode = (url, options = {}) =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, url, String(options.threads ?? 1), options.prefix ?? "weft", options.queue ?? "tasks"], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...options.env }
    })
    let err = ""
    let out = ""
    child.stderr.on("data", (d) => (err += d))
    const timer = setTimeout(() => reject(new Error(`node did not start in 20 s: ${err}`)), 20_000)
    child.stdout.on("data", (d) => {
      out += d
      const m = /ready (\S+)/.exec(out)
      if (m === null) return
      clearTimeout(timer)
      resolve({
        process: child,
        id: m[1],
        stderr: () => err,
        kill: (signal = "SIGTERM") =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done()
            const force = setTimeout(() => child.kill("SIGKILL"), 5000)
            child.once("exit", () => {
              clearTimeout(force)
              done()
            })
            child.kill(signal)
          })
      })
    })
    child.once("exit", (code) => {
      clearTimeout(timer)
      reject(new Error(`node exited with ${code} before it was ready: ${err}`))
    })
  })
