"""Helpers for the deep-learning interview course.

Import this package before TensorFlow: it silences TensorFlow's C++ start-up
log lines (``import helpers`` first, then ``import tensorflow as tf``).

The public API, one module each:

* :mod:`helpers.env` – ``setup()`` (seed, quiet logs, plot style, report), ``course_seed()``
* :mod:`helpers.data` – stratified splits and the data loaders
* :mod:`helpers.datasets` – the sha256 manifest of generated data files
* :mod:`helpers.plots` – training curves, image grids, confusion matrices
* :mod:`helpers.scorecard` – the one-line SCORECARD and its quality bars
* :mod:`helpers.errata` – run a seed snippet and show its real error
* :mod:`helpers.exercises` – checks for the "debug this" exercises
* :mod:`helpers.widgets` – small ipywidgets builders
* :mod:`helpers.course` – the list of the 30 questions
* :mod:`helpers.generative` – a fixed scorer for generated digit images
* :mod:`helpers.synth` – seeded generators: font and stroke digits, detection canvases, shapes, scenes,
  periodic series, the adding problem, digit reversal
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

from .course import QUESTIONS, question  # noqa: E402
from .data import (  # noqa: E402
    SPLIT_SEED,
    Split,
    Sunspots,
    load_breast_cancer_split,
    load_digits_split,
    load_sunspots,
    stratified_split,
    subsample_prevalence,
)
from .datasets import dataset_path, load_npz, verify_dataset  # noqa: E402
from .env import course_seed, env_report, setup  # noqa: E402
from .errata import show_error  # noqa: E402
from .generative import SCORER_CLASSES, digit_scorer, reference_scores, score_digit_images, scores_table  # noqa: E402
from .exercises import check  # noqa: E402
from .plots import draw_boxes, overlay_mask, plot_confusion_matrix, plot_history, show_images  # noqa: E402
from .scorecard import parse_scorecard, scorecard  # noqa: E402
from .synth import (  # noqa: E402
    DIGIT_FONTS,
    SCENE_CLASSES,
    SHAPE_CLASSES,
    AddingProblem,
    Detections,
    PeriodicSeries,
    ReversalSet,
    adding_problem,
    make_detection_canvases,
    make_segmentation_scenes,
    make_shape_masks,
    noisy_periodic_series,
    noisy_periodic_splits,
    render_font_digits,
    render_stroke_digits,
    reversal_task,
)
from .widgets import interactive_plot, slider  # noqa: E402

__all__ = [
    "AddingProblem",
    "DIGIT_FONTS",
    "Detections",
    "PeriodicSeries",
    "QUESTIONS",
    "SCORER_CLASSES",
    "SCENE_CLASSES",
    "SHAPE_CLASSES",
    "ReversalSet",
    "SPLIT_SEED",
    "Split",
    "Sunspots",
    "adding_problem",
    "check",
    "course_seed",
    "dataset_path",
    "digit_scorer",
    "draw_boxes",
    "env_report",
    "interactive_plot",
    "load_breast_cancer_split",
    "load_digits_split",
    "load_npz",
    "load_sunspots",
    "make_detection_canvases",
    "make_segmentation_scenes",
    "make_shape_masks",
    "noisy_periodic_series",
    "noisy_periodic_splits",
    "overlay_mask",
    "parse_scorecard",
    "plot_confusion_matrix",
    "plot_history",
    "question",
    "reference_scores",
    "render_font_digits",
    "render_stroke_digits",
    "reversal_task",
    "score_digit_images",
    "scorecard",
    "scores_table",
    "setup",
    "show_error",
    "show_images",
    "slider",
    "stratified_split",
    "subsample_prevalence",
    "verify_dataset",
]
