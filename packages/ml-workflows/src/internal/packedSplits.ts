/**
 * The train/test indices of every fold in one shared Int32Array, so that the
 * (candidate x fold) tasks of a search receive them without a copy.
 */
import type { Split } from "../Split.js"

export interface PackedSplits {
  readonly indices: Int32Array
  /** For fold f: train is indices[offsets[2f], offsets[2f+1]), test is indices[offsets[2f+1], offsets[2f+2]). */
  readonly offsets: Int32Array
}

export const packSplits = (splits: ReadonlyArray<Split>): PackedSplits => {
  let total = 0
  for (const s of splits) total += s.train.length + s.test.length
  const indices = new Int32Array(new SharedArrayBuffer(total * 4))
  const offsets = new Int32Array(new SharedArrayBuffer((2 * splits.length + 1) * 4))
  let at = 0
  splits.forEach((s, f) => {
    offsets[2 * f] = at
    indices.set(s.train, at)
    at += s.train.length
    offsets[2 * f + 1] = at
    indices.set(s.test, at)
    at += s.test.length
  })
  offsets[2 * splits.length] = at
  return { indices, offsets }
}

export const foldCount = (packed: PackedSplits): number => (packed.offsets.length - 1) / 2

/** Fold `fold`'s train and test indices, as views (no copy). */
export const splitAt = (packed: PackedSplits, fold: number): Split => {
  const o = packed.offsets
  return {
    train: packed.indices.subarray(o[2 * fold], o[2 * fold + 1]),
    test: packed.indices.subarray(o[2 * fold + 1], o[2 * fold + 2])
  }
}
