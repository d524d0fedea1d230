"""Digit images: the real 8×8 digits (scikit-learn) and two seeded generators of synthetic digits.

Generators follow the course's one contract: ``make_<thing>(n, *, seed, ...)`` returns a NamedTuple
(here :class:`Digits`), ``seed`` an int (use :func:`helpers.data_seed`) or a ``numpy.random.Generator``.
Fonts come from matplotlib's own ``mpl-data`` folder (never the system's), so rendered digits are
the same on every machine.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np
from scipy import ndimage

from .._validate import check_bool, check_float, check_int, rng_from
from ..splits import Split, stratified_split
from ._common import noise as _noise

__all__ = ["DIGIT_FONTS", "Digits", "load_digits_split", "make_font_digits", "make_stroke_digits"]

DIGIT_FONTS = (
    "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSansMono.ttf",
    "DejaVuSansMono-Bold.ttf", "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf",
    "STIXGeneral.ttf", "STIXGeneralBol.ttf", "STIXGeneralItalic.ttf", "cmr10.ttf", "cmss10.ttf",
    "cmtt10.ttf", "cmb10.ttf", "cmti10.ttf",
)

_GLYPH = 96  # side of the cached high-resolution glyph canvas, in pixels
_GLYPH_HEIGHT = 56  # digit height on that canvas


class Digits(NamedTuple):
    """What the digit generators return (unpacks like a tuple)."""

    images: np.ndarray  # (n, size, size) float32 in [0, 1]: digit = 1, background = 0
    labels: np.ndarray  # (n,) int64 digits 0..9, balanced, in shuffled order


def load_digits_split(
    val_size: float = 0.15, test_size: float = 0.2, as_images: bool = True
) -> Split:
    """The 1,797 real 8×8 handwritten digits from scikit-learn, split and scaled.

    Pixels are float32 in [0, 1] (the raw data is 0..16). With ``as_images``
    the inputs have shape ``(n, 8, 8, 1)`` for Conv2D, else ``(n, 64)``.
    Labels are int32 class ids 0..9 (for ``sparse_categorical_crossentropy``).
    """
    from sklearn.datasets import load_digits

    as_images = check_bool("as_images", as_images)
    digits = load_digits()
    X = (digits.images / 16.0).astype("float32")  # (1797, 8, 8)
    X = X[..., None] if as_images else X.reshape(len(X), -1)
    y = digits.target.astype("int32")
    return stratified_split(X, y, val_size, test_size,
                            class_names=tuple(str(d) for d in range(10)))


# ---------------------------------------------------------------- font digits

@lru_cache(maxsize=None)
def _glyph(font: str, digit: int) -> np.ndarray:
    """Blurred high-resolution glyph (_GLYPH x _GLYPH, float), centred, height-normalised.

    Blurring once lets a threshold pick the stroke width later: a low threshold
    thickens the strokes, a high one thins them.
    """
    import matplotlib
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextPath
    from skimage.draw import polygon2mask

    path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / font
    polygons = TextPath((0, 0), str(digit), size=1, prop=FontProperties(fname=path)).to_polygons()
    points = np.concatenate(polygons)
    low, high = points.min(axis=0), points.max(axis=0)
    k = _GLYPH_HEIGHT / (high[1] - low[1])
    centre = (low + high) / 2
    mask = np.zeros((_GLYPH, _GLYPH), bool)
    for poly in polygons:  # even-odd fill: holes (0, 6, 8, 9) cancel out
        rows = _GLYPH / 2 - (poly[:, 1] - centre[1]) * k
        cols = _GLYPH / 2 + (poly[:, 0] - centre[0]) * k
        mask ^= polygon2mask(mask.shape, np.stack([rows, cols], axis=1))
    return ndimage.gaussian_filter(mask.astype(np.float32), 3.0)


def make_font_digits(
    n: int,
    *,
    seed: int | np.random.Generator,
    size: int = 28,
    fonts: tuple[str, ...] = DIGIT_FONTS,
    augment: bool = True,
    noise: float = 0.03,
    fill: float | None = None,
) -> Digits:
    """Render digits 0-9 from matplotlib's bundled fonts, white on black, with augmentation.

    Returns :class:`Digits` ``(images, labels)``: images ``(n, size, size)`` float32 in [0, 1] (digit = 1,
    background = 0, like MNIST and ``load_digits().images / 16``), labels ``(n,)`` int64,
    balanced (each digit ``n // 10`` or ``n // 10 + 1`` times) in shuffled order. ``fill`` is
    the digit height as a fraction of the frame (default 0.95 for ``size <= 12``, which looks
    like sklearn's 8x8 digits, else 0.72, like MNIST's 20-in-28 box). With ``augment`` each
    digit gets a random font, rotation (+-15 deg), scale, shear, shift, stroke width and
    Gaussian noise of std ``noise``; without it, the upright glyph of a random font.
    """
    n = check_int("n", n, 1)
    size = check_int("size", size, 8, 256)
    noise = check_float("noise", noise, 0.0, 0.5)
    augment = check_bool("augment", augment)
    fill = (0.95 if size <= 12 else 0.72) if fill is None else check_float("fill", fill, 0.2, 1.2)
    if isinstance(fonts, str) or not fonts or any(f not in DIGIT_FONTS for f in fonts):
        raise ValueError(f"fonts must be a non-empty tuple of names from DIGIT_FONTS, got {fonts!r}")
    rng = rng_from(seed)
    labels = rng.permutation(np.arange(n) % 10)
    font_ids = rng.integers(len(fonts), size=n)
    jitter = 1.0 if augment else 0.0
    angle = np.deg2rad(rng.uniform(-15, 15, n)) * jitter
    scale = np.exp(rng.uniform(-0.12, 0.08, n) * jitter)
    shear = rng.uniform(-0.15, 0.15, n) * jitter
    shift = rng.uniform(-0.06, 0.06, (n, 2)) * jitter
    level = np.where(augment, rng.uniform(0.15, 0.5, n), 0.3)  # glyph blur threshold: stroke width
    ss = max(2, -(-48 // size))  # supersampling factor: render at size * ss, then block-average
    big = size * ss
    out = np.empty((n, big, big), np.float32)
    for i in range(n):
        zoom = fill * scale[i] * big / _GLYPH_HEIGHT  # output pixels per glyph pixel
        c, s = np.cos(angle[i]), np.sin(angle[i])
        matrix = np.array([[c, -s], [s, c]]) @ np.array([[1, 0], [shear[i], 1]]) / zoom
        centre_out = (big - 1) / 2 + shift[i] * big
        offset = (_GLYPH - 1) / 2 - matrix @ centre_out
        glyph = _glyph(fonts[font_ids[i]], int(labels[i]))
        out[i] = ndimage.affine_transform(glyph, matrix, offset, output_shape=(big, big), order=1)
    out = np.clip((out - level[:, None, None]) / 0.1 + 0.5, 0, 1)  # soft threshold
    images = out.reshape(n, size, ss, size, ss).mean(axis=(2, 4))
    if noise:
        images = images + _noise(rng, images.shape, noise * jitter)
    return Digits(np.clip(images, 0, 1).astype(np.float32), labels.astype(np.int64))


# ---------------------------------------------------------------- stroke ("handwritten") digits

_RING = [(0.5, 0.0), (0.15, 0.15), (0.0, 0.5), (0.15, 0.85), (0.5, 1.0), (0.85, 0.85), (1.0, 0.5),
         (0.85, 0.15), (0.5, 0.0)]
# Allographs (ways people write a digit): each a list of pen strokes, each stroke a list of
# control points (x, y) in a unit box with y pointing down. A stroke whose ends coincide is closed.
_STROKE_DIGITS: dict[int, list[list[list[tuple[float, float]]]]] = {
    0: [[_RING]],
    1: [[[(0.5, 0.0), (0.5, 1.0)]],
        [[(0.2, 0.25), (0.5, 0.0), (0.5, 1.0)]],
        [[(0.2, 0.25), (0.5, 0.0), (0.5, 1.0)], [(0.2, 1.0), (0.8, 1.0)]]],
    2: [[[(0.05, 0.25), (0.3, 0.0), (0.75, 0.0), (0.95, 0.3), (0.7, 0.6), (0.05, 1.0), (0.95, 1.0)]],
        [[(0.1, 0.2), (0.5, 0.0), (0.9, 0.25), (0.5, 0.65), (0.05, 1.0), (0.5, 0.85), (0.95, 1.0)]]],
    3: [[[(0.05, 0.1), (0.5, 0.0), (0.9, 0.15), (0.85, 0.4), (0.45, 0.5), (0.9, 0.6), (0.95, 0.85),
          (0.5, 1.0), (0.05, 0.9)]],
        [[(0.05, 0.0), (0.95, 0.0), (0.45, 0.4), (0.9, 0.6), (0.95, 0.85), (0.5, 1.0), (0.05, 0.9)]]],
    4: [[[(0.65, 0.0), (0.05, 0.65), (1.0, 0.65)], [(0.75, 0.3), (0.75, 1.0)]],
        [[(0.75, 1.0), (0.75, 0.0), (0.05, 0.65), (1.0, 0.65)]],
        [[(0.15, 0.0), (0.05, 0.55), (0.95, 0.55)], [(0.75, 0.0), (0.75, 1.0)]]],
    5: [[[(0.9, 0.0), (0.2, 0.0), (0.15, 0.45), (0.6, 0.38), (0.95, 0.65), (0.8, 0.95), (0.4, 1.0),
          (0.05, 0.85)]],
        [[(0.2, 0.0), (0.15, 0.45), (0.6, 0.38), (0.95, 0.65), (0.8, 0.95), (0.4, 1.0), (0.05, 0.85)],
         [(0.2, 0.0), (0.9, 0.0)]]],
    6: [[[(0.8, 0.0), (0.35, 0.2), (0.05, 0.65), (0.25, 1.0), (0.75, 0.95), (0.9, 0.7), (0.6, 0.5),
          (0.15, 0.65)]]],
    7: [[[(0.05, 0.0), (0.95, 0.0), (0.4, 1.0)]],
        [[(0.05, 0.0), (0.95, 0.0), (0.4, 1.0)], [(0.3, 0.5), (0.85, 0.5)]],
        [[(0.05, 0.2), (0.1, 0.0), (0.95, 0.0), (0.5, 1.0)]]],
    8: [[[(0.85, 0.15), (0.5, 0.0), (0.15, 0.15), (0.2, 0.35), (0.8, 0.65), (0.85, 0.9), (0.5, 1.0),
          (0.15, 0.9), (0.2, 0.65), (0.8, 0.35), (0.85, 0.15)]]],
    9: [[[(0.9, 0.2), (0.5, 0.0), (0.1, 0.2), (0.2, 0.45), (0.6, 0.45), (0.9, 0.2), (0.85, 1.0)]],
        [[(0.9, 0.2), (0.5, 0.0), (0.1, 0.2), (0.2, 0.45), (0.6, 0.45), (0.9, 0.2), (0.85, 0.7),
          (0.5, 1.0), (0.15, 0.9)]]],
}


def _chaikin(points: np.ndarray, closed: bool, iterations: int = 3) -> np.ndarray:
    """Smooth a polyline by Chaikin corner cutting (each pass cuts every corner at 1/4 and 3/4)."""
    for _ in range(iterations):
        q = 0.75 * points[:-1] + 0.25 * points[1:]
        r = 0.25 * points[:-1] + 0.75 * points[1:]
        cut = np.empty((2 * len(q), 2))
        cut[0::2], cut[1::2] = q, r
        points = np.vstack([cut, cut[:1]]) if closed else np.vstack([points[:1], cut, points[-1:]])
    return points


def _densify(points: np.ndarray, step: float = 0.25) -> np.ndarray:
    """Points along a polyline no more than ``step`` apart (so a raster of them has no gaps)."""
    out = [points[:1]]
    for a, b in zip(points[:-1], points[1:]):
        k = max(1, int(np.ceil(np.hypot(*(b - a)) / step)))
        out.append(a + (b - a) * (np.arange(1, k + 1) / k)[:, None])
    return np.vstack(out)


def make_stroke_digits(
    n: int, *, seed: int | np.random.Generator, size: int = 8, jitter: float = 0.06
) -> Digits:
    """Synthetic handwritten digits: random pen strokes, digitised like sklearn's ``load_digits``.

    Each digit is one of 1-3 hand-designed allographs (a 7 with or without a crossbar, an open
    or closed 4, ...) whose control points move by N(0, ``jitter``) (in digit heights), then are
    smoothed (Chaikin), slanted, rotated (+-12 deg), squeezed to a random width and drawn with a
    random pen width. Digitisation copies the UCI optdigits pipeline behind ``load_digits``:
    a binary bitmap of side ``4 * size`` with the ink scaled to fill the height (aspect kept) and
    centred, then the count of ink pixels in each 4x4 block divided by 16.

    Returns :class:`Digits` ``(images, labels)``: images ``(n, size, size)`` float32 in [0, 1]
    (values k/16), labels ``(n,)`` int64, balanced, in shuffled order. Much closer to real
    handwriting than :func:`make_font_digits` (a transfer-learning source with a smaller domain gap).
    """
    n = check_int("n", n, 1)
    size = check_int("size", size, 8, 64)
    jitter = check_float("jitter", jitter, 0.0, 0.2)
    rng = rng_from(seed)
    labels = rng.permutation(np.arange(n) % 10)
    big = 4 * size
    bitmaps = np.empty((n, big, big), bool)
    for i in range(n):
        digit = int(labels[i])
        styles = _STROKE_DIGITS[digit]
        strokes = styles[rng.integers(len(styles))]
        width = rng.uniform(0.05, 0.4) if digit == 1 else rng.uniform(0.45, 0.8)  # width / height
        pen = (rng.uniform(3.0, 5.5) if digit == 1 else rng.uniform(2.0, 3.5)) * size / 8  # radius
        angle, slant = np.deg2rad(rng.uniform(-12, 12)), rng.uniform(-0.3, 0.15)
        c, s = np.cos(angle), np.sin(angle)
        transform = np.array([[c, -s], [s, c]]) @ np.array([[1.0, slant], [0.0, 1.0]])
        curves = []
        for stroke in strokes:
            p = np.asarray(stroke, float)
            closed = bool(np.allclose(p[0], p[-1]))
            p = p + rng.normal(0.0, jitter, p.shape)
            if closed:
                p[-1] = p[0]
            p[:, 0] *= width
            curves.append(_chaikin(p, closed) @ transform.T)
        everything = np.vstack(curves)
        low, high = everything.min(axis=0), everything.max(axis=0)
        zoom = (big - 1 - 2 * pen) / max(high[1] - low[1], (high[0] - low[0]), 1e-6)
        blank = np.ones((big, big), bool)  # False where the pen's centre passes
        for curve in curves:
            xy = _densify((curve - (low + high) / 2) * zoom + (big - 1) / 2)
            col, row = np.clip(np.round(xy).astype(int), 0, big - 1).T
            blank[row, col] = False
        bitmaps[i] = ndimage.distance_transform_edt(blank) <= pen
    images = bitmaps.reshape(n, size, 4, size, 4).mean(axis=(2, 4))
    return Digits(images.astype(np.float32), labels.astype(np.int64))
