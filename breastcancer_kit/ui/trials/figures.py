"""Plotly figure for lesson 10: a forest plot of the pivotal trials' hazard ratios.

Colour-blind safe: each single-subtype group takes its Okabe-Ito subtype colour, the mixed
groups take Okabe-Ito colours no subtype holds, and every group also has its own marker
shape, so colour is never the only cue. The same rows as text: :func:`views.forest_text`.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go

from .. import palette
from ..chart_parts import LEGEND_ON_TOP, add_caption, title_at_top, wrap
from . import views

__all__ = ["forest_plot"]

_TICK_CHARS = 30  # a trial name's line: "KEYNOTE-355 (PD-L1 CPS >= 10)" whole
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
    ticks = [wrap(label, _TICK_CHARS) for label in labels]
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
        # The legend under the title takes up to 4 rows in a 420 px chart.
        title=title_at_top(f"Hazard ratios for {words}: below 1 favours the new treatment"),
        xaxis={"type": "log", "range": [math.log10(low), math.log10(high)],
               "title": "hazard ratio, new vs control (log scale)"},
        # A long trial name drawn on two lines (the data keep it whole), so a 420 px chart
        # keeps room for its points.
        yaxis={"categoryorder": "array", "categoryarray": labels, "automargin": True,
               "tickvals": labels, "ticktext": ticks},
        # A row per trial, taller where a name takes two lines.
        height=max(320, (36 if any("<br>" in t for t in ticks) else 26) * len(labels) + 230),
        legend={"title": {"text": "subtype group"}, **LEGEND_ON_TOP},
        # Room for the longest line of a trial name (12 px type, up to 7 px a character),
        # set rather than grown by plotly, so the source line below can start at the chart's
        # left edge.
        margin={"l": 7 * max((len(line) for t in ticks for line in t.split("<br>")),
                             default=0) + 24, "t": 170},
    )  # fmt: skip
    return add_caption(
        fig,
        "Source: the kit's table of trial outcomes (each row's trial report or approval "
        "summary). Trials differ in population, line and control: compare within a trial.",
    )
