/**
 * A multi-layer perceptron: fully connected layers with ReLU or tanh hidden
 * units, an identity output with squared loss (regression) or a softmax output
 * with cross-entropy (classification), trained by minibatch Adam or SGD with
 * momentum, with an L2 penalty on the weights and inverted dropout on the
 * hidden units (conventions of scikit-learn's `MLPRegressor`/`MLPClassifier`).
 *
 * Three modules, one per concern: the network math is `MlpNetwork.ts`
 * (re-exported here, so `Mlp.mlpForward` and the rest are where 0.1.0 had
 * them), the optimiser `Optimiser.ts`, and this one holds the parameters, the
 * training loop and the two estimators. The building blocks are pure and
 * exported, so that the pool can train data parallel (sum `mlpGradient` over
 * shards, then one `optimizerStep`) and draw Monte-Carlo dropout predictions
 * (`mlpForward` with a dropout seed).
 *
 * @since 0.1.0
 */
import * as Rng from "@weft/core/Rng"
import type { Estimator, FitInput } from "../Estimator.js"
import {
  checkFitInput,
  checkKnownParams,
  classCount,
  readChoice,
  readNumber,
  readNumberArray
} from "../internal/ModelInput.js"
import { mlpForward, mlpGradient, mlpInit, mlpPenalty, type Activation, type MlpState, type OutputKind } from "./MlpNetwork.js"
import * as Optimiser from "./Optimiser.js"

export * from "./MlpNetwork.js"

// The optimiser is generic (models/Optimiser.ts); these names are kept here,
// where 0.1.0 exported them, and step an MLP's parameters.

/**
 * Which optimiser (the same type as `Optimiser.Kind`).
 *
 * @since 0.1.0
 * @category models
 */
export type OptimizerKind = Optimiser.Kind

/**
 * The optimiser's memory (the same type as `Optimiser.State`): Adam's first
 * and second moment estimates, or SGD's velocity (in `first`; `second` is empty).
 *
 * @since 0.1.0
 * @category models
 */
export type OptimizerState = Optimiser.State

/**
 * Step sizes of an optimiser (the same type as `Optimiser.Options`); MLP
 * parameters can be passed as they are.
 *
 * @since 0.1.0
 * @category models
 */
export type OptimizerOptions = Optimiser.Options

/**
 * A fresh optimiser state for `parameterCount` parameters (`Optimiser.init`).
 *
 * @example
 * let opt = optimizerInit("adam", state.params.length)
 * @since 0.1.0
 * @category training
 */
export const optimizerInit: (optimizer: OptimizerKind, parameterCount: number) => OptimizerState = Optimiser.init

/**
 * One optimiser step (`Optimiser.step`) on the network's parameters: Adam with
 * bias correction, or SGD with momentum. Returns new states; the inputs are
 * not modified.
 *
 * @example
 * ;({ state, optState } = optimizerStep(state, optState, meanGradient, { learningRate: 1e-3 }))
 * @since 0.1.0
 * @category training
 */
export const optimizerStep = (
  state: MlpState,
  optState: OptimizerState,
  meanGradient: ArrayLike<number>,
  options: OptimizerOptions
): { readonly state: MlpState; readonly optState: OptimizerState } => {
  const next = Optimiser.step(state.params, optState, meanGradient, options)
  return { state: { ...state, params: next.params }, optState: next.state }
}

/**
 * Parameters of {@link MlpRegressor} and {@link MlpClassifier}.
 *
 * @since 0.1.0
 * @category models
 */
export type MlpParams = {
  /** Units of each hidden layer. Default [32]. */
  readonly hiddenLayers: ReadonlyArray<number>
  /** Hidden activation. Default "relu". */
  readonly activation: Activation
  /** Step size. Default 0.001. */
  readonly learningRate: number
  /** Passes over the training rows. Default 200. */
  readonly epochs: number
  /** Rows per minibatch (the last one of an epoch may be smaller). Default 200. */
  readonly batchSize: number
  /** Default "adam". */
  readonly optimizer: OptimizerKind
  /** SGD momentum, in [0, 1). Default 0.9. */
  readonly momentum: number
  /** L2 penalty on the weights (scikit-learn's `alpha`), >= 0. Default 0.0001. */
  readonly l2: number
  /** Dropout rate of the hidden units during training, in [0, 1). Default 0. */
  readonly dropout: number
}

const DEFAULTS: MlpParams = {
  hiddenLayers: [32],
  activation: "relu",
  learningRate: 0.001,
  epochs: 200,
  batchSize: 200,
  optimizer: "adam",
  momentum: 0.9,
  l2: 0.0001,
  dropout: 0
}

const readParams = (model: string) => (input: Readonly<Record<string, unknown>>): MlpParams => {
  checkKnownParams(model, input, Object.keys(DEFAULTS))
  return {
    hiddenLayers: readNumberArray(input, "hiddenLayers", DEFAULTS.hiddenLayers, { integer: true, min: 1 }),
    activation: readChoice(input, "activation", DEFAULTS.activation, ["relu", "tanh"]),
    learningRate: readNumber(input, "learningRate", DEFAULTS.learningRate, { above: 0 }),
    epochs: readNumber(input, "epochs", DEFAULTS.epochs, { integer: true, min: 1 }),
    batchSize: readNumber(input, "batchSize", DEFAULTS.batchSize, { integer: true, min: 1 }),
    optimizer: readChoice(input, "optimizer", DEFAULTS.optimizer, ["adam", "sgd"]),
    momentum: readNumber(input, "momentum", DEFAULTS.momentum, { min: 0, below: 1 }),
    l2: readNumber(input, "l2", DEFAULTS.l2, { min: 0 }),
    dropout: readNumber(input, "dropout", DEFAULTS.dropout, { min: 0, below: 1 })
  }
}

/**
 * Trains a network on the training rows: `epochs` passes, each over the rows
 * shuffled by `Rng.Rng.fork(seed, 1, epoch)`, one optimiser step per minibatch
 * along `(Σ gradient + l2·W) / batch` (initial weights from
 * `Rng.derive(seed, 0)`, dropout masks of batch `b` from `Rng.derive(seed, 2, epoch, b)`).
 */
const fitMlp = (output: OutputKind) => (input: FitInput, params: MlpParams): MlpState => {
  const { X, y, seed } = input
  const rows = checkFitInput(X, y, input.rows)
  const outputs = output === "softmax" ? classCount(y, rows, input.nClasses) : 1
  const sizes = [X.columns, ...params.hiddenLayers, outputs]
  let state = mlpInit(sizes, Rng.derive(seed, 0), { activation: params.activation, output })
  let optState = optimizerInit(params.optimizer, state.params.length)
  const n = rows.length
  const batchSize = Math.min(params.batchSize, n)
  const order = new Int32Array(n)
  for (let epoch = 0; epoch < params.epochs; epoch++) {
    const permutation = Rng.Rng.fork(seed, 1, epoch).permutation(n)
    for (let k = 0; k < n; k++) order[k] = rows[permutation[k]]
    for (let start = 0, b = 0; start < n; start += batchSize, b++) {
      const batch = order.subarray(start, Math.min(start + batchSize, n))
      const dropout = params.dropout > 0 ? { rate: params.dropout, seed: Rng.derive(seed, 2, epoch, b) } : undefined
      const { gradient, count } = mlpGradient(state, X, y, batch, dropout)
      if (params.l2 > 0) {
        const penalty = mlpPenalty(state, params.l2).gradient
        for (let q = 0; q < gradient.length; q++) gradient[q] += penalty[q]
      }
      for (let q = 0; q < gradient.length; q++) gradient[q] /= count
      ;({ state, optState } = optimizerStep(state, optState, gradient, params))
    }
  }
  return state
}

/**
 * MLP regression (identity output, squared loss), as scikit-learn's `MLPRegressor`.
 *
 * @example
 * const params = MlpRegressor.params({ hiddenLayers: [64], epochs: 100 })
 * const state = MlpRegressor.fit({ X, y, seed: 7 }, params)
 * const yHat = MlpRegressor.predict(state, X)
 * @since 0.1.0
 * @category estimators
 */
export const MlpRegressor: Estimator<MlpParams, MlpState> = {
  name: "mlp-regressor",
  kind: "regressor",
  defaults: DEFAULTS,
  params: readParams("mlp-regressor"),
  // Partial parameters (from JavaScript) are completed with the defaults.
  fit: (input, params) => fitMlp("identity")(input, readParams("mlp-regressor")(params)),
  predict: (state, X, rows) => mlpForward(state, X, rows)
}

/**
 * MLP classification (softmax output, cross-entropy), as scikit-learn's
 * `MLPClassifier` (which uses a single logistic output for two classes).
 *
 * @example
 * const state = MlpClassifier.fit({ X, y, nClasses: 3, seed: 7 }, MlpClassifier.params({}))
 * const proba = MlpClassifier.predictProba!(state, X)
 * @since 0.1.0
 * @category estimators
 */
export const MlpClassifier: Estimator<MlpParams, MlpState> = {
  name: "mlp-classifier",
  kind: "classifier",
  defaults: DEFAULTS,
  params: readParams("mlp-classifier"),
  // Partial parameters (from JavaScript) are completed with the defaults.
  fit: (input, params) => fitMlp("softmax")(input, readParams("mlp-classifier")(params)),
  predict: (state, X, rows) => {
    const proba = mlpForward(state, X, rows)
    const K = state.layerSizes[state.layerSizes.length - 1]
    const out = new Float64Array(proba.length / K)
    for (let k = 0; k < out.length; k++) {
      let best = 0
      for (let c = 1; c < K; c++) if (proba[k * K + c] > proba[k * K + best]) best = c
      out[k] = best
    }
    return out
  },
  predictProba: (state, X, rows) => mlpForward(state, X, rows)
}
