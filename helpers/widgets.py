"""Small ipywidgets builders for the 动手探索 · Explore sections.

Controls update on release (``continuous_update=False``) and callbacks must
only redraw precomputed results, never retrain, so each move answers quickly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from numbers import Integral
from typing import Any

from ._validate import check_callable, check_choice, check_float, check_str

__all__ = ["choice", "interactive_plot", "slider"]

_LAYOUT = {"width": "460px"}
_STYLE = {"description_width": "initial"}


def slider(description: str, min: float, max: float, *, value: float, step: float):
    """A labelled slider that reports on release: an IntSlider if all four numbers are ints.

    NumPy scalars are accepted like Python numbers.
    """
    import ipywidgets as widgets

    check_str("description", description)
    numbers = {"min": min, "max": max, "value": value, "step": step}
    as_float = {k: check_float(k, v) for k, v in numbers.items()}
    if not as_float["min"] < as_float["max"]:
        raise ValueError(f"need min < max, got {min} and {max}")
    if as_float["step"] <= 0:
        raise ValueError(f"step must be > 0, got {step}")
    if not as_float["min"] <= as_float["value"] <= as_float["max"]:
        raise ValueError(f"value {value} lies outside [{min}, {max}]")
    integral = all(isinstance(v, Integral) for v in numbers.values())
    cls = widgets.IntSlider if integral else widgets.FloatSlider
    kwargs = {k: int(v) for k, v in numbers.items()} if integral else as_float
    return cls(description=description, continuous_update=False, style=_STYLE,
               layout=widgets.Layout(**_LAYOUT), **kwargs)


def choice(description: str, options: Sequence[Any], value: Any = None, *, kind: str = "auto"):
    """A labelled control to pick one of ``options`` (``value`` defaults to the first).

    ``kind``: ``"buttons"`` (toggle buttons), ``"dropdown"``, ``"slider"`` (a selection slider,
    for ordered values such as budgets or strengths), ``"multiple"`` (pick several; ``value`` is
    then a tuple), or ``"auto"``: buttons for up to 5 short options, else a dropdown.
    ``options`` may be a list of values or a dict ``{label: value}``.
    """
    import ipywidgets as widgets

    check_str("description", description)
    check_choice("kind", kind, ("auto", "buttons", "dropdown", "slider", "multiple"))
    if isinstance(options, (str, bytes)) or not isinstance(options, (Sequence, dict)) or not options:
        raise TypeError("options must be a non-empty list (or dict label -> value) of choices")
    values = list(options.values()) if isinstance(options, dict) else list(options)
    if kind == "auto":
        short = len(values) <= 5 and all(len(str(v)) <= 12 for v in
                                          (options if isinstance(options, dict) else values))
        kind = "buttons" if short else "dropdown"
    if kind == "multiple":
        value = tuple(values[:1]) if value is None else tuple(value)
        for v in value:
            check_choice("value", v, values)
        return widgets.SelectMultiple(options=options, value=value, description=description,
                                      rows=min(len(values), 8), style=_STYLE,
                                      layout=widgets.Layout(**_LAYOUT))
    value = values[0] if value is None else check_choice("value", value, values)
    cls = {"buttons": widgets.ToggleButtons, "dropdown": widgets.Dropdown,
           "slider": widgets.SelectionSlider}[kind]
    extra = {"continuous_update": False, "layout": widgets.Layout(**_LAYOUT)} if kind == "slider" else {}
    return cls(options=options, value=value, description=description, style=_STYLE, **extra)


def interactive_plot(draw: Callable[..., None], **controls):
    """Controls above an output area that re-runs ``draw(**values)`` on every change.

    ``draw`` should make a figure from precomputed data and call ``plt.show()``.
    Returns the widget box; make it the last expression of the cell.
    """
    import ipywidgets as widgets

    check_callable("draw", draw)
    if not controls:
        raise ValueError("give at least one control, e.g. threshold=slider(...)")
    bad = [name for name, w in controls.items() if not isinstance(w, widgets.ValueWidget)]
    if bad:
        raise TypeError(f"controls {bad} are not ipywidgets value widgets")
    out = widgets.interactive_output(draw, controls)
    return widgets.VBox([*controls.values(), out])
