import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Each file starts its own redis-server and node processes: one file at a time on small machines.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000
  }
})
