/**
 * First-order optimisers over a flat parameter vector: Adam and SGD with
 * momentum, with scikit-learn's defaults (its `AdamOptimizer` and
 * `SGDOptimizer` in `sklearn/neural_network/_stochastic_optimizers.py`).
 *
 * Nothing here knows about networks: a model keeps its parameters in one
 * flat array, the caller computes the mean gradient (sequentially, or summed
 * across workers by `Gradients`), and {@link step} returns the next
 * parameters and optimiser state. State is plain data (arrays of numbers) and
 * every function is pure, so a training loop can be resumed, compared bit for
 * bit, or sent to another thread. The MLP (`Mlp.optimizerStep`) is one user.
 *
 * @since 0.2.0
 */
import { InvalidOption, ShapeMismatch } from "@weft/core/Errors"

/**
 * Which optimiser: `"adam"` or `"sgd"` (with momentum).
 *
 * @since 0.2.0
 * @category models
 */
export type Kind = "adam" | "sgd"

/**
 * The optimiser's memory: Adam's first and second moment estimates, or SGD's
 * velocity (in `first`; `second` is empty).
 *
 * @since 0.2.0
 * @category models
 */
export type State = {
  readonly optimizer: Kind
  /** Steps taken so far. */
  readonly step: number
  readonly first: ReadonlyArray<number>
  readonly second: ReadonlyArray<number>
}

/**
 * Step sizes of an optimiser; MLP parameters can be passed as they are.
 * Defaults are scikit-learn's: `momentum` 0.9, `beta1` 0.9, `beta2` 0.999, `epsilon` 1e-8.
 *
 * @since 0.2.0
 * @category models
 */
export type Options = {
  readonly learningRate: number
  readonly momentum?: number
  readonly beta1?: number
  readonly beta2?: number
  readonly epsilon?: number
}

/**
 * A fresh optimiser state for `parameterCount` parameters (zero moments,
 * zero velocity). Throws `InvalidOption` for an unknown kind.
 *
 * @example
 * let opt = Optimiser.init("adam", params.length)
 * @since 0.2.0
 * @category constructors
 */
export const init = (optimizer: Kind, parameterCount: number): State => {
  if (optimizer !== "adam" && optimizer !== "sgd") throw new InvalidOption({ option: "optimizer", value: optimizer, reason: `must be "adam" or "sgd"` })
  return {
    optimizer,
    step: 0,
    first: new Array<number>(parameterCount).fill(0),
    second: optimizer === "adam" ? new Array<number>(parameterCount).fill(0) : []
  }
}

/**
 * One step along the mean gradient: Adam with bias correction (Kingma & Ba,
 * 2015, Algorithm 1), or SGD with (heavy-ball) momentum,
 * `v ← μ·v − η·g; θ ← θ + v` (scikit-learn's `SGDOptimizer`). Returns a new
 * parameter array (a plain `Float64Array` copy for a `Float64Array` input,
 * shared or not) and a new state; the inputs are not modified. Throws
 * `ShapeMismatch` when the gradient or the state does not have one value per
 * parameter.
 *
 * @example
 * ;({ params, state } = Optimiser.step(params, state, meanGradient, { learningRate: 1e-3 }))
 * @since 0.2.0
 * @category stepping
 */
export const step = (
  params: ReadonlyArray<number> | Float64Array,
  state: State,
  meanGradient: ArrayLike<number>,
  options: Options
): { readonly params: Array<number> | Float64Array; readonly state: State } => {
  const n = params.length
  if (meanGradient.length !== n || state.first.length !== n) {
    throw new ShapeMismatch({ what: "gradient", expected: `${n} values (one per parameter)`, actual: `${meanGradient.length} gradient, ${state.first.length} optimiser values` })
  }
  const lr = options.learningRate
  const next = params.slice()
  const first = state.first.slice()
  const t = state.step + 1
  if (state.optimizer === "sgd") {
    const mu = options.momentum ?? 0.9
    for (let q = 0; q < n; q++) {
      const v = mu * first[q] - lr * meanGradient[q]
      first[q] = v
      next[q] += v
    }
    return { params: next, state: { optimizer: "sgd", step: t, first, second: [] } }
  }
  const beta1 = options.beta1 ?? 0.9
  const beta2 = options.beta2 ?? 0.999
  const epsilon = options.epsilon ?? 1e-8
  const second = state.second.slice()
  const c1 = 1 - Math.pow(beta1, t)
  const c2 = 1 - Math.pow(beta2, t)
  for (let q = 0; q < n; q++) {
    const g = meanGradient[q]
    const m = beta1 * first[q] + (1 - beta1) * g
    const v = beta2 * second[q] + (1 - beta2) * g * g
    first[q] = m
    second[q] = v
    next[q] -= (lr * (m / c1)) / (Math.sqrt(v / c2) + epsilon)
  }
  return { params: next, state: { optimizer: "adam", step: t, first, second } }
}
