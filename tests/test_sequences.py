"""Unit tests for helpers.sequences: periodic series, adding problem, digit reversal, sunspots."""

import numpy as np
import pytest

import helpers
from conftest import digest_of


# ---------------------------------------------------------------- sequence tasks

def _global_state_does_not_matter(make):
    """make() twice, with the global NumPy state changed in between: same result."""
    state = np.random.get_state()
    try:
        np.random.seed(0)
        a = make()
        np.random.seed(1)
        np.random.random(7)
        b = make()
    finally:
        np.random.set_state(state)
    return a, b


def test_adding_problem_shapes_dtypes_and_two_markers():
    X, y, first, second = helpers.make_adding_problem(500, T=50, seed=3)
    assert X.shape == (500, 50, 2) and X.dtype == np.float32
    assert y.shape == (500, 1) and y.dtype == np.float32
    assert first.shape == second.shape == (500,) and first.dtype == np.int64
    values, marks = X[..., 0], X[..., 1]
    assert values.min() >= 0 and values.max() < 1
    assert set(np.unique(marks)) == {0.0, 1.0}
    np.testing.assert_array_equal(marks.sum(axis=1), 2)  # exactly two markers
    rows = np.arange(500)
    assert (marks[rows, first] == 1).all() and (marks[rows, second] == 1).all()
    assert (first < 25).all() and (second >= 25).all() and (second < 50).all()  # one per half
    assert 0 <= y.min() and y.max() < 2


def test_adding_problem_target_is_the_sum_of_the_marked_values():
    X, y, _, _ = helpers.make_adding_problem(300, T=20, seed=0)
    np.testing.assert_allclose(y[:, 0], (X[..., 0] * X[..., 1]).sum(axis=1), rtol=1e-6)
    # the constant 1.0 has MSE ~ Var(v1 + v2) = 1/6
    X, y, _, _ = helpers.make_adding_problem(20_000, T=10, seed=1)
    assert abs(np.mean((y - 1.0) ** 2) - 1 / 6) < 0.01


def test_adding_problem_deterministic_and_per_length():
    a, b = _global_state_does_not_matter(lambda: helpers.make_adding_problem(50, T=20, seed=7))
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u, v)
    assert not np.array_equal(a.X, helpers.make_adding_problem(50, T=20, seed=8).X)
    # seeded with [seed, T]: the same first draws as a Generator seeded that way
    np.testing.assert_array_equal(a.X[..., 0], np.random.default_rng([7, 20]).random((50, 20)).astype("float32"))


def test_adding_problem_rejects_bad_arguments():
    with pytest.raises(ValueError, match="T must be"):
        helpers.make_adding_problem(5, T=1, seed=0)
    with pytest.raises(ValueError, match="n must be"):
        helpers.make_adding_problem(0, T=10, seed=0)
    with pytest.raises(TypeError, match="seed"):
        helpers.make_adding_problem(5, T=10, seed=1.5)
    with pytest.raises(TypeError, match="T must be an int"):
        helpers.make_adding_problem(5, T=10.0, seed=0)


def _reversal_parts(n_train, n_val, n_test, seed, **kwargs):
    """Train, val, test drawn from one stream, each held-out part excluding what came before."""
    rng = np.random.default_rng(seed)
    train = helpers.make_reversal_task(n_train, seed=rng, **kwargs)
    val = helpers.make_reversal_task(n_val, seed=rng, exclude=train.X, **kwargs)
    test = helpers.make_reversal_task(n_test, seed=rng, exclude=np.concatenate([train.X, val.X]), **kwargs)
    return train, val, test


def test_reversal_task_shapes_padding_and_target():
    train, val, test = _reversal_parts(2000, 500, 500, seed=1)
    for part in (train, val, test):
        X, Y, L = part
        assert X.shape == Y.shape == (len(L), 10) and X.dtype == Y.dtype == np.int32 and L.dtype == np.int64
        assert L.min() >= 4 and L.max() <= 10 and X.min() >= 0 and X.max() <= 10
        slots = np.arange(10)[None, :]
        assert (X[slots < L[:, None]] >= 1).all()  # digits in the first L slots
        assert (X[slots >= L[:, None]] == 0).all()  # PAD after them (right padding)
        np.testing.assert_array_equal(Y, X[:, ::-1])  # target = the sequence reversed
        for x, yy, n in zip(X[:20], Y[:20], L[:20]):  # reversed digits, right-aligned
            np.testing.assert_array_equal(yy[10 - n:], x[:n][::-1])
    assert len(train.X) == 2000 and set(np.unique(train.L)) == set(range(4, 11))
    assert 400 < len(val.X) <= 500 and 400 < len(test.X) <= 500


def test_reversal_task_left_aligned_target_depends_on_the_length():
    rng_r, rng_l = np.random.default_rng(3), np.random.default_rng(3)
    right = helpers.make_reversal_task(500, seed=rng_r)
    left = helpers.make_reversal_task(500, seed=rng_l, align="left")
    np.testing.assert_array_equal(right.X, left.X)  # the same inputs whatever the alignment
    np.testing.assert_array_equal(right.L, left.L)
    assert left.Y.shape == left.X.shape and left.Y.dtype == np.int32
    for x, yy, n in zip(left.X, left.Y, left.L):
        np.testing.assert_array_equal(yy[:n], x[:n][::-1])  # reversed digits from slot 0
        assert (yy[n:] == 0).all()  # PAD after them
    np.testing.assert_array_equal(left.Y != 0, left.X != 0)  # same PAD pattern as the input
    full = left.L == 10  # only full-length rows coincide with the mirrored target
    np.testing.assert_array_equal(left.Y[full], right.Y[full])
    assert not np.array_equal(left.Y[~full], right.Y[~full])
    # target slot 0 is the last digit, read from input slot L - 1: a different slot for each length
    np.testing.assert_array_equal(left.Y[:, 0], left.X[np.arange(len(left.L)), left.L - 1])
    with pytest.raises(ValueError, match="align"):
        helpers.make_reversal_task(10, seed=0, align="centre")


def test_reversal_task_held_out_parts_never_repeat_earlier_ones():
    train, val, test = _reversal_parts(5000, 2000, 2000, seed=2, min_length=2, length=4, vocab=4)
    seen = {tuple(r) for r in train.X}
    assert not {tuple(r) for r in val.X} & seen
    assert not {tuple(r) for r in test.X} & (seen | {tuple(r) for r in val.X})
    assert len(val.X) < 2000  # a tiny vocabulary forces repeats, which were dropped


def test_reversal_task_deterministic_and_rejects_bad_arguments():
    a, b = _global_state_does_not_matter(lambda: helpers.make_reversal_task(100, seed=5))
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u, v)
    assert not np.array_equal(a.X, helpers.make_reversal_task(100, seed=6).X)
    with pytest.raises(ValueError, match="min_length"):
        helpers.make_reversal_task(10, seed=0, min_length=11)
    with pytest.raises(ValueError, match="n must be"):
        helpers.make_reversal_task(0, seed=0)
    with pytest.raises(ValueError, match="vocab"):
        helpers.make_reversal_task(10, seed=0, vocab=1)
    with pytest.raises(TypeError, match="seed"):
        helpers.make_reversal_task(10, seed="1")
    with pytest.raises(ValueError, match="exclude"):
        helpers.make_reversal_task(10, seed=0, exclude=np.zeros((3, 7)))


def test_noisy_periodic_series_shapes_and_noise_floor():
    X, y, clean, period = helpers.make_periodic_series(2000, length=40, seed=0)
    assert X.shape == (2000, 40, 1) and X.dtype == np.float32 and y.shape == (2000,) and y.dtype == np.float32
    assert clean.shape == period.shape == (2000,) and clean.dtype == np.float64
    assert 8 <= period.min() and period.max() <= 30
    assert np.abs(clean).max() <= 1.5 * 1.3  # amplitude a <= 1.5, harmonic 0.3 a
    assert abs(np.std(y - clean) - 0.1) < 0.01  # the noise std sigma: the floor of any forecast
    X0, y0, clean0, _ = helpers.make_periodic_series(10, length=15, seed=0, sigma=0.0)
    np.testing.assert_allclose(y0, clean0, rtol=1e-6)
    assert X0.shape == (10, 15, 1)


def test_noisy_periodic_series_is_periodic():
    # without noise the signal repeats after one period: x(t + P) = x(t)
    X, y, _, period = helpers.make_periodic_series(200, length=80, seed=4, sigma=0.0)
    whole = np.concatenate([X[..., 0], y[:, None]], axis=1).astype(np.float64)  # steps 0..80
    rng = np.random.default_rng(4)
    p, phase, amp = (rng.uniform(lo, hi, (200, 1)) for lo, hi in ((8, 30), (0, 2 * np.pi), (0.5, 1.5)))
    t = np.arange(81)[None, :]
    expected = amp * np.sin(2 * np.pi * t / p + phase) + 0.3 * amp * np.sin(4 * np.pi * t / p + 2 * phase)
    np.testing.assert_allclose(whole, expected, atol=1e-6)
    np.testing.assert_array_equal(period, p[:, 0])


def test_periodic_series_parts_drawn_from_one_generator():
    rng = np.random.default_rng(9)
    train, val, test = (helpers.make_periodic_series(k, seed=rng, length=20) for k in (300, 60, 70))
    assert len(train.X) == 300 and len(val.X) == 60 and len(test.X) == 70
    for u, v in zip(train, helpers.make_periodic_series(300, length=20, seed=9)):
        np.testing.assert_array_equal(u, v)  # the training part comes first
    assert not np.array_equal(val.X[:10], train.X[:10])


def test_noisy_periodic_rejects_bad_arguments():
    with pytest.raises(ValueError, match="length"):
        helpers.make_periodic_series(5, seed=0, length=0)
    with pytest.raises(ValueError, match="sigma"):
        helpers.make_periodic_series(5, seed=0, sigma=-1)
    with pytest.raises(TypeError, match="n must be an int"):
        helpers.make_periodic_series(5.0, seed=0)
    with pytest.raises(TypeError, match="seed"):
        helpers.make_periodic_series(5)


def test_sequence_generators_are_bit_identical_to_before_the_move():
    """sha256 of a few samples, recorded from helpers.synth before it was split up."""
    assert digest_of(*helpers.make_periodic_series(8, length=100, seed=2025, sigma=0.1)) == "6c18a14cb51d898c"
    rng = np.random.default_rng(2024)
    parts = [helpers.make_periodic_series(k, seed=rng, length=40, sigma=0.1) for k in (30, 6, 6)]
    assert digest_of(*[a for p in parts for a in p]) == "48a056fb55185566"
    assert digest_of(*helpers.make_adding_problem(12, T=50, seed=1997)) == "fae5144f27cc9994"
    parts = _reversal_parts(50, 20, 20, seed=2024)
    assert digest_of(*[a for p in parts for a in p]) == "ccaac3f111f9aa52"


# ---------------------------------------------------------------- sunspots

def test_sunspots_years_values_and_chronological_split():
    sun = helpers.load_sunspots()
    assert sun.years.shape == sun.values.shape == (309,)
    assert sun.years.dtype == np.int64 and sun.values.dtype == np.float64
    np.testing.assert_array_equal(sun.years, np.arange(1700, 2009))  # consecutive, in order
    assert sun.values.min() >= 0 and 150 < sun.values.max() < 200
    assert (sun.val_start, sun.test_start) == (1929, 1969)
    assert sun.n_train == 229 and sun.n_train_val == 269  # val 40 years, test 40 years
    assert sun.years[sun.n_train - 1] == 1928 and sun.years[sun.n_train] == 1929
    assert sun.years[sun.n_train_val] == 1969
    assert sun.summary() == "309 years; train 1700-1928 (229), val 1929-1968 (40), test 1969-2008 (40)"
    np.testing.assert_array_equal(helpers.load_sunspots().values, sun.values)  # deterministic


def test_sunspots_custom_split_and_bad_input():
    sun = helpers.load_sunspots(val_start=1900, test_start=np.int64(2000))
    assert sun.n_train == 200 and sun.n_train_val == 300 and type(sun.test_start) is int
    with pytest.raises(ValueError, match="val_start < test_start"):
        helpers.load_sunspots(val_start=1970, test_start=1960)
    with pytest.raises(ValueError, match="2008"):
        helpers.load_sunspots(test_start=2020)
    with pytest.raises(TypeError, match="val_start must be an int"):
        helpers.load_sunspots(val_start=1929.0)
