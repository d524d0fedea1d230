"""Unit tests for helpers.errata: show_error and show_warnings."""

import warnings

import pytest

import helpers


def test_show_error_prints_the_real_error(capsys):
    helpers.show_error("1 / 0", match="division by zero")
    assert capsys.readouterr().out.strip() == "Seed code raises → ZeroDivisionError: division by zero"

def test_show_error_uses_and_keeps_the_namespace(capsys):
    ns = {"items": [1, 2]}
    helpers.show_error("n = len(items)\nitems[n]", ns, expect=IndexError)
    assert ns["n"] == 2 and "IndexError" in capsys.readouterr().out

def test_show_error_fails_loudly_when_snippet_works():
    with pytest.raises(AssertionError, match="without error"):
        helpers.show_error("x = 1")

def test_show_error_checks_match_and_expect():
    with pytest.raises(AssertionError, match="expected an error matching"):
        helpers.show_error("1 / 0", match="shape")
    with pytest.raises(ZeroDivisionError):
        helpers.show_error("1 / 0", expect=KeyError)

def test_show_error_rejects_bad_input():
    with pytest.raises(ValueError):
        helpers.show_error("   ")
    with pytest.raises(TypeError):
        helpers.show_error("1/0", namespace=[])

def test_show_error_trims_long_messages(capsys):
    helpers.show_error("raise ValueError('x' * 5000)", max_chars=100)
    assert len(capsys.readouterr().out.strip()) < 140

def test_show_error_strips_terminal_escape_codes(capsys):
    helpers.show_error("raise ValueError('\\x1b[1mbold\\x1b[0m name')")
    assert capsys.readouterr().out.strip() == "Seed code raises → ValueError: bold name"


def test_show_warnings_prints_each_warning_once_and_keeps_names(capsys):
    ns = {"warnings": warnings}
    code = """
for _ in range(3):
    warnings.warn("input_shape is deprecated", UserWarning)
warnings.warn("not converged", RuntimeWarning)
model = "built"
"""
    helpers.show_warnings(code, ns, match="input_shape")
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines == ["Seed code warns → UserWarning: input_shape is deprecated",
                     "Seed code warns → RuntimeWarning: not converged"]
    assert ns["model"] == "built"


def test_show_warnings_sends_nothing_to_stderr(capsys):
    helpers.show_warnings("import warnings\nwarnings.warn('x')")
    assert capsys.readouterr().err == ""


def test_show_warnings_fails_loudly_when_the_lesson_is_wrong():
    with pytest.raises(AssertionError, match="no warning"):
        helpers.show_warnings("x = 1")
    with pytest.raises(AssertionError, match="expected a warning matching"):
        helpers.show_warnings("import warnings\nwarnings.warn('x')", match="shape")
    with pytest.raises(ZeroDivisionError):
        helpers.show_warnings("1 / 0")
    with pytest.raises(TypeError):
        helpers.show_warnings("x = 1", namespace=[])
