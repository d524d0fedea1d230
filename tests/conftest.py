"""Shared test set-up: a non-interactive plot backend, and the repo on sys.path.

COURSE_SEED is left alone: `COURSE_SEED=1 make test` runs the notebooks under seed 1
(unit tests that depend on it set or clear it themselves).
"""

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
