"""Data loaders with fixed, stratified train / validation / test splits
(and, for the time series, a fixed chronological one).

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
    "Sunspots",
    "load_breast_cancer_split",
    "load_digits_split",
    "load_sunspots",
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


@dataclass(frozen=True)
class Sunspots:
    """Yearly sunspot numbers with a chronological train / validation / test split."""

    years: np.ndarray  # (n,) int64, consecutive
    values: np.ndarray  # (n,) float64 yearly mean sunspot number
    val_start: int  # first validation year
    test_start: int  # first test year

    @property
    def n_train(self) -> int:
        """Number of training years (before ``val_start``)."""
        return int(np.sum(self.years < self.val_start))

    @property
    def n_train_val(self) -> int:
        """Number of training + validation years (before ``test_start``)."""
        return int(np.sum(self.years < self.test_start))

    def summary(self) -> str:
        """One line with each part's years and size, e.g. for a notebook's data cell."""
        a, b, y = self.n_train, self.n_train_val, self.years
        return (f"{len(y)} years; train {y[0]}-{y[a - 1]} ({a}), val {y[a]}-{y[b - 1]} ({b - a}), "
                f"test {y[b]}-{y[-1]} ({len(y) - b})")


def load_sunspots(val_start: int = 1929, test_start: int = 1969) -> Sunspots:
    """The yearly mean sunspot numbers 1700-2008 (309 years), bundled with statsmodels.

    The split is chronological and fixed: by default train 1700-1928 (229 years),
    validation 1929-1968 (40) and test 1969-2008 (40, four solar cycles). Values are the
    raw float64 numbers (0-190); years are int64.
    """
    from statsmodels.datasets import sunspots

    for name, value in (("val_start", val_start), ("test_start", test_start)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise TypeError(f"{name} must be an int year, got {type(value).__name__}")
    if not 1700 < val_start < test_start <= 2008:
        raise ValueError(
            f"need 1700 < val_start < test_start <= 2008 (each part non-empty), got {val_start}, {test_start}"
        )
    data = sunspots.load_pandas().data
    years = data["YEAR"].to_numpy().astype(int)  # (309,) 1700 .. 2008
    values = data["SUNACTIVITY"].to_numpy().astype("float64")  # (309,)
    return Sunspots(years, values, int(val_start), int(test_start))
