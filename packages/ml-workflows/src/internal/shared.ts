/**
 * Vectors that travel to workers without a copy.
 */

/**
 * `values` itself when it already lives in shared memory, otherwise a copy in
 * a `SharedArrayBuffer`: sent with every chunk of a map, a shared vector
 * crosses to the workers as a reference instead of being cloned each time.
 */
export const sharedVector = (values: Float64Array): Float64Array => {
  if (values.buffer instanceof SharedArrayBuffer) return values
  const shared = new Float64Array(new SharedArrayBuffer(values.length * Float64Array.BYTES_PER_ELEMENT))
  shared.set(values)
  return shared
}
