"""Reference values for the built-in models and metrics of @weft/ml-workflows.

Prints JSON computed with Debian's scikit-learn (1.2.1) to stdout. Run with
the Debian interpreter, which sees `python3-sklearn`:

    /usr/bin/python3 tools/reference/ml_models.py \
        > packages/ml-workflows/test/fixtures/sklearn-models.json

Inputs are the CSV files of ../shared/datasets (relative to the repository
root); standardisation is StandardScaler's (population standard deviation).
"""
import csv
import json
import os
import sys

import numpy as np
import sklearn
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
from sklearn.metrics import (
    accuracy_score,
    f1_score,
    log_loss,
    mean_absolute_error,
    mean_squared_error,
    r2_score,
)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATASETS = os.path.join(os.path.dirname(ROOT), "shared", "datasets")


def read_csv(name):
    with open(os.path.join(DATASETS, name), newline="") as f:
        rows = list(csv.reader(f))
    body = rows[1:]
    X = np.array([[float(v) for v in r[:-1]] for r in body])
    target = [r[-1] for r in body]
    return X, target


def encode(labels):
    """Labels as 0..K-1 in sorted order (LabelEncoder's order)."""
    classes = sorted(set(labels))
    return np.array([classes.index(v) for v in labels]), classes


def standardise(X):
    return (X - X.mean(axis=0)) / X.std(axis=0)


def floats(a):
    return [float(v) for v in np.ravel(a)]


def metrics():
    rng = np.random.RandomState(0)
    y_true = rng.randint(0, 3, size=40)
    y_pred = y_true.copy()
    flip = rng.rand(40) < 0.4
    y_pred[flip] = rng.randint(0, 3, size=flip.sum())
    proba = rng.dirichlet([1.0, 1.0, 1.0], size=40)
    # A class (3) that only appears in y_pred, to check the label set is the union.
    y_pred_extra = y_pred.copy()
    y_pred_extra[:3] = 3
    clipped_binary_true = [0, 1, 1, 0, 1]
    clipped_binary_p = [0.0, 1.0, 0.0, 0.2, 0.7]
    unnormalised = np.array([[0.2, 0.3, 0.1], [0.0, 0.5, 0.5], [1.0, 0.0, 0.0], [0.3, 0.3, 0.6]])
    unnormalised_true = [1, 0, 0, 2]
    return {
        "multiclass": {
            "y_true": floats(y_true),
            "y_pred": floats(y_pred),
            "proba": [floats(r) for r in proba],
            "accuracy": accuracy_score(y_true, y_pred),
            "f1_macro": f1_score(y_true, y_pred, average="macro"),
            "f1_weighted": f1_score(y_true, y_pred, average="weighted"),
            "f1_micro": f1_score(y_true, y_pred, average="micro"),
            "log_loss": log_loss(y_true, proba),
        },
        "multiclass_extra_label": {
            "y_true": floats(y_true),
            "y_pred": floats(y_pred_extra),
            "f1_macro": f1_score(y_true, y_pred_extra, average="macro", zero_division=0),
            "f1_weighted": f1_score(y_true, y_pred_extra, average="weighted", zero_division=0),
            "f1_micro": f1_score(y_true, y_pred_extra, average="micro", zero_division=0),
        },
        "binary_no_positive_prediction": {
            "y_true": [0.0, 1.0, 1.0, 0.0],
            "y_pred": [0.0, 0.0, 0.0, 0.0],
            "f1": f1_score([0, 1, 1, 0], [0, 0, 0, 0], zero_division=0),
        },
        "log_loss_clipped_binary": {
            "y_true": [float(v) for v in clipped_binary_true],
            "p_positive": clipped_binary_p,
            "log_loss": log_loss(clipped_binary_true, clipped_binary_p),
        },
        "log_loss_unnormalised_multiclass": {
            "y_true": [float(v) for v in unnormalised_true],
            "proba": [floats(r) for r in unnormalised],
            "log_loss": log_loss(unnormalised_true, unnormalised),
        },
        "regression_random": {
            "y_true": floats(np.round(rng.normal(size=25) * 10, 3)),
            "y_pred": None,
        },
        "r2_constant_true": {
            "y_true": [2.0, 2.0, 2.0],
            "y_pred_perfect": [2.0, 2.0, 2.0],
            "y_pred_imperfect": [2.0, 2.5, 2.0],
            "r2_perfect": r2_score([2.0, 2.0, 2.0], [2.0, 2.0, 2.0]),
            "r2_imperfect": r2_score([2.0, 2.0, 2.0], [2.0, 2.5, 2.0]),
        },
    }


def regression_random(entry):
    rng = np.random.RandomState(1)
    y_true = np.array(entry["y_true"])
    y_pred = y_true + rng.normal(size=y_true.size) * 3
    entry["y_pred"] = floats(y_pred)
    entry["mse"] = mean_squared_error(y_true, y_pred)
    entry["rmse"] = mean_squared_error(y_true, y_pred, squared=False)
    entry["mae"] = mean_absolute_error(y_true, y_pred)
    entry["r2"] = r2_score(y_true, y_pred)


def linear():
    X, target = read_csv("diabetes.csv")
    y = np.array([float(v) for v in target])
    subset = [i for i in range(X.shape[0]) if i % 3 != 0]
    dup = np.hstack([X, X[:, [2]]])
    out = {}

    def fit(model, Xf, yf):
        model.fit(Xf, yf)
        return {"coef": floats(model.coef_), "intercept": float(model.intercept_)}

    out["linear_subset_rows"] = {"rows": subset, **fit(LinearRegression(), X[subset], y[subset])}
    out["linear_no_intercept"] = fit(LinearRegression(fit_intercept=False), X, y)
    out["linear_duplicated_bmi"] = fit(LinearRegression(), dup, y)
    out["ridge_alpha_0_1"] = fit(Ridge(alpha=0.1), X, y)
    out["ridge_alpha_10_subset_rows"] = {"rows": subset, **fit(Ridge(alpha=10.0), X[subset], y[subset])}
    out["ridge_alpha_1_no_intercept"] = fit(Ridge(alpha=1.0, fit_intercept=False), X, y)
    return out


def logistic():
    out = {}
    Xi, ti = read_csv("iris.csv")
    yi, ci = encode(ti)
    Xi = standardise(Xi)
    Xb, tb = read_csv("breast-cancer.csv")
    yb, cb = encode(tb)
    Xb = standardise(Xb)
    probe_i = [0, 60, 120, 149]
    probe_b = [0, 100, 300, 568]

    def fit(X, y, C, probe, **kw):
        tight = LogisticRegression(C=C, solver="newton-cg", tol=1e-8, max_iter=1000, **kw).fit(X, y)
        default = LogisticRegression(C=C, **kw).fit(X, y)
        return {
            "C": C,
            "classes": floats(tight.classes_),
            "coef": [floats(r) for r in tight.coef_],
            "intercept": floats(tight.intercept_),
            "default_lbfgs_coef": [floats(r) for r in default.coef_],
            "default_lbfgs_intercept": floats(default.intercept_),
            "default_lbfgs_n_iter": int(default.n_iter_[0]),
            "probe_rows": probe,
            "probe_proba": [floats(r) for r in tight.predict_proba(X[probe])],
            "train_accuracy": float(tight.score(X, y)),
        }

    out["iris_standardised_C_1"] = {"classes_names": ci, **fit(Xi, yi, 1.0, probe_i)}
    out["iris_standardised_C_0_1"] = fit(Xi, yi, 0.1, probe_i)
    out["breast_cancer_standardised_C_1"] = {"classes_names": cb, **fit(Xb, yb, 1.0, probe_b)}
    # Rows of classes 1 and 2 of iris only (a binary problem inside a 3-class dataset).
    rows12 = [i for i in range(len(yi)) if yi[i] != 0]
    out["iris_classes_1_2_C_1"] = {"rows": rows12, **fit(Xi[rows12], yi[rows12], 1.0, [0, 50, 99])}
    return out


def main():
    m = metrics()
    regression_random(m["regression_random"])
    doc = {
        "source": "tools/reference/ml_models.py",
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "metrics": m,
        "linear": linear(),
        "logistic": logistic(),
    }
    json.dump(doc, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
