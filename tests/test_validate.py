"""Unit tests for helpers._validate, the one argument-checking policy of the package."""

import numpy as np
import pytest

from helpers import _validate as v


def test_ints_accept_numpy_and_reject_bools_floats_and_out_of_range():
    assert v.check_int("n", np.int64(3), 1) == 3 and type(v.check_int("n", np.uint8(3))) is int
    for bad in (True, np.bool_(True), 3.0, "3", None):
        with pytest.raises(TypeError, match="n must be an int"):
            v.check_int("n", bad)
    with pytest.raises(ValueError, match=r"n must be in \[1, 5\], got 6"):
        v.check_int("n", 6, 1, 5)
    with pytest.raises(ValueError, match="n must be >= 1"):
        v.check_int("n", 0, 1)


def test_floats_accept_numpy_and_ints_and_check_bounds():
    assert v.check_float("x", np.float32(0.5), 0, 1) == 0.5 and v.check_float("x", 2) == 2.0
    for bad in (True, "0.5", None, [0.5]):
        with pytest.raises(TypeError, match="x must be a number"):
            v.check_float("x", bad)
    with pytest.raises(ValueError, match="finite"):
        v.check_float("x", float("nan"))
    with pytest.raises(ValueError, match=r"in \(0, 1\)"):
        v.check_float("x", 1.0, 0, 1, strict=True)
    assert v.check_fraction("p", np.float64(0.25)) == 0.25
    with pytest.raises(ValueError, match="fraction strictly between 0 and 1"):
        v.check_fraction("p", 1)


def test_other_checks():
    assert v.check_bool("b", np.bool_(False)) is False
    with pytest.raises(TypeError):
        v.check_bool("b", 1)
    assert v.check_str("s", "ok") == "ok" and v.check_str("s", "", empty=True) == ""
    with pytest.raises(ValueError):
        v.check_str("s", "  ")
    with pytest.raises(TypeError):
        v.check_str("s", 3)
    assert v.check_choice("k", "a", ("a", "b")) == "a"
    with pytest.raises(ValueError, match=r"k must be one of \['a', 'b'\]"):
        v.check_choice("k", "c", ("a", "b"))
    with pytest.raises(TypeError):
        v.check_callable("f", 3)
    assert v.check_array("a", [[1, 2]], ndim=2).shape == (1, 2)
    with pytest.raises(ValueError, match="a must be 1-D or 3-D"):
        v.check_array("a", [[1, 2]], ndim=(1, 3))
    with pytest.raises(TypeError, match="real numeric"):
        v.check_array("a", ["x"])
    assert v.check_same_length(X=[1, 2], y=[3, 4]) == 2
    with pytest.raises(ValueError, match="X and y must have the same length"):
        v.check_same_length(X=[1, 2], y=[3])
    assert v.strip_ansi("\x1b[1mbold\x1b[0m") == "bold"


def test_rng_from_seeds_or_passes_a_generator_through():
    rng = np.random.default_rng(1)
    assert v.rng_from(rng) is rng
    assert v.rng_from(np.int64(4)).random() == np.random.default_rng(4).random()
    assert v.rng_from(4, 20).random() == np.random.default_rng([4, 20]).random()
    with pytest.raises(TypeError, match="seed must be an int or a numpy.random.Generator"):
        v.rng_from(1.5)
    with pytest.raises(ValueError, match="seed must be >= 0"):
        v.rng_from(-1)
