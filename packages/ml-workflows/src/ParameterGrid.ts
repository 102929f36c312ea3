/**
 * The candidates of a grid search and of a random search, as scikit-learn's
 * `ParameterGrid` and `ParameterSampler`.
 *
 * @since 0.1.0
 */
import * as Check from "@weft/core/Check"
import { InvalidOption } from "@weft/core/Errors"
import * as Rng from "@weft/core/Rng"
import { checkSeed } from "./Split.js"

/**
 * A grid: each parameter name with the list of values to try.
 *
 * @since 0.1.0
 * @category models
 */
export type Grid = Readonly<Record<string, ReadonlyArray<unknown>>>

/**
 * One point of a grid: a value for each parameter.
 *
 * @since 0.1.0
 * @category models
 */
export type Candidate = Record<string, unknown>

/**
 * How a random search draws one parameter: from a list (uniformly), or from a
 * continuous uniform, log-uniform or integer uniform law over `[lo, hi]`.
 * `intUniform` includes both ends (unlike scipy's `randint`, whose `high` is excluded).
 *
 * @since 0.1.0
 * @category models
 */
export type Distribution =
  | ReadonlyArray<unknown>
  | { readonly uniform: readonly [number, number] }
  | { readonly logUniform: readonly [number, number] }
  | { readonly intUniform: readonly [number, number] }

/**
 * @since 0.1.0
 * @category models
 */
export type Distributions = Readonly<Record<string, Distribution>>

/**
 * @since 0.1.0
 * @category models
 */
export interface GridOptions {
  /** The parameter names the estimator knows; any other name is an `InvalidOption`. */
  readonly allowed?: ReadonlyArray<string> | undefined
}

/**
 * Every candidate of `grid` (or of each grid of a list, one after the other),
 * in scikit-learn's `ParameterGrid` order: the names of each grid sorted, the
 * values combined as `itertools.product` does, so the last name varies
 * fastest. An empty grid `{}` yields one empty candidate; an empty list yields none.
 *
 * Throws `InvalidOption` when a value is not a non-empty array, or when a
 * name is not in `options.allowed` (naming it and listing the allowed ones).
 *
 * @example
 * parameterGrid({ b: [1, 2], a: ["x"] })
 * // [{ a: "x", b: 1 }, { a: "x", b: 2 }]
 * @since 0.1.0
 * @category constructors
 */
export const parameterGrid = (grid: Grid | ReadonlyArray<Grid>, options: GridOptions = {}): Array<Candidate> => {
  const grids = checkGrids(grid, options.allowed)
  const out: Array<Candidate> = []
  for (const g of grids) {
    const size = sizeOf(g)
    for (let index = 0; index < size; index++) out.push(candidateOf(g, index))
  }
  return out
}

/**
 * The number of candidates {@link parameterGrid} yields: the sum over the grids
 * of the product of the lengths of their lists. Throws as {@link parameterGrid}.
 *
 * @example
 * gridSize([{ a: [1, 2, 3], b: [4, 5] }, { c: [6] }]) // 7
 * @since 0.1.0
 * @category getters
 */
export const gridSize = (grid: Grid | ReadonlyArray<Grid>, options: GridOptions = {}): number => {
  let total = 0
  for (const g of checkGrids(grid, options.allowed)) total += sizeOf(g)
  return total
}

/**
 * Candidate number `index` of {@link parameterGrid} without expanding the
 * others (scikit-learn's `ParameterGrid.__getitem__`), so a worker can be
 * sent the grid and an index. Throws `InvalidOption` for an index out of range.
 *
 * @example
 * gridCandidate({ a: [1, 2], b: [3, 4] }, 1) // { a: 1, b: 4 }
 * @since 0.1.0
 * @category constructors
 */
export const gridCandidate = (grid: Grid | ReadonlyArray<Grid>, index: number, options: GridOptions = {}): Candidate => {
  const grids = checkGrids(grid, options.allowed)
  let total = 0
  for (const g of grids) total += sizeOf(g)
  if (total === 0) throw new InvalidOption({ option: "index", value: index, reason: "the grid has no candidates" })
  Check.integer("index", index, { min: 0, max: total - 1 })
  return candidateAt(grids, index)
}

/**
 * `nIter` candidates drawn at random from `distributions` (or, for a list, from
 * one of its entries picked uniformly for each candidate), after scikit-learn's
 * `ParameterSampler`: when every distribution is a list, the candidates are
 * distinct points of the grid, drawn without replacement (and all of them, in
 * a random order, when `nIter` is at least the grid size); otherwise each
 * parameter is drawn independently, names in sorted order. Draws use weft's
 * `Rng` seeded by `seed`: the same seed gives the same candidates everywhere,
 * though not scikit-learn's numbers.
 *
 * Throws `InvalidOption` for a bad `nIter`, `seed`, name (see `allowed`) or law
 * (an empty list, `lo > hi`, a non-positive `logUniform` bound, a
 * non-integer `intUniform` bound).
 *
 * @example
 * parameterSampler({ alpha: { logUniform: [1e-3, 10] }, fit_intercept: [true, false] }, 20, 7)
 * @since 0.1.0
 * @category constructors
 */
export const parameterSampler = (
  distributions: Distributions | ReadonlyArray<Distributions>,
  nIter: number,
  seed: number,
  options: GridOptions = {}
): Array<Candidate> => {
  Check.integer("nIter", nIter, { min: 1 })
  const rng = new Rng.Rng(checkSeed(seed))
  const list: ReadonlyArray<Distributions> = Array.isArray(distributions)
    ? (distributions as ReadonlyArray<Distributions>)
    : [distributions as Distributions]
  if (list.length === 0) throw new InvalidOption({ option: "distributions", value: [], reason: "must hold at least one entry" })
  for (const d of list) checkDistributions(d, options.allowed)

  if (list.every((d) => Object.values(d).every((law) => Array.isArray(law)))) {
    const grids = list as ReadonlyArray<Grid>
    let total = 0
    for (const g of grids) total += sizeOf(g)
    const picks = sampleWithoutReplacement(total, Math.min(nIter, total), rng)
    return Array.from(picks, (index) => candidateAt(grids, index))
  }

  const out: Array<Candidate> = []
  for (let it = 0; it < nIter; it++) {
    const d = list.length === 1 ? list[0] : list[rng.nextInt(list.length)]
    const candidate: Candidate = {}
    for (const name of Object.keys(d).sort()) candidate[name] = draw(d[name], rng)
    out.push(candidate)
  }
  return out
}

const draw = (law: Distribution, rng: Rng.Rng): unknown => {
  if (Array.isArray(law)) return law[rng.nextInt(law.length)]
  if ("uniform" in law) {
    const [lo, hi] = law.uniform
    return lo + (hi - lo) * rng.next()
  }
  if ("logUniform" in law) {
    const [lo, hi] = law.logUniform
    return Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * rng.next())
  }
  const [lo, hi] = (law as { readonly intUniform: readonly [number, number] }).intUniform
  return lo + rng.nextInt(hi - lo + 1)
}

/** `count` distinct integers of 0..total-1 in random order (a partial Fisher–Yates over a sparse array). */
const sampleWithoutReplacement = (total: number, count: number, rng: Rng.Rng): Array<number> => {
  const moved = new Map<number, number>()
  const out: Array<number> = new Array(count)
  for (let i = 0; i < count; i++) {
    const j = i + rng.nextInt(total - i)
    const atJ = moved.get(j) ?? j
    out[i] = atJ
    moved.set(j, moved.get(i) ?? i)
  }
  return out
}

/** Candidate `index` of the concatenated grids (already checked, index in range). */
const candidateAt = (grids: ReadonlyArray<Grid>, index: number): Candidate => {
  let rest = index
  for (const g of grids) {
    const size = sizeOf(g)
    if (rest < size) return candidateOf(g, rest)
    rest -= size
  }
  throw new RangeError(`candidate ${index} is past the end of the grid`)
}

const sizeOf = (grid: Grid): number => {
  let size = 1
  for (const name in grid) size *= grid[name].length
  return size
}

/** Point `index` of one grid: the mixed-radix digits of `index`, last (sorted) name least significant. */
const candidateOf = (grid: Grid, index: number): Candidate => {
  const names = Object.keys(grid).sort()
  const candidate: Candidate = {}
  let rest = index
  for (let i = names.length - 1; i >= 0; i--) {
    const values = grid[names[i]]
    candidate[names[i]] = values[rest % values.length]
    rest = Math.floor(rest / values.length)
  }
  // Build the result with its keys in sorted order, as scikit-learn's dicts are.
  const ordered: Candidate = {}
  for (const name of names) ordered[name] = candidate[name]
  return ordered
}

const checkGrids = (grid: Grid | ReadonlyArray<Grid>, allowed: ReadonlyArray<string> | undefined): ReadonlyArray<Grid> => {
  if (grid === null || typeof grid !== "object") {
    throw new InvalidOption({ option: "grid", value: grid, reason: "must be an object of parameter lists, or an array of them" })
  }
  const grids: ReadonlyArray<Grid> = Array.isArray(grid) ? (grid as ReadonlyArray<Grid>) : [grid as Grid]
  for (const g of grids) {
    if (g === null || typeof g !== "object" || Array.isArray(g)) {
      throw new InvalidOption({ option: "grid", value: g, reason: "each grid must be an object mapping parameter names to lists of values" })
    }
    for (const name of Object.keys(g)) {
      checkName(name, allowed)
      const values = g[name]
      if (!Array.isArray(values)) {
        throw new InvalidOption({
          option: `grid.${name}`,
          value: values,
          reason: "must be an array of values to try; wrap a single value in an array"
        })
      }
      if (values.length === 0) {
        throw new InvalidOption({ option: `grid.${name}`, value: values, reason: "must hold at least one value" })
      }
    }
  }
  return grids
}

const checkDistributions = (d: Distributions, allowed: ReadonlyArray<string> | undefined): void => {
  if (d === null || typeof d !== "object" || Array.isArray(d)) {
    throw new InvalidOption({ option: "distributions", value: d, reason: "must map parameter names to lists or laws" })
  }
  for (const name of Object.keys(d)) {
    checkName(name, allowed)
    const law = d[name] as unknown
    const option = `distributions.${name}`
    if (Array.isArray(law)) {
      if (law.length === 0) throw new InvalidOption({ option, value: law, reason: "must hold at least one value" })
      continue
    }
    const bounds = lawBounds(law)
    if (bounds === undefined) {
      throw new InvalidOption({
        option,
        value: law,
        reason: "must be a list of values or one of { uniform: [lo, hi] }, { logUniform: [lo, hi] }, { intUniform: [lo, hi] }"
      })
    }
    const [kind, lo, hi] = bounds
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo > hi) {
      throw new InvalidOption({ option, value: law, reason: `${kind} needs finite bounds with lo <= hi` })
    }
    if (kind === "logUniform" && lo <= 0) {
      throw new InvalidOption({ option, value: law, reason: "logUniform needs bounds greater than 0" })
    }
    if (kind === "intUniform" && (!Number.isInteger(lo) || !Number.isInteger(hi) || hi - lo + 1 > 0x100000000)) {
      throw new InvalidOption({ option, value: law, reason: "intUniform needs integer bounds less than 2^32 apart" })
    }
  }
}

const lawBounds = (law: unknown): [string, number, number] | undefined => {
  if (law === null || typeof law !== "object") return undefined
  const keys = Object.keys(law)
  if (keys.length !== 1) return undefined
  const kind = keys[0]
  if (kind !== "uniform" && kind !== "logUniform" && kind !== "intUniform") return undefined
  const bounds = (law as Record<string, unknown>)[kind]
  if (!Array.isArray(bounds) || bounds.length !== 2 || typeof bounds[0] !== "number" || typeof bounds[1] !== "number") {
    return undefined
  }
  return [kind, bounds[0], bounds[1]]
}

const checkName = (name: string, allowed: ReadonlyArray<string> | undefined): void => {
  if (allowed !== undefined && !allowed.includes(name)) {
    throw new InvalidOption({
      option: "parameter",
      value: name,
      reason: `unknown parameter; the allowed parameters are ${allowed.map((a) => JSON.stringify(a)).join(", ")}`
    })
  }
}
