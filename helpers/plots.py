"""Plots the notebooks share: training curves, image grids, confusion matrices, boxes, masks.

Each function draws one titled, labelled figure and returns it (end the
notebook line with ``;`` so Jupyter shows it once). Text inside figures is
English: matplotlib's bundled fonts have no CJK glyphs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

__all__ = ["draw_boxes", "overlay_mask", "plot_confusion_matrix", "plot_history", "show_images"]


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
    if not isinstance(ncols, int) or ncols < 1:
        raise ValueError(f"ncols must be a positive int, got {ncols!r}")
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


def _class_colour(index: int) -> tuple[float, float, float]:
    """Fixed colour of class ``index`` (matplotlib's tab10, cycling), the same in every plot."""
    import matplotlib

    return matplotlib.colormaps["tab10"].colors[int(index) % 10]


def _image_axes(image: np.ndarray, ax: Any, title: str):
    """Show a (h, w), (h, w, 1) or (h, w, 3) image on ``ax`` (a new figure if None)."""
    import matplotlib.pyplot as plt

    image = np.asarray(image)
    if image.ndim == 3 and image.shape[-1] == 1:
        image = image[..., 0]
    if image.ndim not in (2, 3) or (image.ndim == 3 and image.shape[-1] != 3):
        raise ValueError(f"image must have shape (h, w), (h, w, 1) or (h, w, 3), got {image.shape}")
    if ax is None:
        _, ax = plt.subplots(figsize=(3.2, 3.2))
    ax.imshow(image, cmap="gray", vmin=0, vmax=1 if image.max() <= 1 else None)
    ax.axis("off")
    if title:
        ax.set_title(title)
    return image, ax


def draw_boxes(
    image: np.ndarray,
    boxes: np.ndarray,
    labels: Sequence[int] | None = None,
    scores: Sequence[float] | None = None,
    class_names: Sequence[str] | None = None,
    ax: Any = None,
    title: str = "",
):
    """Draw ``[x_min, y_min, x_max, y_max]`` boxes (pixel-edge coordinates) on an image.

    Box colours follow ``labels`` (a fixed palette, so a class keeps its colour across
    plots); captions show the class name and, with ``scores``, the score. Pass ``ax``
    to draw into an existing panel. Returns the figure.
    """
    from matplotlib.patches import Rectangle

    boxes = np.asarray(boxes, dtype=float)
    if boxes.size == 0:
        boxes = boxes.reshape(0, 4)
    if boxes.ndim != 2 or boxes.shape[1] != 4:
        raise ValueError(f"boxes must have shape (k, 4) as [x_min, y_min, x_max, y_max], got {boxes.shape}")
    if np.any(boxes[:, 2] < boxes[:, 0]) or np.any(boxes[:, 3] < boxes[:, 1]):
        raise ValueError("boxes must satisfy x_max >= x_min and y_max >= y_min")
    for name, values in (("labels", labels), ("scores", scores)):
        if values is not None and len(values) != len(boxes):
            raise ValueError(f"got {len(values)} {name} for {len(boxes)} boxes")
    if class_names is not None and labels is None:
        raise ValueError("class_names needs labels")
    if class_names is not None and any(not 0 <= int(c) < len(class_names) for c in labels):
        raise ValueError(f"labels must be indices into the {len(class_names)} class_names")
    _, ax = _image_axes(image, ax, title)
    for i, (x0, y0, x1, y1) in enumerate(boxes):
        colour = _class_colour(labels[i] if labels is not None else 3)  # 3: tab10 red
        # imshow puts pixel centres on integers, so pixel-edge coordinates shift by -0.5.
        ax.add_patch(Rectangle((x0 - 0.5, y0 - 0.5), x1 - x0, y1 - y0, fill=False, ec=colour, lw=1.5))
        parts = []
        if labels is not None:
            parts.append(class_names[int(labels[i])] if class_names is not None else str(int(labels[i])))
        if scores is not None:
            parts.append(f"{float(scores[i]):.2f}")
        if parts:
            ax.text(x0 - 0.5, y0 - 1, " ".join(parts), color="white", fontsize=7, va="bottom",
                    bbox=dict(facecolor=colour, edgecolor="none", pad=0.5, alpha=0.8))
    return ax.figure


def overlay_mask(
    image: np.ndarray,
    mask: np.ndarray,
    ax: Any = None,
    alpha: float = 0.4,
    class_names: Sequence[str] | None = None,
    title: str = "",
    grey: bool = False,
):
    """Colour a binary or multi-class mask (0 = background, left clear) over an image.

    Class ``c >= 1`` always gets the same colour (the fixed palette of :func:`draw_boxes`,
    index ``c - 1``), so predictions and ground truth compare across plots. With
    ``class_names`` (including the background's name at index 0) a legend names the
    classes. ``grey=True`` draws a lightened greyscale copy of a colour image underneath,
    so that the class colours do not blend with the objects' own colours. Pass ``ax`` to
    draw into an existing panel. Returns the figure.
    """
    from matplotlib.patches import Patch

    mask = np.asarray(mask)
    if mask.dtype == bool:
        mask = mask.astype(np.uint8)
    if not np.issubdtype(mask.dtype, np.integer):
        raise TypeError(f"mask must hold integer class ids or booleans, got dtype {mask.dtype}")
    if mask.ndim != 2 or mask.shape != np.asarray(image).shape[:2]:
        raise ValueError(f"mask must have shape (h, w) matching the image {np.asarray(image).shape}, "
                         f"got {mask.shape}")
    if mask.size and mask.min() < 0:
        raise ValueError("mask class ids must be >= 0")
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float)) or not 0 <= alpha <= 1:
        raise ValueError(f"alpha must be a number in [0, 1], got {alpha!r}")
    if class_names is not None and mask.size and mask.max() >= len(class_names):
        raise ValueError(f"mask has class id {mask.max()} but only {len(class_names)} class_names")
    if grey:
        image = np.asarray(image, dtype=float)
        image = image.mean(axis=-1) if image.ndim == 3 else image
        image = 0.35 + 0.65 * image / max(float(image.max()), 1.0)  # light grey, range [0.35, 1]
    _, ax = _image_axes(image, ax, title)
    palette = np.array([(0.0, 0.0, 0.0)] + [_class_colour(c) for c in range(10)])
    rgba = np.zeros(mask.shape + (4,))
    rgba[..., :3] = palette[np.where(mask > 0, (mask - 1) % 10 + 1, 0)]
    rgba[..., 3] = np.where(mask > 0, alpha, 0.0)
    ax.imshow(rgba)
    if class_names is not None:
        handles = [Patch(color=_class_colour(c - 1), label=str(class_names[c]))
                   for c in range(1, len(class_names))]
        ax.legend(handles=handles, loc="upper right", fontsize=7, framealpha=0.7)
    return ax.figure
