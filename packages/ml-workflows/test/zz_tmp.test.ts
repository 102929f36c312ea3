import { it } from "vitest"
import { LogisticRegression } from "../src/models/Logistic.js"
import { maxRelativeError, readDataset, readModelFixtures, standardise } from "./helpers/csv.js"
it("errs", () => {
  const f = readModelFixtures().logistic
  for (const [ds, key] of [["iris", "iris_standardised_C_1"], ["iris", "iris_standardised_C_0_1"], ["breast-cancer", "breast_cancer_standardised_C_1"]]) {
    const d = readDataset(ds); const X = standardise(d.X); const ref = f[key]
    for (const tol of [1e-4, 1e-8]) {
      const t0 = performance.now()
      const s = LogisticRegression.fit({ X, y: d.y, seed: 0 }, LogisticRegression.params({ C: ref.C, tol, maxIter: 10000 }))
      const ms = performance.now() - t0
      const exp = [...ref.coef.flat(), ...ref.intercept]
      const expD = [...ref.default_lbfgs_coef.flat(), ...ref.default_lbfgs_intercept]
      console.log(key, tol, ms.toFixed(1), maxRelativeError([...s.coef, ...s.intercept], exp), maxRelativeError([...s.coef, ...s.intercept], expD))
    }
  }
})
