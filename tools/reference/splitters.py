"""Reference folds for @weft/ml-workflows' RepeatedKFold,
RepeatedStratifiedKFold, ShuffleSplit, LeaveOneOut and StratifiedGroupKFold,
and the raw numbers of numpy's legacy RandomState (MT19937) that the shuffled
ones port, computed with scikit-learn 1.2.1 and numpy 1.24.

Run with Debian's interpreter (apt-get install python3-sklearn):

    /usr/bin/python3 tools/reference/splitters.py \
        > packages/ml-workflows/test/fixtures/sklearn-splitters.json

Tests read the JSON only; they never need Python. Every input is drawn here
from fixed seeds, so the output is the same on every run.
"""
import json
import sys

import numpy as np
import sklearn
from sklearn.model_selection import (LeaveOneOut, RepeatedKFold,
                                     RepeatedStratifiedKFold, ShuffleSplit,
                                     StratifiedGroupKFold)


def folds(splitter, *args, sort=False):
    out = []
    for tr, te in splitter.split(*args):
        tr, te = np.asarray(tr), np.asarray(te)
        if sort:
            tr, te = np.sort(tr), np.sort(te)
        out.append({"train": [int(i) for i in tr], "test": [int(i) for i in te]})
    return out


def uint32s(seed, count):
    raw = np.random.RandomState(seed).bytes(4 * count)
    return [int(v) for v in np.frombuffer(raw, dtype="<u4")]


def main():
    gen = np.random.RandomState(20261202)
    out = {"versions": {"sklearn": sklearn.__version__, "numpy": np.__version__}}

    out["mt19937"] = [{"seed": s, "uint32": uint32s(s, 1300)} for s in (0, 1, 42, 5489, 2**32 - 1)]
    out["permutation"] = [
        {"seed": s, "n": n, "permutation": [int(i) for i in np.random.RandomState(s).permutation(n)]}
        for s, n in ((0, 10), (3, 1), (7, 1000), (2**31, 70000 // 100), (99, 5))
    ]

    out["repeated_kfold"] = []
    for n, k, r, seed in ((10, 5, 2, 0), (17, 3, 4, 42), (100, 10, 3, 7), (7, 7, 2, 123), (2, 2, 1, 0), (250, 4, 5, 2**32 - 1)):
        out["repeated_kfold"].append({
            "n": n, "k": k, "nRepeats": r, "seed": seed,
            "folds": folds(RepeatedKFold(n_splits=k, n_repeats=r, random_state=seed), np.zeros(n)),
        })

    out["repeated_stratified"] = []
    ys = [
        [0, 0, 1, 1] * 3,
        [int(v) for v in gen.randint(0, 3, size=60)],
        [["b", "a", "c"][int(v)] for v in gen.choice(3, size=45, p=[0.5, 0.3, 0.2])],
        [int(v) for v in gen.choice([5, 2, 9], size=200, p=[0.7, 0.2, 0.1])],
    ]
    for y, k, r, seed in ((ys[0], 2, 3, 1), (ys[1], 5, 2, 0), (ys[2], 3, 4, 42), (ys[3], 7, 3, 11)):
        out["repeated_stratified"].append({
            "y": y, "k": k, "nRepeats": r, "seed": seed,
            "folds": folds(RepeatedStratifiedKFold(n_splits=k, n_repeats=r, random_state=seed), np.zeros(len(y)), y),
        })

    out["shuffle_split"] = []
    for n, ns, test, train, seed in (
        (10, 3, 0.25, None, 0), (100, 10, None, None, 0), (37, 5, 5, None, 3), (37, 4, None, 0.6, 8),
        (50, 2, 0.2, 0.5, 9), (50, 3, 10, 30, 2**32 - 1), (1000, 4, 0.33, None, 77),
    ):
        kwargs = {"n_splits": ns, "random_state": seed}
        if test is not None:
            kwargs["test_size"] = test
        if train is not None:
            kwargs["train_size"] = train
        out["shuffle_split"].append({
            "n": n, "nSplits": ns, "testSize": test, "trainSize": train, "seed": seed,
            "folds": folds(ShuffleSplit(**kwargs), np.zeros(n), sort=True),
        })

    out["leave_one_out"] = [{"n": n, "folds": folds(LeaveOneOut(), np.zeros(n))} for n in (2, 3, 11)]

    # StratifiedGroupKFold without shuffling (scikit-learn 1.2's shuffled folds
    # mix up group ids, see StratifiedGroupKFold.ts): cases where no class is
    # smaller than k and there are at least k groups (weft refuses the others).
    out["stratified_group"] = []
    attempts = 0
    while len(out["stratified_group"]) < 40 and attempts < 1000:
        attempts += 1
        n = int(gen.randint(12, 400))
        n_classes = int(gen.randint(2, 10))
        n_groups = int(gen.randint(4, max(5, n // 2)))
        k = int(gen.randint(2, 11))
        p = gen.dirichlet(np.ones(n_classes))
        y = gen.choice(n_classes, size=n, p=p)
        groups = gen.randint(0, n_groups, size=n)
        if len(out["stratified_group"]) % 3 == 1:
            groups = np.array(["g%03d" % g for g in groups])
        _, y_cnt = np.unique(y, return_counts=True)
        if y_cnt.min() < k or len(np.unique(groups)) < k:
            continue
        out["stratified_group"].append({
            "y": [int(v) for v in y], "groups": groups.tolist(), "k": k,
            "folds": folds(StratifiedGroupKFold(n_splits=k), np.zeros(n), y, groups),
        })
    # Hand-made ties: groups of equal class spread, equal fold evaluations.
    for y, groups, k in (
        ([0, 1] * 8, [i // 2 for i in range(16)], 4),
        ([0, 0, 1, 1, 2, 2] * 4, [i // 3 for i in range(24)], 3),
    ):
        out["stratified_group"].append({
            "y": y, "groups": groups, "k": k,
            "folds": folds(StratifiedGroupKFold(n_splits=k), np.zeros(len(y)), y, groups),
        })

    json.dump(out, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
