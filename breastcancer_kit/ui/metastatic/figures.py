"""Figures for lesson 08: a subtype's metastatic pattern and survival; receptor change.

Each figure is built from the statistics tables through :mod:`.views`; the chosen subtype
is drawn in its palette colour, the others dimmed, and a source line sits under the chart.
"""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ...statistics import tables
from .. import palette
from ..chart_parts import add_caption
from . import views

__all__ = ["discordance_figure", "pattern_figure"]


def pattern_figure(subtype: str) -> go.Figure:
    """Three panels for one subtype: sites after relapse, brain metastases, survival.

    Panel 1 shows the sites of metastasis after relapse in the subtype's surrogate group(s)
    (Kaplan et al. 2016); panel 2 the 5-year cumulative incidence of brain metastases in
    metastatic disease for every subtype (Sammons et al. 2025); panel 3 SEER 5-year
    relative survival at the distant stage for every subtype. The chosen subtype is in its
    colour, the others grey.

    Examples
    --------
    >>> fig = pattern_figure("HR-/HER2+")
    >>> [t.name for t in fig.data][:1], list(fig.data[0].y)
    (['HER2-enriched'], [38.9, 40.1, 35.2, 25.3])
    >>> brain = fig.data[-2]
    >>> dict(zip(brain.x, brain.y))["HR-/HER2+"], brain.marker.color[2] != palette.DIM
    (34.0, True)
    """
    pattern = views.pattern_view(subtype)
    fig = make_subplots(
        rows=1, cols=3, horizontal_spacing=0.09,
        # Short lines: in a 420 px chart (JupyterLab beside its file browser at 150 % zoom)
        # a panel is about 95 px wide.
        subplot_titles=(
            "Sites after<br>relapse (% of<br>relapsed)",
            "Brain metastases<br>in 5 years (% of<br>metastatic)",
            "5-year relative<br>survival, distant<br>stage (%)",
        ),
    )  # fmt: skip
    fig.update_annotations(font_size=12)  # the three titles
    sites = pattern[pattern.topic == "sites after relapse"]
    for i, (group, sub) in enumerate(sites.groupby("group", sort=False)):
        # a second surrogate group: the same colour, lighter
        colour = palette.subtype_colour(subtype)
        colour = colour if i == 0 else palette.fill(colour, 0.45)
        fig.add_trace(
            go.Bar(x=sub.measure.tolist(), y=[float(v) for v in sub.value], name=group,
                   marker={"color": colour, "line": {"color": palette.GUIDE, "width": 1}},
                   text=[f"{float(v):g}" for v in sub.value], textposition="outside"),
            row=1, col=1,
        )  # fmt: skip
    course = tables.load_table("metastatic_course")
    brain = course[course.quantity == "brain_metastasis_cumulative_incidence_5y"]
    seer = tables.load_table("seer_survival_subtype_stage")
    seer = seer[(seer.stage == "distant") & seer.group.astype(str).isin(views.SUBTYPES)]
    for col, rows in ((2, brain), (3, seer)):
        rows = rows.assign(order=rows.group.astype(str).map(views.SUBTYPES.index)).sort_values(
            "order"
        )
        groups = rows.group.astype(str).tolist()
        fig.add_trace(
            go.Bar(
                x=groups, y=[float(v) for v in rows.value],
                marker={"color": [palette.subtype_colour(g) if g == subtype else palette.DIM
                                  for g in groups],
                        "line": {"color": palette.GUIDE, "width": 1}},
                text=[f"{float(v):g}" for v in rows.value], textposition="outside",
                name="brain metastases" if col == 2 else "SEER distant", showlegend=False,
            ),
            row=1, col=col,
        )  # fmt: skip
    fig.update_yaxes(range=[0, 80], row=1, col=1)
    fig.update_yaxes(range=[0, 45], row=1, col=2)
    fig.update_yaxes(range=[0, 60], row=1, col=3)
    fig.update_xaxes(tickangle=-30)
    fig.update_layout(
        title=f"{subtype}: spread and survival",
        barmode="group",
        height=540,
        margin={"l": 50, "r": 20, "t": 110, "b": 190},
        legend={"orientation": "h", "y": -0.3, "title": {"text": "surrogate group"}},
    )
    # Under the slanted group names and the legend below them.
    return add_caption(
        fig,
        f"Sources: sites, {sites.source.iloc[0]} (relapsed patients, surrogate groups);<br>"
        f"brain, {brain.source.iloc[0]};<br>"
        f"survival, {seer.source.iloc[0]} (de novo metastatic only)",
        below_px=125,
    )


def discordance_figure() -> go.Figure:
    """Receptor change from primary to metastasis (meta-analysis, 95 % CI), by marker.

    Examples
    --------
    >>> fig = discordance_figure()
    >>> [t.name for t in fig.data]
    ['positive -> negative', 'negative -> positive']
    >>> list(fig.data[0].error_y.array)
    [7.5, 8.8, 9.2]
    """
    df = views.discordance_view()
    colours = palette.category_colours(2)
    traces = []
    for i, (quantity, label) in enumerate((
        ("receptor_conversion_positive_to_negative", "positive -> negative"),
        ("receptor_conversion_negative_to_positive", "negative -> positive"),
    )):  # fmt: skip
        sub = df[df.quantity == quantity]
        values = [float(v) for v in sub.value]
        above = [round(float(h) - v, 1) for h, v in zip(sub.high, values, strict=True)]
        below = [round(v - float(lo), 1) for lo, v in zip(sub.low, values, strict=True)]
        traces.append(
            go.Bar(
                x=sub.group.tolist(), y=values, name=label, marker_color=colours[i],
                marker_line={"color": palette.GUIDE, "width": 1},
                error_y={"type": "data", "symmetric": False, "array": above,
                         "arrayminus": below},
                text=[f"{v:g} %" for v in values], textposition="inside",
            )
        )  # fmt: skip
    fig = go.Figure(traces)
    fig.update_layout(
        title="How often receptors change in a metastasis",  # fits a 420 px chart
        barmode="group",
        yaxis={"title": "% of patients (pooled, 95 % CI)", "range": [0, 65]},
        height=380,
    )
    return add_caption(fig, f"Source: {df.source.iloc[0]} (meta-analysis of 39 studies)")
