/**
 * Row batching shared by the workloads' sequential loops: the same
 * [start, end) ranges and index lists that the weft operations hand to their
 * worker kernels.
 */

/** [start, end) row ranges covering 0..n-1 in order, `size` rows each (the last may be shorter). */
export const batches = (n: number, size: number): Array<readonly [number, number]> => {
  const out: Array<readonly [number, number]> = []
  for (let start = 0; start < n; start += size) out.push([start, Math.min(n, start + size)])
  return out
}

/** The row indices start..end-1. */
export const rowsOf = ([start, end]: readonly [number, number]): Int32Array => {
  const rows = new Int32Array(end - start)
  for (let i = 0; i < rows.length; i++) rows[i] = start + i
  return rows
}

/** "32-128-128-1": the layer sizes of an MLP. */
export const describeLayers = (inputs: number, hidden: ReadonlyArray<number>, outputs: number): string =>
  [inputs, ...hidden, outputs].join("-")
