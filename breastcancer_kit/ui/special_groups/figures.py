"""Figures for lesson 04: the guide's prevalence and age figures, ranges drawn as ranges."""

from __future__ import annotations

import plotly.graph_objects as go

from ...statistics import tables
from .. import palette
from ..guide import guide_figures_table, number

__all__ = ["age_comparison_figure", "prevalence_ranges_figure"]

def _guide_ranges(labels: list[str], lows: list, highs: list, unit: str = "") -> go.Bar:
    """The guide's ranges as horizontal bars from low to high (black outline, light fill)."""
    return go.Bar(
        y=labels, x=[h - lo for lo, h in zip(lows, highs, strict=True)], base=lows,
        orientation="h",
        marker={"color": palette.GUIDE_FILL, "line": {"color": palette.GUIDE, "width": 2}},
        text=[f"{lo:g}-{h:g}{unit}" for lo, h in zip(lows, highs, strict=True)],
        textposition="outside", name="range given by the guide",
    )  # fmt: skip


# A figure the guide gives: an open black circle (the guide is black in every lesson).
_GUIDE_POINT = {"size": 12, "color": palette.GUIDE, "symbol": "circle-open", "line": {"width": 3}}


def prevalence_ranges_figure() -> go.Figure:
    """The guide's prevalence figures: ranges as bars (TNBC, IBC), single values as points.

    Registry figures sit beside the guide's: SEER's triple-negative share, and SEER's
    HER2-positive share (HR+/HER2+ and HR-/HER2+ together) beside the guide's "about 25".

    Examples
    --------
    >>> fig = prevalence_ranges_figure()
    >>> fig.data[0].type, list(fig.data[0].base), list(fig.data[0].x)
    ('bar', [10.0, 1.0], [10.0, 4.0])
    >>> [round(x, 1) for x in fig.data[-1].x], list(fig.data[-1].y)
    ([13.6], ['HER2 over-expression'])
    """
    guide = guide_figures_table()
    share = guide[guide.unit == "% of breast cancers"]
    ranges = share[share.low.notna() & share.high.notna()]
    points = share[share.value.notna()]
    seer = tables.load_table("seer_subtypes").query("quantity == 'share_of_cases'")
    seer_tnbc = seer[seer.group == "triple-negative"].iloc[0]
    seer_her2 = seer[seer.group.astype(str).str.endswith("HER2+")]
    her2_label = guide.loc[guide.quantity == "her2_overexpression_share", "label"].iloc[0]
    lows, highs = [number(v) for v in ranges.low], [number(v) for v in ranges.high]
    fig = go.Figure(
        [
            _guide_ranges(ranges.label.tolist(), lows, highs, unit=" %"),
            go.Scatter(
                y=points.label.tolist(), x=[number(v) for v in points.value], mode="markers+text",
                marker=_GUIDE_POINT,
                text=[f"about {number(v):g} %" for v in points.value],
                textposition="middle right", name="single figure in the guide",
            ),
            go.Scatter(
                y=["triple-negative"], x=[number(seer_tnbc.value)], mode="markers",
                marker={"size": 12, "symbol": "diamond",
                        "color": palette.subtype_colour("triple-negative")},
                name=f"SEER 22 {seer_tnbc.period}: {number(seer_tnbc.value):g} %",
            ),
            go.Scatter(
                y=[her2_label], x=[float(seer_her2.value.sum())], mode="markers+text",
                marker={"size": 12, "symbol": "diamond",
                        "color": palette.subtype_colour("HR-/HER2+")},
                text=[f"SEER {float(seer_her2.value.sum()):g} %"], textposition="bottom center",
                name=(f"SEER 22 {seer_her2.period.iloc[0]}: HER2-positive "
                      f"(HR+ and HR-) {float(seer_her2.value.sum()):g} %"),
            ),
        ]
    )  # fmt: skip
    fig.update_layout(
        # Short enough for a 420 px chart (plotly never wraps a title); the legend tells the
        # guide's marks from SEER's.
        title="Share of breast cancers: guide and SEER",
        # Room right of the points for their numbers ("about 25 %" was cut at 35).
        xaxis={"title": "% of breast cancers", "range": [0, 45]},
        yaxis={"type": "category"},
        height=320,
        margin={"l": 190, "r": 20, "t": 60, "b": 40},
        legend={"orientation": "h", "y": -0.3},
    )
    return fig


# The registry's group names beside the guide's labels for IBC ages (table ibc_male).
_IBC_AGE_LABELS = {"Black": "IBC, African American women", "White": "IBC, Caucasian women"}


def age_comparison_figure() -> go.Figure:
    """Ages at diagnosis from the guide: averages as points, ranges and open ranges as bars.

    The "after 67" for IBC in men has no upper bound: it is drawn as a fading bar. The
    guide's IBC ages by race have no source; the registry's (National Cancer Database,
    stage III IBC) are drawn beside them as diamonds.

    Examples
    --------
    >>> fig = age_comparison_figure()
    >>> [t.name for t in fig.data][:3]
    ['average age (the guide)', 'range given by the guide', 'open-ended (no upper bound given)']
    >>> [float(x) for x in fig.data[3].x]
    [54.0, 57.0]
    """
    guide = guide_figures_table()
    ages = guide[guide.unit.str.startswith("years")]
    points = ages[ages.value.notna()]
    closed = ages[ages.low.notna() & ages.high.notna()]
    open_ended = ages[ages.low.notna() & ages.high.isna()]
    registry = tables.load_table("ibc_male").query("quantity == 'ibc_mean_age_at_diagnosis'")
    shown_to = 85.0
    lows, highs = [number(v) for v in closed.low], [number(v) for v in closed.high]
    open_lows = [number(v) for v in open_ended.low]
    fig = go.Figure(
        [
            go.Scatter(
                y=points.label.tolist(), x=[number(v) for v in points.value], mode="markers+text",
                marker=_GUIDE_POINT,
                text=[f"{number(v):g}" for v in points.value],
                textposition="middle right", name="average age (the guide)",
            ),
            _guide_ranges(closed.label.tolist(), lows, highs),
            go.Bar(
                y=open_ended.label.tolist(), x=[shown_to - lo for lo in open_lows],
                base=open_lows, orientation="h",
                marker={"color": palette.DIM, "line": {"color": palette.GUIDE, "width": 1}},
                text=[f"after {lo:g}" for lo in open_lows], textposition="inside",
                name="open-ended (no upper bound given)",
            ),
            go.Scatter(
                y=[_IBC_AGE_LABELS[str(g)] for g in registry.group],
                x=[number(v) for v in registry.value], mode="markers+text",
                marker={"size": 11, "symbol": "diamond", "color": palette.OTHER[1]},
                text=[f"{number(v):g}" for v in registry.value], textposition="bottom center",
                name=f"registry: {registry.population.iloc[0].split(',')[0]}, stage III, "
                f"{registry.period.iloc[0]}",
            ),
        ]
    )  # fmt: skip
    fig.update_layout(
        # Short enough for a 420 px chart; the legend names the marks, and the lesson's text
        # says that the guide's IBC ages by race have no source.
        title="Age at diagnosis: guide and registry",
        xaxis={"title": "age (years)", "range": [40, shown_to]},
        yaxis={"type": "category", "autorange": "reversed"},
        barmode="overlay",
        height=340,
        margin={"l": 220, "r": 20, "t": 60, "b": 40},
        legend={"orientation": "h", "y": -0.3},
    )
    return fig
