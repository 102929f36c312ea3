import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup/noLeakedWorkers.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    poolOptions: {
      forks: {
        // Node 20 can abort the whole test process when a worker thread's isolate is disposed while a
        // background TurboFan job for it still runs (node_platform.cc ForIsolate: "(data.first) != nullptr",
        // from OptimizingCompileDispatcher::CompileTask; seen twice in fresh-clone CI runs, never alone).
        // These tests open and close hundreds of pools; compiling on the isolate's own thread removes the race.
        execArgv: ["--no-concurrent-recompilation"]
      }
    }
  }
})
