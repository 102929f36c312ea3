import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup/noLeakedWorkers.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The benchmark runs start worker pools and time them: one file at a time.
    fileParallelism: false
  }
})
