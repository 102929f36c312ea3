// Grid ranking, before and after issue 10: the count of better candidates per
// candidate (O(n²), the old GridSearch rank) against GridSearch.rank (one sort).
// Run: node packages/ml-workflows/bench/rank.bench.mjs   (after building @weft/ml-workflows)
import { GridSearch } from "@weft/ml-workflows"

const naive = (scores, greaterIsBetter) => {
  const key = (s) => (Number.isNaN(s) ? Number.NEGATIVE_INFINITY : greaterIsBetter ? s : -s)
  return scores.map((s) => 1 + scores.filter((o) => key(o) > key(s)).length)
}

const time = (f) => {
  const t = performance.now()
  f()
  return performance.now() - t
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

for (const n of [1000, 2000, 4000, 8000, 16000]) {
  const scores = Array.from({ length: n }, (_, i) => Math.round(Math.sin(i * 12.9898) * 1000) / 1000)
  const old = []
  const now = []
  for (let r = 0; r < 5; r++) {
    // Interleaved, so that drift of the machine hits both alike.
    old.push(time(() => naive(scores, true)))
    now.push(time(() => GridSearch.rank(scores, true)))
  }
  const same = JSON.stringify(naive(scores, true)) === JSON.stringify(GridSearch.rank(scores, true))
  console.log(
    `n=${n}: O(n²) count ${median(old).toFixed(1)} ms [${Math.min(...old).toFixed(1)}–${Math.max(...old).toFixed(1)}], ` +
      `sort ${median(now).toFixed(2)} ms [${Math.min(...now).toFixed(2)}–${Math.max(...now).toFixed(2)}], same ranks: ${same}`
  )
}
