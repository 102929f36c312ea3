"""Reference values for @weft/ml-workflows' model-selection, preprocessing,
statistics and dataset code, computed with scikit-learn and numpy.

Run with Debian's interpreter (apt-get install python3-sklearn):

    /usr/bin/python3 tools/reference/ml_selection.py \
        > packages/ml-workflows/test/fixtures/sklearn-selection.json

Tests read the JSON only; they never need Python. NaN is written as null.
"""
import csv
import json
import math
import os
import sys

import numpy as np
import sklearn
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris
from sklearn.impute import SimpleImputer
from sklearn.model_selection import (GroupKFold, KFold, ParameterGrid,
                                     StratifiedKFold, TimeSeriesSplit)
from sklearn.preprocessing import MinMaxScaler, OneHotEncoder, StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "packages", "ml-workflows", "data")


def clean(value):
    """JSON-safe: numpy scalars and arrays to Python, NaN to None."""
    if isinstance(value, dict):
        return {str(k): clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    if isinstance(value, np.ndarray):
        return clean(value.tolist())
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if math.isnan(value) else float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def folds(splitter, *args):
    return [{"train": tr.tolist(), "test": te.tolist()} for tr, te in splitter.split(*args)]


def csv_target(name):
    with open(os.path.join(DATA, name + ".csv")) as f:
        rows = list(csv.reader(f))
    return [r[-1] for r in rows[1:]]


def kfold_cases():
    out = []
    for n, k in [(150, 5), (11, 4), (2, 2), (13, 13), (101, 10)]:
        out.append({"n": n, "k": k, "folds": folds(KFold(n_splits=k), np.zeros(n))})
    return out


def stratified_cases():
    out = []
    for name in ["iris", "breast-cancer"]:
        y = csv_target(name)
        for k in [5, 3]:
            out.append({"name": f"{name} k={k}", "y": y, "k": k,
                        "folds": folds(StratifiedKFold(n_splits=k), np.zeros(len(y)), y)})
    hand = [2, 2, 1, 0, 1, 2, 0, 0, 1, 1, 2, 1, 0, 2]
    out.append({"name": "classes out of sorted order", "y": hand, "k": 3,
                "folds": folds(StratifiedKFold(n_splits=3), np.zeros(len(hand)), hand)})
    rng = np.random.RandomState(0)
    for case in range(12):
        k = int(rng.randint(2, 6))
        n_classes = int(rng.randint(2, 5))
        while True:
            n = int(rng.randint(k * n_classes, 80))
            y = rng.randint(0, n_classes, size=n)
            if np.bincount(y, minlength=n_classes).min() >= k:
                break
        out.append({"name": f"random {case}", "y": y.tolist(), "k": k,
                    "folds": folds(StratifiedKFold(n_splits=k), np.zeros(n), y)})
    return out


def group_cases():
    out = []
    hand = [
        ([0, 0, 0, 1, 1, 2, 3, 3, 3, 3], 2),
        ([5, 5, 1, 1, 3, 3, 2, 2, 4, 4, 0, 0], 3),      # all groups tie
        (["b", "a", "c", "a", "b", "d", "d", "d"], 2),  # string ids
        ([10, -3, 7, 7, -3, 10, 10, 2.5, 2.5, 2.5], 3),
    ]
    for groups, k in hand:
        out.append({"groups": groups, "k": k,
                    "folds": folds(GroupKFold(n_splits=k), np.zeros(len(groups)), None, groups)})
    rng = np.random.RandomState(1)
    # Many groups with few distinct sizes: ties everywhere, and more than the
    # 16 elements numpy's argsort sorts by insertion, so its introsort decides.
    for n_groups, max_size, k in [(17, 3, 2), (20, 2, 3), (40, 4, 5), (64, 3, 4), (100, 5, 7), (257, 6, 5), (600, 3, 9)]:
        sizes = rng.randint(1, max_size + 1, size=n_groups)
        groups = np.repeat(np.arange(n_groups), sizes)
        rng.shuffle(groups)
        out.append({"groups": groups.tolist(), "k": k,
                    "folds": folds(GroupKFold(n_splits=k), np.zeros(len(groups)), None, groups)})
    return out


def time_series_cases():
    out = []
    for n, opts in [
        (10, {"n_splits": 3}),
        (12, {"n_splits": 5}),
        (20, {"n_splits": 4, "gap": 2}),
        (20, {"n_splits": 3, "test_size": 2}),
        (20, {"n_splits": 3, "test_size": 3, "gap": 1, "max_train_size": 5}),
        (17, {"n_splits": 4, "max_train_size": 3}),
        (9, {"n_splits": 2, "test_size": 4, "gap": 0}),
        (30, {"n_splits": 5, "gap": 4, "test_size": 2, "max_train_size": 10}),
    ]:
        out.append({"n": n, "options": opts, "folds": folds(TimeSeriesSplit(**opts), np.zeros(n))})
    return out


def grid_cases():
    grids = [
        {"c": [1, 2], "a": [True], "b": ["x", "y", "z"]},
        {},
        [{}, {"alpha": [1, 2]}],
        [{"solver": ["lbfgs"], "C": [0.1, 1.0]}, {"solver": ["sag", "saga"], "max_iter": [100], "C": [10.0]}],
    ]
    return [{"grid": g, "candidates": list(ParameterGrid(g))} for g in grids]


def pick(matrix, rows):
    return {str(i): matrix[i] for i in rows}


def scaler_cases():
    d = load_diabetes()
    X = np.loadtxt(os.path.join(DATA, "diabetes.csv"), delimiter=",", skiprows=1)[:, :-1]
    rows = [0, 1, 2, 3, 100, 200, 300, 441]
    ss = StandardScaler().fit(X)
    mm = MinMaxScaler().fit(X)
    mm2 = MinMaxScaler(feature_range=(-1, 2)).fit(X)
    small = np.array([
        [1.0, 5.0, np.nan, 0.1],
        [2.0, 5.0, 3.0, 0.1],
        [np.nan, 5.0, 4.0, 0.1],
        [4.0, 5.0, 8.0, 0.1],
        [7.0, 5.0, np.nan, 0.1],
    ])
    eps = np.finfo(np.float64).eps
    near = np.array([[1.0, 0.1], [1.0 + eps, 0.1], [1.0, 0.1], [1.0, 0.1], [1.0, 0.1]])
    ss_near = StandardScaler().fit(near)
    ss_small = StandardScaler().fit(small)
    mm_small = MinMaxScaler().fit(small)
    return {
        "diabetes_same_as_sklearn_loader": bool(np.array_equal(X, d.data)),
        "standard_diabetes": {
            "mean": ss.mean_, "var": ss.var_, "scale": ss.scale_,
            "rows": pick(ss.transform(X).tolist(), rows),
        },
        "minmax_diabetes": {
            "data_min": mm.data_min_, "data_max": mm.data_max_, "scale": mm.scale_, "min": mm.min_,
            "rows": pick(mm.transform(X).tolist(), rows),
        },
        "minmax_diabetes_range_-1_2": {
            "scale": mm2.scale_, "min": mm2.min_,
            "rows": pick(mm2.transform(X).tolist(), rows),
        },
        # A variance of rounding size (~1e-33) counts as zero: scale 1, not 1e-16.
        "near_constant": {"X": near, "var": ss_near.var_, "scale": ss_near.scale_,
                          "transformed": ss_near.transform(near),
                          "minmax_scale": MinMaxScaler().fit(near).scale_,
                          "minmax_transformed": MinMaxScaler().fit(near).transform(near)},
        "small": {
            "X": small,
            "standard": {"mean": ss_small.mean_, "var": ss_small.var_, "scale": ss_small.scale_,
                         "transformed": ss_small.transform(small)},
            "minmax": {"scale": mm_small.scale_, "min": mm_small.min_, "transformed": mm_small.transform(small)},
        },
    }


def imputer_cases():
    X = np.array([
        [1.0, np.nan, 3.0, 2.0],
        [np.nan, 4.0, 3.0, 2.0],
        [7.0, 6.0, np.nan, 5.0],
        [4.0, 4.0, 1.0, np.nan],
        [2.0, 6.0, 1.0, 5.0],
        [np.nan, 9.0, 8.0, 9.0],
    ])
    out = {"X": X}
    for strategy in ["mean", "median", "most_frequent"]:
        imp = SimpleImputer(strategy=strategy).fit(X)
        out[strategy] = {"statistics": imp.statistics_, "transformed": imp.transform(X)}
    imp = SimpleImputer(strategy="constant", fill_value=-1.0).fit(X)
    out["constant_-1"] = {"statistics": imp.statistics_, "transformed": imp.transform(X)}
    Xm = np.where(np.isnan(X), -9.0, X)
    imp = SimpleImputer(missing_values=-9.0, strategy="mean").fit(Xm)
    out["marker_-9"] = {"X": Xm, "statistics": imp.statistics_, "transformed": imp.transform(Xm)}
    return out


def one_hot_cases():
    X = np.array([
        [3.0, 0.5, 1.0],
        [1.0, 1.5, 0.0],
        [2.0, 2.5, 1.0],
        [3.0, 3.5, 2.0],
        [1.0, 4.5, 0.0],
    ])
    columns = [0, 2]
    blocks = {}
    for j in columns:
        enc = OneHotEncoder(sparse_output=False).fit(X[:, [j]])
        blocks[str(j)] = {"categories": enc.categories_[0], "encoded": enc.transform(X[:, [j]])}
    enc = OneHotEncoder(sparse_output=False, handle_unknown="ignore").fit(X[:, [0]])
    unknown = np.array([[2.0], [5.0], [1.0]])
    return {"X": X, "columns": columns, "blocks": blocks,
            "ignore": {"column": 0, "input": unknown[:, 0], "encoded": enc.transform(unknown)}}


def stats_cases():
    rng = np.random.RandomState(2)
    arrays = [
        [1.0], [2.0, 1.0], [1.0, 2.0, 3.0, 4.0], [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0],
        [-2.5, 0.0, 0.0, 7.25, 1e-3, -1e3], rng.normal(size=37).tolist(), (rng.normal(size=100) * 1e6 + 5).tolist(),
    ]
    qs = [0.0, 0.01, 0.1, 0.25, 1 / 3, 0.5, 2 / 3, 0.75, 0.9, 0.975, 0.99, 1.0]
    out = []
    for a in arrays:
        arr = np.array(a)
        out.append({"values": a, "q": qs, "quantiles": np.quantile(arr, qs), "median": np.median(arr),
                    "mean": np.mean(arr), "var0": np.var(arr), "std0": np.std(arr),
                    "std1": np.std(arr, ddof=1) if len(a) > 1 else None})
    return out


def aggregate_cases():
    rng = np.random.RandomState(3)
    preds = rng.normal(size=(6, 9))  # 6 models x 9 rows
    preds[:, 0] = [1, 2, 3, 4, 5, 6]
    w = [0.5, 1.0, 0.0, 2.0, 0.25, 1.25]
    samples = rng.normal(size=(101, 4)) * [1, 10, 0.1, 3] + [0, 5, -1, 2]
    qs = [0.025, 0.1, 0.5, 0.9, 0.975]
    return {
        "predictions": preds, "weights": w,
        "mean": preds.mean(axis=0), "median": np.median(preds, axis=0),
        "median_odd": np.median(preds[:5], axis=0),
        "weighted_mean": np.average(preds, axis=0, weights=w),
        "samples": samples, "q": qs,
        "sample_mean": samples.mean(axis=0), "sample_std": samples.std(axis=0),
        "sample_quantiles": np.quantile(samples, qs, axis=0),
    }


def dataset_cases():
    out = {}
    for name, loader in [("iris", load_iris), ("breast-cancer", load_breast_cancer), ("diabetes", load_diabetes)]:
        b = loader()
        entry = {"shape": list(b.data.shape), "column_sums": b.data.sum(axis=0), "first_row": b.data[0],
                 "last_row": b.data[-1], "feature_names": list(b.feature_names)}
        if name == "diabetes":
            entry["target_sum"] = float(b.target.sum())
            entry["target_head"] = b.target[:5]
        else:
            entry["target_names"] = list(b.target_names)
            entry["target"] = b.target
        out[name] = entry
    return out


def main():
    doc = {
        "source": f"scikit-learn {sklearn.__version__}, numpy {np.__version__}; tools/reference/ml_selection.py",
        "kfold": kfold_cases(),
        "stratified_kfold": stratified_cases(),
        "group_kfold": group_cases(),
        "time_series_split": time_series_cases(),
        "parameter_grid": grid_cases(),
        "scalers": scaler_cases(),
        "imputer": imputer_cases(),
        "one_hot": one_hot_cases(),
        "stats": stats_cases(),
        "aggregate": aggregate_cases(),
        "datasets": dataset_cases(),
    }
    json.dump(clean(doc), sys.stdout, allow_nan=False, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
