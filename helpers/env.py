"""Set-up every notebook runs first: the seed, quiet logs, plot style, a report."""

from __future__ import annotations

import os
import platform

from ._validate import check_bool, check_int
from .course import DEFAULT_SEED

__all__ = ["course_seed", "env_report", "setup"]

# Small, legible figures: readable on a projector, a few tens of kB each when stored.
PLOT_STYLE = {
    "figure.figsize": (6.0, 3.6),
    "figure.dpi": 80,
    "savefig.dpi": 80,
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "image.cmap": "gray_r",
}


def course_seed(default: int = DEFAULT_SEED) -> int:
    """Return the seed from the ``COURSE_SEED`` environment variable.

    An unset or empty variable gives ``default``; anything but a non-negative
    whole number raises ``ValueError``.
    """
    raw = os.environ.get("COURSE_SEED", "").strip()
    if not raw:
        return default
    try:
        seed = int(raw)
    except ValueError:
        raise ValueError(f"COURSE_SEED must be a whole number, got {raw!r}") from None
    if seed < 0:
        raise ValueError(f"COURSE_SEED must be >= 0, got {seed}")
    return seed


def env_report(seed: int | None = None) -> str:
    """One line naming the seed, the library versions and the device."""
    import keras
    import numpy as np
    import tensorflow as tf

    gpus = tf.config.list_physical_devices("GPU")
    device = f"{len(gpus)} GPU" if gpus else f"CPU only, {os.cpu_count()} cores"
    seed_part = f"COURSE_SEED={seed} · " if seed is not None else ""
    return (
        f"{seed_part}Python {platform.python_version()} · TensorFlow {tf.__version__} · "
        f"Keras {keras.__version__} · NumPy {np.__version__} · {device}"
    )


def setup(seed: int | None = None, report: bool = True) -> int:
    """Seed Python, NumPy and TensorFlow, set the plot style and print a report.

    ``seed`` defaults to :func:`course_seed` (``COURSE_SEED``, else 42).
    Returns the seed so a notebook can pass it on (shuffling, sampling).
    """
    import keras
    import matplotlib as mpl

    seed = course_seed() if seed is None else check_int("seed", seed, 0)
    report = check_bool("report", report)
    keras.utils.set_random_seed(seed)  # Python's random, NumPy and TensorFlow
    import tensorflow as tf

    # Training many small models in one notebook makes TF log "tf.function retracing"
    # warnings into the output; errors still show.
    tf.get_logger().setLevel("ERROR")
    mpl.rcParams.update(PLOT_STYLE)
    if report:
        print(env_report(seed))
    return seed
