"""The one argument-checking policy of the package (private: helpers modules use it, notebooks do not).

* A value of the wrong *type* raises ``TypeError``; a value of the right type but outside what is
  allowed raises ``ValueError``. Both messages name the argument and say what was expected.
* NumPy scalars are accepted wherever Python numbers are (``np.int64(3)`` is an int here,
  ``np.float32(0.5)`` a float), and come back as plain Python numbers. ``bool`` is never a number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from numbers import Integral, Real
from typing import Any

import numpy as np

ANSI = re.compile(r"\x1b\[[0-9;]*m")  # terminal colour codes (Keras bolds names in its messages)


def strip_ansi(text: str) -> str:
    """``text`` without terminal colour codes."""
    return ANSI.sub("", text)


def check_int(name: str, value: Any, low: int | None = None, high: int | None = None) -> int:
    """Return ``value`` as an ``int`` in ``[low, high]`` (either bound may be None)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    value = int(value)
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValueError(f"{name} must be {_bounds(low, high)}, got {value}")
    return value


def check_float(name: str, value: Any, low: float | None = None, high: float | None = None,
                *, strict: bool = False) -> float:
    """Return ``value`` as a finite ``float`` in ``[low, high]`` (``(low, high)`` if ``strict``)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    too_low = low is not None and (value <= low if strict else value < low)
    too_high = high is not None and (value >= high if strict else value > high)
    if too_low or too_high:
        raise ValueError(f"{name} must be {_bounds(low, high, strict)}, got {value}")
    return value


def check_fraction(name: str, value: Any) -> float:
    """Return ``value`` as a float strictly between 0 and 1."""
    value = check_float(name, value)
    if not 0 < value < 1:
        raise ValueError(f"{name} must be a fraction strictly between 0 and 1, got {value}")
    return value


def check_bool(name: str, value: Any) -> bool:
    """Return ``value`` as a ``bool`` (Python or NumPy bool only)."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__}")
    return bool(value)


def check_str(name: str, value: Any, *, empty: bool = False) -> str:
    """Return ``value`` if it is a ``str`` (non-empty unless ``empty``)."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__}")
    if not empty and not value.strip():
        raise ValueError(f"{name} must be a non-empty string")
    return value


def check_choice(name: str, value: Any, choices: Sequence[Any]) -> Any:
    """Return ``value`` if it is one of ``choices`` (ValueError listing them otherwise)."""
    if value not in choices:
        raise ValueError(f"{name} must be one of {list(choices)}, got {value!r}")
    return value


def check_callable(name: str, value: Any) -> Any:
    """Return ``value`` if it can be called."""
    if not callable(value):
        raise TypeError(f"{name} must be callable, got {type(value).__name__}")
    return value


def check_array(name: str, value: Any, *, ndim: int | tuple[int, ...] | None = None,
                numeric: bool = True) -> np.ndarray:
    """``np.asarray(value)``, checked to be real-valued (if ``numeric``) with ``ndim`` dimensions."""
    array = np.asarray(value)
    if numeric and (not np.issubdtype(array.dtype, np.number) or np.issubdtype(array.dtype, np.complexfloating)):
        if array.dtype != bool:
            raise TypeError(f"{name} must be a real numeric array, got dtype {array.dtype}")
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if array.ndim not in allowed:
            want = " or ".join(f"{d}-D" for d in allowed)
            raise ValueError(f"{name} must be {want}, got shape {array.shape}")
    return array


def check_same_length(**arrays: Any) -> int:
    """The common length of the named arrays (ValueError naming them if they differ)."""
    lengths = {name: len(a) for name, a in arrays.items()}
    if len(set(lengths.values())) > 1:
        listed = ", ".join(f"{k} has {v}" for k, v in lengths.items())
        raise ValueError(f"{' and '.join(lengths)} must have the same length: {listed}")
    return next(iter(lengths.values()))


def _bounds(low: float | None, high: float | None, strict: bool = False) -> str:
    """Words for an interval, e.g. ``'in [0, 1]'`` or ``'>= 1'``."""
    if low is not None and high is not None:
        return f"in ({low}, {high})" if strict else f"in [{low}, {high}]"
    if low is not None:
        return f"> {low}" if strict else f">= {low}"
    return f"< {high}" if strict else f"<= {high}"


def rng_from(seed: Any, *extra: int) -> np.random.Generator:
    """A ``numpy.random.Generator`` from ``seed``: an int >= 0 (seeded with ``[seed, *extra]``
    when ``extra`` is given) or a Generator, returned as it is so that several calls can draw
    one after another from one stream."""
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, Integral):
        raise TypeError(f"seed must be an int or a numpy.random.Generator, got {type(seed).__name__}")
    seed = check_int("seed", seed, 0)
    return np.random.default_rng([seed, *extra] if extra else seed)
