"""Shared test set-up: a non-interactive plot backend, the repo on sys.path, and a data digest.

COURSE_SEED is left alone: `COURSE_SEED=1 make test` runs the notebooks under seed 1
(unit tests that depend on it set or clear it themselves).
"""

import hashlib
import importlib.util
import sys
import time
from pathlib import Path

import matplotlib
import numpy as np

matplotlib.use("Agg")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The real package first: the tools' light_import() registers a TensorFlow-free stub "helpers" when
# none is imported yet, and a test module collected later (test_package) would then see the stub.
import helpers  # noqa: E402,F401


def load_tool(name: str):
    """tools/<name>.py imported once as module ``course_<name>`` (tools/site.py must not shadow
    the stdlib's ``site``); later calls return the same module."""
    module_name = f"course_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def digest_of(*arrays: np.ndarray) -> str:
    """First 16 hex digits of the sha256 of arrays' dtypes, shapes and bytes: pins generated data."""
    h = hashlib.sha256()
    for a in arrays:
        a = np.ascontiguousarray(a)
        h.update(str(a.dtype).encode())
        h.update(str(a.shape).encode())
        h.update(a.tobytes())
    return h.hexdigest()[:16]


def assert_fast(make, seconds: float = 5.0, **kwargs) -> None:
    """A generator makes 2,000 samples within ``seconds`` (after one small warm-up call)."""
    make(10, seed=0, **kwargs)  # warm the caches (glyphs, imports)
    start = time.perf_counter()
    make(2000, seed=1, **kwargs)
    assert time.perf_counter() - start < seconds
