"""The scorecard: one machine-readable line per notebook, then its quality bars.

The line is printed *before* any check, so a failing run still shows what it
measured; then every bar is checked and a miss raises ``AssertionError`` naming
the metric::

    SCORECARD {"notebook": "q03", "metrics": {...}, "baseline": {...},
               "bars": {"test_acc": [">=", 0.98]}, "passed": true}
"""

from __future__ import annotations

import json
import math
import operator
import re
from collections.abc import Mapping
from numbers import Real
from typing import Any

from ._validate import check_str

__all__ = ["parse_scorecard", "scorecard"]

OPS = {">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt}
_TAG = re.compile(r"q\d\d")
PREFIX = "SCORECARD "


def _rounded(value: float) -> float:
    """``value`` rounded for reading: 4 decimals from 1 up (counts stay exact), else 4 significant
    digits (so 1e-9 tolerances survive)."""
    return round(value, 4) if abs(value) >= 1 else float(f"{value:.4g}")


def _clean(name: str, values: Mapping[str, Any]) -> dict[str, float]:
    """Check a metrics mapping and return it as plain, unrounded floats."""
    if not isinstance(values, Mapping):
        raise TypeError(f"{name} must be a dict of name -> number, got {type(values).__name__}")
    out = {}
    for key, value in values.items():
        if not isinstance(key, str) or not key:
            raise TypeError(f"{name}: metric names must be non-empty strings, got {key!r}")
        if isinstance(value, bool) or not isinstance(value, Real):
            raise TypeError(f"{name}[{key!r}] must be a number, got {type(value).__name__}")
        if not math.isfinite(float(value)):
            raise ValueError(f"{name}[{key!r}] must be finite, got {value}")
        out[key] = float(value)
    return out


def scorecard(
    notebook: str,
    metrics: Mapping[str, float],
    baseline: Mapping[str, float],
    bars: Mapping[str, tuple[str, float]],
) -> None:
    """Print the SCORECARD line, then assert every bar.

    ``metrics`` and ``baseline`` map names to numbers measured in this run
    (relative bars such as ``acc_gain_over_mlp`` are metrics too).
    ``bars`` maps a metric name to ``(op, threshold)`` with op one of
    ``>= <= > <``. Bars compare the *unrounded* values (0.94996 misses ``>= 0.95``);
    the line shows them rounded for reading. Raises ``AssertionError`` naming every
    metric that misses its bar (after the line is printed, with ``"passed": false``).
    """
    if not _TAG.fullmatch(check_str("notebook", notebook)):
        raise ValueError(f"notebook must look like 'q03', got {notebook!r}")
    metrics_c = _clean("metrics", metrics)
    baseline_c = _clean("baseline", baseline)
    if not isinstance(bars, Mapping):
        raise TypeError(f"bars must be a dict of metric -> (op, threshold), got {type(bars).__name__}")
    if not bars:
        raise ValueError("bars is empty: give at least one metric -> (op, threshold)")
    bars_c: dict[str, list] = {}
    for name, bar in bars.items():
        if name not in metrics_c:
            raise ValueError(f"bar {name!r} names no metric; metrics are {sorted(metrics_c)}")
        if not isinstance(bar, (tuple, list)) or len(bar) != 2 or bar[0] not in OPS:
            raise ValueError(f"bar {name!r} must be (op, threshold) with op in {list(OPS)}, got {bar!r}")
        threshold = _clean(f"bars[{name!r}]", {"threshold": bar[1]})["threshold"]
        bars_c[name] = [bar[0], threshold]
    missed = [
        f"{name} = {_rounded(metrics_c[name])} ({metrics_c[name]!r}) misses its bar {op} {threshold}"
        for name, (op, threshold) in bars_c.items()
        if not OPS[op](metrics_c[name], threshold)
    ]
    card = {
        "notebook": notebook,
        "metrics": {k: _rounded(v) for k, v in metrics_c.items()},
        "baseline": {k: _rounded(v) for k, v in baseline_c.items()},
        "bars": {k: [op, _rounded(t)] for k, (op, t) in bars_c.items()},
        "passed": not missed,
    }
    print(PREFIX + json.dumps(card, ensure_ascii=False))
    if missed:
        raise AssertionError("; ".join(missed))


def parse_scorecard(text: str) -> list[dict[str, Any]]:
    """Return every SCORECARD found in ``text`` (one per line), parsed from JSON."""
    check_str("text", text, empty=True)
    cards = []
    for line in text.splitlines():
        if line.startswith(PREFIX):
            try:
                cards.append(json.loads(line[len(PREFIX):]))
            except json.JSONDecodeError as err:
                raise ValueError(f"malformed SCORECARD line: {line[:80]!r}") from err
    return cards
