"""Execute or benchmark the course notebooks.

    python tools/run_notebooks.py execute [NOTEBOOK ...]
    python tools/run_notebooks.py bench [--seeds "42 1 2"] [NOTEBOOK ...]
    python tools/run_notebooks.py canary [NOTEBOOK ...]

``execute`` re-runs notebooks in place (COURSE_SEED unset, i.e. 42) and
stores widget state, so saved outputs are fresh. ``bench`` runs each notebook
under each seed without saving it, measures wall time (kernel start to finish)
and the kernel's peak memory, collects its SCORECARD, flags drift from the
stored SCORECARD (seed 42 only) and writes results/bench.json and bench.md.
``canary`` (run by `make test-latest` in a venv of the newest releases) lists the
direct dependencies whose installed version differs from its pin, runs each notebook
once at the stored seed and reports the SCORECARDs that moved or failed
(_build/canary.md); nothing under results/ or notebooks/ is written.

Wall time depends on the machine (the same notebook takes 1.8x longer on another
2-core machine of the same kind), so ``bench`` also times a fixed *reference
workload* (kernel start, ``import helpers``, a small fixed Keras fit) before and
after the notebooks, and reports each notebook's wall time as a multiple of it.
The budget is set in those multiples: a notebook is "slow" above TARGET_X and
over the limit above LIMIT_X, whatever machine runs the bench.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

import ipykernel.kernelspec
import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from light_helpers import light_import  # noqa: E402

course, scorecard_module = light_import("course", "scorecard")  # no TensorFlow needed here
parse_scorecard = scorecard_module.parse_scorecard
DEFAULT_SEED = course.DEFAULT_SEED

NOTEBOOKS = ROOT / "notebooks"
RESULTS = ROOT / "results"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
PEAK_CELL = (
    "import resource as _r\n"
    "print('PEAK_RSS_MB', round(_r.getrusage(_r.RUSAGE_SELF).ru_maxrss / 1024))"
)
# The reference workload: a kernel start, `import helpers` (TensorFlow) and a fixed small Keras fit
# (a two-conv CNN, 60 epochs on the 8x8 digits): like the notebooks, mostly small-layer compute with
# some start-up. On an idle 2-core machine here one run took 12.6-22 s (median 16 s), so a bench
# times it twice before and twice after the notebooks and uses the median of the four.
REFERENCE_CELLS = (
    "import helpers\nhelpers.setup(0, report=False)",
    "import keras\n"
    "data = helpers.load_digits_split()\n"
    "model = keras.Sequential([keras.Input((8, 8, 1)),\n"
    "                          keras.layers.Conv2D(32, 3, padding='same', activation='relu'),\n"
    "                          keras.layers.Conv2D(32, 3, padding='same', activation='relu'),\n"
    "                          keras.layers.Flatten(), keras.layers.Dense(128, activation='relu'),\n"
    "                          keras.layers.Dense(10)])\n"
    "model.compile('adam', keras.losses.SparseCategoricalCrossentropy(from_logits=True))\n"
    "model.fit(data.X_train, data.y_train, epochs=60, batch_size=32, verbose=0)",
)
REFERENCE_RUNS = 2  # before and after the notebooks, each
# Wall-time budget per notebook, in multiples of the reference workload: typical and hard limit.
# With the reference at its median 16 s, 4x is 64 s and 8x 128 s: the course's 60 s typical and
# 120 s hard limit (COURSE.md), the limit twice the target as there. The slowest landed notebooks
# (q06, q29) ran 56-58 s, 3.5-3.6x of a 16 s reference.
TARGET_X, LIMIT_X = 4.0, 8.0
# Scorecard metrics drift when a fresh run at the stored seed moves this much.
DRIFT_ABS, DRIFT_REL = 0.01, 0.02


def rel(path: Path) -> str:
    """``path`` relative to the repository when it lies inside it."""
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def notebook_paths(names: list[str]) -> list[Path]:
    """The notebooks named on the command line, or every notebook in notebooks/."""
    if not names:
        return sorted(NOTEBOOKS.glob("*.ipynb"))
    paths = [Path(n).resolve() for n in names]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        sys.exit(f"no such notebook: {', '.join(missing)}")
    return paths


def cell_text(nb: nbformat.NotebookNode) -> str:
    """All stream and text/plain output of a notebook, joined."""
    chunks = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                chunks.append(out.get("text", ""))
            elif "data" in out:
                chunks.append(out["data"].get("text/plain", ""))
    return "\n".join(chunks)


class CurrentEnvKernelSpecs(KernelSpecManager):
    """Always the IPython kernel of this Python (the venv), whatever kernelspecs
    the user has installed elsewhere under the same name."""

    def get_kernel_spec(self, kernel_name):
        return self.kernel_spec_class(resource_dir=ipykernel.kernelspec.RESOURCES,
                                      **ipykernel.kernelspec.get_kernel_dict())


class CurrentEnvKernelManager(AsyncKernelManager):
    """nbclient's kernel manager, looking kernels up in :class:`CurrentEnvKernelSpecs`."""

    def __init__(self, **kwargs):
        super().__init__(kernel_spec_manager=CurrentEnvKernelSpecs(), **kwargs)


def run(path: Path | None, seed: int | None, extra_cell: str | None = None,
        nb: nbformat.NotebookNode | None = None):
    """Execute one notebook in a fresh kernel; return (notebook, seconds).

    Widget state is always stored (nbclient's output widgets need it); an
    ``extra_cell`` is appended to the in-memory copy and stays in the result.
    ``nb`` runs an in-memory notebook instead of ``path`` (in the notebooks' folder).
    """
    if nb is None:
        nb = nbformat.read(path, as_version=4)
    if extra_cell:
        nb.cells.append(nbformat.v4.new_code_cell(extra_cell))
    env_before = os.environ.get("COURSE_SEED")
    if seed is None:
        os.environ.pop("COURSE_SEED", None)
    else:
        os.environ["COURSE_SEED"] = str(seed)
    try:
        client = NotebookClient(
            nb, kernel_name="python3", kernel_manager_class=CurrentEnvKernelManager,
            timeout=600, store_widget_state=True,
            resources={"metadata": {"path": str(path.parent if path else NOTEBOOKS)}},
        )
        start = time.perf_counter()
        client.execute()
        seconds = time.perf_counter() - start
    finally:
        if env_before is None:
            os.environ.pop("COURSE_SEED", None)
        else:
            os.environ["COURSE_SEED"] = env_before
    return nb, seconds


def coalesce_streams(nb: nbformat.NotebookNode) -> None:
    """Merge consecutive stdout (or stderr) chunks of a cell into one output."""
    for cell in nb.cells:
        merged = []
        for out in cell.get("outputs", []):
            prev = merged[-1] if merged else None
            if (out.output_type == "stream" and prev is not None
                    and prev.output_type == "stream" and prev.name == out.name):
                prev.text += out.text
            else:
                merged.append(out)
        if cell.cell_type == "code":
            cell.outputs = merged


def stable_widget_ids(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Replace the random widget model ids by ids numbered in order of creation."""
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    if not state:
        return nb
    text = json.dumps(nb)
    for i, model_id in enumerate(list(state)):
        text = text.replace(model_id, f"course{i:026d}")
    return nbformat.from_dict(json.loads(text))


def execute(paths: list[Path]) -> int:
    """Re-execute notebooks in place with the default seed; outputs stable across runs."""
    for path in paths:
        nb, seconds = run(path, seed=None)
        for cell in nb.cells:  # keep diffs clean: no per-run metadata
            cell.metadata.pop("execution", None)
        coalesce_streams(nb)
        nbformat.write(stable_widget_ids(nb), path)
        print(f"executed {rel(path)} in {seconds:.0f} s")
    return 0


def drift(stored: dict, fresh: dict) -> list[str]:
    """Metrics whose fresh value moved away from the stored one."""
    notes = []
    for part in ("metrics", "baseline"):
        for name, old in stored.get(part, {}).items():
            new = fresh.get(part, {}).get(name)
            if new is None:
                notes.append(f"{name} missing")
            elif abs(new - old) > max(DRIFT_ABS, DRIFT_REL * abs(old)):
                notes.append(f"{name} {old}→{new}")
    if stored.get("passed") != fresh.get("passed"):
        notes.append(f"passed {stored.get('passed')}→{fresh.get('passed')}")
    return notes


def reference_seconds() -> float:
    """Wall time of one run of the reference workload (kernel start to finish), in seconds."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in REFERENCE_CELLS])
    return run(None, seed=None, nb=nb)[1]


def median(values: list[float]) -> float:
    """The median of a non-empty list."""
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def bench(paths: list[Path], seeds: list[int]) -> int:
    """Run every notebook under every seed and write results/bench.{json,md}."""
    RESULTS.mkdir(exist_ok=True)
    json_path = RESULTS / "bench.json"
    rows = json.loads(json_path.read_text()) if json_path.exists() else []
    failures = 0
    before = [reference_seconds() for _ in range(REFERENCE_RUNS)]
    print(f"reference workload: {', '.join(f'{t:.1f}' for t in before)} s", flush=True)
    fresh = []
    for path in paths:
        stored_cards = parse_scorecard(cell_text(nbformat.read(path, as_version=4)))
        rows = [r for r in rows if r["notebook"] != path.stem]  # no stale seeds of older runs
        for seed in seeds:
            row = {"notebook": path.stem, "seed": seed}
            try:
                nb, seconds = run(path, seed, extra_cell=PEAK_CELL)
                text = cell_text(nb)
                peak = re.search(r"PEAK_RSS_MB (\d+)", text)
                cards = parse_scorecard(text)
                row.update(wall_s=round(seconds, 1), peak_mb=int(peak.group(1)) if peak else None)
                card = cards[-1] if cards else {}
                row.update(passed=bool(card.get("passed")), metrics=card.get("metrics", {}),
                           baseline=card.get("baseline", {}), bars=card.get("bars", {}))
                if seed == DEFAULT_SEED and stored_cards and card:
                    row["drift"] = drift(stored_cards[-1], card)
            except Exception as err:  # a failing notebook is a row, not a crash
                row.update(wall_s=None, peak_mb=None, passed=False,
                           error=f"{type(err).__name__}: {str(err).strip().splitlines()[-1][:200]}")
            row["multiple"] = round(row["wall_s"] / median(before), 2) if row["wall_s"] else None
            row["budget"] = budget(row["multiple"])
            rows.append(row)
            fresh.append(row)
            print(format_row(row), flush=True)
    after = [reference_seconds() for _ in range(REFERENCE_RUNS)]
    reference = median(before + after)  # the machine's speed over the whole bench
    print(f"reference workload: {', '.join(f'{t:.1f}' for t in after)} s at the end; "
          f"median {reference:.1f} s", flush=True)
    for row in fresh:
        row["reference_s"] = round(reference, 1)
        row["multiple"] = round(row["wall_s"] / reference, 2) if row["wall_s"] else None
        row["budget"] = budget(row["multiple"])
        failures += (not row["passed"]) or row["budget"].startswith("over")
    rows.sort(key=lambda r: (r["notebook"], r["seed"] != DEFAULT_SEED, r["seed"]))
    json_path.write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n")
    (RESULTS / "bench.md").write_text(markdown(rows))
    print(f"wrote {rel(json_path)} and results/bench.md")
    return 1 if failures else 0


def budget(multiple: float | None) -> str:
    """'ok', 'slow' (over TARGET_X references) or 'over the limit' (over LIMIT_X references)."""
    if multiple is None:
        return "n/a"
    if multiple > LIMIT_X:
        return f"over the {LIMIT_X}x limit"
    return "slow" if multiple > TARGET_X else "ok"


def format_metrics(values: dict) -> str:
    """``a=0.98, b=0.5`` for a table cell."""
    return ", ".join(f"{k}={v:g}" for k, v in values.items())


def format_row(row: dict) -> str:
    """One console line per benchmark run."""
    status = "PASS" if row["passed"] else "FAIL"
    extra = row.get("error") or format_metrics(row.get("metrics", {}))
    drift_note = f" DRIFT: {'; '.join(row['drift'])}" if row.get("drift") else ""
    if row.get("budget", "ok") not in ("ok", "n/a"):
        status += f" ({row['budget'].upper()})"
    multiple = f" ({row['multiple']}x ref)" if row.get("multiple") else ""
    return (f"{status} {row['notebook']} seed={row['seed']} wall={row['wall_s']} s{multiple} "
            f"peak={row['peak_mb']} MB {extra}{drift_note}")


def markdown(rows: list[dict]) -> str:
    """The bench table as Markdown."""
    lines = [
        f"Wall time is also given as a multiple of the reference workload timed in the same bench "
        f"(budget: ok up to {TARGET_X}x, slow above, over the limit above {LIMIT_X}x).",
        "",
        "| notebook | seed | wall (s) | × reference | budget | peak memory (MB) | passed | metrics | baseline | drift |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        ref = f"{r['multiple']} ({r['reference_s']} s)" if r.get("multiple") else "n/a"
        lines.append(
            f"| {r['notebook']} | {r['seed']} | {r['wall_s']} | {ref} | {r.get('budget', 'n/a')} | {r['peak_mb']} | "
            f"{'yes' if r['passed'] else 'NO'} | {r.get('error') or format_metrics(r.get('metrics', {}))} | "
            f"{format_metrics(r.get('baseline', {}))} | {'; '.join(r.get('drift', [])) or '–'} |"
        )
    return "\n".join(lines) + "\n"


def pins(requirements: Path = ROOT / "requirements.txt") -> dict[str, str]:
    """The ``name==version`` pins of a requirements file (comments and blank lines skipped)."""
    found = {}
    for line in requirements.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            found[name.strip()] = version.strip()
    return found


def moved_versions(pinned: dict[str, str]) -> list[str]:
    """``name pin→installed`` for each pinned distribution installed at another version (or missing)."""
    from importlib import metadata

    notes = []
    for name, version in pinned.items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = "missing"
        if installed != version:
            notes.append(f"{name} {version}→{installed}")
    return notes


def canary(paths: list[Path], report: Path = ROOT / "_build" / "canary.md") -> int:
    """Run each notebook once at the stored seed; report SCORECARDs that moved or failed. 1 if any failed."""
    versions = moved_versions(pins())
    lines = [f"# Canary on Python {sys.version.split()[0]}", "",
             "Versions that differ from requirements.txt: " + (", ".join(versions) or "none"), "",
             "| notebook | result | wall s | moved (stored→fresh) |", "|---|---|---|---|"]
    print(lines[2], flush=True)
    failed = 0
    for path in paths:
        stored = parse_scorecard(cell_text(nbformat.read(path, as_version=4)))
        try:
            nb, seconds = run(path, seed=None)
            cards = parse_scorecard(cell_text(nb))
            card = cards[-1] if cards else {}
            notes = drift(stored[-1], card) if stored and card else ["no SCORECARD"]
            result = "ok" if card.get("passed") and not notes else ("moved" if card.get("passed") else "FAILED")
        except Exception as err:  # a failing notebook is a row, not a crash
            seconds, result = float("nan"), "ERROR"
            notes = [f"{type(err).__name__}: {str(err).strip().splitlines()[-1][:200]}"]
        failed += result in ("FAILED", "ERROR")
        lines.append(f"| {path.stem} | {result} | {seconds:.0f} | {'; '.join(notes) or '–'} |")
        print(f"{path.stem}: {result} in {seconds:.0f} s {'; '.join(notes)}", flush=True)
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text("\n".join(lines) + "\n")
    print(f"wrote {rel(report)}: {failed} of {len(paths)} notebooks failed")
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["execute", "bench", "canary"])
    parser.add_argument("notebooks", nargs="*")
    parser.add_argument("--seeds", default=str(DEFAULT_SEED), help='e.g. "42 1 2" (bench only)')
    args = parser.parse_intermixed_args()
    paths = notebook_paths(args.notebooks)
    if args.command == "execute":
        return execute(paths)
    questions = [p for p in paths if re.fullmatch(r"q\d\d_\w+\.ipynb", p.name)]  # the index and drill have no SCORECARD
    if args.command == "canary":
        return canary(questions or paths)
    try:
        seeds = [int(s) for s in args.seeds.split()]
    except ValueError:
        sys.exit(f"--seeds must be whole numbers, got {args.seeds!r}")
    return bench(questions or paths, seeds)


if __name__ == "__main__":
    sys.exit(main())
