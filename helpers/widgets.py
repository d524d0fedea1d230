"""Small ipywidgets builders for the 动手探索 · Explore sections.

Controls update on release (``continuous_update=False``) and callbacks must
only redraw precomputed results, never retrain, so each move answers quickly.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["interactive_plot", "slider"]


def slider(description: str, min: float, max: float, step: float, value: float):
    """A labelled slider that reports on release: an IntSlider if all numbers are ints."""
    import ipywidgets as widgets

    numbers = (min, max, step, value)
    if any(isinstance(x, bool) or not isinstance(x, (int, float)) for x in numbers):
        raise TypeError("min, max, step and value must be numbers")
    if not min < max:
        raise ValueError(f"need min < max, got {min} and {max}")
    if step <= 0:
        raise ValueError(f"step must be > 0, got {step}")
    if not min <= value <= max:
        raise ValueError(f"value {value} lies outside [{min}, {max}]")
    cls = widgets.IntSlider if all(isinstance(x, int) for x in numbers) else widgets.FloatSlider
    return cls(
        value=value, min=min, max=max, step=step, description=description,
        continuous_update=False, style={"description_width": "initial"},
        layout=widgets.Layout(width="460px"),
    )


def interactive_plot(draw: Callable[..., None], **controls):
    """Controls above an output area that re-runs ``draw(**values)`` on every change.

    ``draw`` should make a figure from precomputed data and call ``plt.show()``.
    Returns the widget box; make it the last expression of the cell.
    """
    import ipywidgets as widgets

    if not callable(draw):
        raise TypeError(f"draw must be callable, got {type(draw).__name__}")
    if not controls:
        raise ValueError("give at least one control, e.g. threshold=slider(...)")
    bad = [name for name, w in controls.items() if not isinstance(w, widgets.ValueWidget)]
    if bad:
        raise TypeError(f"controls {bad} are not ipywidgets value widgets")
    out = widgets.interactive_output(draw, controls)
    return widgets.VBox([*controls.values(), out])
