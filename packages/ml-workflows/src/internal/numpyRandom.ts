/**
 * numpy's legacy `RandomState` (MT19937), as far as scikit-learn's shuffled
 * splitters use it: `RandomState(seed)`, `shuffle` and `permutation`.
 *
 * scikit-learn's `random_state=N` is `np.random.RandomState(N)`; to give the
 * very folds scikit-learn gives for the same seed, a splitter must draw the
 * same numbers in the same order. This is a port of numpy 1.24's
 * `mt19937_seed` / `mt19937_gen` (the reference MT19937 of Matsumoto and
 * Nishimura), of `random_interval` (masked rejection sampling) and of
 * `RandomState._shuffle_raw` (Fisher–Yates from the last position down).
 * It is tested against numbers drawn by numpy itself
 * (tools/reference/splitters.py).
 */

const N = 624
const M = 397
const MATRIX_A = 0x9908b0df
const UPPER = 0x80000000
const LOWER = 0x7fffffff

/** numpy's `np.random.RandomState(seed)`: MT19937 seeded by a 32-bit unsigned integer. */
export class RandomState {
  private readonly mt = new Uint32Array(N)
  private pos = N

  constructor(seed: number) {
    let s = seed >>> 0
    for (let i = 0; i < N; i++) {
      this.mt[i] = s
      s = (Math.imul(1812433253, (s ^ (s >>> 30)) >>> 0) + i + 1) >>> 0
    }
  }

  /** The next 32-bit output (`genrand_int32`). */
  nextUint32(): number {
    if (this.pos === N) this.generate()
    let y = this.mt[this.pos++]
    y ^= y >>> 11
    y ^= (y << 7) & 0x9d2c5680
    y ^= (y << 15) & 0xefc60000
    y ^= y >>> 18
    return y >>> 0
  }

  /** A uniform integer in `0..max` (numpy's `random_interval`), for `max < 2^32`. */
  interval(max: number): number {
    if (max === 0) return 0
    if (max > 0xffffffff) throw new RangeError(`interval: ${max} is past 2^32 - 1`)
    let mask = max
    mask |= mask >>> 1
    mask |= mask >>> 2
    mask |= mask >>> 4
    mask |= mask >>> 8
    mask |= mask >>> 16
    mask >>>= 0
    let value: number
    do value = (this.nextUint32() & mask) >>> 0
    while (value > max)
    return value
  }

  /** Shuffles `a` in place, as `RandomState.shuffle` shuffles a 1-D array (or the rows of a 2-D one). */
  shuffle<A extends { length: number; [i: number]: number }>(a: A): A {
    for (let i = a.length - 1; i >= 1; i--) {
      const j = this.interval(i)
      const t = a[i]
      a[i] = a[j]
      a[j] = t
    }
    return a
  }

  /** `RandomState.permutation(n)`: `0..n-1` shuffled. */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n)
    for (let i = 0; i < n; i++) out[i] = i
    return this.shuffle(out)
  }

  private generate(): void {
    const mt = this.mt
    let k = 0
    let y: number
    for (; k < N - M; k++) {
      y = (mt[k] & UPPER) | (mt[k + 1] & LOWER)
      mt[k] = mt[k + M] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0)
    }
    for (; k < N - 1; k++) {
      y = (mt[k] & UPPER) | (mt[k + 1] & LOWER)
      mt[k] = mt[k + (M - N)] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0)
    }
    y = (mt[N - 1] & UPPER) | (mt[0] & LOWER)
    mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0)
    this.pos = 0
  }
}
