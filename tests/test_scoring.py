"""Unit tests for helpers.scoring (the scorer for generated digits)."""

import numpy as np
import pytest

from helpers import scoring as g
from helpers.vision.digits import load_digits_split


@pytest.fixture(scope="module")
def real():
    return load_digits_split(as_images=True).X_test  # (360, 8, 8, 1) in [0, 1]


def test_scorer_is_deterministic_and_accurate():
    s = g.digit_scorer()
    assert s is g.digit_scorer()  # cached
    assert s.test_accuracy >= 0.95
    g.digit_scorer.cache_clear()
    again = g.digit_scorer()
    x = np.random.default_rng(0).uniform(0, 1, (5, 64))
    np.testing.assert_array_equal(s.predict_proba(x), again.predict_proba(x))


def test_ceiling_and_floor_are_far_apart():
    ref = g.reference_scores()
    real, noise = ref["real digits (test)"], ref["uniform noise"]
    assert real["classes_covered"] == 10 and real["mean_confidence"] > 0.9
    assert real["inception_score"] > 8 and real["not_digit_share"] < 0.05
    assert noise["classes_covered"] == 0 and noise["mean_confidence"] < 0.1
    assert noise["not_digit_share"] > 0.95 and noise["inception_score"] < 1.5


def test_accepts_every_documented_shape(real):
    base = g.score_digit_images(real)
    flat = g.score_digit_images(real.reshape(len(real), 64))
    up = g.score_digit_images(np.kron(real[..., 0], np.ones((2, 2))))  # (n, 16, 16)
    assert base == flat
    assert up["classes_covered"] == 10
    assert abs(up["mean_confidence"] - base["mean_confidence"]) < 1e-9  # block mean of kron == original


def test_one_repeated_digit_covers_one_class(real):
    s = g.score_digit_images(np.repeat(real[:1], 50, axis=0))
    assert s["classes_covered"] == 1
    assert s["inception_score"] == pytest.approx(1.0, abs=1e-6)
    assert len(s["class_shares"]) == 11 and sum(s["class_shares"]) == pytest.approx(1.0)


@pytest.mark.parametrize("bad, match", [
    (np.zeros((4, 7, 7)), "multiple"),
    (np.zeros((0, 8, 8)), "empty"),
    (np.full((2, 8, 8), np.nan), "NaN"),
    (np.full((2, 8, 8), -1.0), r"\[0, 1\]"),
    (np.zeros((2, 8, 8, 3)), "shape"),
])
def test_bad_images_raise(bad, match):
    with pytest.raises(ValueError, match=match):
        g.score_digit_images(bad)


def test_bad_arguments_raise(real):
    with pytest.raises(TypeError):
        g.score_digit_images(np.array([["a"] * 64]))
    with pytest.raises(ValueError, match="min_share"):
        g.score_digit_images(real, min_share=2)
    with pytest.raises(TypeError, match="DigitScorer"):
        g.score_digit_images(real, scorer="mlp")
    with pytest.raises(ValueError, match="n must be >= 1"):
        g.reference_scores(n=0)
    with pytest.raises(ValueError):
        g.scores_table({})
    with pytest.raises(TypeError):
        g.scores_table([1])
    with pytest.raises(ValueError, match="not a score"):
        g.scores_table({"x": {"a": 1}})


def test_scores_table_rows(real):
    table = g.scores_table({"real": g.score_digit_images(real)})
    assert list(table.index) == ["real"]
    assert "class_shares" not in table.columns and "inception_score" in table.columns
