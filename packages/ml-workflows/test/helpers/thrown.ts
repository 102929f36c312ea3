/** What `f` throws (fails the test if it returns). */
export const thrown = (f: () => unknown): unknown => {
  try {
    f()
  } catch (e) {
    return e
  }
  throw new Error("expected a throw")
}
