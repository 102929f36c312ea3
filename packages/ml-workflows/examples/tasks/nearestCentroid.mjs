/**
 * An estimator of your own (examples/own-estimator.mjs runs it): each class's
 * centroid of the training rows; a row gets the class of the nearest centroid
 * (squared Euclidean distance, ties to the lower class). It follows the
 * Estimator contract of @weft/ml-workflows (kind, defaults, params, fit,
 * predict); its state is plain data, since it crosses threads. Every worker
 * imports this file, so it imports nothing it does not need.
 */
class NearestCentroid {
  name = "nearest-centroid"
  kind = "classifier"
  defaults = {}

  params(input) {
    if (Object.keys(input).length > 0) throw new RangeError(`nearest-centroid takes no parameters, got ${Object.keys(input).join(", ")}`)
    return {}
  }

  fit({ X, y, rows, nClasses }) {
    const p = X.columns
    const K = nClasses ?? 1 + Math.max(...y)
    const sums = new Array(K * p).fill(0)
    const counts = new Array(K).fill(0)
    const n = rows === undefined ? X.rows : rows.length
    for (let k = 0; k < n; k++) {
      const i = rows === undefined ? k : rows[k]
      const c = y[i]
      counts[c]++
      for (let j = 0; j < p; j++) sums[c * p + j] += X.data[i * p + j]
    }
    return { p, centroids: sums.map((s, q) => s / counts[Math.floor(q / p)]) }
  }

  predict(state, X, rows) {
    const n = rows === undefined ? X.rows : rows.length
    const out = new Float64Array(n)
    const K = state.centroids.length / state.p
    for (let k = 0; k < n; k++) out[k] = this.nearest(state, X, rows === undefined ? k : rows[k], K)
    return out
  }

  nearest(state, X, i, K) {
    let best = 0
    let bestDistance = Infinity
    for (let c = 0; c < K; c++) {
      let d = 0
      for (let j = 0; j < state.p; j++) d += (X.data[i * state.p + j] - state.centroids[c * state.p + j]) ** 2
      if (d < bestDistance) {
        bestDistance = d
        best = c
      }
    }
    return best
  }
}

export default new NearestCentroid()
