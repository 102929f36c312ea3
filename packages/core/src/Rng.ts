/**
 * A seeded, splittable pseudo-random number generator.
 *
 * The generator is xoshiro128** (Blackman & Vigna, 2018), seeded through
 * SplitMix32. Streams are derived, not shared: `Rng.derive(seed, i, j)` gives
 * the seed of task `(i, j)` from the run's seed alone, so a task draws the same
 * numbers whichever thread runs it and whatever ran before it.
 *
 * @since 0.1.0
 */

/**
 * A 32-bit unsigned seed.
 * @since 0.1.0
 * @category models
 */
export type Seed = number

const MASK = 0xffffffff

/** SplitMix32 step: a strong 32-bit mixer, used for seeding and derivation. */
const mix32 = (x: number): number => {
  let z = (x + 0x9e3779b9) | 0
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
  return (z ^ (z >>> 16)) >>> 0
}

/**
 * The seed of a child stream, a pure function of the parent seed and the keys.
 *
 * @example
 * const s = derive(42, batch, sample) // same value on every thread, every run
 * @since 0.1.0
 * @category constructors
 */
export const derive = (seed: Seed, ...keys: ReadonlyArray<number>): Seed => {
  let h = mix32(seed >>> 0)
  for (const key of keys) {
    if (!Number.isInteger(key) || key < 0) throw new RangeError(`derive keys must be non-negative integers, got ${key}`)
    // Fold in the low and high 32-bit halves so that keys up to 2^53 stay distinct.
    h = mix32(h ^ mix32((key % 0x100000000) >>> 0))
    h = mix32(h ^ Math.floor(key / 0x100000000))
  }
  return h
}

/**
 * A xoshiro128** generator. Mutable and cheap; create one per task from a
 * derived seed rather than sharing one.
 *
 * @since 0.1.0
 * @category models
 */
export class Rng {
  private s0: number
  private s1: number
  private s2: number
  private s3: number
  private spareNormal = Number.NaN

  constructor(seed: Seed) {
    let x = seed >>> 0
    const next = () => {
      x = (x + 0x9e3779b9) >>> 0
      return mix32(x)
    }
    this.s0 = next()
    this.s1 = next()
    this.s2 = next()
    this.s3 = next()
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1
  }

  /** A generator for the child stream `keys` of `seed` (see {@link derive}). */
  static fork(seed: Seed, ...keys: ReadonlyArray<number>): Rng {
    return new Rng(derive(seed, ...keys))
  }

  /** The next uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0
    const t = this.s1 << 9
    this.s2 ^= this.s0
    this.s3 ^= this.s1
    this.s1 ^= this.s2
    this.s0 ^= this.s3
    this.s2 ^= t
    this.s3 = rotl(this.s3, 11)
    return result
  }

  /** A double uniformly distributed in [0, 1), with 53 random bits. */
  next(): number {
    const hi = this.nextUint32() >>> 5 // 27 bits
    const lo = this.nextUint32() >>> 6 // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992
  }

  /** An integer uniformly distributed in [0, n), without modulo bias. */
  nextInt(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 0x100000000) throw new RangeError(`nextInt bound must be in 1..2^32, got ${n}`)
    const limit = MASK - ((MASK % n) + 1) % n
    let r = this.nextUint32()
    while (r > limit) r = this.nextUint32()
    return r % n
  }

  /** A standard normal deviate (Marsaglia's polar method). */
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const spare = this.spareNormal
      this.spareNormal = Number.NaN
      return spare
    }
    let u: number, v: number, s: number
    do {
      u = 2 * this.next() - 1
      v = 2 * this.next() - 1
      s = u * u + v * v
    } while (s >= 1 || s === 0)
    const f = Math.sqrt((-2 * Math.log(s)) / s)
    this.spareNormal = v * f
    return u * f
  }

  /** Shuffles `array` in place (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: any }>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1)
      const tmp = array[i]
      array[i] = array[j]
      array[j] = tmp
    }
    return array
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n)
    for (let i = 0; i < n; i++) out[i] = i
    return this.shuffle(out)
  }
}

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k))
