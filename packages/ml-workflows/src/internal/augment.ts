/**
 * The per-row augmentation kernel (worker side, no Effect).
 */
import type { Rng } from "@weft/core/Rng"
import type { SharedMatrix } from "@weft/core/SharedMatrix"
import type { AugmentSpec } from "../Augment.js"

/**
 * Writes an augmented copy of every row of X into `out` from row `outStart`:
 * a random window of `window` values (series), then a random scale factor in
 * `scale`, then multiplicative jitter (x * (1 + N(0, jitter²))), then additive
 * noise N(0, noise²). Draws happen in that order, row by row, so a copy
 * depends only on its generator.
 */
export const augmentRows = (X: SharedMatrix, spec: AugmentSpec, rng: Rng, out: SharedMatrix, outStart: number): void => {
  const c = X.columns
  const width = spec.window ?? c
  const noise = spec.noise ?? 0
  const jitter = spec.jitter ?? 0
  const [lo, hi] = spec.scale ?? [1, 1]
  const src = X.data
  const dst = out.data
  for (let i = 0; i < X.rows; i++) {
    const from = width < c ? rng.nextInt(c - width + 1) : 0
    const factor = lo === hi ? lo : lo + (hi - lo) * rng.next()
    const a = i * c + from
    const b = (outStart + i) * width
    for (let j = 0; j < width; j++) {
      let v = src[a + j] * factor
      if (jitter > 0) v *= 1 + jitter * rng.normal()
      if (noise > 0) v += noise * rng.normal()
      dst[b + j] = v
    }
  }
}
