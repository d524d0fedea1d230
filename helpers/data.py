"""Data loaders with fixed, stratified train / validation / test splits.

Splits use their own constant seed (:data:`SPLIT_SEED`), not ``COURSE_SEED``:
every notebook and every run sees the same test set, so results compare.
The test split is for the final report only; choose models, epochs and
thresholds on the validation split.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "SPLIT_SEED",
    "Split",
    "load_breast_cancer_split",
    "load_digits_split",
    "stratified_split",
    "subsample_prevalence",
]

SPLIT_SEED = 2024


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


def _check_fraction(name: str, value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1:
        raise ValueError(f"{name} must be a fraction strictly between 0 and 1, got {value!r}")


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
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"y must be 1-D (one label per row), got shape {y.shape}")
    if len(X) != len(y):
        raise ValueError(f"X and y must have the same length, got {len(X)} and {len(y)}")
    _check_fraction("val_size", val_size)
    _check_fraction("test_size", test_size)
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


def load_digits_split(
    val_size: float = 0.15, test_size: float = 0.2, as_images: bool = True
) -> Split:
    """The 1,797 real 8×8 handwritten digits from scikit-learn, split and scaled.

    Pixels are float32 in [0, 1] (the raw data is 0..16). With ``as_images``
    the inputs have shape ``(n, 8, 8, 1)`` for Conv2D, else ``(n, 64)``.
    Labels are int32 class ids 0..9 (for ``sparse_categorical_crossentropy``).
    """
    from sklearn.datasets import load_digits

    digits = load_digits()
    X = (digits.images / 16.0).astype("float32")  # (1797, 8, 8)
    X = X[..., None] if as_images else X.reshape(len(X), -1)
    y = digits.target.astype("int32")
    return stratified_split(X, y, val_size, test_size,
                            class_names=tuple(str(d) for d in range(10)))


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
    _check_fraction("prevalence", prevalence)
    if len(X) != len(y):
        raise ValueError(f"X and y must have the same length, got {len(X)} and {len(y)}")
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
