"""Unit tests for helpers.tabular: the breast-cancer split and the rare-positive subsample."""

import numpy as np
import pytest

import helpers
from conftest import digest_of


def test_breast_cancer_positive_is_malignant():
    split = helpers.load_breast_cancer_split()
    y = np.concatenate([split.y_train, split.y_val, split.y_test])
    assert len(y) == 569 and y.sum() == 212  # 212 malignant tumours
    assert split.class_names == ("benign", "malignant")
    assert split.X_train.shape[1] == len(split.feature_names) == 30
    assert "test X(114, 30)" in split.summary()


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


def test_tabular_data_is_bit_identical_to_before_the_move():
    split = helpers.load_breast_cancer_split()
    assert digest_of(split.X_train, split.y_train, split.X_val, split.X_test, split.y_test) == "e5e6771858ab0a60"
    assert digest_of(*helpers.subsample_prevalence(split.X_test, split.y_test, 0.05)) == "2b21b3c9466c36f3"
