// Kernels shared by the weft and piscina sides of the pool benchmark, so both
// run exactly the same code.

export const square = (x) => x * x

/** Sum of every element: the cost of reading the data. */
export const sumAll = (X) => {
  const d = X instanceof Float64Array ? X : X.data
  let s = 0
  for (let k = 0; k < d.length; k++) s += d[k]
  return s
}

/** Block b (rows [b*rowsPerBlock, ...)) of A·B, A n x n, B n x n, both row-major Float64Arrays; returns the block's checksum. */
export const matmulBlock = (b, A, B, n, rowsPerBlock) => {
  const a = A instanceof Float64Array ? A : A.data
  const bb = B instanceof Float64Array ? B : B.data
  const row = new Float64Array(n)
  let checksum = 0
  for (let i = b * rowsPerBlock; i < (b + 1) * rowsPerBlock; i++) {
    row.fill(0)
    for (let k = 0; k < n; k++) {
      const aik = a[i * n + k]
      for (let j = 0; j < n; j++) row[j] += aik * bb[k * n + j]
    }
    for (let j = 0; j < n; j++) checksum += row[j]
  }
  return checksum
}

/** A whole n x n product (one task of the CPU-bound benchmark). */
export const matmul = (A, B, n) => matmulBlock(0, A, B, n, n)
