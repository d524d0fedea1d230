"""Unit tests for helpers.vision.digits: real, font and stroke digits."""

import numpy as np
import pytest

import helpers
from conftest import assert_fast, digest_of


# ---------------------------------------------------------------- make_font_digits

@pytest.mark.parametrize("size", [8, 28])
def test_font_digits_shapes_range_and_balance(size):
    X, y = helpers.make_font_digits(205, size=size, seed=3)
    assert X.shape == (205, size, size) and X.dtype == np.float32 and y.dtype == np.int64
    assert X.min() >= 0 and X.max() <= 1
    counts = np.bincount(y, minlength=10)
    assert counts.min() == 20 and counts.max() == 21
    # white digit on black: the border is darker than the centre, every image has ink
    assert X[:, 0, :].mean() < X[:, size // 2, :].mean()
    assert (X.reshape(len(X), -1).max(axis=1) > 0.5).all()


def test_font_digits_8x8_look_like_sklearn_digits():
    from sklearn.datasets import load_digits

    X, _ = helpers.make_font_digits(500, size=8, seed=0)
    real = load_digits().images / 16
    assert abs(X.mean() - real.mean()) < 0.08  # similar ink coverage: the digit fills the frame


def test_font_digits_deterministic_and_seed_dependent():
    a, ya = helpers.make_font_digits(50, size=16, seed=7)
    b, yb = helpers.make_font_digits(50, size=16, seed=7)
    c, _ = helpers.make_font_digits(50, size=16, seed=8)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(ya, yb)
    assert not np.array_equal(a, c)
    state = np.random.get_state()
    np.random.seed(0)  # global state must not matter
    np.testing.assert_array_equal(a, helpers.make_font_digits(50, size=16, seed=7)[0])
    np.random.set_state(state)


def test_font_digits_without_augmentation_are_clean_and_every_font_renders():
    for font in helpers.DIGIT_FONTS:
        X, y = helpers.make_font_digits(10, size=28, seed=0, fonts=(font,), augment=False)
        assert sorted(y) == list(range(10))
        assert (X.reshape(10, -1).max(axis=1) > 0.9).all(), font
        assert X[:, :3, :].max() == 0 and X[:, :, :3].max() == 0  # no noise, centred


@pytest.mark.parametrize("render", [helpers.make_font_digits, helpers.make_stroke_digits])
def test_digit_renderers_reject_bad_common_arguments(render):
    with pytest.raises(ValueError, match="n must be"):
        render(0, seed=0)
    with pytest.raises(TypeError, match="n must be an int"):
        render(10.0, seed=0)
    with pytest.raises(ValueError, match="size must be"):
        render(10, size=4, seed=0)
    with pytest.raises(TypeError, match="seed must be an int"):
        render(10, seed="1")
    with pytest.raises(TypeError, match="seed"):
        render(10)  # the data seed is required: helpers.data_seed(...)


def test_font_digits_reject_bad_arguments():
    with pytest.raises(ValueError, match="fonts"):
        helpers.make_font_digits(10, seed=0, fonts=("Arial.ttf",))
    with pytest.raises(ValueError, match="noise"):
        helpers.make_font_digits(10, seed=0, noise=-0.1)


# ---------------------------------------------------------------- make_stroke_digits

def test_stroke_digits_shapes_levels_and_balance():
    X, y = helpers.make_stroke_digits(205, seed=3)
    assert X.shape == (205, 8, 8) and X.dtype == np.float32
    assert y.shape == (205,) and y.dtype == np.int64
    assert set(np.unique(np.round(X * 16, 6))) <= set(range(17))  # counts of 16 pixels, like optdigits
    counts = np.bincount(y, minlength=10)
    assert counts.min() >= 20 and counts.max() <= 21


def test_stroke_digits_are_digitised_like_sklearn_digits():
    """Ink fills all 8 rows (height-normalised), similar ink share, and the classes are learnable."""
    from sklearn.linear_model import LogisticRegression

    X, y = helpers.make_stroke_digits(1000, seed=0)
    rows_with_ink = (X > 0).any(axis=2).sum(axis=1)
    assert np.mean(rows_with_ink == 8) > 0.95
    real = helpers.load_digits_split()
    assert abs(X.mean() - real.X_train.mean()) < 0.08
    flat = X.reshape(len(X), -1)
    clf = LogisticRegression(max_iter=500).fit(flat[:800], y[:800])
    assert clf.score(flat[800:], y[800:]) > 0.8


def test_stroke_digits_deterministic_seed_dependent_and_sizes():
    a, ya = helpers.make_stroke_digits(40, seed=7)
    b, yb = helpers.make_stroke_digits(40, seed=7)
    c, _ = helpers.make_stroke_digits(40, seed=8)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(ya, yb)
    assert not np.array_equal(a, c)
    big, _ = helpers.make_stroke_digits(12, size=16, seed=1, jitter=0.0)
    assert big.shape == (12, 16, 16)


def test_stroke_digits_reject_bad_arguments():
    with pytest.raises(ValueError, match="jitter must be"):
        helpers.make_stroke_digits(10, seed=0, jitter=0.5)


def test_digit_generators_return_named_tuples_and_accept_numpy_ints():
    out = helpers.make_font_digits(np.int64(10), size=np.int32(8), seed=np.int64(3))
    assert isinstance(out, helpers.Digits) and out._fields == ("images", "labels")
    again = helpers.make_stroke_digits(np.int64(10), seed=np.uint8(3))
    assert isinstance(again, helpers.Digits)
    np.testing.assert_array_equal(again.images, helpers.make_stroke_digits(10, seed=3).images)


def test_a_generator_seed_continues_one_stream():
    rng = np.random.default_rng(5)
    first, second = helpers.make_stroke_digits(6, seed=rng), helpers.make_stroke_digits(6, seed=rng)
    assert not np.array_equal(first.images, second.images)
    rng = np.random.default_rng(5)
    np.testing.assert_array_equal(first.images, helpers.make_stroke_digits(6, seed=rng).images)


@pytest.mark.parametrize("make, kwargs, digest", [
    (helpers.make_font_digits, {"size": 28, "seed": 3}, "03e36cb9a8e1d9c9"),
    (helpers.make_font_digits, {"size": 8, "seed": 190}, "feeb440f87526b87"),
    (helpers.make_stroke_digits, {"seed": 190}, "dde1571bbd184315"),
])
def test_digit_generators_are_bit_identical_to_before_the_move(make, kwargs, digest):
    """sha256 of 20 images and labels, recorded from helpers.synth before it was split up."""
    assert digest_of(*make(20, **kwargs)) == digest


# ---------------------------------------------------------------- load_digits_split

def test_digits_split_shapes_ranges_and_disjointness():
    split = helpers.load_digits_split()
    total = len(split.y_train) + len(split.y_val) + len(split.y_test)
    assert total == 1797
    assert split.X_train.shape[1:] == (8, 8, 1) and split.X_train.dtype == np.float32
    assert 0.0 <= split.X_train.min() and split.X_train.max() <= 1.0
    assert len(split.y_test) == 360 and len(split.y_val) == 270
    assert split.class_names == tuple("0123456789")
    rows = {x.tobytes() for x in split.X_test}
    assert not rows & {x.tobytes() for x in split.X_train}  # no duplicated images cross over here
    flat = helpers.load_digits_split(as_images=False)
    assert flat.X_train.shape[1:] == (64,)
    np.testing.assert_array_equal(flat.y_test, split.y_test)
    with pytest.raises(TypeError, match="as_images"):
        helpers.load_digits_split(as_images="yes")


def test_digits_splits_are_fixed_whatever_the_course_seed(monkeypatch):
    monkeypatch.setenv("COURSE_SEED", "1")
    a = helpers.load_digits_split()
    monkeypatch.setenv("COURSE_SEED", "2")
    b = helpers.load_digits_split()
    np.testing.assert_array_equal(a.y_train, b.y_train)
    np.testing.assert_array_equal(a.X_test, b.X_test)
    assert digest_of(a.X_train, a.y_train, a.X_val, a.X_test, a.y_test) == "3c0cf8124a6ed1fa"


def test_digits_splits_are_stratified():
    split = helpers.load_digits_split()
    for part in (split.y_train, split.y_val, split.y_test):
        shares = np.bincount(part, minlength=10) / len(part)
        assert np.all(np.abs(shares - 0.1) < 0.015)


@pytest.mark.parametrize("make, kwargs", [
    (helpers.make_font_digits, {"size": 28}),
    (helpers.make_font_digits, {"size": 8}),
    (helpers.make_stroke_digits, {}),
])
def test_digit_generators_are_fast(make, kwargs):
    assert_fast(make, **kwargs)
