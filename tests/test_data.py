"""Unit tests for helpers.data: splits and loaders."""

import numpy as np
import pytest

import helpers


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


def test_splits_are_fixed_whatever_the_course_seed(monkeypatch):
    monkeypatch.setenv("COURSE_SEED", "1")
    a = helpers.load_digits_split()
    monkeypatch.setenv("COURSE_SEED", "2")
    b = helpers.load_digits_split()
    np.testing.assert_array_equal(a.y_train, b.y_train)
    np.testing.assert_array_equal(a.X_test, b.X_test)


def test_splits_are_stratified():
    split = helpers.load_digits_split()
    for part in (split.y_train, split.y_val, split.y_test):
        shares = np.bincount(part, minlength=10) / len(part)
        assert np.all(np.abs(shares - 0.1) < 0.015)


def test_breast_cancer_positive_is_malignant():
    split = helpers.load_breast_cancer_split()
    y = np.concatenate([split.y_train, split.y_val, split.y_test])
    assert len(y) == 569 and y.sum() == 212  # 212 malignant tumours
    assert split.class_names == ("benign", "malignant")
    assert split.X_train.shape[1] == len(split.feature_names) == 30
    assert "test X(114, 30)" in split.summary()


def test_stratified_split_rejects_bad_input():
    X, y = np.zeros((20, 2)), np.array([0, 1] * 10)
    with pytest.raises(ValueError, match="same length"):
        helpers.stratified_split(X, y[:5])
    with pytest.raises(ValueError, match="1-D"):
        helpers.stratified_split(X, y.reshape(10, 2))
    with pytest.raises(ValueError, match="fraction"):
        helpers.stratified_split(X, y, val_size=1.5)
    with pytest.raises(ValueError, match="< 1"):
        helpers.stratified_split(X, y, val_size=0.5, test_size=0.5)


def test_subsample_prevalence_hits_the_rate():
    split = helpers.load_breast_cancer_split()
    X, y = helpers.subsample_prevalence(split.X_test, split.y_test, 0.05)
    assert len(X) == len(y)
    assert (y == 0).sum() == (split.y_test == 0).sum()  # every negative kept
    assert abs(y.mean() - 0.05) < 0.01
    X2, y2 = helpers.subsample_prevalence(split.X_test, split.y_test, 0.05)
    np.testing.assert_array_equal(X, X2)  # deterministic for the fixed seed


def test_subsample_prevalence_rejects_bad_input():
    X, y = np.zeros((10, 2)), np.array([0] * 9 + [1])
    with pytest.raises(ValueError, match="positives"):
        helpers.subsample_prevalence(X, y, 0.6)
    with pytest.raises(ValueError, match="binary"):
        helpers.subsample_prevalence(X, np.arange(10), 0.1)
    with pytest.raises(ValueError, match="fraction"):
        helpers.subsample_prevalence(X, y, 0)


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
    sun = helpers.load_sunspots(val_start=1900, test_start=2000)
    assert sun.n_train == 200 and sun.n_train_val == 300
    with pytest.raises(ValueError, match="val_start < test_start"):
        helpers.load_sunspots(val_start=1970, test_start=1960)
    with pytest.raises(ValueError, match="2008"):
        helpers.load_sunspots(test_start=2020)
    with pytest.raises(TypeError, match="int year"):
        helpers.load_sunspots(val_start=1929.0)
