"""Tests for the tools: bench/execute, the light import, the make command lines."""

import re
import subprocess
from pathlib import Path

import helpers
from conftest import load_tool

ROOT = Path(__file__).resolve().parent.parent
run_notebooks = load_tool("run_notebooks")


def test_drift_flags_moved_metrics_and_flipped_pass():
    stored = {"metrics": {"acc": 0.98, "mse": 0.010}, "baseline": {"b": 0.5}, "passed": True}
    same = {"metrics": {"acc": 0.985, "mse": 0.0101}, "baseline": {"b": 0.5}, "passed": True}
    assert run_notebooks.drift(stored, same) == []
    moved = {"metrics": {"acc": 0.95}, "baseline": {"b": 0.5}, "passed": False}
    notes = run_notebooks.drift(stored, moved)
    assert "acc 0.98→0.95" in notes and "mse missing" in notes and "passed True→False" in notes


def test_bench_markdown_table_has_a_row_per_run():
    rows = [
        {"notebook": "q01_metrics", "seed": 42, "wall_s": 20.5, "peak_mb": 700, "passed": True,
         "multiple": 1.64, "reference_s": 12.5, "budget": "ok",
         "metrics": {"f1": 0.97}, "baseline": {"f1": 0.0}, "drift": []},
        {"notebook": "q02_training", "seed": 1, "wall_s": None, "peak_mb": None, "passed": False,
         "error": "CellExecutionError: boom"},
    ]
    table = run_notebooks.markdown(rows).splitlines()
    assert len(table) == 6 and "multiple of the reference workload" in table[0]
    assert "| q01_metrics | 42 | 20.5 | 1.64 (12.5 s) | ok | 700 | yes | f1=0.97 | f1=0 | – |" == table[4]
    assert "NO" in table[5] and "boom" in table[5]


def test_cell_text_collects_stream_and_plain_outputs():
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x")])
    nb.cells[0].outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="SCORECARD {}\n"),
        nbformat.v4.new_output("execute_result", data={"text/plain": "42"}, execution_count=1),
    ]
    assert run_notebooks.cell_text(nb) == "SCORECARD {}\n\n42"


def test_coalesce_streams_merges_neighbours_only():
    import nbformat

    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="a\n"),
                    nbformat.v4.new_output("stream", name="stdout", text="b\n"),
                    nbformat.v4.new_output("display_data", data={"text/plain": "fig"}),
                    nbformat.v4.new_output("stream", name="stdout", text="c\n")]
    nb = nbformat.v4.new_notebook(cells=[cell])
    run_notebooks.coalesce_streams(nb)
    assert [o.get("text") for o in nb.cells[0].outputs] == ["a\nb\n", None, "c\n"]


def test_stable_widget_ids_are_numbered_in_creation_order():
    import nbformat

    ids = ["9f" * 16, "0a" * 16]
    cell = nbformat.v4.new_code_cell("w")
    cell.outputs = [nbformat.v4.new_output(
        "display_data", data={"application/vnd.jupyter.widget-view+json": {"model_id": ids[1]}})]
    nb = nbformat.v4.new_notebook(cells=[cell])
    nb.metadata["widgets"] = {run_notebooks.WIDGET_STATE: {"state": {
        ids[0]: {"state": {}}, ids[1]: {"state": {"children": [f"IPY_MODEL_{ids[0]}"]}}}}}
    out = run_notebooks.stable_widget_ids(nb)
    state = out.metadata["widgets"][run_notebooks.WIDGET_STATE]["state"]
    first, second = "course" + "0" * 26, "course" + "0" * 25 + "1"
    assert list(state) == [first, second]
    assert state[second]["state"]["children"] == [f"IPY_MODEL_{first}"]
    assert out.cells[0].outputs[0]["data"]["application/vnd.jupyter.widget-view+json"]["model_id"] == second


def test_budget_is_in_multiples_of_the_reference_workload():
    target, limit = run_notebooks.TARGET_X, run_notebooks.LIMIT_X
    assert limit == 2 * target  # the course's 60 s typical / 120 s hard limit, machine-independent
    assert run_notebooks.budget(target * 0.9) == "ok"
    assert run_notebooks.budget(target * 1.1) == "slow"
    assert run_notebooks.budget(limit * 1.1) == f"over the {limit}x limit"
    assert run_notebooks.budget(None) == "n/a"
    for cell in run_notebooks.REFERENCE_CELLS:
        compile(cell, "<reference>", "exec")  # the workload is plain, fixed code
    assert run_notebooks.median([3.0, 1.0, 2.0]) == 2.0 and run_notebooks.median([4.0, 1.0, 2.0, 3.0]) == 2.5


def test_tools_read_scorecards_without_importing_tensorflow():
    import subprocess
    import sys

    code = ("import sys; sys.path.insert(0, 'tools'); import run_notebooks; "
            "print(run_notebooks.DEFAULT_SEED, 'tensorflow' in sys.modules, "
            "len(run_notebooks.parse_scorecard('SCORECARD {\"passed\": true}')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["42", "False", "1"]


def test_requirements_are_pinned():
    lines = [line.split("#")[0].strip() for line in (ROOT / "requirements.txt").read_text().splitlines()]
    reqs = [line for line in lines if line]
    pinned = run_notebooks.pins()  # the one parser of requirements.txt in Python
    assert reqs and len(pinned) == len(reqs), reqs
    assert all(re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+", n) and re.fullmatch(r"[0-9][0-9A-Za-z.]*", v)
               for n, v in pinned.items()), pinned
    names = {n.lower() for n in pinned}
    assert {"tensorflow", "keras", "jupyterlab", "ipywidgets", "matplotlib", "nbval", "scikit-learn",
            "pytest"} <= names


def test_make_test_latest_strips_the_same_pins():
    """`make test-latest` strips pins with sed (no venv exists yet): it must yield pins()'s names."""
    recipe = (ROOT / "Makefile").read_text()
    sed = next(line.strip() for line in recipe.splitlines() if line.strip().startswith("sed ") and "unpinned" in line)
    command = sed.replace("$$", "$").rsplit(">", 1)[0]  # drop the redirect into the venv
    out = subprocess.run(["sh", "-c", command], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.split() == list(run_notebooks.pins())


def test_notebooks_run_on_this_environments_kernel():
    import sys

    spec = run_notebooks.CurrentEnvKernelSpecs().get_kernel_spec("python3")
    assert spec.argv[0] == sys.executable and "ipykernel_launcher" in spec.argv


def test_make_lab_and_test_commands():
    import os
    import subprocess

    lab = subprocess.run(["make", "-n", "lab"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "jupyter trust notebooks/*.ipynb" in lab
    assert "--LabApp.default_url=/lab/tree/notebooks/00_index.ipynb" in lab
    assert "--LabApp.news_url=None" in lab and "NeverCheckForUpdate" in lab
    assert ("--allow-root" in lab) == (os.getuid() == 0)
    test = subprocess.run(["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "tools/offline.sh" in test and "--nbval-lax" in test and "tests notebooks" in test


def test_another_python_gets_its_own_venv_and_chosen_notebooks():
    import subprocess

    import os

    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    cmd = ["make", "-n", "test", "PYTHON=/opt/py/bin/python3.99", "TEST_NOTEBOOKS=notebooks/q01_metrics.ipynb"]
    out = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout
    assert "/opt/py/bin/python3.99 -m venv .venv-python3.99" in out
    assert ".venv-python3.99/bin/python -m pytest" in out and "tests notebooks/q01_metrics.ipynb" in out
    latest = subprocess.run(["make", "-n", "test-latest"], cwd=ROOT, env=env, capture_output=True, text=True,
                            check=True).stdout
    assert "rm -rf .venv-latest" in latest and "run_notebooks.py canary" in latest
    assert ".venv/" not in latest.replace(".venv-latest", "")  # the canary never touches the pinned venv


def test_canary_reads_pins_and_reports_versions_that_moved(tmp_path):
    from importlib import metadata

    req = tmp_path / "requirements.txt"
    req.write_text("# a comment\npytest==%s  # tests\n\nnbformat==0.0.1\n" % metadata.version("pytest"))
    pins = run_notebooks.pins(req)
    assert pins == {"pytest": metadata.version("pytest"), "nbformat": "0.0.1"}
    assert run_notebooks.moved_versions(pins) == [f"nbformat 0.0.1→{metadata.version('nbformat')}"]
    assert run_notebooks.moved_versions({"no-such-dist-xyz": "1.0"}) == ["no-such-dist-xyz 1.0→missing"]


def test_find_python_prints_nothing_for_a_missing_interpreter():
    import subprocess

    out = subprocess.run(["sh", "tools/find_python.sh", "python9.99"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout == ""
