import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/setup/builtBinary.ts"],
    // Tests that compute reference values with the library start pools in this process: none may outlive its test.
    setupFiles: ["test/setup/noLeakedWorkers.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000
  }
})
