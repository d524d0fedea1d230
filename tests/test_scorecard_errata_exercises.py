"""Unit tests for the scorecard, show_error and the exercise checks."""

import json

import pytest

import helpers
from helpers import exercises


def test_scorecard_prints_one_exact_line(capsys):
    helpers.scorecard("q03", {"test_acc": 0.98765, "gain": 0.1}, {"mlp_acc": 0.95},
                      {"test_acc": (">=", 0.98)})
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and out.startswith("SCORECARD {")
    card = json.loads(out[len("SCORECARD "):])
    assert card == {"notebook": "q03", "metrics": {"test_acc": 0.9877, "gain": 0.1},
                    "baseline": {"mlp_acc": 0.95}, "bars": {"test_acc": [">=", 0.98]},
                    "passed": True}


def test_scorecard_prints_then_raises_naming_the_metric(capsys):
    with pytest.raises(AssertionError, match="mse = 0.3 misses its bar <= 0.05"):
        helpers.scorecard("q05", {"mse": 0.3, "acc": 0.9}, {"mse": 0.17},
                          {"mse": ("<=", 0.05), "acc": (">", 0.5)})
    (card,) = helpers.parse_scorecard(capsys.readouterr().out)
    assert card["passed"] is False


@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"notebook": "Q3"}, ValueError),
        ({"metrics": [0.9]}, TypeError),
        ({"metrics": {"acc": "high"}}, TypeError),
        ({"metrics": {"acc": float("nan")}}, ValueError),
        ({"bars": {}}, ValueError),
        ({"bars": {"auc": (">=", 0.9)}}, ValueError),
        ({"bars": {"acc": ("=>", 0.9)}}, ValueError),
        ({"bars": {"acc": (">=", True)}}, TypeError),
    ],
)
def test_scorecard_rejects_bad_input(kwargs, error):
    args = {"notebook": "q01", "metrics": {"acc": 0.9}, "baseline": {}, "bars": {"acc": (">=", 0.5)}}
    args.update(kwargs)
    with pytest.raises(error):
        helpers.scorecard(**args)


def test_parse_scorecard_finds_cards_and_rejects_garbage():
    text = 'x\nSCORECARD {"notebook": "q01", "passed": true}\ny'
    assert helpers.parse_scorecard(text) == [{"notebook": "q01", "passed": True}]
    assert helpers.parse_scorecard("nothing here") == []
    with pytest.raises(ValueError, match="malformed"):
        helpers.parse_scorecard("SCORECARD {oops")
    with pytest.raises(TypeError):
        helpers.parse_scorecard(None)


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


def test_scorecard_keeps_small_numbers(capsys):
    helpers.scorecard("q01", {"max_abs_diff": 1.1234e-16}, {}, {"max_abs_diff": ("<=", 1e-9)})
    (card,) = helpers.parse_scorecard(capsys.readouterr().out)
    assert card["metrics"]["max_abs_diff"] == 1.123e-16 and card["bars"]["max_abs_diff"] == ["<=", 1e-9]


def test_show_error_strips_terminal_escape_codes(capsys):
    helpers.show_error("raise ValueError('\\x1b[1mbold\\x1b[0m name')")
    assert capsys.readouterr().out.strip() == "Seed code raises → ValueError: bold name"


def test_scorecard_keeps_counts_exact(capsys):
    helpers.scorecard("q03", {"params": 50826, "acc": 0.987654}, {}, {"acc": (">=", 0.5)})
    (card,) = helpers.parse_scorecard(capsys.readouterr().out)
    assert card["metrics"] == {"params": 50826.0, "acc": 0.9877}


def test_check_strips_terminal_colour_codes(capsys):
    def test():
        raise ValueError("Input \x1b[1mdense\x1b[0m is incompatible")

    helpers.check("ansi", test)
    out = capsys.readouterr().out
    assert "\x1b" not in out and "Input dense is incompatible" in out
