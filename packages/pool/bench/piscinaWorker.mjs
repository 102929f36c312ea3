// piscina's worker: the same kernels, one task per call.
import { matmul, square, sumAll } from "./kernels.mjs"

export default ({ op, x, X, A, B, n }) => {
  if (op === "square") return square(x)
  if (op === "sum") return sumAll(X)
  return matmul(A, B, n)
}
