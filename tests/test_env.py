"""Unit tests for helpers.env: the seed from COURSE_SEED, setup(), the environment report."""

import random

import numpy as np
import pytest

import helpers


def test_course_seed_default_and_env(monkeypatch):
    monkeypatch.delenv("COURSE_SEED", raising=False)
    assert helpers.course_seed() == 42
    monkeypatch.setenv("COURSE_SEED", " 7 ")
    assert helpers.course_seed() == 7
    monkeypatch.setenv("COURSE_SEED", "")
    assert helpers.course_seed(default=3) == 3

@pytest.mark.parametrize("raw", ["abc", "1.5", "-1"])
def test_course_seed_rejects_bad_values(monkeypatch, raw):
    monkeypatch.setenv("COURSE_SEED", raw)
    with pytest.raises(ValueError, match="COURSE_SEED"):
        helpers.course_seed()

def test_setup_seeds_everything_and_reports(monkeypatch, capsys):
    monkeypatch.setenv("COURSE_SEED", "5")
    import tensorflow as tf

    assert helpers.setup() == 5
    line = capsys.readouterr().out.strip()
    assert line.startswith("COURSE_SEED=5 · ") and "TensorFlow" in line and "Keras" in line
    first = (random.random(), np.random.rand(), float(tf.random.uniform(())))
    helpers.setup(5, report=False)
    assert (random.random(), np.random.rand(), float(tf.random.uniform(()))) == first
    assert capsys.readouterr().out == ""

def test_setup_rejects_bad_seed():
    with pytest.raises(TypeError):
        helpers.setup("42", report=False)
    with pytest.raises(ValueError):
        helpers.setup(-3, report=False)

def test_env_report_is_one_line():
    report = helpers.env_report()
    assert "\n" not in report and "NumPy" in report and ("CPU" in report or "GPU" in report)


def test_setup_accepts_numpy_ints():
    assert helpers.setup(np.int64(3), report=False) == 3
    with pytest.raises(TypeError, match="report"):
        helpers.setup(3, report="no")
