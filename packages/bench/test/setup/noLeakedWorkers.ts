// Every test that starts workers must close its pool: the suite fails if a
// worker thread outlives the test that started it.
import { WorkerPool } from "@weft/pool"
import { afterEach, expect } from "vitest"

afterEach(async () => {
  // Exit events arrive asynchronously after terminate() resolves; give them a moment.
  for (let i = 0; i < 50 && WorkerPool.liveWorkers() > 0; i++) await new Promise((r) => setTimeout(r, 10))
  expect(WorkerPool.liveWorkers(), "worker threads left alive after the test").toBe(0)
})
