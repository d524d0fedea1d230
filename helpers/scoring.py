"""One honest way to score generated digit images (Q07 GAN, Q13 DCGAN, Q30 VAE).

A generative model has no test accuracy, so the course judges its samples with
a fixed *scorer*: a small classifier trained on the real 8×8 training digits
plus an 11th class, "not a digit", trained on noise (uniform noise, constant
images and pixel-shuffled digits; the idea of *outlier exposure*, Hendrycks et
al. 2019). Without that class a softmax classifier calls uniform noise a digit
with ~0.9 confidence, and every bar on confidence would be meaningless.

The scorer is deterministic (fixed seeds, independent of ``COURSE_SEED``), so
scores from different notebooks compare. It is a *recogniser*, not a realism
judge: it rejects noise, but a blurry digit or a blend of two digits can still
be recognised. Read its numbers next to the ceiling (held-out real digits) and
the floor (noise) from :func:`reference_scores`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ._validate import check_fraction, check_int
from .vision.digits import load_digits_split

__all__ = [
    "SCORER_CLASSES",
    "digit_scorer",
    "reference_scores",
    "score_digit_images",
    "scores_table",
]

SCORER_CLASSES: tuple[str, ...] = tuple(str(d) for d in range(10)) + ("not a digit",)
_NOT_A_DIGIT = 10


def _as_8x8(images: np.ndarray) -> np.ndarray:
    """Validate a batch of images in [0, 1] and return it as (n, 64) at 8×8.

    Accepts (n, 64), (n, s, s) or (n, s, s, 1) with s a multiple of 8; larger
    images are average-pooled in s/8 × s/8 blocks down to 8×8.
    """
    x = np.asarray(images)
    if not np.issubdtype(x.dtype, np.number) or np.issubdtype(x.dtype, np.complexfloating):
        raise TypeError(f"images must be a real numeric array, got dtype {x.dtype}")
    x = x.astype("float64")
    if x.ndim == 2 and x.shape[1] == 64:
        x = x.reshape(-1, 8, 8)
    if x.ndim == 4 and x.shape[-1] == 1:
        x = x[..., 0]
    if x.ndim != 3 or x.shape[1] != x.shape[2] or x.shape[1] % 8 or x.shape[1] == 0:
        raise ValueError(
            "images must have shape (n, 64), (n, s, s) or (n, s, s, 1) with s a multiple "
            f"of 8 (8, 16, 24, ...), got {np.asarray(images).shape}")
    if len(x) == 0:
        raise ValueError("images is empty: score at least one image")
    if not np.all(np.isfinite(x)):
        raise ValueError("images contain NaN or inf (did training diverge?)")
    if x.min() < -0.01 or x.max() > 1.01:
        raise ValueError(
            f"pixel values must lie in [0, 1], got [{x.min():.3g}, {x.max():.3g}]; "
            "rescale first, e.g. (x + 1) / 2 for a tanh generator")
    k = x.shape[1] // 8
    x = x.reshape(len(x), 8, k, 8, k).mean(axis=(2, 4))  # (n, 8, 8)
    return np.clip(x, 0.0, 1.0).reshape(len(x), 64)


def _outliers(digits: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` "not a digit" images (n, 64): pixel-shuffled digits, uniform noise, constants."""
    k = n // 3
    shuffled = np.array([rng.permutation(x) for x in digits[rng.integers(0, len(digits), k)]])
    uniform = rng.uniform(0.0, 1.0, (k, 64))
    constant = np.repeat(rng.uniform(0.0, 1.0, (n - 2 * k, 1)), 64, axis=1)
    return np.concatenate([shuffled, uniform, constant])


@dataclass(frozen=True)
class DigitScorer:
    """A trained 11-class scorer (10 digits + "not a digit") and its real-digit test accuracy."""

    model: object
    test_accuracy: float

    def predict_proba(self, images: np.ndarray) -> np.ndarray:
        """Class probabilities (n, 11) for images in [0, 1]; column 10 is "not a digit"."""
        return self.model.predict_proba(_as_8x8(images))


@lru_cache(maxsize=1)
def digit_scorer() -> DigitScorer:
    """Train (once per process, about a second) and return the fixed digit scorer.

    An MLP (128 hidden units) on the training part of :func:`helpers.load_digits_split`
    plus as many outlier images; its accuracy on the real test digits is kept in
    ``test_accuracy`` (about 0.97).
    """
    from sklearn.neural_network import MLPClassifier

    split = load_digits_split(as_images=False)
    rng = np.random.default_rng(0)
    noise = _outliers(split.X_train, len(split.X_train), rng)
    X = np.concatenate([split.X_train, noise])
    y = np.concatenate([split.y_train, np.full(len(noise), _NOT_A_DIGIT)])
    model = MLPClassifier((128,), alpha=1e-3, max_iter=500, random_state=0).fit(X, y)
    accuracy = float(np.mean(model.predict(split.X_test) == split.y_test))
    return DigitScorer(model=model, test_accuracy=accuracy)


def score_digit_images(
    images: np.ndarray, scorer: DigitScorer | None = None, min_share: float = 0.03
) -> dict[str, object]:
    """Score a batch of generated digits in [0, 1] with the fixed scorer.

    Returns a dict:

    * ``classes_covered`` – digits that are the top class of at least ``min_share``
      of the images (10 for real digits, 0 for noise);
    * ``mean_confidence`` – mean over images of the largest *digit* probability
      (probability given to "not a digit" counts as no confidence);
    * ``not_digit_share`` – fraction of images whose top class is "not a digit";
    * ``inception_score`` – exp(E_x KL(p(y|x) ‖ p(y))) over the 11 classes, the
      Inception Score idea with this scorer instead of Inception-v3: high when each
      image is confidently one class *and* the classes are varied (at most 11);
    * ``class_shares`` – list of 11 fractions of images per top class.
    """
    min_share = check_fraction("min_share", min_share)
    scorer = digit_scorer() if scorer is None else scorer
    if not isinstance(scorer, DigitScorer):
        raise TypeError(f"scorer must be a DigitScorer from digit_scorer(), got {type(scorer).__name__}")
    p = scorer.predict_proba(images)  # (n, 11)
    top = p.argmax(axis=1)
    shares = np.bincount(top, minlength=len(SCORER_CLASSES)) / len(top)
    marginal = p.mean(axis=0, keepdims=True)
    kl = np.sum(p * (np.log(p + 1e-12) - np.log(marginal + 1e-12)), axis=1)
    return {
        "classes_covered": int(np.sum(shares[:_NOT_A_DIGIT] >= min_share)),
        "mean_confidence": float(p[:, :_NOT_A_DIGIT].max(axis=1).mean()),
        "not_digit_share": float(shares[_NOT_A_DIGIT]),
        "inception_score": float(np.exp(kl.mean())),
        "class_shares": [float(s) for s in shares],
    }


def reference_scores(n: int = 360, scorer: DigitScorer | None = None) -> dict[str, dict]:
    """Scores of the ceiling and the floor, computed the same way as for samples.

    ``"real digits (test)"``: the held-out real test digits (360 images, ``n`` is
    ignored for them); ``"uniform noise"``: ``n`` images of uniform noise (fixed seed).
    """
    n = check_int("n", n, 1)
    split = load_digits_split(as_images=False)
    noise = np.random.default_rng(1).uniform(0.0, 1.0, (n, 64))
    return {
        "real digits (test)": score_digit_images(split.X_test, scorer),
        "uniform noise": score_digit_images(noise, scorer),
    }


def scores_table(scores: dict[str, dict]):
    """A pandas DataFrame, one row per named score dict (``class_shares`` left out)."""
    import pandas as pd

    if not isinstance(scores, dict):
        raise TypeError(f"scores must be a dict {{name: score_digit_images(...)}}, got {type(scores).__name__}")
    if not scores:
        raise ValueError("scores is empty: give at least one {name: score_digit_images(...)}")
    rows = {}
    for name, s in scores.items():
        if not isinstance(s, dict):
            raise TypeError(f"scores[{name!r}] must be a score_digit_images() dict, got {type(s).__name__}")
        if "classes_covered" not in s:
            raise ValueError(f"scores[{name!r}] is not a score_digit_images() result")
        rows[name] = {k: v for k, v in s.items() if k != "class_shares"}
    return pd.DataFrame.from_dict(rows, orient="index")
