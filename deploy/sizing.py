"""Size a JupyterHub for the course from the peak memory and wall time that `make bench` records.

    python deploy/sizing.py            # prints the numbers deploy/README.md and config.yaml use

Inputs: ``results/bench.json`` (each notebook's kernel peak RSS, ``peak_mb``, and wall time, ``wall_s``,
on a 2-core CPU), plus three stated assumptions below (what a node keeps for itself, the Jupyter server's
own memory, headroom). tests/test_deploy.py checks that config.yaml's guarantees and limits cover what
this computes, so a notebook whose peak grows past the limit fails a test instead of a classroom.
"""

from __future__ import annotations

import json
import math
import statistics
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "results" / "bench.json"

NODE_GB, NODE_CORES = 24, 2  # the node the guide sizes for
ALLOCATABLE_GB = 21.0  # a 24 GB node after the kubelet/OS reservation and system pods (GKE-style; check yours)
ALLOCATABLE_CORES = 1.9
SERVER_GB = 0.15  # jupyter-lab server with a few open notebooks (86 MB idle, measured here)
HEADROOM_GB = 0.5  # on top of the heaviest kernel in the limit: a second, idle kernel or a terminal


def peaks(bench: Path = BENCH) -> dict[str, dict[str, float]]:
    """Per notebook, the largest peak (MB) and wall time (s) over its benched seeds."""
    out: dict[str, dict[str, float]] = {}
    for row in json.loads(bench.read_text(encoding="utf-8")):
        if row.get("peak_mb") is None or row.get("wall_s") is None:
            continue
        entry = out.setdefault(row["notebook"], {"peak_mb": 0.0, "wall_s": 0.0})
        entry["peak_mb"] = max(entry["peak_mb"], float(row["peak_mb"]))
        entry["wall_s"] = max(entry["wall_s"], float(row["wall_s"]))
    return out


def recommend(bench: Path = BENCH) -> dict[str, float | str | int]:
    """Guarantee, limit and students per node from the bench rows."""
    rows = peaks(bench)
    if not rows:
        raise ValueError(f"no peak memory in {bench}: run `make bench`")
    mb = sorted(r["peak_mb"] for r in rows.values())
    heaviest = max(rows, key=lambda k: rows[k]["peak_mb"])
    median_kernel_gb = statistics.median(mb) / 1024
    max_kernel_gb = mb[-1] / 1024
    guarantee = math.ceil((SERVER_GB + median_kernel_gb) * 2) / 2  # up to the next 0.5 GB
    limit = math.ceil(SERVER_GB + max_kernel_gb + HEADROOM_GB)  # up to the next whole GB
    walls = sorted(r["wall_s"] for r in rows.values())
    students = int(ALLOCATABLE_GB // guarantee)
    return {
        "notebooks": len(rows),
        "median_kernel_mb": round(statistics.median(mb)),
        "max_kernel_mb": round(mb[-1]),
        "heaviest": heaviest,
        "memory_guarantee_gb": guarantee,
        "memory_limit_gb": limit,
        "students_per_node": students,
        "cpu_guarantee": math.floor(ALLOCATABLE_CORES / students * 1000) / 1000,
        "all_run_heaviest_at_once": int(ALLOCATABLE_GB // (SERVER_GB + max_kernel_gb)),
        "median_wall_s": round(statistics.median(walls)),
        "max_wall_s": round(walls[-1]),
    }


if __name__ == "__main__":
    for key, value in recommend().items():
        print(f"{key}: {value}")
