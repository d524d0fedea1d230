"""Unit tests for helpers.widgets: slider, choice, interactive_plot."""

import numpy as np
import pytest

import helpers


def test_slider_types_and_release_only():
    import ipywidgets as widgets

    s = helpers.slider("k", 1, 9, step=2, value=3)
    assert isinstance(s, widgets.IntSlider) and s.continuous_update is False
    assert isinstance(helpers.slider("t", 0.0, 1.0, step=0.05, value=0.5), widgets.FloatSlider)
    with pytest.raises(ValueError):
        helpers.slider("t", 1.0, 0.0, step=0.1, value=0.5)
    with pytest.raises(ValueError):
        helpers.slider("t", 0.0, 1.0, step=0.1, value=2.0)
    with pytest.raises(ValueError):
        helpers.slider("t", 0.0, 1.0, step=0.0, value=0.5)
    with pytest.raises(TypeError):
        helpers.slider("t", "0", 1.0, step=0.1, value=0.5)
    with pytest.raises(TypeError):
        helpers.slider("t", 0.0, 1.0, 0.1, 0.5)  # value and step are keywords


def test_slider_accepts_numpy_numbers():
    import ipywidgets as widgets

    s = helpers.slider("i", np.int64(0), np.int64(9), step=1, value=np.int32(4))
    assert isinstance(s, widgets.IntSlider) and s.value == 4 and type(s.max) is int
    f = helpers.slider("t", np.float32(0.0), 1.0, step=0.1, value=np.float64(0.3))
    assert isinstance(f, widgets.FloatSlider) and abs(f.value - 0.3) < 1e-9


def test_choice_picks_the_control_by_kind():
    import ipywidgets as widgets

    assert isinstance(helpers.choice("padding", ["valid", "same"]), widgets.ToggleButtons)
    long = helpers.choice("kernel", [f"kernel number {i}" for i in range(8)], "kernel number 3")
    assert isinstance(long, widgets.Dropdown) and long.value == "kernel number 3"
    ordered = helpers.choice("k", [1, 5, 10], 5, kind="slider")
    assert isinstance(ordered, widgets.SelectionSlider) and ordered.continuous_update is False
    several = helpers.choice("models", ["a", "b", "c"], ("a", "c"), kind="multiple")
    assert isinstance(several, widgets.SelectMultiple) and several.value == ("a", "c")
    labelled = helpers.choice("run", {"first run": 0, "second run": 1}, 1, kind="dropdown")
    assert labelled.value == 1
    with pytest.raises(ValueError, match="value"):
        helpers.choice("k", [1, 2], 3)
    with pytest.raises(ValueError, match="kind"):
        helpers.choice("k", [1, 2], kind="wheel")
    with pytest.raises(TypeError, match="options"):
        helpers.choice("k", "ab")


def test_interactive_plot_calls_draw_on_change():
    calls = []
    s = helpers.slider("t", 0.0, 1.0, step=0.1, value=0.5)
    box = helpers.interactive_plot(lambda t: calls.append(t), t=s)
    assert box.children[0] is s
    s.value = 0.8
    assert calls[-1] == 0.8
    with pytest.raises(TypeError):
        helpers.interactive_plot(42, t=s)
    with pytest.raises(ValueError):
        helpers.interactive_plot(lambda: None)
    with pytest.raises(TypeError):
        helpers.interactive_plot(lambda t: None, t=3)
