"""Plots the notebooks share: training curves (one run or several), image grids, confusion matrices.

Each function draws one titled, labelled figure and returns it (end the
notebook line with ``;`` so Jupyter shows it once). Text inside figures is
English: matplotlib's bundled fonts have no CJK glyphs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from numbers import Real
from typing import Any

import numpy as np

from ._validate import check_bool, check_int, check_str

__all__ = ["plot_confusion_matrix", "plot_history", "run_colour", "show_images"]

# Every run name gets the next colour of matplotlib's tab10 the first time it is plotted and keeps
# it for the rest of the session, so "Adam" is the same colour in every figure of a notebook.
_RUN_COLOURS: dict[str, int] = {}


def run_colour(name: str) -> tuple[float, float, float]:
    """The colour of run ``name`` in :func:`plot_history`: fixed for the session once assigned."""
    import matplotlib

    check_str("name", name)
    index = _RUN_COLOURS.setdefault(name, len(_RUN_COLOURS))
    return matplotlib.colormaps["tab10"].colors[index % 10]


def _as_history(history: Any, what: str) -> Mapping[str, Sequence[float]]:
    """A ``keras.callbacks.History`` or a plain dict of lists, as the dict."""
    data = getattr(history, "history", history)
    if not isinstance(data, Mapping) or not data:
        raise TypeError(f"{what} must be a keras History or a non-empty dict of metric -> values")
    return data


def _is_single_history(value: Any) -> bool:
    """True for one History or one ``{metric: [numbers]}`` dict (not a dict of runs)."""
    data = getattr(value, "history", value)
    if not isinstance(data, Mapping) or not data:
        return False
    first = next(iter(data.values()))
    return isinstance(first, Sequence) and not isinstance(first, str) and all(
        isinstance(v, Real) for v in first)


def plot_history(
    history: Any,
    metrics: str | Sequence[str] = ("loss",),
    title: str = "Training curves",
    logy: bool = False,
):
    """Training (solid) and validation (dashed) curves, one panel per metric.

    ``history`` is what ``model.fit`` returns, a dict such as ``{"loss": [...], "val_loss": [...]}``,
    or a dict of runs ``{"Adam": history_a, "SGD": history_b}`` to compare several runs in the same
    panels; each run keeps one colour (:func:`run_colour`) in every figure of the session. ``logy``
    puts the y axis on a log scale.
    """
    import matplotlib.pyplot as plt

    if _is_single_history(history):
        runs = {"": _as_history(history, "history")}
    elif isinstance(history, Mapping) and history:
        runs = {check_str("run name", str(name)): _as_history(h, f"history[{name!r}]")
                for name, h in history.items()}
    else:
        raise TypeError("history must be a keras History, a dict of metric -> values, "
                        "or a non-empty dict of run name -> History")
    metrics = (metrics,) if isinstance(metrics, str) else tuple(metrics)
    logy = check_bool("logy", logy)
    for name, data in runs.items():
        unknown = [m for m in metrics if m not in data]
        if unknown:
            where = f"run {name!r}" if name else "history"
            raise ValueError(f"metrics {unknown} not in {where}; it has {sorted(data)}")
    fig, axes = plt.subplots(1, len(metrics), figsize=(4.2 * len(metrics), 3.2), squeeze=False)
    for ax, metric in zip(axes[0], metrics):
        for name, data in runs.items():
            colour = run_colour(name) if name else None
            epochs = np.arange(1, len(data[metric]) + 1)
            prefix = f"{name} " if name else ""
            ax.plot(epochs, data[metric], color=colour, label=f"{prefix}train")
            if f"val_{metric}" in data:
                ax.plot(epochs, data[f"val_{metric}"], "--", color=colour, label=f"{prefix}validation")
        ax.set_xlabel("epoch")
        ax.set_ylabel(metric)
        if logy:
            ax.set_yscale("log")
        ax.legend(fontsize=8 if len(runs) > 2 else 10)
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
    vmin: float | None = None,
    vmax: float | None = None,
):
    """Show a grid of images, ``(n, h, w)`` or ``(n, h, w, c)``, with optional captions.

    ``vmin``/``vmax`` fix the colour range for every panel (e.g. a diverging saliency
    map with ``cmap="RdBu_r", vmin=-m, vmax=m``); by default each panel is scaled alone.
    """
    import matplotlib.pyplot as plt

    images = np.asarray(images)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim not in (3, 4) or len(images) == 0:
        raise ValueError(f"images must have shape (n, h, w) or (n, h, w, c) with n >= 1, got {images.shape}")
    if labels is not None and len(labels) != len(images):
        raise ValueError(f"got {len(labels)} labels for {len(images)} images")
    ncols = check_int("ncols", ncols, 1)
    ncols = min(ncols, len(images))
    nrows = -(-len(images) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows + (0.4 if title else 0)),
                             squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i < len(images):
            ax.imshow(images[i], cmap=cmap, vmin=vmin, vmax=vmax)
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
    normalize = check_bool("normalize", normalize)
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
