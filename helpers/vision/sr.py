"""Super-resolution data and measures: offline photos, bicubic degradation, patch sets, Y-channel PSNR/SSIM,
the least-squares per-phase linear filter, and a paired bootstrap over images.

* Images: 20 real photographs and scans that ship inside the scikit-image and scikit-learn wheels
  (nothing is downloaded), turned into the Y channel of YCbCr and split **by whole image** into fixed
  train / validation / test sets (:data:`SR_SPLIT`).
* Degradation: HR cropped to a multiple of ``scale`` (“modcrop”), LR = bicubic downscaling by
  ``scale`` (Pillow's antialiased bicubic, a = −0.5, as MATLAB's ``imresize``), rounded to 8-bit levels
  as a saved image would be.
* Measures as the SR literature reports them: PSNR and SSIM on Y with ``scale`` pixels cropped from
  every border.
* The strongest simple baseline: for each of the ``scale²`` output phases, one k×k linear filter on
  the LR image, fitted in closed form by least squares (:func:`fit_phase_filter`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from .._validate import check_array, check_bool, check_choice, check_float, check_int, rng_from

__all__ = [
    "SR_IMAGES",
    "SR_SPLIT",
    "BootstrapGain",
    "PhaseFilter",
    "SRData",
    "SRImage",
    "SRPatches",
    "apply_phase_filter",
    "bicubic_resize",
    "bootstrap_gain",
    "fit_phase_filter",
    "load_sr_images",
    "make_sr_patches",
    "rgb_to_y",
    "sr_predict",
    "sr_psnr",
    "sr_ssim",
    "sr_val_checkpoint",
]

SR_INPUTS = ("lr", "bicubic", "lr+bicubic")

# name -> (where it comes from, licence as its docstring states it)
SR_IMAGES = {
    "astronaut": ("skimage.data.astronaut", "public domain (NASA)"),
    "camera": ("skimage.data.camera", "CC0 (Lav Varshney)"),
    "coffee": ("skimage.data.coffee", "CC0 (Rachel Michetti)"),
    "chelsea": ("skimage.data.chelsea", "CC0 (Stefan van der Walt)"),
    "rocket": ("skimage.data.rocket", "public domain (SpaceX)"),
    "china": ("sklearn.datasets.load_sample_image('china.jpg')", "CC BY 2.0 (danielbuechele, Flickr)"),
    "flower": ("sklearn.datasets.load_sample_image('flower.jpg')", "CC BY 2.0 (vultilion, Flickr)"),
    "coins": ("skimage.data.coins", "no known copyright restrictions"),
    "moon": ("skimage.data.moon", "scikit-image sample data"),
    "clock": ("skimage.data.clock", "public domain (Stefan van der Walt)"),
    "brick": ("skimage.data.brick", "CC0 (cc0textures)"),
    "grass": ("skimage.data.grass", "CC0 (cc0textures)"),
    "gravel": ("skimage.data.gravel", "CC0 (cc0textures)"),
    "hubble": ("skimage.data.hubble_deep_field", "public domain (NASA)"),
    "ihc": ("skimage.data.immunohistochemistry", "no known copyright restrictions"),
    "retina": ("skimage.data.retina", "CC0 (Häggström)"),
    "cell": ("skimage.data.cell", "CC0"),
    "motorcycle": ("skimage.data.stereo_motorcycle()[0]", "Middlebury 2014 stereo (Scharstein et al.)"),
    "page": ("skimage.data.page", "scikit-image sample data"),
    "text": ("skimage.data.text", "public domain"),
}

# Fixed split by whole image (no seed: it is part of the data's definition). Test: six everyday
# photographs, enough for a bootstrap over images; validation: two more; training: everything else.
SR_SPLIT = {
    "train": ("moon", "clock", "brick", "grass", "gravel", "hubble", "ihc", "retina", "cell",
              "motorcycle", "page", "text"),
    "val": ("flower", "coins"),
    "test": ("astronaut", "camera", "coffee", "chelsea", "rocket", "china"),
}


class SRImage(NamedTuple):
    """One image of :func:`load_sr_images` (unpacks like a tuple)."""

    name: str
    hr: np.ndarray  # (H, W) float32 Y in [16/255, 235/255]; H and W multiples of the scale
    lr: np.ndarray  # (H/scale, W/scale) float32, bicubic downscaled and rounded to 8-bit levels
    bicubic: np.ndarray  # (H, W) float32, lr upscaled again by bicubic interpolation


@dataclass(frozen=True)
class SRData:
    """The SR images of every split, degraded at one scale (what :func:`load_sr_images` returns)."""

    scale: int
    train: tuple[SRImage, ...]
    val: tuple[SRImage, ...]
    test: tuple[SRImage, ...]

    def summary(self) -> str:
        """One line: the scale and the images per split with their HR pixel counts."""
        parts = []
        for split in ("train", "val", "test"):
            images = getattr(self, split)
            pixels = sum(im.hr.size for im in images)
            parts.append(f"{split} {len(images)} images ({pixels / 1e6:.2f} MP)")
        return f"x{self.scale} bicubic SR on Y: " + ", ".join(parts)


class SRPatches(NamedTuple):
    """What :func:`make_sr_patches` returns (unpacks like a tuple); all float32 with a channel axis."""

    lr: np.ndarray  # (n, size, size, 1)
    hr: np.ndarray  # (n, scale*size, scale*size, 1)
    bicubic: np.ndarray  # (n, scale*size, scale*size, 1): the whole image's bicubic upscaling, cut out


class PhaseFilter(NamedTuple):
    """A per-phase linear filter: HR pixel (scale·i + p, scale·j + q) = Σ kernel[a, b, p·scale + q] ·
    LR[i + a − k//2, j + b − k//2] + bias[p·scale + q]. ``kernel[:, :, None, :]`` and ``bias`` are the
    weights of a ``Conv2D(scale**2, k, padding="same")`` followed by ``tf.nn.depth_to_space``."""

    kernel: np.ndarray  # (k, k, scale**2) float64
    bias: np.ndarray  # (scale**2,) float64
    scale: int


class BootstrapGain(NamedTuple):
    """What :func:`bootstrap_gain` returns: the mean paired gain and its percentile interval."""

    mean: float
    low: float
    high: float
    wins: int  # items where a > b
    n: int


def rgb_to_y(image: np.ndarray) -> np.ndarray:
    """Y of ITU-R BT.601 YCbCr (MATLAB's ``rgb2ycbcr``) from a uint8 RGB or grey image, as float32 in
    [16/255, 235/255]: Y = (16 + 65.481 R + 128.553 G + 24.966 B) / 255 with R, G, B in [0, 1];
    a grey image counts as R = G = B."""
    image = check_array("image", image, ndim=(2, 3))
    if image.dtype != np.uint8:
        raise TypeError(f"image must be uint8 (0..255), got dtype {image.dtype}")
    x = image.astype(np.float64) / 255.0
    if x.ndim == 2:
        y = 16 + 219 * x
    else:
        if x.shape[-1] not in (3, 4):
            raise ValueError(f"a colour image must have 3 (RGB) or 4 (RGBA) channels, got shape {image.shape}")
        y = 16 + 65.481 * x[..., 0] + 128.553 * x[..., 1] + 24.966 * x[..., 2]
    return (y / 255.0).astype(np.float32)


def bicubic_resize(image: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Resize a 2-D float image to ``shape`` = (height, width) with Pillow's bicubic filter (a = −0.5,
    antialiased when shrinking, as MATLAB's ``imresize``); float32 out."""
    from PIL import Image

    image = check_array("image", image, ndim=2)
    if not (isinstance(shape, (tuple, list)) and len(shape) == 2):
        raise TypeError(f"shape must be a (height, width) pair, got {shape!r}")
    h, w = (check_int("height", shape[0], 1), check_int("width", shape[1], 1))
    resized = Image.fromarray(np.ascontiguousarray(image, dtype=np.float32)).resize((w, h), Image.BICUBIC)
    return np.asarray(resized, dtype=np.float32)


@lru_cache(maxsize=None)
def _load_raw(name: str) -> np.ndarray:
    """The uint8 image ``name`` from the skimage / sklearn wheels (no download)."""
    if name in ("china", "flower"):
        from sklearn.datasets import load_sample_image

        return load_sample_image(f"{name}.jpg")
    import skimage.data as data

    attr = {"hubble": "hubble_deep_field", "ihc": "immunohistochemistry"}.get(name, name)
    if name == "motorcycle":
        return data.stereo_motorcycle()[0]  # the left view only (the right is nearly the same picture)
    return getattr(data, attr)()


@lru_cache(maxsize=None)
def _degraded(name: str, scale: int) -> SRImage:
    y = rgb_to_y(_load_raw(name))
    h, w = y.shape
    hr = y[: h - h % scale, : w - w % scale]
    lr = bicubic_resize(hr, (hr.shape[0] // scale, hr.shape[1] // scale))
    lr = (np.round(np.clip(lr, 0, 1) * 255) / 255).astype(np.float32)
    bicubic = bicubic_resize(lr, hr.shape)
    for array in (hr, lr, bicubic):
        array.setflags(write=False)  # cached: shared by every caller
    return SRImage(name, hr, lr, bicubic)


def load_sr_images(scale: int = 2) -> SRData:
    """The 20 SR images as Y channel, split by whole image (:data:`SR_SPLIT`), each with its HR target,
    its bicubic-downscaled LR input (8-bit levels) and the bicubic upscaling of that LR.

    Arrays are read-only and cached (a second call costs nothing). Loading all 20 takes about a second.
    """
    scale = check_int("scale", scale, 2, 4)
    return SRData(scale, *(tuple(_degraded(n, scale) for n in SR_SPLIT[s]) for s in ("train", "val", "test")))


def make_sr_patches(
    images, n_per_image: int, *, seed, size: int = 24, candidates: int = 4, augment: bool = True
) -> SRPatches:
    """Aligned LR / HR / bicubic training patches, the same for the same arguments on every machine.

    From each image, ``candidates × n_per_image`` LR windows of ``size × size`` are drawn uniformly and
    the ``n_per_image`` where bicubic upscaling errs most (largest mean squared HR − bicubic) are kept:
    flat sky and black background teach an SR model nothing. ``candidates=1`` keeps uniform sampling.
    With ``augment`` each patch gets one of the 8 flips/rotations (the same one for its LR, HR and
    bicubic crops). The bicubic crop is cut from the whole image's upscaling, so it has no patch-edge
    artefacts. ``images`` is a sequence of :class:`SRImage` (e.g. ``load_sr_images().train``).
    """
    images = tuple(images)
    if not images or not all(isinstance(im, SRImage) for im in images):
        raise TypeError("images must be a non-empty sequence of SRImage (e.g. load_sr_images().train)")
    n_per_image = check_int("n_per_image", n_per_image, 1)
    size = check_int("size", size, 4)
    candidates = check_int("candidates", candidates, 1)
    augment = check_bool("augment", augment)
    rng = rng_from(seed)
    scale = images[0].hr.shape[0] // images[0].lr.shape[0]
    lr_out, hr_out, bi_out = [], [], []
    for im in images:
        h, w = im.lr.shape
        if h < size or w < size:
            raise ValueError(f"image {im.name!r} ({h}x{w} LR) is smaller than the patch size {size}")
        m = n_per_image * candidates
        rows, cols = rng.integers(0, h - size + 1, m), rng.integers(0, w - size + 1, m)
        s, S = size, scale * size
        hr = np.stack([im.hr[scale * i: scale * i + S, scale * j: scale * j + S] for i, j in zip(rows, cols)])
        bi = np.stack([im.bicubic[scale * i: scale * i + S, scale * j: scale * j + S] for i, j in zip(rows, cols)])
        if candidates > 1:
            keep = np.argsort(-np.mean((hr - bi) ** 2, axis=(1, 2)), kind="stable")[:n_per_image]
            rows, cols, hr, bi = rows[keep], cols[keep], hr[keep], bi[keep]
        lr = np.stack([im.lr[i: i + s, j: j + s] for i, j in zip(rows, cols)])
        lr_out.append(lr), hr_out.append(hr), bi_out.append(bi)
    lr, hr, bi = (np.concatenate(a)[..., None].astype(np.float32) for a in (lr_out, hr_out, bi_out))
    if augment:
        transform = rng.integers(0, 8, len(lr))
        for t in range(1, 8):
            sel = transform == t
            for a in (lr, hr, bi):
                z = np.rot90(a[sel], t % 4, axes=(1, 2))
                a[sel] = z[:, :, ::-1] if t >= 4 else z
    return SRPatches(lr, hr, bi)


def _crop(image: np.ndarray, border: int) -> np.ndarray:
    return image[border:-border, border:-border] if border else image


def _pair(ref, est, border):
    ref = check_array("ref", ref, ndim=2).astype(np.float64)
    est = check_array("est", est, ndim=2).astype(np.float64)
    if ref.shape != est.shape:
        raise ValueError(f"ref and est must have the same shape, got {ref.shape} and {est.shape}")
    border = check_int("border", border, 0)
    if 2 * border >= min(ref.shape):
        raise ValueError(f"border {border} leaves nothing of a {ref.shape} image")
    return _crop(ref, border), _crop(est, border)


def sr_psnr(ref: np.ndarray, est: np.ndarray, border: int = 0, peak: float = 1.0) -> float:
    """PSNR in dB, 10·log10(peak² / MSE), after cropping ``border`` pixels from every side
    (the SR convention: ``border = scale``, on the Y channel). Infinite for identical images."""
    ref, est = _pair(ref, est, border)
    peak = check_float("peak", peak, 0, strict=True)
    mse = float(np.mean((ref - est) ** 2))
    return float("inf") if mse == 0 else float(10 * np.log10(peak**2 / mse))


def sr_ssim(ref: np.ndarray, est: np.ndarray, border: int = 0, peak: float = 1.0) -> float:
    """SSIM (Wang et al. 2004) after cropping ``border`` pixels: Gaussian 11×11 window, σ = 1.5,
    K1 = 0.01, K2 = 0.03, statistics over 'valid' windows only, as ``tf.image.ssim`` and scikit-image's
    ``structural_similarity(gaussian_weights=True, use_sample_covariance=False)`` compute it."""
    from scipy.signal import fftconvolve

    x, y = _pair(ref, est, border)
    if min(x.shape) < 11:
        raise ValueError(f"SSIM needs at least 11x11 pixels after the crop, got {x.shape}")
    peak = check_float("peak", peak, 0, strict=True)
    g = np.exp(-((np.arange(11) - 5.0) ** 2) / (2 * 1.5**2))
    window = np.outer(g, g) / g.sum() ** 2

    def blur(z):
        return fftconvolve(z, window, mode="valid")

    mx, my = blur(x), blur(y)
    sxx, syy, sxy = blur(x * x) - mx**2, blur(y * y) - my**2, blur(x * y) - mx * my
    c1, c2 = (0.01 * peak) ** 2, (0.03 * peak) ** 2
    s = ((2 * mx * my + c1) * (2 * sxy + c2)) / ((mx**2 + my**2 + c1) * (sxx + syy + c2))
    return float(np.mean(s))


def _lr_hr_stack(lr, hr):
    lr = check_array("lr", lr, ndim=(2, 3, 4))
    hr = check_array("hr", hr, ndim=(2, 3, 4))
    if lr.ndim == 4:
        lr = lr[..., 0]
    if hr.ndim == 4:
        hr = hr[..., 0]
    if lr.ndim == 2:
        lr, hr = lr[None], hr[None]
    if lr.ndim != 3 or hr.ndim != 3 or len(lr) != len(hr):
        raise ValueError(f"lr and hr must be matching images or stacks of patches, got {lr.shape} and {hr.shape}")
    scale = hr.shape[1] // lr.shape[1]
    if scale < 1 or hr.shape[1:] != (scale * lr.shape[1], scale * lr.shape[2]):
        raise ValueError(f"hr must be an integer multiple of lr in both sides, got {hr.shape[1:]} and {lr.shape[1:]}")
    return lr.astype(np.float64), hr.astype(np.float64), scale


def fit_phase_filter(lr, hr, k: int, *, ridge: float = 1e-6, stride: int = 1, chunk: int = 256) -> PhaseFilter:
    """Fit the best per-phase k×k linear filter (with a bias) from LR to HR by least squares.

    ``lr`` is a (n, h, w[, 1]) stack of patches (or one (h, w) image), ``hr`` the matching
    (n, scale·h, scale·w[, 1]). Every LR pixel whose k×k window lies inside its patch is one row
    (every ``stride``-th in each direction); the targets are its ``scale²`` HR pixels. The normal
    equations (XᵀX + ridge·tr/d·I) w = XᵀY are accumulated in chunks of patches and solved once.
    Any network that is affine and shift-equivariant with the LR grid (e.g. convolutions without
    activations, then an upsampling) with a receptive field inside k×k is one of these filters, so this
    one has the lowest training MSE among them.
    """
    from numpy.lib.stride_tricks import sliding_window_view

    lr, hr, scale = _lr_hr_stack(lr, hr)
    k = check_int("k", k, 1)
    if k % 2 == 0:
        raise ValueError(f"k must be odd (a window centred on the LR pixel), got {k}")
    if k > min(lr.shape[1:]):
        raise ValueError(f"k = {k} is larger than the LR patches {lr.shape[1:]}")
    ridge = check_float("ridge", ridge, 0)
    stride = check_int("stride", stride, 1)
    chunk = check_int("chunk", chunk, 1)
    r, d = k // 2, k * k + 1
    gram, cross = np.zeros((d, d)), np.zeros((d, scale * scale))
    n, h, w = lr.shape
    for start in range(0, n, chunk):
        x = sliding_window_view(lr[start:start + chunk], (k, k), axis=(1, 2))[:, ::stride, ::stride]
        rows, cols = x.shape[1], x.shape[2]
        x = x.reshape(-1, k * k)
        x = np.hstack([x, np.ones((len(x), 1))])
        ci = r + stride * np.arange(rows)
        cj = r + stride * np.arange(cols)
        y = hr[start:start + chunk].reshape(-1, h, scale, w, scale).transpose(0, 1, 3, 2, 4)
        y = y[:, ci][:, :, cj].reshape(-1, scale * scale)
        gram += x.T @ x
        cross += x.T @ y
    gram += ridge * np.trace(gram) / d * np.eye(d)
    weights = np.linalg.solve(gram, cross)
    return PhaseFilter(weights[:-1].reshape(k, k, scale * scale), weights[-1].copy(), scale)


def apply_phase_filter(lr: np.ndarray, filt: PhaseFilter) -> np.ndarray:
    """Upscale a 2-D LR image with a :class:`PhaseFilter`; float32 out. Borders are mirrored
    (``np.pad(mode="symmetric")``, the same as ``tf.pad(mode="SYMMETRIC")``), so a Keras model can
    reproduce it exactly with that padding and a 'valid' ``Conv2D``."""
    from numpy.lib.stride_tricks import sliding_window_view

    lr = check_array("lr", lr, ndim=2).astype(np.float64)
    if not isinstance(filt, PhaseFilter):
        raise TypeError(f"filt must be a PhaseFilter (from fit_phase_filter), got {type(filt).__name__}")
    k, s = filt.kernel.shape[0], filt.scale
    windows = sliding_window_view(np.pad(lr, k // 2, mode="symmetric"), (k, k))  # (h, w, k, k)
    out = np.tensordot(windows, filt.kernel, axes=([2, 3], [0, 1])) + filt.bias  # (h, w, s*s)
    h, w = lr.shape
    return out.reshape(h, w, s, s).transpose(0, 2, 1, 3).reshape(h * s, w * s).astype(np.float32)


def bootstrap_gain(a, b, *, n_boot: int = 10000, seed=0, level: float = 0.95) -> BootstrapGain:
    """Mean of the paired differences a − b (e.g. per-image PSNR of two methods on the same images)
    with a percentile bootstrap interval: resample the items with replacement ``n_boot`` times."""
    a = check_array("a", a, ndim=1).astype(np.float64)
    b = check_array("b", b, ndim=1).astype(np.float64)
    if a.shape != b.shape or len(a) < 2:
        raise ValueError(f"a and b must be paired 1-D arrays of at least 2 items, got {a.shape} and {b.shape}")
    n_boot = check_int("n_boot", n_boot, 100)
    level = check_float("level", level, 0, 1, strict=True)
    diff = a - b
    rng = rng_from(seed)
    means = diff[rng.integers(0, len(diff), (n_boot, len(diff)))].mean(axis=1)
    tail = 100 * (1 - level) / 2
    low, high = np.percentile(means, [tail, 100 - tail])
    return BootstrapGain(float(diff.mean()), float(low), float(high), int(np.sum(diff > 0)), len(diff))



def _model_inputs(image: SRImage, inputs: str):
    lr, bi = image.lr[None, :, :, None], image.bicubic[None, :, :, None]
    return {"lr": lr, "bicubic": bi, "lr+bicubic": [lr, bi]}[inputs]


def sr_predict(model, images, inputs: str = "lr") -> list[np.ndarray]:
    """Run a Keras SR model on whole images, one at a time (sizes differ); a list of (H, W) float32.

    ``inputs`` says what the model takes: ``"lr"`` (post-upsampling nets such as ESPCN),
    ``"bicubic"`` (pre-upsampling nets such as SRCNN, fed the bicubic upscaling) or ``"lr+bicubic"``
    (two inputs, e.g. a net that adds the bicubic image back as a global skip).
    """
    check_choice("inputs", inputs, SR_INPUTS)
    images = tuple(images)
    if not images or not all(isinstance(im, SRImage) for im in images):
        raise TypeError("images must be a non-empty sequence of SRImage")
    out = []
    for im in images:
        pred = np.asarray(model(_model_inputs(im, inputs), training=False))[0, :, :, 0]
        if pred.shape != im.hr.shape:
            raise ValueError(f"the model turned {im.name!r} into {pred.shape}, expected the HR shape {im.hr.shape}")
        out.append(pred.astype(np.float32))
    return out


def sr_val_checkpoint(images, *, inputs: str = "lr", border: int | None = None):
    """A Keras callback that scores whole validation images after every epoch and keeps the best.

    After each epoch it predicts ``images`` (:func:`sr_predict`), records their mean Y-PSNR
    (``border`` defaults to the scale) in ``.val_psnr`` and the cumulative training seconds (epochs
    only, scoring excluded) in ``.seconds``; when training ends it restores the weights of the best
    epoch (``.best_epoch``, 1-based), like ``EarlyStopping(restore_best_weights=True)`` on PSNR.
    """
    import time

    import keras

    check_choice("inputs", inputs, SR_INPUTS)
    images = tuple(images)
    if not images or not all(isinstance(im, SRImage) for im in images):
        raise TypeError("images must be a non-empty sequence of SRImage")
    scale = images[0].hr.shape[0] // images[0].lr.shape[0]
    border = scale if border is None else check_int("border", border, 0)

    class _ValCheckpoint(keras.callbacks.Callback):
        """Validation PSNR per epoch, best weights restored (see :func:`sr_val_checkpoint`)."""

        def on_train_begin(self, logs=None):
            self.val_psnr, self.seconds, self._weights, self._elapsed = [], [], None, 0.0

        def on_epoch_begin(self, epoch, logs=None):
            self._start = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            self._elapsed += time.perf_counter() - self._start
            self.seconds.append(self._elapsed)
            preds = sr_predict(self.model, images, inputs)
            self.val_psnr.append(float(np.mean([sr_psnr(im.hr, p, border) for im, p in zip(images, preds)])))
            if self.val_psnr[-1] >= max(self.val_psnr):
                self._weights = self.model.get_weights()
            if logs is not None:
                logs["val_psnr"] = self.val_psnr[-1]

        @property
        def best_epoch(self) -> int:
            return int(np.argmax(self.val_psnr)) + 1

        def on_train_end(self, logs=None):
            if self._weights is not None:
                self.model.set_weights(self._weights)

    return _ValCheckpoint()
