"""Figures for lesson 03: how common each subtype is, with the chosen one highlighted."""

from __future__ import annotations

import plotly.graph_objects as go

from ...statistics import tables
from .. import palette
from ..guide import guide_figures_table, number

__all__ = ["subtype_prevalence_bar"]


def _seer_shares():
    seer = tables.load_table("seer_subtypes")
    return seer[seer.quantity == "share_of_cases"]


def subtype_prevalence_bar(highlight: str | None = None) -> go.Figure:
    """SEER shares of the subtypes (bars) with the guide's TNBC range drawn as a range.

    Parameters
    ----------
    highlight : str, optional
        A subtype to colour; the other bars are greyed.

    Examples
    --------
    >>> fig = subtype_prevalence_bar("triple-negative")
    >>> list(fig.data[0].y)[:2], list(fig.data[0].x)[:2]
    (['HR+/HER2-', 'triple-negative'], [69.5, 10.5])
    >>> fig.data[1].base[0], fig.data[1].x[0]  # the guide's 10-20 %: a bar from 10, 10 wide
    (10.0, 10.0)
    """
    seer = _seer_shares()
    groups = [str(g) for g in seer.group]
    values = [number(v) for v in seer.value]
    colours = [palette.subtype_colour(g) if highlight in (None, g) else palette.DIM for g in groups]
    tnbc = guide_figures_table().set_index("label").loc["triple-negative"]
    low, high = number(tnbc.low), number(tnbc.high)
    period = seer.period.iloc[0]
    fig = go.Figure(
        [
            go.Bar(
                y=groups, x=values, orientation="h",
                marker={"color": colours}, name=f"SEER 22, {period}",
                text=[f"{v:g} %" for v in values], textposition="outside",
                hovertemplate="%{y}: %{x} % of cases<extra>SEER</extra>",
            ),
            go.Bar(
                y=["triple-negative"], x=[high - low], base=[low], orientation="h",
                marker={"color": palette.GUIDE_FILL, "line": {"color": palette.GUIDE, "width": 2}},
                name=f"the guide's range ({low:g}-{high:g} %)", width=0.35,
                hovertemplate=f"guide: {low:g}-{high:g} %<extra></extra>",
            ),
        ]
    )  # fmt: skip
    fig.update_layout(
        title=(
            "How common is each subtype? (US women, SEER 22; "
            "the guide's TNBC range outlined in black)"
        ),
        # Room past the longest bar for its number (a 200 px plot cut "69.5 %" at 80).
        xaxis={"title": "% of breast cancer cases", "range": [0, 95]},
        yaxis={"autorange": "reversed", "type": "category"},
        barmode="overlay",
        height=360,
        margin={"l": 120, "r": 20, "t": 60, "b": 40},
        legend={"orientation": "h", "y": -0.25},
    )
    return fig
