"""Figures for lesson 05: prevalence and survival from the published statistics tables.

Pure functions: each takes a choice and returns a Plotly figure built from
:mod:`breastcancer_kit.statistics.tables`. Ranges are drawn as ranges, never as points.
Colours come from :mod:`..palette`: each subtype its own, the guide black.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ...errors import DatasetError
from ...statistics import tables
from .. import palette
from ..chart_parts import LEGEND_ON_TOP, add_caption, title_at_top, wrap

__all__ = [
    "STATISTICS_VIEWS",
    "ibc_share_figure",
    "metastasis_sites_figure",
    "range_figure",
    "stage_at_diagnosis_figure",
    "statistics_figure",
    "subtype_share_figure",
    "survival_by_stage_figure",
]


def _source_note(*names: str) -> str:
    parts = []
    for name in names:
        rec = tables.provenance(name)
        # The source's name, without the record's notes in brackets (e.g. "publisher and
        # date not stated in the supplied text": provenance, not a caption for students).
        parts.append(str(rec["sources"][0]["name"]).split(" (")[0])
    return "Source: " + "; ".join(dict.fromkeys(parts))


def subtype_share_figure() -> go.Figure:
    """Share of cases by HR/HER2 subtype (SEER) beside the guide's ranges.

    SEER values are bars; the guide's "10 to 20 percent" triple-negative range is drawn as
    a range bar from 10 to 20, and its "about 25 percent" HER2 figure beside SEER's
    HER2-positive total.

    Examples
    --------
    >>> fig = subtype_share_figure()
    >>> [t.name for t in fig.data]
    ['SEER 2017-2021', 'guide: range', 'guide: about']
    """
    seer = tables.load_table("seer_subtypes").query("quantity == 'share_of_cases'")
    guide = tables.load_table("guide_figures")
    shares = {str(g): float(v) for g, v in zip(seer.group, seer.value, strict=True)}
    her2_pos = shares["HR+/HER2+"] + shares["HR-/HER2+"]
    x = ["HR+/HER2-", "HR+/HER2+", "HR-/HER2+", "triple-negative", "unknown", "HER2-positive (sum)"]
    y = [shares[k] for k in x[:-1]] + [her2_pos]
    tnbc = guide.query("quantity == 'tnbc_share'").iloc[0]
    her2 = guide.query("quantity == 'her2_overexpression_share'").iloc[0]
    fig = go.Figure(
        [
            go.Bar(x=x, y=y, name="SEER 2017-2021",
                   marker_color=[palette.subtype_colour(k) for k in x[:-1]] + [palette.OTHER[1]],
                   text=[f"{v:.1f} %" for v in y], textposition="outside"),
            go.Bar(x=["triple-negative"], y=[float(tnbc.high - tnbc.low)], base=[float(tnbc.low)],
                   name="guide: range", marker={"color": palette.GUIDE_FILL,
                                                "line": {"color": palette.GUIDE, "width": 2}},
                   width=0.35, hovertemplate="guide: %{base}-%{y:.0f} points wide<extra></extra>",
                   text=[f"guide {tnbc.low:.0f}-{tnbc.high:.0f} %"], textposition="outside",
                   textfont={"color": palette.GUIDE}),
            go.Scatter(x=["HER2-positive (sum)"], y=[float(her2.value)], mode="markers+text",
                       name="guide: about", marker={"symbol": "line-ew-open", "size": 40,
                                                    "color": palette.GUIDE, "line": {"width": 3}},
                       text=[f"guide: about {her2.value:.0f} %"], textposition="top left"),
        ]
    )  # fmt: skip
    fig.update_layout(
        barmode="overlay",
        title="Share of breast cancers by subtype: SEER (bars) and the guide (black outline)",
        yaxis={"title": "% of cases", "range": [0, 80]},
        height=450,
    )
    return add_caption(fig, _source_note("seer_subtypes", "guide_figures"))


def survival_by_stage_figure(by: str = "subtype") -> go.Figure:
    """5-year relative survival by subtype and SEER summary stage (grouped bars).

    Parameters
    ----------
    by : {"subtype", "stage"}
        Which dimension forms the x axis.

    Examples
    --------
    >>> fig = survival_by_stage_figure("stage")
    >>> len(fig.data)  # one bar series per subtype
    6
    """
    df = tables.load_table("seer_survival_subtype_stage")
    if by not in ("subtype", "stage"):
        raise DatasetError("unknown grouping", field="by", value=by, allowed=["subtype", "stage"])
    x_col, colour_col = ("group", "stage") if by == "subtype" else ("stage", "group")
    traces = []
    parts = list(df.groupby(colour_col, observed=True, sort=True))
    colour_of = palette.seer_stage_colour if colour_col == "stage" else palette.subtype_colour
    for name, sub in parts:
        colour = colour_of(str(name))
        traces.append(
            go.Bar(
                x=sub[x_col].astype(str),
                y=sub["value"].astype(float),
                name=str(name),
                marker_color=colour,
                text=[f"{v:.0f}" for v in sub["value"]],
                textposition="outside",
            )
        )
    fig = go.Figure(traces)
    fig.update_layout(
        barmode="group",
        title="5-year relative survival (%) by subtype and SEER summary stage, diagnosed 2013-2019",
        yaxis={"title": "5-year relative survival (%)", "range": [0, 110]},
        height=450,
    )
    return add_caption(
        fig,
        _source_note("seer_survival_subtype_stage") + ". SEER summary stage is not AJCC stage; "
        "relative survival is not overall survival.",
    )


def metastasis_sites_figure() -> go.Figure:
    """Sites of distant metastasis by subtype in patients who relapsed (grouped bars; overlap).

    Examples
    --------
    >>> fig = metastasis_sites_figure()
    >>> [t.name for t in fig.data]
    ['bone', 'liver', 'lung', 'brain']
    """
    df = tables.load_table("metastasis_sites").query("quantity == 'relapse_site_share'")
    traces = []
    sites = list(df.groupby("site", observed=True, sort=True))
    colours = palette.category_colours(len(sites))
    for i, (site, sub) in enumerate(sites):
        traces.append(
            go.Bar(
                x=sub["group"].astype(str),
                y=sub["value"].astype(float),
                name=str(site),
                marker_color=colours[i],
                marker_line={"color": palette.GUIDE, "width": 1},
                text=[f"{v:.0f}" for v in sub["value"]],
                textposition="outside",
            )
        )
    fig = go.Figure(traces)
    fig.update_layout(
        barmode="group",
        title="Sites of metastasis in patients who relapsed, by subtype (% of relapsed "
        "patients; a patient can have several sites)",
        yaxis={"title": "% of relapsed patients", "range": [0, 80]},
        height=450,
    )
    return add_caption(fig, _source_note("metastasis_sites") + "; see the table for all rows")


def range_figure(rows: pd.DataFrame, title: str, label: str) -> go.Figure:
    """Draw statistics as ranges (low-high bars) or points (markers), one row per line.

    Parameters
    ----------
    rows : pandas.DataFrame
        Rows of a statistics table (``value``, ``low``, ``high``, ``source``).
    title, label : str
        Figure title and the label of each row (a column of ``rows``).

    Examples
    --------
    >>> t = tables.load_table("guide_figures").query("quantity == 'tnbc_share'")
    >>> range_figure(t, "TNBC", "source").data[0].base[0]
    10.0
    """
    # Long source names on several lines, never cut mid-word, narrow enough to leave the
    # bars room in a 420 px chart.
    names = [wrap(str(v), 26) for v in rows[label]]
    is_range = rows["low"].notna() & rows["high"].notna()
    ranges, points = rows[is_range], rows[~is_range & rows["value"].notna()]
    r_names = [n for n, r in zip(names, is_range, strict=True) if r]
    p_names = [
        n for n, r, v in zip(names, is_range, rows["value"].notna(), strict=True) if not r and v
    ]
    fig = go.Figure(
        [
            go.Bar(y=r_names, x=(ranges["high"] - ranges["low"]).astype(float).tolist(),
                   base=ranges["low"].astype(float).tolist(), orientation="h", name="range",
                   marker={"color": palette.fill(palette.OTHER[1], 0.35),
                           "line": {"color": palette.OTHER[1]}},
                   text=[f"{lo:g}-{hi:g}" for lo, hi in zip(ranges["low"], ranges["high"],
                                                              strict=True)],
                   textposition="inside"),
            go.Scatter(y=p_names, x=points["value"].astype(float).tolist(), mode="markers+text",
                       name="single figure", marker={"size": 12, "color": palette.OTHER[0],
                                                     "symbol": "diamond"},
                       text=[f"{v:g}" for v in points["value"]], textposition="middle right"),
        ]
    )  # fmt: skip
    unit = str(rows["unit"].iloc[0]) if len(rows) else ""
    fig.update_layout(
        title=title,
        xaxis={"title": unit, "rangemode": "tozero"},
        height=380,
        margin={"l": 200},
        yaxis={"type": "category"},
    )
    return fig


def ibc_share_figure() -> go.Figure:
    """Inflammatory breast cancer as a share of all breast cancers: ranges and points.

    Examples
    --------
    >>> len(ibc_share_figure().data[0].y)  # two ranges: the guide and Cancer.Net
    2
    """
    guide = tables.load_table("guide_figures").query("quantity == 'ibc_share'")
    ibc = tables.load_table("ibc_male").query("quantity == 'ibc_share_of_breast_cancers'")
    rows = pd.concat(
        [guide.assign(label="the guide"), ibc.assign(label=ibc["source"].astype(str))],
        ignore_index=True,
    )
    fig = range_figure(rows, "Inflammatory breast cancer: % of all breast cancers", "label")
    sources = "; ".join(dict.fromkeys(str(s).split(" (")[0] for s in rows["source"]))
    return add_caption(fig, f"Source: {sources}")


def stage_at_diagnosis_figure() -> go.Figure:
    """Share of cases by SEER summary stage at diagnosis, from two sources.

    Examples
    --------
    >>> [t.name for t in stage_at_diagnosis_figure().data]
    ['CDC, U.S. Cancer Statistics Breast Cancer Stat Bite', 'SEER']
    """
    df = tables.load_table("stage_at_diagnosis").query("quantity == 'share_of_cases'")
    parts = list(df.groupby("source_id", observed=True, sort=True))
    colours = palette.category_colours(len(parts))
    traces = [
        go.Bar(
            x=sub["stage"].astype(str),
            y=sub["value"].astype(float),
            name=str(sub["source"].iloc[0]).split(" (")[0],  # the source, not its key
            text=[f"{v:.0f} %" for v in sub["value"]],
            textposition="outside",
            marker_color=colours[i],
        )
        for i, (src, sub) in enumerate(parts)
    ]
    fig = go.Figure(traces)
    fig.update_layout(
        barmode="group",
        height=420,
        yaxis={"title": "% of cases", "range": [0, 80]},
        title=title_at_top(
            "Stage at diagnosis (SEER summary stage; 'distant' is about de novo stage IV)"
        ),
        # The sources' long names above the plot: at the right they left a 420 px chart a
        # 60 px plot.
        legend=LEGEND_ON_TOP,
        margin={"t": 130},
    )
    return add_caption(fig, _source_note("stage_at_diagnosis"))


#: Views offered in lesson 05's dropdown: label -> builder.
STATISTICS_VIEWS = {
    "Subtype shares: SEER vs the guide": subtype_share_figure,
    "5-year survival by subtype (x) and stage": lambda: survival_by_stage_figure("subtype"),
    "5-year survival by stage (x) and subtype": lambda: survival_by_stage_figure("stage"),
    "Stage at diagnosis": stage_at_diagnosis_figure,
    "Sites of metastasis after relapse, by subtype": metastasis_sites_figure,
    "Inflammatory breast cancer: how common?": ibc_share_figure,
}


def statistics_figure(view: str) -> go.Figure:
    """The figure for one entry of :data:`STATISTICS_VIEWS`.

    Examples
    --------
    >>> statistics_figure("Subtype shares: SEER vs the guide").layout.barmode
    'overlay'
    """
    if view not in STATISTICS_VIEWS:
        raise DatasetError("unknown view", field="view", value=view, allowed=list(STATISTICS_VIEWS))
    return STATISTICS_VIEWS[view]()
