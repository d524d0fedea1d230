"""Helpers for the deep-learning interview course.

Import this package before TensorFlow: it silences TensorFlow's C++ start-up
log lines (``import helpers`` first, then ``import tensorflow as tf``).
Notebooks call everything as ``helpers.<name>``; each name lives in one module:

Shared core

* :mod:`helpers.course` – the 30 questions, the nine sections, ``DEFAULT_SEED``, ``SPLIT_SEED``, ``data_seed``
* :mod:`helpers.env` – ``setup()`` (seed, quiet logs, plot style, report), ``course_seed()``
* :mod:`helpers.splits` – the ``Split`` container and ``stratified_split``
* :mod:`helpers.files` – committed data files checked against their sha256 manifest
* :mod:`helpers.scorecard` – the one-line SCORECARD and its quality bars
* :mod:`helpers.errata` – ``show_error`` / ``show_warnings``: a seed snippet's real error or warnings
* :mod:`helpers.exercises` – ``check`` for the "debug this" exercises
* :mod:`helpers.widgets` – ``slider``, ``choice``, ``interactive_plot``
* :mod:`helpers.plots` – training curves (one run or several), image grids, confusion matrices
* :mod:`helpers.training` – ``progress`` (a live one-line training display), ``fit_summary``
* :mod:`helpers.scoring` – the fixed scorer for generated digit images

Data, one module per domain (generators: ``make_<thing>(n, *, seed, ...)`` returning a NamedTuple)

* :mod:`helpers.tabular` – breast cancer, rare-positive subsamples
* :mod:`helpers.vision` – digits (real, font, stroke), detection canvases, masks, scenes, drawing
* :mod:`helpers.sequences` – periodic series, adding problem, digit reversal, sunspots

Every public module's ``__all__`` is exported here; ``helpers.MODULES`` lists them.
"""

from __future__ import annotations

import os
import sys

# TensorFlow reads these at import time, so they must be set before it loads.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")


def _import_tensorflow_quietly() -> None:
    """Import TensorFlow with the process's stderr (fd 2) muted.

    TF 2.21 writes a few absl lines ("All log messages before
    absl::InitializeLog() ...", oneDNN, CUDA) before its log level applies.
    Jupyter forwards fd 2 into the notebook, so mute it for the import only.
    """
    if "tensorflow" in sys.modules:
        return
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        import tensorflow  # noqa: F401
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


_import_tensorflow_quietly()

from ._package import exported, public_modules  # noqa: E402

MODULES = public_modules(__name__, __path__)
globals().update(exported(MODULES))
__all__ = sorted(exported(MODULES))
