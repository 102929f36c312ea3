/**
 * Waits for `promise` at most `ms`; a shutdown step must never hang on a dead Redis.
 *
 * @internal
 */
export const bounded = (promise: Promise<unknown>, ms: number): Promise<void> =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms)
    const done = () => {
      clearTimeout(timer)
      resolve()
    }
    promise.then(done, done)
  })
