import { Effect, Logger, LogLevel } from "effect"
import { EventEmitter } from "node:events"
import { describe, expect, it } from "vitest"
import { logErrors } from "../src/internal/logErrors.js"

describe("logErrors (the remote pool's queue errors)", () => {
  it("logs each distinct error of the emitter once, at warning level, through the caller's logger", async () => {
    const logged: Array<[string, unknown]> = []
    const capture = Logger.make(({ logLevel, message }) => void logged.push([logLevel.label, message]))
    const emitter = new EventEmitter()
    await Effect.runPromise(
      logErrors(emitter, "the queue weft:tasks").pipe(Effect.provide(Logger.replace(Logger.defaultLogger, capture)), Logger.withMinimumLogLevel(LogLevel.Debug))
    )
    emitter.emit("error", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:6379"), { code: "ECONNREFUSED" }))
    emitter.emit("error", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:6379"), { code: "ECONNREFUSED" }))
    emitter.emit("error", new Error("READONLY You can't write against a read only replica."))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(logged).toEqual([
      ["WARN", ["the queue weft:tasks: connection refused (is redis-server running there?)"]],
      ["WARN", ["the queue weft:tasks: READONLY You can't write against a read only replica."]]
    ])
  })
})
