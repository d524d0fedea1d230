"""Unit tests for helpers.scorecard: the one-line SCORECARD and its bars."""

import json

import pytest

import helpers


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
    with pytest.raises(AssertionError, match=r"mse = 0.3 \(0.3\) misses its bar <= 0.05"):
        helpers.scorecard("q05", {"mse": 0.3, "acc": 0.9}, {"mse": 0.17},
                          {"mse": ("<=", 0.05), "acc": (">", 0.5)})
    (card,) = helpers.parse_scorecard(capsys.readouterr().out)
    assert card["passed"] is False

@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"notebook": "Q3"}, ValueError),
        ({"notebook": 3}, TypeError),
        ({"metrics": [0.9]}, TypeError),
        ({"metrics": {"acc": "high"}}, TypeError),
        ({"metrics": {"acc": float("nan")}}, ValueError),
        ({"bars": {}}, ValueError),
        ({"bars": [("acc", ">=", 0.9)]}, TypeError),
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

def test_scorecard_keeps_small_numbers(capsys):
    helpers.scorecard("q01", {"max_abs_diff": 1.1234e-16}, {}, {"max_abs_diff": ("<=", 1e-9)})
    (card,) = helpers.parse_scorecard(capsys.readouterr().out)
    assert card["metrics"]["max_abs_diff"] == 1.123e-16 and card["bars"]["max_abs_diff"] == ["<=", 1e-9]

def test_scorecard_keeps_counts_exact(capsys):
    helpers.scorecard("q03", {"params": 50826, "acc": 0.987654}, {}, {"acc": (">=", 0.5)})
    (card,) = helpers.parse_scorecard(capsys.readouterr().out)
    assert card["metrics"] == {"params": 50826.0, "acc": 0.9877}


def test_bars_compare_unrounded_values(capsys):
    """0.94996 prints as 0.95 but misses >= 0.95; 1e-9 + 1e-13 misses <= 1e-9 though it prints as 1e-09."""
    with pytest.raises(AssertionError, match=r"acc = 0.95 \(0.94996\) misses its bar >= 0.95"):
        helpers.scorecard("q01", {"acc": 0.94996}, {}, {"acc": (">=", 0.95)})
    (card,) = helpers.parse_scorecard(capsys.readouterr().out)
    assert card["metrics"]["acc"] == 0.95 and card["passed"] is False
    with pytest.raises(AssertionError, match="diff"):
        helpers.scorecard("q01", {"diff": 1e-9 + 1e-13}, {}, {"diff": ("<=", 1e-9)})
    helpers.scorecard("q01", {"acc": 0.95}, {}, {"acc": (">=", 0.95)})  # equal passes
    assert helpers.parse_scorecard(capsys.readouterr().out)[-1]["passed"] is True
