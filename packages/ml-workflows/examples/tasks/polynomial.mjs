// A task module: plain exported functions, run in the workers.
// evaluate([start, end], X, coef): coef[0] + coef[1]·x0 + coef[2]·x1² for rows [start, end).
export const evaluate = ([start, end], X, coef) => {
  const out = new Float64Array(end - start)
  for (let i = start; i < end; i++) {
    const x0 = X.get(i, 0)
    const x1 = X.get(i, 1)
    out[i - start] = coef[0] + coef[1] * x0 + coef[2] * x1 * x1
  }
  return out
}
