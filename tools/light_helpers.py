"""Import the TensorFlow-free modules of ``helpers`` (course, scorecard, files) for the tools.

``import helpers`` imports TensorFlow first (to silence its start-up log), which costs
seconds and is not needed to read a notebook's SCORECARD or a manifest. Here the package
is registered without running its ``__init__``, so only the named modules load. If the
real package is already imported (in the tests, say), it is used as it is.
"""

from __future__ import annotations

import importlib
import sys
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def light_import(*names: str) -> tuple[types.ModuleType, ...]:
    """``helpers.<name>`` for each name, without importing TensorFlow."""
    if "helpers" not in sys.modules:
        package = types.ModuleType("helpers", "helpers, loaded without its __init__ (no TensorFlow)")
        package.__path__ = [str(ROOT / "helpers")]
        sys.modules["helpers"] = package
    return tuple(importlib.import_module(f"helpers.{name}") for name in names)
