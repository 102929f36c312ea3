// A search's (candidate, fold) tasks, before and after issue 10: every task
// copied a context holding all the candidates to its worker (quadratic in the
// candidates), against each task carrying its own candidate's parameters.
// Same fits, same pool, interleaved A B A B. Logistic regression on iris with
// maxIter 1, so that the fits are cheap and the messages show.
// Run: node packages/ml-workflows/bench/largeGrid.bench.mjs   (after building @weft/ml-workflows)
import { CrossValidation, Datasets, Kernels } from "@weft/ml-workflows"
import { WorkerPool } from "@weft/pool"
import { Effect } from "effect"

const iris = Datasets.loadDataset("iris")
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const range = (xs) => `[${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}]`

const program = Effect.gen(function* () {
  const pool = yield* WorkerPool.WorkerPool
  const k = yield* pool.load(Kernels)
  for (const n of [1000, 2000, 4000]) {
    const candidates = Array.from({ length: n }, (_, i) => ({ C: 0.01 * (i + 1), maxIter: 1 }))
    const { ctx } = yield* CrossValidation.prepare({
      estimator: "logistic", candidates, X: iris.X, y: iris.y, cv: { kind: "stratified", k: 2 },
      returnState: false, returnPredictions: false, returnTrainScore: false
    })
    const folds = 2
    const oldPairs = []
    const newPairs = []
    for (let c = 0; c < n; c++) for (let f = 0; f < folds; f++) {
      oldPairs.push([c, f])
      newPairs.push([c, f, candidates[c]])
    }
    const timed = (pairs, shared) =>
      Effect.gen(function* () {
        const t = performance.now()
        const out = yield* pool.map(k.fitScore, pairs, { args: [shared], chunkSize: 1, minParallelBatchSize: 2 })
        return [performance.now() - t, out]
      })
    const before = []
    const after = []
    let same = true
    for (let r = 0; r < 3; r++) {
      const [a, outA] = yield* timed(oldPairs, ctx)
      const [b, outB] = yield* timed(newPairs, { ...ctx, candidates: [] })
      before.push(a)
      after.push(b)
      same &&= JSON.stringify(outA.map((o) => o.scores)) === JSON.stringify(outB.map((o) => o.scores))
    }
    console.log(
      `${n} candidates x ${folds} folds: all candidates in the context ${median(before).toFixed(0)} ms ${range(before)}, ` +
        `own parameters per task ${median(after).toFixed(0)} ms ${range(after)}; same scores: ${same}`
    )
  }
})

await Effect.runPromise(program.pipe(Effect.provide(WorkerPool.layer({ threads: 2 }))))
