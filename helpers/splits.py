"""The train / validation / test container every loader returns, and the stratified split.

Splits use their own constant seed (:data:`helpers.course.SPLIT_SEED`), not ``COURSE_SEED``:
every notebook and every run sees the same test set, so results compare. The test split is
for the final report only; choose models, epochs and thresholds on the validation split.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ._validate import check_array, check_fraction, check_int, check_same_length
from .course import SPLIT_SEED

__all__ = ["Split", "stratified_split"]


@dataclass(frozen=True)
class Split:
    """Train / validation / test arrays plus optional names."""

    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    class_names: tuple[str, ...] = field(default=())
    feature_names: tuple[str, ...] = field(default=())

    def summary(self) -> str:
        """One line with the shape of each part, e.g. for a notebook's data cell."""
        parts = [
            f"{name} X{getattr(self, 'X_' + name).shape} y{getattr(self, 'y_' + name).shape}"
            for name in ("train", "val", "test")
        ]
        return " · ".join(parts)


def stratified_split(
    X: np.ndarray,
    y: np.ndarray,
    val_size: float = 0.15,
    test_size: float = 0.2,
    seed: int = SPLIT_SEED,
    class_names: tuple[str, ...] = (),
    feature_names: tuple[str, ...] = (),
) -> Split:
    """Split ``X, y`` into stratified train / validation / test parts.

    ``val_size`` and ``test_size`` are fractions of the whole data set.
    Each class keeps (almost exactly) its share in all three parts.
    """
    from sklearn.model_selection import train_test_split

    X = np.asarray(X)
    y = check_array("y", y, ndim=1, numeric=False)
    check_same_length(X=X, y=y)
    val_size, test_size = check_fraction("val_size", val_size), check_fraction("test_size", test_size)
    seed = check_int("seed", seed, 0)
    if val_size + test_size >= 1:
        raise ValueError(f"val_size + test_size must be < 1, got {val_size + test_size}")
    X_rest, X_test, y_rest, y_test = train_test_split(
        X, y, test_size=test_size, stratify=y, random_state=seed
    )
    X_train, X_val, y_train, y_val = train_test_split(
        X_rest, y_rest, test_size=val_size / (1 - test_size), stratify=y_rest, random_state=seed
    )
    return Split(X_train, y_train, X_val, y_val, X_test, y_test,
                 tuple(class_names), tuple(feature_names))
