"""Unit tests for helpers.exercises: the "debug this" checks."""

import pytest

import helpers
from helpers import exercises


def test_check_reports_solved_and_not_solved(capsys):
    def failing():
        assert 1 + 1 == 3, "arithmetic"

    assert helpers.check("demo-bad", failing) is None
    assert "not solved yet — AssertionError: arithmetic" in capsys.readouterr().out
    helpers.check("demo-good", lambda: None)
    assert "✅ demo-good: solved" in capsys.readouterr().out
    assert exercises.RESULTS["demo-bad"] is False and exercises.RESULTS["demo-good"] is True

def test_check_counts_any_exception_as_not_solved(capsys):
    helpers.check("demo-crash", lambda: [][1])
    assert "IndexError" in capsys.readouterr().out
    assert exercises.RESULTS["demo-crash"] is False

def test_check_rejects_bad_input():
    with pytest.raises(ValueError):
        helpers.check("", lambda: None)
    with pytest.raises(TypeError):
        helpers.check("x", 42)

def test_check_strips_terminal_colour_codes(capsys):
    def test():
        raise ValueError("Input \x1b[1mdense\x1b[0m is incompatible")

    helpers.check("ansi", test)
    out = capsys.readouterr().out
    assert "\x1b" not in out and "Input dense is incompatible" in out
