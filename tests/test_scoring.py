"""Unit tests for helpers.scoring (the scorer for generated digits)."""

import numpy as np
import pytest

from helpers import scoring as g
from helpers.vision.digits import load_digits_split


@pytest.fixture(scope="module")
def split():
    return load_digits_split(as_images=True)


@pytest.fixture(scope="module")
def real(split):
    return split.X_test  # (360, 8, 8, 1) in [0, 1]


@pytest.fixture(scope="module")
def refs():
    return g.reference_scores()


def test_scorer_is_deterministic_and_accurate():
    s = g.digit_scorer()
    assert s is g.digit_scorer()  # cached
    assert s.test_accuracy >= 0.95
    g.digit_scorer.cache_clear()
    again = g.digit_scorer()
    x = np.random.default_rng(0).uniform(0, 1, (5, 64))
    np.testing.assert_array_equal(s.predict_proba(x), again.predict_proba(x))
    assert again.features(x).shape == (5, 128) and again.features(x).min() >= 0  # ReLU layer


def test_real_held_out_digits_are_near_zero_distance(refs):
    real = refs["real digits (validation)"]
    assert real["classes_covered"] == 10 and real["mean_confidence"] > 0.9
    assert real["frechet_distance"] < 1.5
    assert real["nn_distance_ratio"] == pytest.approx(1.0)
    assert 8.5 < real["inception_score"] <= 10.0


def test_each_cheat_is_caught_by_some_measure(refs):
    real = refs["real digits (validation)"]
    replay, means = refs["training digits, replayed"], refs["class means"]
    pixels, noise = refs["independent pixels"], refs["uniform noise"]
    # replayed training digits look perfect to recognition and to the distance ...
    assert replay["mean_confidence"] >= real["mean_confidence"] - 0.01
    assert replay["frechet_distance"] < 1.5
    # ... and only the memorisation ratio catches them
    assert replay["nn_distance_ratio"] < 0.05
    # class means score a confidence of ~1 and an IS near 10, but are far in distance
    assert means["mean_confidence"] > 0.99 and means["inception_score"] > 9.5
    assert means["frechet_distance"] > 3 * real["frechet_distance"]
    # independent pixels: far in distance, low IS
    assert pixels["frechet_distance"] > 5 * real["frechet_distance"]
    assert pixels["inception_score"] < 6
    # noise: caught by everything
    assert noise["classes_covered"] == 0 and noise["not_digit_share"] > 0.95
    assert noise["frechet_distance"] > 50 and noise["nn_distance_ratio"] > 2


def test_inception_score_counts_the_ten_digits_only(real):
    """Real digits plus "not a digit" noise cannot beat real digits: the 11th class is dropped."""
    x = real.reshape(len(real), 64)
    noisy = np.concatenate([x, np.random.default_rng(0).uniform(0, 1, (36, 64))])
    assert g.score_digit_images(noisy)["inception_score"] <= g.score_digit_images(x)["inception_score"] + 0.05
    assert g.score_digit_images(np.repeat(x[:1], 20, axis=0))["inception_score"] == pytest.approx(1.0, abs=1e-6)


def test_frechet_distance_known_cases():
    rng = np.random.default_rng(0)
    a = rng.normal(size=(4000, 3))
    assert g.frechet_distance(a, a) == pytest.approx(0.0, abs=1e-8)
    # equal covariances: the distance is the squared mean shift
    assert g.frechet_distance(a, a + np.array([1.0, 2.0, 0.0])) == pytest.approx(5.0, rel=1e-6)
    # 1-D: (m1 - m2)^2 + (s1 - s2)^2
    x, y = rng.normal(0, 1, (20000, 1)), rng.normal(0, 3, (20000, 1))
    expected = (x.mean() - y.mean()) ** 2 + (x.std(ddof=1) - y.std(ddof=1)) ** 2
    assert g.frechet_distance(x, y) == pytest.approx(expected, rel=1e-6)
    with pytest.raises(ValueError, match="same width"):
        g.frechet_distance(a, a[:, :2])
    with pytest.raises(ValueError, match="2 rows"):
        g.frechet_distance(a[:1], a)


def test_frechet_difference_resolves_a_clear_gap(refs, split):
    cs = g.classical_digit_samples(400, seed=0)
    diff, low, high = g.frechet_difference(cs.samples["independent pixels"], cs.samples["Gaussian mixture"],
                                           seed=0, n_boot=50)
    assert low <= diff <= high and low > 0          # independent pixels are clearly farther
    same = g.frechet_difference(split.X_val, split.X_val, seed=0, n_boot=30)
    assert same[0] == 0.0
    with pytest.raises(ValueError, match="n_boot"):
        g.frechet_difference(split.X_val, split.X_val, seed=0, n_boot=5)


def test_classical_generators(split):
    cs = g.classical_digit_samples(200, seed=1)
    assert set(cs.samples) == {"Gaussian mixture", "per-class Gaussian", "probabilistic PCA", "independent pixels"}
    for name, x in cs.samples.items():
        assert x.shape == (200, 64) and x.min() >= 0 and x.max() <= 1, name
    assert np.array_equal(np.bincount(cs.labels, minlength=10), np.full(10, 20))
    assert set(cs.chosen) == set(cs.samples)
    again = g.classical_digit_samples(200, seed=1)
    for name in cs.samples:
        np.testing.assert_array_equal(cs.samples[name], again.samples[name])
    # per-class Gaussian samples are of the requested class
    acc = np.mean(g.digit_scorer().predict_proba(cs.samples["per-class Gaussian"]).argmax(1) == cs.labels)
    assert acc > 0.9
    # custom training data at 16x16 (block-averaged to 8x8 inside)
    up = lambda x: np.kron(x[..., 0], np.ones((2, 2)))
    cs16 = g.classical_digit_samples(50, seed=1, X_train=up(split.X_train), y_train=split.y_train, X_val=up(split.X_val))
    assert cs16.samples["Gaussian mixture"].shape == (50, 64)
    with pytest.raises(ValueError, match="all of"):
        g.classical_digit_samples(10, seed=0, X_train=split.X_train)
    with pytest.raises(ValueError, match="same length"):
        g.classical_digit_samples(10, seed=0, X_train=split.X_train, y_train=split.y_train[:5], X_val=split.X_val)


def test_checkerboard_share():
    rng = np.random.default_rng(0)
    smooth = np.kron(rng.uniform(0, 1, (20, 4, 4)), np.ones((4, 4)))       # (20, 16, 16), blocky
    assert g.checkerboard_share(smooth) == pytest.approx(0.0, abs=1e-12)
    board = (np.indices((16, 16)).sum(0) % 2).astype(float)
    assert g.checkerboard_share(np.repeat(board[None], 3, axis=0)) == pytest.approx(1.0)
    mixed = np.clip(smooth * 0.8 + 0.2 * board, 0, 1)
    assert 0 < g.checkerboard_share(mixed) < 1


def test_real_transform_compares_like_with_like(real):
    up = lambda x: np.kron(np.asarray(x)[..., 0], np.ones((2, 2)))          # exact at 8x8 after block mean
    a = g.score_digit_images(up(real))
    b = g.score_digit_images(up(real), real_transform=up)
    assert a["frechet_distance"] == pytest.approx(b["frechet_distance"], abs=1e-9)
    with pytest.raises(TypeError):
        g.score_digit_images(real, real_transform=3)


def test_accepts_every_documented_shape(real):
    base = g.score_digit_images(real)
    flat = g.score_digit_images(real.reshape(len(real), 64))
    up = g.score_digit_images(np.kron(real[..., 0], np.ones((2, 2))))  # (n, 16, 16)
    assert base == flat
    assert up["classes_covered"] == 10
    assert abs(up["mean_confidence"] - base["mean_confidence"]) < 1e-9  # block mean of kron == original
    assert base["frechet_distance"] == pytest.approx(0.0, abs=1e-6)     # the test digits against themselves


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
    assert "class_shares" not in table.columns
    assert {"inception_score", "frechet_distance", "nn_distance_ratio"} <= set(table.columns)
