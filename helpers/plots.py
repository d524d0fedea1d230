"""Plots the notebooks share: training curves, image grids, confusion matrices.

Each function draws one titled, labelled figure and returns it (end the
notebook line with ``;`` so Jupyter shows it once). Text inside figures is
English: matplotlib's bundled fonts have no CJK glyphs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

__all__ = ["plot_confusion_matrix", "plot_history", "show_images"]


def _history_dict(history: Any) -> Mapping[str, Sequence[float]]:
    """Accept a ``keras.callbacks.History`` or a plain dict of lists."""
    data = getattr(history, "history", history)
    if not isinstance(data, Mapping) or not data:
        raise TypeError("history must be a keras History or a non-empty dict of metric -> values")
    return data


def plot_history(history: Any, metrics: Sequence[str] = ("loss",), title: str = "Training curves"):
    """Plot training (solid) and validation (dashed) curves, one panel per metric.

    ``history`` is what ``model.fit`` returns, or a dict such as
    ``{"loss": [...], "val_loss": [...]}``.
    """
    import matplotlib.pyplot as plt

    data = _history_dict(history)
    if isinstance(metrics, str):
        metrics = (metrics,)
    unknown = [m for m in metrics if m not in data]
    if unknown:
        raise ValueError(f"metrics {unknown} not in history; it has {sorted(data)}")
    fig, axes = plt.subplots(1, len(metrics), figsize=(4.2 * len(metrics), 3.2), squeeze=False)
    for ax, name in zip(axes[0], metrics):
        epochs = np.arange(1, len(data[name]) + 1)
        ax.plot(epochs, data[name], label="train")
        if f"val_{name}" in data:
            ax.plot(epochs, data[f"val_{name}"], "--", label="validation")
        ax.set_xlabel("epoch")
        ax.set_ylabel(name)
        ax.legend()
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def show_images(
    images: np.ndarray,
    labels: Sequence[Any] | None = None,
    ncols: int = 10,
    title: str = "",
    cmap: str = "gray_r",
    size: float = 1.0,
):
    """Show a grid of images, ``(n, h, w)`` or ``(n, h, w, c)``, with optional captions."""
    import matplotlib.pyplot as plt

    images = np.asarray(images)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim not in (3, 4) or len(images) == 0:
        raise ValueError(f"images must have shape (n, h, w) or (n, h, w, c) with n >= 1, got {images.shape}")
    if labels is not None and len(labels) != len(images):
        raise ValueError(f"got {len(labels)} labels for {len(images)} images")
    if not isinstance(ncols, int) or ncols < 1:
        raise ValueError(f"ncols must be a positive int, got {ncols!r}")
    ncols = min(ncols, len(images))
    nrows = -(-len(images) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows + (0.4 if title else 0)),
                             squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i < len(images):
            ax.imshow(images[i], cmap=cmap)
            if labels is not None:
                ax.set_title(str(labels[i]), fontsize=9)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_confusion_matrix(
    cm: np.ndarray,
    class_names: Sequence[str] | None = None,
    title: str = "Confusion matrix",
    normalize: bool = False,
):
    """Draw a confusion matrix (rows = true class, columns = predicted) with counts.

    With ``normalize`` each row is divided by its total, so the diagonal is
    the per-class recall.
    """
    import matplotlib.pyplot as plt

    cm = np.asarray(cm)
    if cm.ndim != 2 or cm.shape[0] != cm.shape[1] or cm.shape[0] < 2:
        raise ValueError(f"cm must be a square matrix of size >= 2, got shape {cm.shape}")
    if np.any(cm < 0):
        raise ValueError("cm must hold non-negative counts")
    k = cm.shape[0]
    names = [str(i) for i in range(k)] if class_names is None else [str(c) for c in class_names]
    if len(names) != k:
        raise ValueError(f"got {len(names)} class names for a {k}x{k} matrix")
    values = cm / np.maximum(cm.sum(axis=1, keepdims=True), 1) if normalize else cm
    fig, ax = plt.subplots(figsize=(1.0 + 0.45 * k, 0.8 + 0.45 * k) if k > 4 else (3.6, 3.2))
    ax.imshow(values, cmap="Blues", vmin=0)
    ax.grid(False)
    ax.set_xticks(range(k), names)
    ax.set_yticks(range(k), names)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title(title)
    threshold = values.max() / 2 if values.max() > 0 else 0.5
    for i in range(k):
        for j in range(k):
            text = f"{values[i, j]:.2f}" if normalize else f"{int(values[i, j])}"
            ax.text(j, i, text, ha="center", va="center", fontsize=8 if k > 4 else 11,
                    color="white" if values[i, j] > threshold else "black")
    fig.tight_layout()
    return fig
