"""Reference values for @weft/ml-workflows' pipelines: a scaler fitted inside each fold.

Reads the datasets that ship with the package (packages/ml-workflows/data/), so
the fixture needs nothing outside the repository. Run with Debian's
scikit-learn 1.2.1 (apt-get install python3-sklearn):
    /usr/bin/python3 tools/reference/pipeline.py > packages/ml-workflows/test/fixtures/sklearn-pipeline.json
"""
import json
import sys

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import GridSearchCV, KFold, StratifiedKFold, cross_val_score, cross_validate
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MinMaxScaler, StandardScaler

from datasets import load


def main():
    out = {"source": f"scikit-learn {sklearn.__version__}, numpy {np.__version__}; tools/reference/pipeline.py"}

    X, y = load("diabetes")
    for alpha in (0.5, 10.0):
        scores = cross_val_score(make_pipeline(StandardScaler(), Ridge(alpha=alpha)), X, y, cv=KFold(5), scoring="r2")
        out[f"scaled_ridge_alpha{alpha:g}_diabetes_kfold5_r2"] = scores.tolist()
    scores = cross_val_score(make_pipeline(MinMaxScaler(), Ridge(alpha=1.0)), X, y, cv=KFold(5), scoring="r2")
    out["minmax_ridge_alpha1_diabetes_kfold5_r2"] = scores.tolist()
    scores = cross_val_score(make_pipeline(StandardScaler(with_mean=False), Ridge(alpha=1.0)), X, y, cv=KFold(5), scoring="r2")
    out["scaled_nomean_ridge_alpha1_diabetes_kfold5_r2"] = scores.tolist()
    grid = GridSearchCV(
        make_pipeline(StandardScaler(), Ridge()),
        {"ridge__alpha": [0.1, 1.0, 10.0, 100.0], "standardscaler__with_std": [True, False]},
        cv=KFold(5),
        scoring="r2",
    )
    grid.fit(X, y)
    out["scaled_ridge_diabetes_grid"] = {
        "params": [{"alpha": float(p["ridge__alpha"]), "with_std": bool(p["standardscaler__with_std"])} for p in grid.cv_results_["params"]],
        "mean_test_score": grid.cv_results_["mean_test_score"].tolist(),
        "rank_test_score": grid.cv_results_["rank_test_score"].tolist(),
        "best_index": int(grid.best_index_),
        "best_coef": grid.best_estimator_[-1].coef_.tolist(),
        "best_intercept": float(grid.best_estimator_[-1].intercept_),
    }

    X, y = load("breast-cancer")
    # Ridge on the 0/1 labels, as the "Done when" asks: unscaled, these 30 features span
    # 5 orders of magnitude, which is where fitting the scaler inside the fold matters numerically.
    for cv, name in ((KFold(5), "kfold5"), (StratifiedKFold(5), "stratified5")):
        scores = cross_val_score(make_pipeline(StandardScaler(), Ridge(alpha=1.0)), X, y, cv=cv, scoring="r2")
        out[f"scaled_ridge_alpha1_breast_cancer_{name}_r2"] = scores.tolist()
    pipe = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, tol=1e-10, max_iter=10000))
    cv = cross_validate(pipe, X, y, cv=StratifiedKFold(5), scoring=["accuracy", "neg_log_loss"])
    # lbfgs stops on a relative decrease of the loss (scipy's ftol = 64 eps) before the gradient
    # reaches tol, about 3e-6 short in log loss on these folds; newton-cholesky, a Newton method
    # on the same objective, reaches the optimum (gradient below 1e-12), which is what the log
    # loss is compared with.
    exact = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, solver="newton-cholesky", tol=1e-12, max_iter=1000))
    cv_exact = cross_validate(exact, X, y, cv=StratifiedKFold(5), scoring=["accuracy", "neg_log_loss"])
    out["scaled_logistic_breast_cancer_stratified5"] = {
        "accuracy": cv["test_accuracy"].tolist(),
        "logloss_lbfgs": (-cv["test_neg_log_loss"]).tolist(),
        "accuracy_exact": cv_exact["test_accuracy"].tolist(),
        "logloss_exact": (-cv_exact["test_neg_log_loss"]).tolist(),
    }
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
