/**
 * Unconstrained minimisation of a smooth function by limited-memory BFGS
 * (Nocedal & Wright, "Numerical Optimization", 2nd ed., Algorithms 7.4 and 7.5)
 * with a backtracking Armijo line search.
 *
 * @internal
 */

/**
 * The objective: returns `f(x)` and writes `∇f(x)` into `gradient`.
 */
export type Objective = (x: Float64Array, gradient: Float64Array) => number

export interface LbfgsOptions {
  /** Largest number of iterations (directions tried). */
  readonly maxIter: number
  /** Stop when every component of the gradient is at most `tol` in magnitude (scipy's `gtol`). */
  readonly tol: number
  /** Number of correction pairs kept. Default 10 (scipy's `maxcor`). */
  readonly memory?: number
}

export interface LbfgsResult {
  readonly x: Float64Array
  readonly value: number
  readonly gradient: Float64Array
  readonly iterations: number
  /** Whether the gradient test was met (rather than `maxIter` or a failed line search). */
  readonly converged: boolean
}

const ARMIJO = 1e-4
const MAX_BACKTRACKS = 60
const WOLFE = 0.9
const ROUNDING = 1e-12

const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0
  for (let k = 0; k < a.length; k++) s += a[k] * b[k]
  return s
}

const maxAbs = (a: Float64Array): number => {
  let m = 0
  for (let k = 0; k < a.length; k++) {
    const v = Math.abs(a[k])
    if (!(v <= m)) m = v
  }
  return m
}

/** The minimiser of `f` from `x0` (not modified) by L-BFGS. */
export const minimize = (f: Objective, x0: Float64Array, options: LbfgsOptions): LbfgsResult => {
  const n = x0.length
  const memory = options.memory ?? 10
  let x = x0.slice()
  let g = new Float64Array(n)
  let value = f(x, g)
  const sHistory: Array<Float64Array> = []
  const yHistory: Array<Float64Array> = []
  const rhoHistory: Array<number> = []
  const alpha = new Float64Array(memory)
  const direction = new Float64Array(n)
  let xNext = new Float64Array(n)
  let gNext = new Float64Array(n)
  let iterations = 0
  while (iterations < options.maxIter) {
    if (maxAbs(g) <= options.tol) return { x, value, gradient: g, iterations, converged: true }
    // Two-loop recursion: direction = −H g.
    for (let k = 0; k < n; k++) direction[k] = -g[k]
    const m = sHistory.length
    for (let h = m - 1; h >= 0; h--) {
      alpha[h] = rhoHistory[h] * dot(sHistory[h], direction)
      const y = yHistory[h]
      for (let k = 0; k < n; k++) direction[k] -= alpha[h] * y[k]
    }
    if (m > 0) {
      const y = yHistory[m - 1]
      const gamma = dot(sHistory[m - 1], y) / dot(y, y)
      for (let k = 0; k < n; k++) direction[k] *= gamma
    }
    for (let h = 0; h < m; h++) {
      const beta = rhoHistory[h] * dot(yHistory[h], direction)
      const s = sHistory[h]
      for (let k = 0; k < n; k++) direction[k] += (alpha[h] - beta) * s[k]
    }
    let slope = dot(g, direction)
    if (!(slope < 0)) {
      // Not a descent direction (lost curvature information): restart from steepest descent.
      sHistory.length = 0
      yHistory.length = 0
      rhoHistory.length = 0
      for (let k = 0; k < n; k++) direction[k] = -g[k]
      slope = dot(g, direction)
    }
    // Without curvature information, a first step of unit length (scipy does the same).
    let step = sHistory.length === 0 ? Math.min(1, 1 / Math.sqrt(dot(g, g))) : 1
    let accepted = false
    let valueNext = value
    for (let t = 0; t < MAX_BACKTRACKS; t++) {
      for (let k = 0; k < n; k++) xNext[k] = x[k] + step * direction[k]
      valueNext = f(xNext, gNext)
      if (valueNext <= value + ARMIJO * step * slope) {
        accepted = true
        break
      }
      // Near the minimum the decrease drowns in the rounding of f: then accept
      // a step that keeps f within rounding and flattens the slope (Hager &
      // Zhang's approximate Wolfe conditions, 2005).
      if (valueNext <= value + ROUNDING * Math.abs(value) && Math.abs(dot(gNext, direction)) <= WOLFE * -slope) {
        accepted = true
        break
      }
      step *= 0.5
    }
    iterations++
    if (!accepted) return { x, value, gradient: g, iterations, converged: maxAbs(g) <= options.tol }
    const s = new Float64Array(n)
    const y = new Float64Array(n)
    for (let k = 0; k < n; k++) {
      s[k] = xNext[k] - x[k]
      y[k] = gNext[k] - g[k]
    }
    const sy = dot(s, y)
    // Keep the pair only where it carries positive curvature, so H stays positive definite.
    if (sy > Number.EPSILON * dot(y, y)) {
      if (sHistory.length === memory) {
        sHistory.shift()
        yHistory.shift()
        rhoHistory.shift()
      }
      sHistory.push(s)
      yHistory.push(y)
      rhoHistory.push(1 / sy)
    }
    const xOld = x
    const gOld = g
    x = xNext
    g = gNext
    xNext = xOld
    gNext = gOld
    value = valueNext
  }
  return { x, value, gradient: g, iterations, converged: maxAbs(g) <= options.tol }
}
