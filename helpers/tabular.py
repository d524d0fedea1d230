"""Tabular data: the breast-cancer screening set (Q01) and a rare-positive subsample of it."""

from __future__ import annotations

import numpy as np

from ._validate import check_fraction, check_int, check_same_length
from .course import SPLIT_SEED
from .splits import Split, stratified_split

__all__ = ["load_breast_cancer_split", "subsample_prevalence"]


def load_breast_cancer_split(val_size: float = 0.2, test_size: float = 0.2) -> Split:
    """The Wisconsin breast cancer data (569 tumours, 30 features), split.

    The positive class (label 1) is **malignant**, the one a screening test must
    find. Note scikit-learn's own target uses 0 for malignant; this flips it.
    Features are raw float64: fit any scaler on ``X_train`` only.
    """
    from sklearn.datasets import load_breast_cancer

    data = load_breast_cancer()
    y = (data.target == 0).astype("int32")  # sklearn: 0 = malignant -> 1 here
    return stratified_split(data.data, y, val_size, test_size,
                            class_names=("benign", "malignant"),
                            feature_names=tuple(data.feature_names))


def subsample_prevalence(
    X: np.ndarray, y: np.ndarray, prevalence: float, seed: int = SPLIT_SEED
) -> tuple[np.ndarray, np.ndarray]:
    """Keep every negative (label 0) and just enough positives (label 1) for ``prevalence``.

    Used to build a rare-positive set (e.g. 5% malignant) from a balanced one,
    for the accuracy paradox. Rows come back in a shuffled order.
    """
    X = np.asarray(X)
    y = np.asarray(y)
    prevalence = check_fraction("prevalence", prevalence)
    seed = check_int("seed", seed, 0)
    check_same_length(X=X, y=y)
    if not set(np.unique(y)) <= {0, 1}:
        raise ValueError(f"y must hold binary labels 0/1, got {np.unique(y)[:5]}")
    neg = np.flatnonzero(y == 0)
    pos = np.flatnonzero(y == 1)
    n_pos = round(prevalence * len(neg) / (1 - prevalence))
    if not 1 <= n_pos <= len(pos):
        raise ValueError(
            f"prevalence {prevalence} needs {n_pos} positives, but {len(pos)} are available"
        )
    rng = np.random.default_rng(seed)
    keep = np.concatenate([neg, rng.choice(pos, size=n_pos, replace=False)])
    rng.shuffle(keep)
    return X[keep], y[keep]
