"""Drawing on images: boxes for detection, masks for segmentation (one fixed palette per class).

Each function draws into a panel (``ax``, or a new figure) and returns the figure; end the
notebook line with ``;`` so Jupyter shows it once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .._validate import check_bool, check_float

__all__ = ["draw_boxes", "overlay_mask"]


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
    alpha, grey = check_float("alpha", alpha, 0.0, 1.0), check_bool("grey", grey)
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
