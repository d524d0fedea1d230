"""Shared test set-up: a non-interactive plot backend, the repo on sys.path, and a data digest.

COURSE_SEED is left alone: `COURSE_SEED=1 make test` runs the notebooks under seed 1
(unit tests that depend on it set or clear it themselves).
"""

import hashlib
import sys
from pathlib import Path

import matplotlib
import numpy as np

matplotlib.use("Agg")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def digest_of(*arrays: np.ndarray) -> str:
    """First 16 hex digits of the sha256 of arrays' dtypes, shapes and bytes: pins generated data."""
    h = hashlib.sha256()
    for a in arrays:
        a = np.ascontiguousarray(a)
        h.update(str(a.dtype).encode())
        h.update(str(a.shape).encode())
        h.update(a.tobytes())
    return h.hexdigest()[:16]
