"""The shipped datasets (packages/ml-workflows/data, the same bytes as shared/datasets) as numpy arrays, for the reference scripts."""
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parents[2] / "packages" / "ml-workflows" / "data"


def load(name):
    """Features and target of a shipped CSV; class labels numbered in sorted order, as weft's Datasets.loadDataset numbers them."""
    raw = np.genfromtxt(DATA / f"{name}.csv", delimiter=",", skip_header=1, dtype=str)
    X = raw[:, :-1].astype(float)
    y = raw[:, -1]
    try:
        return X, y.astype(float)
    except ValueError:
        classes = sorted(set(y))
        return X, np.array([classes.index(v) for v in y], dtype=float)
