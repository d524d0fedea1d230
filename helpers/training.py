"""Training plumbing: a one-line live progress display, and a one-line summary of a finished fit.

``progress()`` is a Keras callback that keeps a training cell from sitting silent: one line
that updates in place after every epoch (in Jupyter; a carriage-return line in a terminal)
and ends as a short summary, so the stored output stays one line whatever the epoch count.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Mapping
from typing import Any

import numpy as np

from ._validate import check_choice, check_int, check_str

__all__ = ["fit_summary", "progress"]


def _history_of(history: Any) -> Mapping[str, list]:
    data = getattr(history, "history", history)
    if not isinstance(data, Mapping) or not data:
        raise TypeError("history must be a keras History or a non-empty dict of metric -> values")
    return data


def _best_epoch(values: list[float], mode: str) -> int:
    """0-based index of the best value (the first one, on ties)."""
    return int(np.argmin(values) if mode == "min" else np.argmax(values))


def _mode_for(monitor: str, mode: str) -> str:
    check_choice("mode", mode, ("auto", "min", "max"))
    if mode != "auto":
        return mode
    lowered = monitor.lower()
    return "max" if any(k in lowered for k in ("acc", "auc", "f1", "iou", "dice", "precision",
                                                  "recall", "psnr", "ssim")) else "min"


def fit_summary(history: Any, monitor: str = "val_loss", mode: str = "auto") -> str:
    """One line about a finished ``fit``: epochs run, the best epoch by ``monitor`` and its value.

    ``history`` is what ``model.fit`` returns (or its ``.history`` dict). ``mode`` ``"auto"``
    minimises losses and errors and maximises accuracy-like names (acc, auc, f1, iou, dice, ...).
    Epochs are counted from 1, as Keras prints them, e.g.
    ``"ran 23 epochs; best epoch 18 (val_loss 0.0412)"``. With ``EarlyStopping(restore_best_weights=True)``
    the best epoch is the one whose weights the model keeps.
    """
    data = _history_of(history)
    check_str("monitor", monitor)
    if monitor not in data:
        raise ValueError(f"monitor {monitor!r} not in history; it has {sorted(data)}")
    values = [float(v) for v in data[monitor]]
    if not values:
        raise ValueError(f"history[{monitor!r}] is empty: nothing was trained")
    best = _best_epoch(values, _mode_for(monitor, mode))
    return f"ran {len(values)} epochs; best epoch {best + 1} ({monitor} {values[best]:.4g})"


def _format_logs(logs: Mapping[str, Any] | None, keys: tuple[str, ...]) -> str:
    logs = dict(logs or {})
    shown = [k for k in keys if k in logs] if keys else list(logs)
    return " · ".join(f"{k} {float(logs[k]):.4g}" for k in shown)


def progress(label: str = "training", *, keys: tuple[str, ...] = (), every: int = 1):
    """A Keras callback showing one live line per fit: ``label · epoch 7/30 · loss 0.41 · 3 s``.

    Pass it to ``fit(..., verbose=0, callbacks=[helpers.progress("CNN")])``. The line updates
    in place every ``every`` epochs and, when training ends, becomes the summary
    ``label: 30 epochs · loss 0.12 · val_loss 0.15`` (no time, so re-executing a notebook gives a
    clean diff). ``keys`` limits which logged metrics are shown (default: all).
    """
    import keras

    check_str("label", label)
    every = check_int("every", every, 1)
    keys = tuple(check_str("key", k) for k in keys)

    class _Progress(keras.callbacks.Callback):
        """The live line (see :func:`progress`)."""

        def __init__(self) -> None:
            super().__init__()
            self._handle = None
            self._start = 0.0
            self._epochs = 0
            self._logs: dict[str, Any] = {}

        def _show(self, text: str) -> None:
            try:
                from IPython import get_ipython
                from IPython.display import display

                in_kernel = get_ipython() is not None and hasattr(get_ipython(), "kernel")
            except ImportError:  # pragma: no cover - IPython ships with the course
                in_kernel = False
            if in_kernel:
                if self._handle is None:
                    self._handle = display({"text/plain": text}, raw=True, display_id=True)
                else:
                    self._handle.update({"text/plain": text}, raw=True)
            else:
                end = "\n" if text.startswith(label + ":") else ""
                sys.stdout.write("\r" + text + end)
                sys.stdout.flush()

        def on_train_begin(self, logs=None):
            self._handle, self._start, self._epochs, self._logs = None, time.perf_counter(), 0, {}
            total = self.params.get("epochs") if self.params else None
            self._total = f"/{total}" if total else ""
            self._show(f"{label} · starting")

        def on_epoch_end(self, epoch, logs=None):
            self._epochs, self._logs = epoch + 1, dict(logs or {})
            if self._epochs % every == 0:
                seconds = time.perf_counter() - self._start
                metrics = _format_logs(self._logs, keys)
                self._show(f"{label} · epoch {self._epochs}{self._total} · {metrics} · {seconds:.0f} s")

        def on_train_end(self, logs=None):
            metrics = _format_logs(self._logs, keys)
            self._show(f"{label}: {self._epochs} epochs" + (f" · {metrics}" if metrics else ""))

    return _Progress()
