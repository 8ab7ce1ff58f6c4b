"""Plotly figure for lesson 10: a forest plot of the pivotal trials' hazard ratios.

Colour-blind safe: each single-subtype group takes its Okabe-Ito subtype colour, the mixed
groups take Okabe-Ito colours no subtype holds, and every group also has its own marker
shape, so colour is never the only cue. The same rows as text: :func:`views.forest_text`.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go

from .. import palette
from ..chart_parts import add_caption, wrap
from . import views

__all__ = ["forest_plot"]

_SYMBOLS = ("circle", "square", "diamond", "triangle-up", "cross", "x")
_MIXED = {views.HER2_NEGATIVE: palette.OTHER[1], views.HER2_POSITIVE: palette.OTHER[0]}


def _colour(group: str) -> str:
    return _MIXED.get(group) or palette.subtype_colour(group)


def forest_plot(endpoint: str = "pfs", group: str | None = None) -> go.Figure:
    """Hazard ratio (point) and 95% interval (bar) per trial and cohort, on a log axis.

    A vertical line marks 1 (no difference); a point without a bar had no interval in
    the source. One trace per subtype group (legend entry, colour and marker shape).

    Examples
    --------
    >>> fig = forest_plot("os")
    >>> fig.layout.xaxis.type, [t.name for t in fig.data][:2]
    ('log', ['HR+/HER2-', 'HER2-negative (HR+ or triple-negative)'])
    >>> len(forest_plot("pfs", "triple-negative").data)
    1
    """
    df = views.forest_rows(endpoint, group)
    words = views.ENDPOINTS[endpoint][2]
    fig = go.Figure()
    labels = df.label.tolist()[::-1]  # first row at the top
    for i, (name, part) in enumerate(df.groupby("group", sort=False)):
        plus = [(h - v) if h == h else None for v, h in zip(part.hr, part.high, strict=True)]
        minus = [(v - lo) if lo == lo else None for v, lo in zip(part.hr, part.low, strict=True)]
        fig.add_trace(
            go.Scatter(
                x=part.hr.tolist(),
                y=part.label.tolist(),
                mode="markers",
                name=str(name),
                marker={
                    "color": _colour(str(name)),
                    "size": 10,
                    "symbol": _SYMBOLS[i % len(_SYMBOLS)],
                    "line": {"color": palette.GUIDE, "width": 1},
                },
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "array": plus,
                    "arrayminus": minus,
                    "color": _colour(str(name)),
                    "thickness": 2,
                },
                customdata=list(
                    zip(
                        part.interval,
                        part.reading,
                        part.medians,
                        [wrap(s) for s in part.source],
                        strict=True,
                    )
                ),
                hovertemplate=(
                    "%{y}<br>HR %{x} (95% CI %{customdata[0]})<br>%{customdata[1]}"
                    "<br>medians %{customdata[2]}<br>%{customdata[3]}<extra></extra>"
                ),
            )
        )
    values = [v for v in [*df.hr, *df.low, *df.high] if v == v and v is not None]
    low = min([*values, 0.2]) * 0.9
    high = max([*values, 1.3]) * 1.1
    fig.add_vline(x=views.NO_DIFFERENCE, line={"color": palette.GUIDE, "dash": "dash"})
    fig.update_layout(
        title=f"Hazard ratios for {words}: below 1 favours the new treatment",
        xaxis={"type": "log", "range": [math.log10(low), math.log10(high)],
               "title": "hazard ratio, new vs control (log scale)"},
        yaxis={"categoryorder": "array", "categoryarray": labels, "automargin": True},
        height=max(320, 26 * len(labels) + 160),
        legend={"title": {"text": "subtype group"}},
        # Room for the longest trial name (12 px type, up to 7 px a character), set rather
        # than grown by plotly, so the source line below can start at the chart's left edge.
        margin={"l": min(260, 7 * max(map(len, labels), default=0) + 24)},
    )  # fmt: skip
    return add_caption(
        fig,
        "Source: the kit's table of trial outcomes (each row's trial report or approval "
        "summary). Trials differ in population, line and control: compare within a trial.",
    )
