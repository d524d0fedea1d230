"""Shared test set-up: a non-interactive plot backend, and the repo on sys.path."""

import os
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.pop("COURSE_SEED", None)  # tests choose their own seeds
