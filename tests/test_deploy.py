"""Binder / Docker / JupyterHub files agree with requirements.txt, the Makefile and the measured bench."""

import importlib.util
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
DOCKERFILE = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
POSTBUILD = (ROOT / "postBuild").read_text(encoding="utf-8")
GUIDE = (DEPLOY / "README.md").read_text(encoding="utf-8")

spec = importlib.util.spec_from_file_location("sizing", DEPLOY / "sizing.py")
sizing = importlib.util.module_from_spec(spec)
spec.loader.exec_module(sizing)


def _config() -> dict:
    yaml = pytest.importorskip("yaml")
    return yaml.safe_load((DEPLOY / "config.yaml").read_text(encoding="utf-8"))


def _gib(value: str) -> float:
    """KubeSpawner's byte strings ('1.5G', '512M'): binary units."""
    m = re.fullmatch(r"([\d.]+)([KMGT])", str(value))
    assert m, f"unexpected memory value {value!r}"
    return float(m.group(1)) * 1024 ** "KMGT".index(m.group(2)) / 1024 ** 2


def _lab_overrides_json(text: str) -> dict:
    """The JSON that a recipe echoes into the lab overrides (the Makefile's `> $@`, the others' overrides.json)."""
    m = re.search(r"echo '(\{.*\})' > (?:\$@|\S*overrides\.json)", text)
    assert m, "no `echo '{...}' > .../overrides.json` line"
    return json.loads(m.group(1))


def test_python_version_is_3_11_everywhere():
    assert (ROOT / "runtime.txt").read_text(encoding="utf-8").strip() == "python-3.11"
    assert re.search(r"^PYTHON \?= .*python3\.11", MAKEFILE, re.M)
    assert "Python 3.11" in (ROOT / "README.md").read_text(encoding="utf-8")
    base = re.search(r"^ARG BASE_IMAGE=(\S+)", DOCKERFILE, re.M).group(1)
    assert base.startswith("quay.io/jupyter/") and base.endswith("python-3.11"), base  # Jupyter Docker Stacks
    assert "FROM ${BASE_IMAGE}" in DOCKERFILE


def test_lab_overrides_match_the_makefile():
    made = _lab_overrides_json(MAKEFILE)
    assert _lab_overrides_json(POSTBUILD) == made
    assert _lab_overrides_json(DOCKERFILE) == made
    # the same place as the Makefile's $(VENV)/share/jupyter/lab/settings/overrides.json, under the env's prefix
    assert "LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.json" in MAKEFILE
    for text in (POSTBUILD, DOCKERFILE):
        assert "sys.prefix)')/share/jupyter/lab/settings" in text and '"$settings/overrides.json"' in text


def test_postbuild_installs_helpers_and_trusts_like_make_lab():
    assert os.access(ROOT / "postBuild", os.X_OK), "postBuild must be executable"
    assert POSTBUILD.startswith("#!/bin/bash\n") and "set -euo pipefail" in POSTBUILD
    make_venv = re.search(r"^\$\(STAMP\):.*?^\t@touch", MAKEFILE, re.M | re.S).group(0)
    assert "--no-deps -e ." in make_venv and "--no-deps -e ." in POSTBUILD
    assert "jupyter trust notebooks/*.ipynb" in MAKEFILE and "jupyter trust notebooks/*.ipynb" in POSTBUILD
    assert not (ROOT / "apt.txt").exists() or (ROOT / "apt.txt").read_text().strip(), "an empty apt.txt"


def test_dockerfile_installs_the_pinned_requirements_and_its_files_exist():
    assert "pip install --no-cache-dir -r requirements.txt" in DOCKERFILE
    assert "pip install --no-cache-dir --no-deps -e ." in DOCKERFILE
    for src in re.findall(r"^COPY (?:--\S+ )*(\S+) \S+$", DOCKERFILE, re.M):
        assert (ROOT / src).exists(), f"Dockerfile copies {src}, which is missing"
    ignored = (DEPLOY / "Dockerfile.dockerignore").read_text(encoding="utf-8").split()
    assert {".git", ".venv", "_build", "node_modules"} <= set(ignored)
    assert os.access(DEPLOY / "course-setup.sh", os.X_OK)
    kernels = json.loads((DEPLOY / "jupyter_server_config.json").read_text())["MappingKernelManager"]
    assert kernels["cull_idle_timeout"] == 20 * 60 and "kernels idle for 20 minutes" in GUIDE


def test_requirements_are_pinned_for_reproducible_binder_builds():
    lines = [ln.split("#")[0].strip() for ln in (ROOT / "requirements.txt").read_text().splitlines()]
    pins = [ln for ln in lines if ln]
    assert pins and all(re.fullmatch(r"[A-Za-z0-9_.\[\]-]+==[\w.]+", p) for p in pins), pins
    names = {p.split("==")[0].lower() for p in pins}
    assert {"jupyterlab", "ipykernel", "ipywidgets", "tensorflow"} <= names  # what a hub user's server needs


def test_hub_config_matches_the_image():
    cfg = _config()
    user = cfg["singleuser"]
    assert user["image"]["name"].endswith("/dl-interview-course")
    assert f"docker build -f deploy/Dockerfile -t <registry>/dl-interview-course:{user['image']['tag']} ." in GUIDE
    assert user["cmd"] == "jupyterhub-singleuser"
    assert user["defaultUrl"] == "/lab/tree/course/notebooks/00_index.ipynb"
    assert (ROOT / "notebooks" / "00_index.ipynb").is_file()
    course_dir = re.search(r"^ENV COURSE_DIR=(\S+)", DOCKERFILE, re.M).group(1)
    assert user["extraEnv"]["COURSE_DIR"] == course_dir and f". {course_dir}" in DOCKERFILE
    hook = " ".join(user["lifecycleHooks"]["postStart"]["exec"]["command"])
    installed = re.search(r"deploy/course-setup.sh (\S+)", DOCKERFILE).group(1)
    assert installed in hook
    assert cfg["cull"]["enabled"] is True and cfg["cull"]["timeout"] == 3600 and cfg["cull"]["every"] > 0


def test_resources_cover_the_measured_peak_memory():
    """Guarantee >= server + median kernel peak, limit >= server + heaviest kernel, from results/bench.json."""
    rec = sizing.recommend()
    mem = _config()["singleuser"]["memory"]
    guarantee, limit = _gib(mem["guarantee"]), _gib(mem["limit"])
    assert guarantee >= sizing.SERVER_GB + rec["median_kernel_mb"] / 1024, (guarantee, rec)
    assert limit >= sizing.SERVER_GB + rec["max_kernel_mb"] / 1024, (
        f"{rec['heaviest']} peaks at {rec['max_kernel_mb']} MB: raise singleuser.memory.limit")
    assert (guarantee, limit) == (rec["memory_guarantee_gb"], rec["memory_limit_gb"]), (
        "config.yaml and deploy/sizing.py disagree: update config.yaml and deploy/README.md")


def test_guide_states_the_config_numbers():
    cfg = _config()["singleuser"]
    guarantee = _gib(cfg["memory"]["guarantee"])
    students = int(sizing.ALLOCATABLE_GB // guarantee)
    assert f"**{students} students per 2-core / 24 GB node**" in GUIDE
    assert students * cfg["cpu"]["guarantee"] <= sizing.ALLOCATABLE_CORES
    assert cfg["cpu"]["limit"] == sizing.NODE_CORES
    assert f"**{cfg['memory']['guarantee']}**" in GUIDE and f"**{cfg['memory']['limit']}**" in GUIDE
    assert f"**{cfg['cpu']['guarantee']} / {cfg['cpu']['limit']}**" in GUIDE


def test_sizing_reads_the_bench_rows(tmp_path):
    rows = [{"notebook": "q01", "seed": 42, "peak_mb": 1000, "wall_s": 20.0},
            {"notebook": "q01", "seed": 1, "peak_mb": 1200, "wall_s": 25.0},
            {"notebook": "q02", "seed": 42, "peak_mb": 3000, "wall_s": 60.0},
            {"notebook": "q03", "seed": 42, "peak_mb": None, "wall_s": None}]
    bench = tmp_path / "bench.json"
    bench.write_text(json.dumps(rows))
    rec = sizing.recommend(bench)
    assert rec["notebooks"] == 2 and rec["max_kernel_mb"] == 3000 and rec["heaviest"] == "q02"
    assert rec["median_kernel_mb"] == 2100 and rec["max_wall_s"] == 60
    assert rec["memory_guarantee_gb"] == 2.5 and rec["memory_limit_gb"] == 4
    bench.write_text("[]")
    with pytest.raises(ValueError, match="make bench"):
        sizing.recommend(bench)


@pytest.mark.skipif(shutil.which("sh") is None, reason="needs a POSIX shell")
def test_course_setup_copies_new_files_and_keeps_edits(tmp_path):
    course = tmp_path / "srv"
    (course / "notebooks").mkdir(parents=True)
    (course / "notebooks" / "a.ipynb").write_text("{}")
    env = {"HOME": str(tmp_path / "home"), "COURSE_DIR": str(course), "PATH": "/usr/bin:/bin"}
    script = str(DEPLOY / "course-setup.sh")
    subprocess.run(["sh", script], check=True, env=env, timeout=30)
    copied = tmp_path / "home" / "course" / "notebooks" / "a.ipynb"
    assert copied.read_text() == "{}"
    copied.write_text("edited")
    (course / "notebooks" / "b.ipynb").write_text("{}")
    subprocess.run(["sh", script], check=True, env=env, timeout=30)
    assert copied.read_text() == "edited" and (copied.parent / "b.ipynb").is_file()
