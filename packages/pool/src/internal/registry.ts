/**
 * Counts the worker threads this process has started and that have not yet
 * exited, from the threads' own `exit` events. The test suite checks it after
 * every test: a pool that leaves a worker behind fails its test.
 *
 * @internal
 */
let live = 0

export const workerStarted = (): void => {
  live++
}

export const workerExited = (): void => {
  live--
}

export const liveWorkers = (): number => live
