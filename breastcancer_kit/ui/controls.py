"""Layout and callback helpers shared by every lesson's widgets."""

from __future__ import annotations

import re

import ipywidgets as W

__all__ = ["DESC", "SLIDER", "WIDE", "clamp", "errors_output", "readable", "snapped"]

#: The width of one control column, and of its labels.
WIDE = W.Layout(width="420px")
DESC = {"description_width": "90px"}
#: Sliders recompute only when released (continuous_update=False).
SLIDER = {"continuous_update": False, "layout": WIDE, "style": DESC}


def clamp(value: object, low: float, high: float) -> float:
    """``value`` as a float within ``[low, high]`` (``low`` for text or NaN).

    Examples
    --------
    >>> clamp(120, 0, 100), clamp("x", 0, 100), clamp(float("nan"), 0.5, 8), clamp(10**400, 0, 1)
    (100, 0, 0.5, 1)
    """
    try:
        number = float(value)  # type: ignore[arg-type]
    except OverflowError:  # an int too large for a float
        return high if value > 0 else low  # type: ignore[operator]
    except (TypeError, ValueError):
        return low
    return min(max(number, low), high) if number == number else low


def snapped(slider: W.FloatSlider) -> float:
    """A slider's value rounded to its own step, as the student sees it.

    The browser sends binary fractions: a slider showing "20.50" can hand the kernel
    20.499999999999996, which stages below the 20.5 mm boundary. Every slider value is
    snapped to ``min + k * step`` (and to the step's decimals) before it is used.

    Examples
    --------
    >>> slider = W.FloatSlider(min=0.5, max=100, step=0.5, value=20.5)
    >>> slider.value = 20.499999999999996
    >>> snapped(slider)
    20.5
    """
    step = slider.step or 1.0
    decimals = max(0, -int(f"{step:e}".split("e")[1]))
    steps = round((slider.value - slider.min) / step)
    return round(slider.min + steps * step, decimals + 1)


def errors_output() -> W.Output:
    """An Output that shows a callback's error to the student (``with out:``), not a lost log."""
    out = W.Output()
    out.add_class("bck-errors")
    return out


#: A key-like table value (lower case words joined by underscores), shown as words.
_KEY = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)+")
_KEY_MAX = 80


def readable(df, index: bool = False, max_rows: int = 60):
    """A table as students read it: blanks, never ``<NA>``; words, not keys.

    Missing values are blank, numbers carry no trailing zeros, column names and key-like
    values (``five_year_relative_survival``) are words, the index is hidden unless asked for,
    and identifier columns (``source_id``: the kit's own keys, named in words by the
    ``source`` beside them) are left out. Returns a pandas ``Styler`` (HTML in JupyterLab,
    Voila).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"value": [69.5, None], "unit_of_measure": ["%", "%"]})
    >>> df["low"] = pd.array([None, 1.0], dtype="Float64")  # pandas' own <NA>
    >>> html = readable(df).to_html()
    >>> "&lt;NA&gt;" in html or "nan" in html, "unit of measure" in html, "69.5" in html
    (False, True, True)
    >>> keys = pd.DataFrame({"quantity": ["share_of_cases"], "url": ["https://a.org/b_c.html"]})
    >>> html = readable(keys).to_html()
    >>> "share of cases" in html, "https://a.org/b_c.html" in html
    (True, True)
    >>> ids = pd.DataFrame({"source_id": ["schrijver_2018"], "source": ["Schrijver et al."]})
    >>> "schrijver" in readable(ids).to_html(), "Schrijver et al." in readable(ids).to_html()
    (False, True)
    """
    df = df.drop(columns=[c for c in df.columns if str(c).endswith("_id")])
    shown = df.head(max_rows).rename(columns=lambda c: str(c).replace("_", " "))
    if index:
        shown = shown.rename_axis(index=lambda n: str(n).replace("_", " ") if n else n)

    import pandas as pd

    def cell(value: object) -> str:
        try:
            if value is None or bool(pd.isna(value)):  # NaN, None and pandas' <NA>
                return ""
        except (TypeError, ValueError):  # a list-like cell: shown as it is
            pass
        if isinstance(value, float):
            return f"{value:.4g}" if abs(value) < 1000 else f"{value:,.0f}"
        text = str(value)
        if len(text) <= _KEY_MAX and _KEY.fullmatch(text):  # a key: words, not underscores
            return text.replace("_", " ")
        return text

    styler = shown.style.format(cell)
    return styler if index else styler.hide(axis="index")
