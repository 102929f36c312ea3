/**
 * Searches that share work: for an estimator with sufficient statistics
 * (`Estimator.sufficientStatistics` and `fitFromStatistics`), the statistics
 * of every block of rows are computed once, in parallel over fixed chunks,
 * and merged in a fixed order into each fold's training statistics, from
 * which every candidate of the fold is fitted; test scores come from
 * predictions on the test rows.
 *
 * Blocks: when the training sets have no repeated row (k-fold, stratified,
 * group, time-series splits), the rows are cut into the atoms of the
 * training sets (rows that belong to exactly the same training sets; for
 * k-fold, the test folds) and a training set's statistics are the merge of
 * its atoms, so the data is read once in all. Otherwise each training set
 * is its own block. The statistics of a training set are always a merge of
 * disjoint parts, never the total minus a fold.
 *
 * Nothing here depends on the thread count: chunks have a fixed size and
 * partials merge in chunk order, then block order.
 */
import { TaskFailed, type TaskError } from "@weft/core"
import { WorkerPool } from "@weft/pool"
import { Effect } from "effect"
import type { Estimator } from "../Estimator.js"
import { getEstimator } from "../models/Registry.js"
import type { FitScoreResult, SearchContext } from "./search.js"
import { kernels } from "./builtins.js"
import { foldCount, splitAt } from "./packedSplits.js"

/** Rows of a set of blocks, packed in one shared array: block b is indices[offsets[b], offsets[b+1]). */
export interface PackedBlocks {
  readonly indices: Int32Array
  readonly offsets: Int32Array
}

/** How the statistics of the training sets (and of all rows) are put together from blocks. */
export interface StatisticsPlan {
  readonly blocks: PackedBlocks
  /** Per fold, the blocks whose merge (in this order) is its training set. */
  readonly train: ReadonlyArray<ReadonlyArray<number>>
  /** The blocks whose merge is all the rows (present when asked for). */
  readonly all?: ReadonlyArray<number>
  /** "atoms" (one pass over the data) or "folds" (one block per training set). */
  readonly kind: "atoms" | "folds"
}

/** Training sets of at most this many folds are cut into atoms (a bit per fold in an Int32 mask). */
const MAX_ATOM_FOLDS = 30

/** Rows per chunk task: fixed by the row count alone, so the thread count never changes the chunks. */
export const chunkRows = (rows: number): number => Math.max(4096, Math.ceil(rows / 64))

const pack = (lists: ReadonlyArray<ArrayLike<number>>): PackedBlocks => {
  let total = 0
  for (const l of lists) total += l.length
  const indices = new Int32Array(new SharedArrayBuffer(total * 4))
  const offsets = new Int32Array(new SharedArrayBuffer((lists.length + 1) * 4))
  let at = 0
  lists.forEach((l, b) => {
    offsets[b] = at
    indices.set(l, at)
    at += l.length
  })
  offsets[lists.length] = at
  return { indices, offsets }
}

/**
 * The blocks of the training sets `train` of a dataset of `n` rows (and of
 * all its rows when `withAll`): atoms when no training set repeats a row and
 * the atoms are few, else one block per training set.
 */
export const planStatistics = (train: ReadonlyArray<ArrayLike<number>>, n: number, withAll: boolean): StatisticsPlan => {
  const k = train.length
  if (k <= MAX_ATOM_FOLDS) {
    const mask = new Int32Array(n)
    let repeated = false
    for (let f = 0; f < k && !repeated; f++) {
      const bit = 1 << f
      const rows = train[f]
      for (let r = 0; r < rows.length; r++) {
        const i = rows[r]
        if ((mask[i] & bit) !== 0) {
          repeated = true
          break
        }
        mask[i] |= bit
      }
    }
    if (!repeated) {
      // Atoms in the order of their first row; rows of each atom ascending.
      const atomOf = new Map<number, number>()
      const sizes: Array<number> = []
      const masks: Array<number> = []
      for (let i = 0; i < n; i++) {
        const m = mask[i]
        if (m === 0 && !withAll) continue
        let a = atomOf.get(m)
        if (a === undefined) {
          a = sizes.length
          atomOf.set(m, a)
          sizes.push(0)
          masks.push(m)
        }
        sizes[a]++
      }
      if (sizes.length <= Math.max(16, 4 * k)) {
        const lists = sizes.map((s) => new Int32Array(s))
        const filled = new Array<number>(sizes.length).fill(0)
        for (let i = 0; i < n; i++) {
          const m = mask[i]
          if (m === 0 && !withAll) continue
          const a = atomOf.get(m)!
          lists[a][filled[a]++] = i
        }
        const trainBlocks = train.map((_, f) => masks.flatMap((m, a) => ((m & (1 << f)) !== 0 ? [a] : [])))
        return { blocks: pack(lists), train: trainBlocks, ...(withAll ? { all: masks.map((_, a) => a) } : {}), kind: "atoms" }
      }
    }
  }
  const lists: Array<ArrayLike<number>> = [...train]
  if (withAll) {
    const everyRow = new Int32Array(n)
    for (let i = 0; i < n; i++) everyRow[i] = i
    lists.push(everyRow)
  }
  return { blocks: pack(lists), train: train.map((_, f) => [f]), ...(withAll ? { all: [k] } : {}), kind: "folds" }
}

/** [block, start, end) chunks of every block, block by block, in row order. */
export const chunksOf = (blocks: PackedBlocks, size: number): Array<readonly [number, number, number]> => {
  const out: Array<readonly [number, number, number]> = []
  for (let b = 0; b + 1 < blocks.offsets.length; b++) {
    const length = blocks.offsets[b + 1] - blocks.offsets[b]
    for (let start = 0; start < length; start += size) out.push([b, start, Math.min(length, start + size)])
  }
  return out
}

/** The estimator's statistics hooks when it opts in to shared searches. */
export const statisticsOf = (
  estimator: Estimator<any, any>
): { readonly stats: NonNullable<Estimator["sufficientStatistics"]>; readonly fit: NonNullable<Estimator["fitFromStatistics"]> } | undefined =>
  estimator.sufficientStatistics !== undefined && estimator.fitFromStatistics !== undefined
    ? { stats: estimator.sufficientStatistics, fit: estimator.fitFromStatistics }
    : undefined

/** Whether the built-in estimator `name` opts in to shared searches. */
export const sharesStatistics = (name: string): boolean => {
  try {
    return statisticsOf(getEstimator(name)) !== undefined
  } catch {
    return false
  }
}

const mergeInOrder = (merge: (a: unknown, b: unknown) => unknown, parts: ReadonlyArray<unknown>): unknown => {
  let acc = parts[0]
  for (let q = 1; q < parts.length; q++) acc = merge(acc, parts[q])
  return acc
}

/** The statistics of every training set of `ctx` (and of all rows when `withAll`), chunks on the pool, merged here in a fixed order. */
export const foldStatistics = (
  ctx: SearchContext,
  withAll: boolean
): Effect.Effect<{ readonly train: ReadonlyArray<unknown>; readonly all?: unknown }, TaskError, WorkerPool.WorkerPool> =>
  Effect.gen(function* () {
    const hooks = statisticsOf(getEstimator(ctx.estimator))!
    const k = foldCount(ctx.splits)
    const plan = planStatistics(
      Array.from({ length: k }, (_, f) => splitAt(ctx.splits, f).train),
      ctx.X.rows,
      withAll
    )
    const chunks = chunksOf(plan.blocks, chunkRows(ctx.X.rows))
    const pool = yield* WorkerPool.WorkerPool
    const tasks = yield* kernels
    const parts = yield* pool.map(tasks.statisticsChunk, chunks, { args: [ctx.estimator, ctx.X, ctx.y, plan.blocks], chunkSize: 1 })
    const blockParts: Array<Array<unknown>> = Array.from({ length: plan.blocks.offsets.length - 1 }, () => [])
    chunks.forEach(([b], q) => blockParts[b].push(parts[q]))
    return yield* Effect.try({
      try: () => {
        const merge = hooks.stats.merge
        const block = blockParts.map((ps) => mergeInOrder(merge, ps))
        const train = plan.train.map((bs) => mergeInOrder(merge, bs.map((b) => block[b])))
        return plan.all === undefined ? { train } : { train, all: mergeInOrder(merge, plan.all.map((b) => block[b])) }
      },
      catch: (e) => new TaskFailed({ task: `merge the ${ctx.estimator} statistics`, message: e instanceof Error ? e.message : String(e) })
    })
  })

/**
 * Every (candidate, fold) pair of `ctx` fitted from the folds' shared
 * statistics, results in (candidate, fold) order; with `withAll`, also a fit
 * from the statistics of all rows (the refit of a search).
 */
export const runPairsFromStatistics = (
  ctx: SearchContext,
  withAll: boolean
): Effect.Effect<
  { readonly results: Array<FitScoreResult>; readonly fitAll?: (params: Readonly<Record<string, unknown>>) => Effect.Effect<unknown, TaskError> },
  TaskError,
  WorkerPool.WorkerPool
> =>
  Effect.gen(function* () {
    const stats = yield* foldStatistics(ctx, withAll)
    const pool = yield* WorkerPool.WorkerPool
    const tasks = yield* kernels
    const k = stats.train.length
    const C = ctx.candidates.length
    // A few groups of candidates per fold, about 4 per thread in all; each item carries its fold's statistics.
    const perFold = Math.min(C, Math.max(1, Math.ceil((4 * Math.max(1, pool.config.threads)) / k)))
    const group = Math.ceil(C / perFold)
    const items: Array<readonly [number, number, number, unknown]> = []
    for (let f = 0; f < k; f++) for (let c = 0; c < C; c += group) items.push([f, c, Math.min(C, c + group), stats.train[f]])
    const grouped = yield* pool.map(tasks.fitScoreFromStatistics, items, { args: [ctx], chunkSize: 1, minParallelBatchSize: 2 })
    const results = new Array<FitScoreResult>(C * k)
    for (const list of grouped) for (const r of list) results[r.candidate * k + r.fold] = r
    if (!withAll) return { results }
    const fitAll = (params: Readonly<Record<string, unknown>>) =>
      Effect.try({
        try: () => {
          const estimator = getEstimator(ctx.estimator)
          return statisticsOf(estimator)!.fit(stats.all, estimator.params(params))
        },
        catch: (e) => new TaskFailed({ task: `fit ${ctx.estimator} on all rows`, message: e instanceof Error ? e.message : String(e) })
      })
    return { results, fitAll }
  })
