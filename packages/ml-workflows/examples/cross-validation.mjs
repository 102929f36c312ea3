// 5-fold cross-validation of Ridge(alpha=1) on diabetes, folds in parallel;
// the scores are scikit-learn's cross_val_score(Ridge(alpha=1), X, y, cv=KFold(5)).
// Run: node packages/ml-workflows/examples/cross-validation.mjs
import { CrossValidation, Datasets } from "@weft/ml-workflows"
import { WorkerPool } from "@weft/pool"
import { Effect } from "effect"

const { X, y } = Datasets.loadDataset("diabetes")

const program = Effect.gen(function* () {
  const cv = yield* CrossValidation.crossValidate({ estimator: "ridge", params: { alpha: 1 }, X, y, cv: { kind: "kfold", k: 5 }, metrics: ["r2", "rmse"] })
  cv.folds.forEach((f) => console.log(`fold ${f.fold}: R² ${f.scores.r2.toFixed(4)}, RMSE ${f.scores.rmse.toFixed(2)} (fit ${f.fitMs.toFixed(1)} ms)`))
  console.log(`mean R² ${cv.mean.r2.toFixed(4)} ± ${cv.std.r2.toFixed(4)}`)
})
Effect.runPromise(program.pipe(Effect.provide(WorkerPool.layer({ threads: "auto", minParallelBatchSize: 2 }))))
