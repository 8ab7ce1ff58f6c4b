"""The guide's prevalence and age figures, labelled for display (lessons 03 and 04).

Rows of the statistics table ``guide_figures`` with a short display label each.
"""

from __future__ import annotations

from ..statistics import tables

__all__ = ["guide_figures_table", "number"]

# Display labels for the guide's figures (statistics table ``guide_figures``).
_GUIDE_LABELS = {
    ("her2_overexpression_share", "all breast cancers"): "HER2 over-expression",
    ("tnbc_share", "all breast cancers"): "triple-negative",
    ("ibc_share", "all breast cancers"): "inflammatory breast cancer",
    ("ibc_mean_age_at_diagnosis", "African American women"): "IBC, African American women",
    ("ibc_mean_age_at_diagnosis", "Caucasian women"): "IBC, Caucasian women",
    ("male_mean_age_at_diagnosis", "men"): "men with breast cancer",
    ("ibc_age_at_diagnosis", "men"): "IBC in men",
}


def number(value: object) -> float | None:
    """A float for Plotly, None for a missing value (NaN/NA break FigureWidget JSON).

    Examples
    --------
    >>> number(2), number(None)
    (2.0, None)
    """
    import pandas as pd

    if value is None or pd.isna(value):
        return None
    return float(value)  # type: ignore[arg-type]


def guide_figures_table():  # -> pandas.DataFrame
    """The guide's prevalence and age figures used in lesson 04, labelled for display.

    Rows of the statistics table ``guide_figures`` (see :mod:`breastcancer_kit.statistics.tables`)
    with a ``label`` column; ``value`` for single figures, ``low``/``high`` for ranges
    (``high`` empty for "after 67").

    Examples
    --------
    >>> df = guide_figures_table().set_index("label")
    >>> float(df.loc["triple-negative", "low"]), float(df.loc["triple-negative", "high"])
    (10.0, 20.0)
    """
    df = tables.load_table("guide_figures")
    keys = list(zip(df.quantity.astype(str), df.group.astype(str), strict=True))
    df = df[[k in _GUIDE_LABELS for k in keys]].copy()
    df.insert(0, "label", [_GUIDE_LABELS[(str(q), str(g))] for q, g in zip(df.quantity,
              df.group, strict=True)])  # fmt: skip
    return df.reset_index(drop=True)
