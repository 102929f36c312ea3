// A worker node for the tests: node node.mjs <redis-url> [threads] [prefix] [queue]
import { Node } from "@weft/cluster"
import { TaskModule } from "@weft/pool"
import { Kernels } from "@weft/ml-workflows"
import { Cause, Effect } from "effect"

const [url, threads = "1", prefix = "weft", queue = "tasks"] = process.argv.slice(2)
const Tasks = TaskModule.make(new URL("./tasks.mjs", import.meta.url))
const program = Node.start({
  redis: url,
  prefix,
  queue,
  threads: Number(threads),
  modules: [Kernels, Tasks],
  lockDurationMs: 2000,
  stalledIntervalMs: 1000,
  ...(process.env.WEFT_TEST_MAX_STALLED === undefined ? {} : { maxStalledCount: Number(process.env.WEFT_TEST_MAX_STALLED) }),
  log: (line) => process.stderr.write(`${line}\n`)
}).pipe(
  Effect.tap((node) => Effect.sync(() => process.stdout.write(`ready ${node.id}\n`))),
  Effect.zipRight(Effect.never),
  Effect.scoped
)
const controller = new globalThis.AbortController()
// A test or benchmark that dies without stopping its nodes must not leave them running.
const parent = process.ppid
setInterval(() => process.ppid !== parent && controller.abort(), 500).unref()
process.on("SIGTERM", () => controller.abort())
process.on("SIGINT", () => controller.abort())
Effect.runPromiseExit(program, { signal: controller.signal }).then((exit) => {
  if (exit._tag === "Failure" && !Cause.isInterruptedOnly(exit.cause)) {
    process.stderr.write(`node failed: ${String(exit.cause)}\n`)
    process.exit(1)
  }
  process.exit(0)
})
