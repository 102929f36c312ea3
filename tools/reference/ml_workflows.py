"""Reference values for @weft/ml-workflows' cross-validation and grid search.

Run with Debian's scikit-learn (apt-get install python3-sklearn):
    /usr/bin/python3 tools/reference/ml_workflows.py > packages/ml-workflows/test/fixtures/sklearn-workflows.json
"""
import json
import sys

import numpy as np
import sklearn
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
from sklearn.model_selection import GridSearchCV, KFold, StratifiedKFold, cross_val_predict, cross_validate
from sklearn.preprocessing import StandardScaler

from datasets import load


def main():
    out = {"source": f"scikit-learn {sklearn.__version__}, numpy {np.__version__}"}
    X, y = load("diabetes")
    cv = cross_validate(Ridge(alpha=1.0), X, y, cv=KFold(5), scoring=["r2", "neg_mean_squared_error", "neg_mean_absolute_error"])
    out["ridge_diabetes_kfold5"] = {
        "r2": cv["test_r2"].tolist(),
        "mse": (-cv["test_neg_mean_squared_error"]).tolist(),
        "mae": (-cv["test_neg_mean_absolute_error"]).tolist(),
    }
    out["ridge_diabetes_kfold5_oof"] = cross_val_predict(Ridge(alpha=1.0), X, y, cv=KFold(5)).tolist()
    cv = cross_validate(LinearRegression(), X, y, cv=KFold(3), scoring="r2")
    out["linear_diabetes_kfold3_r2"] = cv["test_score"].tolist()
    grid = GridSearchCV(Ridge(), {"alpha": [0.001, 0.01, 0.1, 1.0, 10.0], "fit_intercept": [True, False]}, cv=KFold(5), scoring="r2")
    grid.fit(X, y)
    out["ridge_diabetes_grid"] = {
        "params": [{k: (bool(v) if isinstance(v, (bool, np.bool_)) else float(v)) for k, v in p.items()} for p in grid.cv_results_["params"]],
        "mean_test_score": grid.cv_results_["mean_test_score"].tolist(),
        "std_test_score": grid.cv_results_["std_test_score"].tolist(),
        "rank_test_score": grid.cv_results_["rank_test_score"].tolist(),
        "best_index": int(grid.best_index_),
        "best_coef": grid.best_estimator_.coef_.tolist(),
        "best_intercept": float(grid.best_estimator_.intercept_),
    }
    X, y = load("iris")
    Xs = StandardScaler().fit_transform(X)
    cv = cross_validate(LogisticRegression(C=1.0, max_iter=1000, tol=1e-8), Xs, y, cv=StratifiedKFold(5), scoring="accuracy")
    out["logistic_iris_standardized_stratified5_accuracy"] = cv["test_score"].tolist()
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
