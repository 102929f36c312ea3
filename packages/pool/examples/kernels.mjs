// A task module: plain exported functions. Every worker imports this file;
// small inputs run it on the calling thread. Import worker-side helpers from
// @weft/core's sub-paths (the package index also loads Effect, which workers
// do not need).

/**
 * Rows [start, end) of X times the columns of W (X: n x k, W: k x m), written
 * into the same rows of Y. Returns the sum of what it wrote, as a checksum.
 */
export const matmulRows = ([start, end], X, W, Y) => {
  const k = X.columns
  const m = W.columns
  const x = X.data
  const w = W.data
  const y = Y.data
  let checksum = 0
  for (let i = start; i < end; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0
      for (let p = 0; p < k; p++) s += x[i * k + p] * w[p * m + j]
      y[i * m + j] = s
      checksum += s
    }
  }
  return checksum
}
