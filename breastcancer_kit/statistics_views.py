"""Figures and tables for the statistics lessons (05 prevalence and survival, 06 real cohort).

Pure functions: each takes a choice and returns a DataFrame or a Plotly figure, built from
:mod:`breastcancer_kit.datasets` and :mod:`breastcancer_kit.cohort`. Ranges are drawn as
ranges, never as points. The builders in :mod:`breastcancer_kit.statistics_widgets` only
wire these to controls.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from . import cohort as cohort_mod
from . import datasets
from .errors import DatasetError

__all__ = [
    "STATISTICS_VIEWS",
    "cohort_vs_seer",
    "ibc_share_figure",
    "km_figure",
    "metastasis_sites_figure",
    "range_figure",
    "stage_at_diagnosis_figure",
    "stage_counts",
    "statistics_figure",
    "subtype_share_figure",
    "survival_at",
    "survival_by_stage_figure",
]

SUBTYPE_COLOURS = {
    "HR+/HER2-": "#1f77b4",
    "HR+/HER2+": "#2ca02c",
    "HR-/HER2+": "#ff7f0e",
    "triple-negative": "#d62728",
    "unknown": "#7f7f7f",
    "all": "#444444",
}
_PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#17becf"]


def _source_note(*names: str) -> str:
    parts = []
    for name in names:
        rec = datasets.provenance(name)
        parts.append(f"{rec['sources'][0]['name']}")
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
    seer = datasets.load_table("seer_subtypes").query("quantity == 'share_of_cases'")
    guide = datasets.load_table("guide_figures")
    shares = {str(g): float(v) for g, v in zip(seer.group, seer.value, strict=True)}
    her2_pos = shares["HR+/HER2+"] + shares["HR-/HER2+"]
    x = ["HR+/HER2-", "HR+/HER2+", "HR-/HER2+", "triple-negative", "unknown", "HER2-positive (sum)"]
    y = [shares[k] for k in x[:-1]] + [her2_pos]
    tnbc = guide.query("quantity == 'tnbc_share'").iloc[0]
    her2 = guide.query("quantity == 'her2_overexpression_share'").iloc[0]
    fig = go.Figure(
        [
            go.Bar(x=x, y=y, name="SEER 2017-2021", marker_color="#4c78a8",
                   text=[f"{v:.1f} %" for v in y], textposition="outside"),
            go.Bar(x=["triple-negative"], y=[float(tnbc.high - tnbc.low)], base=[float(tnbc.low)],
                   name="guide: range", marker={"color": "rgba(214,39,40,0.25)",
                                                "line": {"color": "#d62728", "width": 2}},
                   width=0.35, hovertemplate="guide: %{base}-%{y:.0f} points wide<extra></extra>",
                   text=[f"guide {tnbc.low:.0f}-{tnbc.high:.0f} %"], textposition="outside",
                   textfont={"color": "#d62728"}),
            go.Scatter(x=["HER2-positive (sum)"], y=[float(her2.value)], mode="markers+text",
                       name="guide: about", marker={"symbol": "line-ew-open", "size": 40,
                                                    "color": "#d62728", "line": {"width": 3}},
                       text=[f"guide: about {her2.value:.0f} %"], textposition="top center"),
        ]
    )  # fmt: skip
    fig.update_layout(
        barmode="overlay",
        title="Share of breast cancers by subtype: SEER (bars) and the guide (red)",
        yaxis={"title": "% of cases", "range": [0, 80]},
        height=450,
        annotations=[_caption(_source_note("seer_subtypes", "guide_figures"))],
    )
    return fig


def _caption(text: str) -> dict:
    return {
        "text": text,
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": -0.22,
        "showarrow": False,
        "font": {"size": 10},
        "xanchor": "left",
    }


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
    df = datasets.load_table("seer_survival_subtype_stage")
    if by not in ("subtype", "stage"):
        raise DatasetError("unknown grouping", field="by", value=by, allowed=["subtype", "stage"])
    x_col, colour_col = ("group", "stage") if by == "subtype" else ("stage", "group")
    traces = []
    for i, (name, sub) in enumerate(df.groupby(colour_col, observed=True, sort=True)):
        colour = SUBTYPE_COLOURS.get(str(name), _PALETTE[i % len(_PALETTE)])
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
        annotations=[
            _caption(
                _source_note("seer_survival_subtype_stage")
                + ". SEER summary stage is not AJCC stage; relative survival is "
                "not overall survival."
            )
        ],
    )
    return fig


def metastasis_sites_figure() -> go.Figure:
    """Sites of first distant relapse by subtype (grouped bars; sites overlap).

    Examples
    --------
    >>> fig = metastasis_sites_figure()
    >>> [t.name for t in fig.data]
    ['bone', 'liver', 'lung', 'brain']
    """
    df = datasets.load_table("metastasis_sites").query("quantity == 'first_relapse_site_share'")
    traces = []
    for i, (site, sub) in enumerate(df.groupby("site", observed=True, sort=True)):
        traces.append(
            go.Bar(
                x=sub["group"].astype(str),
                y=sub["value"].astype(float),
                name=str(site),
                marker_color=_PALETTE[i % len(_PALETTE)],
                text=[f"{v:.0f}" for v in sub["value"]],
                textposition="outside",
            )
        )
    fig = go.Figure(traces)
    fig.update_layout(
        barmode="group",
        title="Where breast cancer first relapses, by subtype (% of relapsed patients; a "
        "patient can relapse in several sites)",
        yaxis={"title": "% of relapsed patients", "range": [0, 80]},
        height=450,
        annotations=[_caption(_source_note("metastasis_sites") + "; see the table for all rows")],
    )
    return fig


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
    >>> t = datasets.load_table("guide_figures").query("quantity == 'tnbc_share'")
    >>> range_figure(t, "TNBC", "source").data[0].base[0]
    10.0
    """
    names = [str(v)[:60] for v in rows[label]]
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
                   marker={"color": "rgba(31,119,180,0.35)", "line": {"color": "#1f77b4"}},
                   text=[f"{lo:g}-{hi:g}" for lo, hi in zip(ranges["low"], ranges["high"],
                                                              strict=True)],
                   textposition="inside"),
            go.Scatter(y=p_names, x=points["value"].astype(float).tolist(), mode="markers+text",
                       name="single figure", marker={"size": 12, "color": "#d62728"},
                       text=[f"{v:g}" for v in points["value"]], textposition="middle right"),
        ]
    )  # fmt: skip
    unit = str(rows["unit"].iloc[0]) if len(rows) else ""
    fig.update_layout(
        title=title,
        xaxis={"title": unit, "rangemode": "tozero"},
        height=380,
        margin={"l": 330},
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
    guide = datasets.load_table("guide_figures").query("quantity == 'ibc_share'")
    ibc = datasets.load_table("ibc_male").query("quantity == 'ibc_share_of_breast_cancers'")
    rows = pd.concat(
        [guide.assign(label="the guide"), ibc.assign(label=ibc["source"].astype(str))],
        ignore_index=True,
    )
    return range_figure(rows, "Inflammatory breast cancer: % of all breast cancers", "label")


def stage_at_diagnosis_figure() -> go.Figure:
    """Share of cases by SEER summary stage at diagnosis, from two sources.

    Examples
    --------
    >>> [t.name for t in stage_at_diagnosis_figure().data]
    ['cdc_uscs', 'seer_quoted']
    """
    df = datasets.load_table("stage_at_diagnosis").query("quantity == 'share_of_cases'")
    traces = [
        go.Bar(
            x=sub["stage"].astype(str),
            y=sub["value"].astype(float),
            name=str(src),
            text=[f"{v:.0f} %" for v in sub["value"]],
            textposition="outside",
            marker_color=_PALETTE[i],
        )
        for i, (src, sub) in enumerate(df.groupby("source_id", observed=True, sort=True))
    ]
    fig = go.Figure(traces)
    fig.update_layout(
        barmode="group",
        height=420,
        yaxis={"title": "% of cases", "range": [0, 80]},
        title="Stage at diagnosis (SEER summary stage; 'distant' is about de novo stage IV)",
        annotations=[_caption(_source_note("stage_at_diagnosis"))],
    )
    return fig


#: Views offered in lesson 05's dropdown: label -> builder.
STATISTICS_VIEWS = {
    "Subtype shares: SEER vs the guide": subtype_share_figure,
    "5-year survival by subtype (x) and stage": lambda: survival_by_stage_figure("subtype"),
    "5-year survival by stage (x) and subtype": lambda: survival_by_stage_figure("stage"),
    "Stage at diagnosis": stage_at_diagnosis_figure,
    "Sites of first relapse by subtype": metastasis_sites_figure,
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
    for i, (name, sub) in enumerate(table.groupby("group", sort=False)):
        colour = _PALETTE[i % len(_PALETTE)]
        t, lo, hi = sub["time"].tolist(), sub["lower"].tolist(), sub["upper"].tolist()
        # The confidence band as one closed step polygon: upper edge forward, lower back.
        fig.add_trace(
            go.Scatter(
                x=t + t[::-1],
                y=hi + lo[::-1],
                fill="toself",
                line={"width": 0, "shape": "hv"},
                fillcolor=colour,
                opacity=0.15,
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
                line={"shape": "hv", "color": colour, "width": 2},
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
    test = cohort_mod.logrank(cohort, split, endpoint)
    fig.update_layout(
        title=f"{label} by {cohort_mod.SPLITS[split][1]}: GBSG2 (686 node-positive women, "
        "1984-1989)",
        height=560,
        legend={"orientation": "h", "y": 1.08},
        annotations=[_caption(test.explain() + " Kaplan-Meier and log-rank from lifelines.")],
    )
    fig.update_yaxes(title_text=label, range=[0, 1.02], tickformat=".0%", row=1, col=1)
    fig.update_yaxes(title_text="at risk", type="category", row=2, col=1)
    fig.update_xaxes(
        title_text="years since diagnosis", range=[-0.1, horizon_years + 0.3], row=2, col=1
    )
    return fig


def survival_at(cohort: pd.DataFrame, split: str, endpoint: str = "os", years: float = 5.0):
    """Kaplan-Meier survival at a time point per group, with its 95 % interval.

    Examples
    --------
    >>> s = survival_at(cohort_mod.gbsg2_cohort(), "stage_group", "os", 5)
    >>> round(float(s.loc["II", "survival"]), 3), round(float(s.loc["III", "survival"]), 3)
    (0.83, 0.552)
    """
    table = cohort_mod.km_table(cohort, split, endpoint)
    rows = {}
    for name, sub in table.groupby("group", sort=False):
        last = sub[sub["time"] <= years].iloc[-1]
        rows[name] = {
            "survival": last["survival"],
            "lower": last["lower"],
            "upper": last["upper"],
            "n": int(last["n"]),
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def cohort_vs_seer(cohort: pd.DataFrame):
    """GBSG2 5-year overall survival beside SEER 5-year relative survival for regional disease.

    Every GBSG2 patient had positive nodes, which SEER calls *regional* disease. The two
    numbers differ in era (1984-1989 vs 2013-2019) and in measure (overall vs relative
    survival), so compare direction, not level.

    Examples
    --------
    >>> t = cohort_vs_seer(cohort_mod.gbsg2_cohort())
    >>> list(t.columns)
    ['group', 'measure', 'percent', 'population', 'period', 'source']
    """
    seer = datasets.load_table("seer_survival_subtype_stage").query("stage == 'regional'")
    rows = []
    for split in ("stage_group", "hr_status"):
        at5 = survival_at(cohort, split, "os", 5)
        for name, r in at5.iterrows():
            rows.append(
                {
                    "group": f"GBSG2 {name}",
                    "measure": "5-year overall survival (KM)",
                    "percent": round(100 * float(r["survival"]), 1),
                    "population": f"GBSG2 trial, node-positive (n={r['n']})",
                    "period": "diagnosed 1984-1989",
                    "source": "lifelines GBSG2; this kit",
                }
            )
    for _, r in seer.iterrows():
        rows.append(
            {
                "group": f"SEER regional {r['group']}",
                "measure": "5-year relative survival",
                "percent": float(r["value"]),
                "population": r["population"],
                "period": r["period"],
                "source": r["source"],
            }
        )
    return pd.DataFrame(rows)


def stage_counts(cohort: pd.DataFrame):
    """Patients per derived anatomic stage, with percentages.

    Examples
    --------
    >>> stage_counts(cohort_mod.gbsg2_cohort())["patients"].tolist()
    [118, 246, 219, 103]
    """
    counts = cohort["anatomic_stage"].value_counts(sort=False)
    counts = counts[counts > 0]
    out = pd.DataFrame({"patients": counts.astype(int)})
    out["percent"] = (100 * out["patients"] / out["patients"].sum()).round(1)
    out.index.name = "anatomic stage"
    return out
