/**
 * A port of numpy 1.24's default `np.argsort` (introsort, `aquicksort` and
 * `aheapsort` in `numpy/core/src/npysort/quicksort.cpp` and `heapsort.cpp`),
 * line for line, so that the order it leaves among equal keys is numpy's.
 *
 * Why a port and not `Array.prototype.sort`: numpy's default sort is not
 * stable, and scikit-learn's `GroupKFold` walks groups in the order
 * `np.argsort(sizes)[::-1]`; groups of equal size come out in whatever order
 * introsort leaves them, and that order decides the folds. A stable sort
 * would give other folds whenever two groups have the same size.
 *
 * Pure and effect-free (it runs on any thread).
 *
 * @internal used by `GroupKFold`
 */

const SMALL_QUICKSORT = 15

/**
 * The permutation that sorts `v` ascending, exactly as numpy 1.24's default
 * `np.argsort` (`aquicksort` in `numpy/core/src/npysort/quicksort.cpp`):
 * median-of-three introsort down to runs of at most 16 elements, then
 * insertion sort, with heapsort past a depth of 2·floor(log2 n). Ties come out
 * in whatever order that leaves them, which is what `GroupKFold` depends on.
 */
export const numpyArgsort = (v: Float64Array): Int32Array => {
  const num = v.length
  const t = new Int32Array(num)
  for (let i = 0; i < num; i++) t[i] = i
  if (num < 2) return t
  const stack: Array<number> = []
  const depths: Array<number> = []
  let pl = 0
  let pr = num - 1
  let cdepth = 2 * (31 - Math.clz32(num))
  let tmp: number
  for (;;) {
    if (cdepth < 0) {
      heapArgsort(v, t, pl, pr - pl + 1)
    } else {
      while (pr - pl > SMALL_QUICKSORT) {
        const pm = pl + ((pr - pl) >> 1)
        if (v[t[pm]] < v[t[pl]]) { tmp = t[pm]; t[pm] = t[pl]; t[pl] = tmp }
        if (v[t[pr]] < v[t[pm]]) { tmp = t[pr]; t[pr] = t[pm]; t[pm] = tmp }
        if (v[t[pm]] < v[t[pl]]) { tmp = t[pm]; t[pm] = t[pl]; t[pl] = tmp }
        const vp = v[t[pm]]
        let pi = pl
        let pj = pr - 1
        tmp = t[pm]; t[pm] = t[pj]; t[pj] = tmp
        for (;;) {
          do ++pi; while (v[t[pi]] < vp)
          do --pj; while (vp < v[t[pj]])
          if (pi >= pj) break
          tmp = t[pi]; t[pi] = t[pj]; t[pj] = tmp
        }
        const pk = pr - 1
        tmp = t[pi]; t[pi] = t[pk]; t[pk] = tmp
        // Push the larger partition, continue with the smaller one.
        if (pi - pl < pr - pi) {
          stack.push(pi + 1, pr)
          pr = pi - 1
        } else {
          stack.push(pl, pi - 1)
          pl = pi + 1
        }
        depths.push(--cdepth)
      }
      for (let pi = pl + 1; pi <= pr; pi++) {
        const vi = t[pi]
        const vp = v[vi]
        let pj = pi
        let pk = pi - 1
        while (pj > pl && vp < v[t[pk]]) t[pj--] = t[pk--]
        t[pj] = vi
      }
    }
    if (stack.length === 0) break
    pr = stack.pop()!
    pl = stack.pop()!
    cdepth = depths.pop()!
  }
  return t
}

/** numpy's `aheapsort` on `t[start..start+n)`, 1-based as in its source. */
const heapArgsort = (v: Float64Array, t: Int32Array, start: number, n: number): void => {
  const a = (i: number): number => t[start + i - 1]
  const set = (i: number, x: number): void => {
    t[start + i - 1] = x
  }
  let i: number, j: number, tmp: number
  for (let l = n >> 1; l > 0; --l) {
    tmp = a(l)
    for (i = l, j = l << 1; j <= n;) {
      if (j < n && v[a(j)] < v[a(j + 1)]) j += 1
      if (v[tmp] < v[a(j)]) {
        set(i, a(j))
        i = j
        j += j
      } else break
    }
    set(i, tmp)
  }
  for (; n > 1;) {
    tmp = a(n)
    set(n, a(1))
    n -= 1
    for (i = 1, j = 2; j <= n;) {
      if (j < n && v[a(j)] < v[a(j + 1)]) j++
      if (v[tmp] < v[a(j)]) {
        set(i, a(j))
        i = j
        j += j
      } else break
    }
    set(i, tmp)
  }
}
