"""Layout and callback helpers shared by every lesson's widgets."""

from __future__ import annotations

import ipywidgets as W

__all__ = ["DESC", "SLIDER", "WIDE", "clamp", "errors_output"]

#: The width of one control column, and of its labels.
WIDE = W.Layout(width="420px")
DESC = {"description_width": "90px"}
#: Sliders recompute only when released (continuous_update=False).
SLIDER = {"continuous_update": False, "layout": WIDE, "style": DESC}


def clamp(value: object, low: float, high: float) -> float:
    """``value`` as a float within ``[low, high]`` (``low`` for text or NaN).

    Examples
    --------
    >>> clamp(120, 0, 100), clamp("x", 0, 100), clamp(float("nan"), 0.5, 8)
    (100, 0, 0.5)
    """
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return low
    return min(max(number, low), high) if number == number else low


def errors_output() -> W.Output:
    """An Output that shows a callback's error to the student (``with out:``), not a lost log."""
    out = W.Output()
    out.add_class("bck-errors")
    return out
