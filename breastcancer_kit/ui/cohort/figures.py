"""Figures for lesson 06: Kaplan-Meier curves of the GBSG2 cohort with numbers at risk."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ...statistics import cohorts as cohort_mod
from .. import palette
from ..chart_parts import LEGEND_ON_TOP, add_caption, title_at_top

__all__ = ["km_figure"]


def km_figure(
    cohort: pd.DataFrame,
    split: str = "anatomic_stage",
    endpoint: str = "os",
    horizon_years: int = 7,
) -> go.Figure:
    """Kaplan-Meier curves (lifelines) with 95 % bands and a numbers-at-risk table.

    Examples
    --------
    >>> fig = km_figure(cohort_mod.gbsg2_cohort(), "hr_status", "os")
    >>> sorted({t.legendgroup for t in fig.data})
    ['HR+', 'HR-']
    """
    table = cohort_mod.km_table(cohort, split, endpoint)
    times = tuple(range(horizon_years + 1))
    at_risk = cohort_mod.numbers_at_risk(cohort, split, endpoint, times)
    label = cohort_mod.ENDPOINTS[endpoint][2]
    fig = make_subplots(
        rows=2, cols=1, shared_xaxes=True, row_heights=[0.78, 0.22], vertical_spacing=0.06
    )
    parts = list(table.groupby("group", sort=False))
    colours = palette.group_colours(split, [str(name) for name, _ in parts])
    for i, (name, sub) in enumerate(parts):
        colour = colours[i]
        dash = palette.DASHES[i % len(palette.DASHES)]
        t, lo, hi = sub["time"].tolist(), sub["lower"].tolist(), sub["upper"].tolist()
        # The confidence band as one closed step polygon: upper edge forward, lower back.
        fig.add_trace(
            go.Scatter(
                x=t + t[::-1],
                y=hi + lo[::-1],
                fill="toself",
                line={"width": 0, "shape": "hv"},
                fillcolor=palette.fill(colour, 0.15),
                hoverinfo="skip",
                showlegend=False,
                legendgroup=name,
                name=f"{name} 95% CI",
            ),
            row=1,
            col=1,
        )
        fig.add_trace(
            go.Scatter(
                x=t,
                y=sub["survival"].tolist(),
                mode="lines",
                line={"shape": "hv", "color": colour, "width": 2, "dash": dash},
                name=f"{name} (n={int(sub['n'].iloc[0])})",
                legendgroup=name,
                hovertemplate=f"{name}: %{{y:.1%}} at %{{x:.1f}} y<extra></extra>",
            ),
            row=1,
            col=1,
        )
        fig.add_trace(
            go.Scatter(
                x=list(times),
                y=[name] * len(times),
                mode="text",
                text=[str(v) for v in at_risk.loc[name].tolist()],
                textfont={"color": colour},
                showlegend=False,
                legendgroup=name,
                hoverinfo="skip",
                name=f"{name} at risk",
            ),
            row=2,
            col=1,
        )
    # Each curve labelled where it ends on the chart (colour is never the only cue; with
    # the dashes, a reader need not match colours to the legend).
    labels = []
    for i, (name, sub) in enumerate(parts):
        shown = sub[sub["time"] <= horizon_years]
        labels.append(
            {"x": float(shown["time"].iloc[-1]), "y": float(shown["survival"].iloc[-1]),
             "xref": "x", "yref": "y", "text": f"<b>{name}</b>", "showarrow": False,
             "xanchor": "left", "xshift": 4, "font": {"color": colours[i], "size": 12}}
        )  # fmt: skip
    test = cohort_mod.logrank(cohort, split, endpoint)
    fig.update_layout(
        # Three lines of title in a 420 px chart, the legend's row under them.
        title=title_at_top(
            f"{label} by {cohort_mod.SPLITS[split][1]}: GBSG2 (686 node-positive women, "
            "1984-1989)"
        ),
        height=580,
        legend=LEGEND_ON_TOP,
        margin={"t": 130},
        annotations=labels,
    )
    fig.update_yaxes(title_text=label, range=[0, 1.02], tickformat=".0%", row=1, col=1)
    # The at-risk rows in legend order (first group on top), half a row of room above and
    # below, so the top row is not cut and the bottom row clears the year labels.
    names = [str(name) for name, _ in parts]
    fig.update_yaxes(title_text="at risk", type="category", categoryorder="array",
                     categoryarray=names[::-1], range=[-0.6, len(names) - 0.4],
                     showgrid=False, row=2, col=1)  # fmt: skip
    # From -0.45: the year-0 counts sit whole inside the plot, clear of the row labels.
    fig.update_xaxes(
        title_text="years since diagnosis", range=[-0.45, horizon_years + 0.8], row=2, col=1
    )
    return add_caption(fig, test.explain() + " Kaplan-Meier and log-rank from lifelines.")
