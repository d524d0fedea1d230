"""Unit tests for helpers.splits: the Split container and the stratified split."""

import numpy as np
import pytest

import helpers


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


def test_stratified_split_keeps_shares_and_names():
    X, y = np.arange(200).reshape(100, 2), np.array([0] * 80 + [1] * 20)
    split = helpers.stratified_split(X, y, val_size=0.2, test_size=0.2, seed=np.int64(7),
                                     class_names=("a", "b"))
    assert isinstance(split, helpers.Split) and split.class_names == ("a", "b")
    for part in (split.y_train, split.y_val, split.y_test):
        assert abs(part.mean() - 0.2) < 0.05
    assert split.summary() == "train X(60, 2) y(60,) · val X(20, 2) y(20,) · test X(20, 2) y(20,)"
    rows = [tuple(r) for part in (split.X_train, split.X_val, split.X_test) for r in part]
    assert sorted(rows) == sorted(map(tuple, X))  # every row exactly once
    with pytest.raises(TypeError, match="seed"):
        helpers.stratified_split(X, y, seed=1.0)
