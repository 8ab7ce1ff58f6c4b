"""Plotly figures used by the lessons (imports plotly; load lazily).

Figures are plain ``go.Figure`` objects built from the package's tables, so they
render offline in JupyterLab and Voila and can be unit-tested without a browser.
"""

from __future__ import annotations

import plotly.graph_objects as go

from . import prognostic, staging
from .staging import Axis

__all__ = [
    "STAGE_COLOURS",
    "anatomic_heatmap",
    "highlight_shape",
    "prognostic_heatmap",
    "stage_heatmap",
    "stage_shift_heatmap",
]

# One colour per stage group, light (early) to dark (metastatic); colour-blind safe
# sequence (viridis-like, reversed) so stage order reads as lightness too.
STAGE_COLOURS = {
    "0": "#fde725",
    "IA": "#b5de2b",
    "IB": "#6ece58",
    "IIA": "#35b779",
    "IIB": "#1f9e89",
    "IIIA": "#26828e",
    "IIIB": "#31688e",
    "IIIC": "#3e4989",
    "IV": "#482878",
}
NOT_STAGED_COLOUR = "#d9d9d9"
HIGHLIGHT_NAME = "bck-highlight"


def _colourscale() -> list[list[object]]:
    labels = staging.stage_labels()
    k = len(labels)
    scale: list[list[object]] = []
    for i, label in enumerate(labels):
        scale.append([i / k, STAGE_COLOURS[label]])
        scale.append([(i + 1) / k, STAGE_COLOURS[label]])
    return scale


def highlight_shape(t_group: str, n_group: str) -> dict[str, object]:
    """Rectangle (in data coordinates) around one T x N cell of the heatmap.

    Examples
    --------
    >>> highlight_shape("T2", "N1")["x0"], highlight_shape("T2", "N1")["y0"]
    (2.5, 3.5)
    """
    x = staging._groups(Axis.N).index(n_group)
    y = staging._groups(Axis.T).index(t_group)
    return {
        "type": "rect",
        "name": HIGHLIGHT_NAME,
        "xref": "x",
        "yref": "y",
        "x0": x - 0.5,
        "x1": x + 0.5,
        "y0": y - 0.5,
        "y1": y + 0.5,
        "line": {"color": "#e31a1c", "width": 4},
        "fillcolor": "rgba(0,0,0,0)",
    }


def anatomic_heatmap(
    m: str = "M0", highlight: tuple[str, str] | None = None, title: str | None = None
) -> go.Figure:
    """Heatmap of the whole anatomic stage grid for one M category.

    Parameters
    ----------
    m : {"M0", "M1"}
        Which half of the grid to draw.
    highlight : (T group, N group), optional
        Cell to outline.
    title : str, optional

    Returns
    -------
    plotly.graph_objects.Figure
        Cells coloured by stage (grey where there is no stage group), labelled with
        the stage, with the rule in the hover text.

    Examples
    --------
    >>> fig = anatomic_heatmap("M0", highlight=("T4", "N1"))
    >>> fig.data[0].text[6][3], fig.layout.shapes[0].name
    ('IIIB', 'bck-highlight')
    """
    grid = staging.stage_grid(m)
    return stage_heatmap(
        grid,
        "stage",
        title=title or f"AJCC 8th-edition anatomic stage groups ({m}); grey: no stage group",
        highlight=highlight,
    )


def prognostic_heatmap(
    table: str,
    grade: object,
    er: object,
    pr: object,
    her2: object,
    m: str = "M0",
    oncotype_rs: float | None = None,
    highlight: tuple[str, str] | None = None,
) -> go.Figure:
    """Heatmap of the prognostic stage of every T x N cell for one biomarker profile.

    Cells whose prognostic stage differs from the anatomic one are marked with an arrow
    (up: the stage gets worse, down: better).

    Examples
    --------
    >>> fig = prognostic_heatmap("clinical", 1, "+", "+", "+")
    >>> fig.data[0].text[6][1]  # T4 N0: anatomic IIIB, clinical prognostic IIIA
    'IIIA ↓'
    """
    grid = prognostic.prognostic_grid(table, grade, er, pr, her2, m=m, oncotype_rs=oncotype_rs)
    markers = prognostic.biomarkers(grade, er, pr, her2)
    return stage_heatmap(
        grid,
        "prognostic_stage",
        title=f"{table.capitalize()} prognostic stage ({markers.describe()}"
        + (f", Oncotype DX {oncotype_rs:g}" if oncotype_rs is not None else "")
        + ")",
        highlight=highlight,
        compare_with="anatomic_stage",
    )


def stage_heatmap(
    grid,
    column: str,
    title: str,
    highlight: tuple[str, str] | None = None,
    compare_with: str | None = None,
) -> go.Figure:
    """Draw a T x N grid DataFrame (columns ``t``, ``n``, ``column``) as a stage heatmap."""
    t_groups = list(staging._groups(Axis.T))
    n_groups = list(staging._groups(Axis.N))
    order = {label: i for i, label in enumerate(staging.stage_labels())}
    # Gaps are None, not NaN: NaN is not valid JSON and breaks FigureWidget updates.
    z: list[list[float | None]] = [[None] * len(n_groups) for _ in t_groups]
    text = [["–"] * len(n_groups) for _ in t_groups]
    hover = [[""] * len(n_groups) for _ in t_groups]
    not_staged_z: list[list[int | None]] = [[None] * len(n_groups) for _ in t_groups]
    for row in grid.to_dict("records"):
        i, j = t_groups.index(str(row["t"])), n_groups.index(str(row["n"]))
        stage = row[column] if isinstance(row[column], str) else None
        cell = f"{row['t']} {row['n']} {row['m']}"
        if stage:
            z[i][j] = order[stage] + 0.5
            text[i][j] = stage
            hover[i][j] = f"{cell}: stage {stage}"
            other = row.get(compare_with) if compare_with else None
            if isinstance(other, str) and other != stage:
                text[i][j] += " ↑" if order[stage] > order[other] else " ↓"
                hover[i][j] += f" (anatomic {other})"
        else:
            not_staged_z[i][j] = 0
            hover[i][j] = f"{cell}: no stage group"
        if row.get("note"):
            hover[i][j] += "<br>" + _wrap(row["note"])
    k = len(order)
    fig = go.Figure(
        [
            go.Heatmap(
                z=z, x=n_groups, y=t_groups, text=text, texttemplate="%{text}",
                textfont={"size": 14}, hovertext=hover, hoverinfo="text",
                colorscale=_colourscale(), zmin=0, zmax=k, xgap=2, ygap=2,
                colorbar={"title": {"text": "Stage"}, "tickvals": [i + 0.5 for i in range(k)],
                          "ticktext": list(order)},
                name="stage",
            ),
            go.Heatmap(
                z=not_staged_z, x=n_groups, y=t_groups,
                colorscale=[[0, NOT_STAGED_COLOUR], [1, NOT_STAGED_COLOUR]], showscale=False,
                hoverinfo="skip", xgap=2, ygap=2, name="not staged",
            ),
        ]
    )  # fmt: skip
    fig.update_layout(
        title=title,
        xaxis={"title": "N (regional nodes)", "side": "top", "type": "category"},
        yaxis={"title": "T (primary tumour)", "autorange": "reversed", "type": "category"},
        height=460,
        margin={"l": 70, "r": 20, "t": 110, "b": 20},
        shapes=[highlight_shape(*highlight)] if highlight else [],
    )
    return fig


def stage_shift_heatmap(shift, title: str) -> go.Figure:
    """Anatomic (rows) x prognostic (columns) counts, diagonal outlined.

    Parameters
    ----------
    shift : pandas.DataFrame
        A crosstab from :func:`breastcancer_kit.views.stage_shift`.
    title : str

    Examples
    --------
    >>> from breastcancer_kit import views
    >>> fig = stage_shift_heatmap(views.stage_shift("clinical", 1, "+", "+", "+"), "shift")
    >>> fig.data[0].type
    'heatmap'
    """
    rows, cols = [str(r) for r in shift.index], [str(c) for c in shift.columns]
    values = shift.to_numpy().tolist()
    text = [[str(v) if v else "" for v in row] for row in values]
    fig = go.Figure(
        go.Heatmap(
            z=values, x=cols, y=rows, text=text, texttemplate="%{text}",
            colorscale="Blues", showscale=False, xgap=1, ygap=1,
            hovertemplate="anatomic %{y} -> prognostic %{x}: %{z}<extra></extra>",
        )
    )  # fmt: skip
    fig.update_layout(
        title=title,
        xaxis={"title": "prognostic stage", "type": "category", "side": "top"},
        yaxis={"title": "anatomic stage", "type": "category", "autorange": "reversed"},
        height=420,
        margin={"l": 70, "r": 20, "t": 100, "b": 20},
        shapes=[
            {"type": "rect", "xref": "x", "yref": "y", "x0": cols.index(r) - 0.5,
             "x1": cols.index(r) + 0.5, "y0": i - 0.5, "y1": i + 0.5,
             "line": {"color": "#888", "width": 1, "dash": "dot"}}
            for i, r in enumerate(rows) if r in cols
        ],
    )  # fmt: skip
    return fig


def _wrap(text: str, width: int = 60) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


# ---------------------------------------------------------------- receptors and subtypes (03, 04)

from . import datasets  # noqa: E402  (section appended after the staging figures)

__all__ += ["age_comparison_figure", "prevalence_ranges_figure", "subtype_prevalence_bar"]

SUBTYPE_COLOURS = {
    "HR+/HER2-": "#1f78b4",
    "HR+/HER2+": "#6a3d9a",
    "HR-/HER2+": "#e31a1c",
    "triple-negative": "#ff7f00",
    "unknown": "#999999",
}
RANGE_COLOUR = "rgba(255,127,0,0.35)"
DIM = "#d0d0d0"
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


def _num(value: object) -> float | None:
    """A float for Plotly, None for a missing value (NaN/NA break FigureWidget JSON)."""
    import pandas as pd

    if value is None or pd.isna(value):
        return None
    return float(value)  # type: ignore[arg-type]


def guide_figures_table():  # -> pandas.DataFrame
    """The guide's prevalence and age figures used in lesson 04, labelled for display.

    Rows of the statistics table ``guide_figures`` (see :mod:`breastcancer_kit.datasets`)
    with a ``label`` column; ``value`` for single figures, ``low``/``high`` for ranges
    (``high`` empty for "after 67").

    Examples
    --------
    >>> df = guide_figures_table().set_index("label")
    >>> float(df.loc["triple-negative", "low"]), float(df.loc["triple-negative", "high"])
    (10.0, 20.0)
    """
    df = datasets.load_table("guide_figures")
    keys = list(zip(df.quantity.astype(str), df.group.astype(str), strict=True))
    df = df[[k in _GUIDE_LABELS for k in keys]].copy()
    df.insert(0, "label", [_GUIDE_LABELS[(str(q), str(g))] for q, g in zip(df.quantity,
              df.group, strict=True)])  # fmt: skip
    return df.reset_index(drop=True)


def _seer_shares():
    seer = datasets.load_table("seer_subtypes")
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
    values = [_num(v) for v in seer.value]
    colours = [SUBTYPE_COLOURS[g] if highlight in (None, g) else DIM for g in groups]
    tnbc = guide_figures_table().set_index("label").loc["triple-negative"]
    low, high = _num(tnbc.low), _num(tnbc.high)
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
                marker={"color": RANGE_COLOUR, "line": {"color": "#ff7f00", "width": 2}},
                name=f"the guide's range ({low:g}-{high:g} %)", width=0.35,
                hovertemplate=f"guide: {low:g}-{high:g} %<extra></extra>",
            ),
        ]
    )  # fmt: skip
    fig.update_layout(
        title="How common is each subtype? (US women, SEER 22; the guide's TNBC range in orange)",
        xaxis={"title": "% of breast cancer cases", "range": [0, 80]},
        yaxis={"autorange": "reversed", "type": "category"},
        barmode="overlay",
        height=360,
        margin={"l": 120, "r": 20, "t": 60, "b": 40},
        legend={"orientation": "h", "y": -0.25},
    )
    return fig


def prevalence_ranges_figure() -> go.Figure:
    """The guide's prevalence figures: ranges as bars (TNBC, IBC), single values as points.

    Examples
    --------
    >>> fig = prevalence_ranges_figure()
    >>> fig.data[0].type, list(fig.data[0].base), list(fig.data[0].x)
    ('bar', [10.0, 1.0], [10.0, 4.0])
    """
    guide = guide_figures_table()
    share = guide[guide.unit == "% of breast cancers"]
    ranges = share[share.low.notna() & share.high.notna()]
    points = share[share.value.notna()]
    seer = _seer_shares()
    seer_tnbc = seer[seer.group == "triple-negative"].iloc[0]
    lows, highs = [_num(v) for v in ranges.low], [_num(v) for v in ranges.high]
    fig = go.Figure(
        [
            go.Bar(
                y=ranges.label.tolist(), x=[h - lo for lo, h in zip(lows, highs, strict=True)],
                base=lows, orientation="h",
                marker={"color": RANGE_COLOUR, "line": {"color": "#ff7f00", "width": 2}},
                text=[f"{lo:g}-{h:g} %" for lo, h in zip(lows, highs, strict=True)],
                textposition="outside", name="range given by the guide",
            ),
            go.Scatter(
                y=points.label.tolist(), x=[_num(v) for v in points.value], mode="markers+text",
                marker={"size": 12, "color": "#6a3d9a"},
                text=[f"about {_num(v):g} %" for v in points.value],
                textposition="middle right", name="single figure in the guide",
            ),
            go.Scatter(
                y=["triple-negative"], x=[_num(seer_tnbc.value)], mode="markers",
                marker={"size": 12, "symbol": "diamond", "color": "#333"},
                name=f"SEER 22 {seer_tnbc.period}: {_num(seer_tnbc.value):g} %",
            ),
        ]
    )  # fmt: skip
    fig.update_layout(
        title="Share of all breast cancers (the guide's figures; ranges drawn as ranges)",
        xaxis={"title": "% of breast cancers", "range": [0, 35]},
        yaxis={"type": "category"},
        height=320,
        margin={"l": 190, "r": 20, "t": 60, "b": 40},
        legend={"orientation": "h", "y": -0.3},
    )
    return fig


def age_comparison_figure() -> go.Figure:
    """Ages at diagnosis from the guide: averages as points, ranges and open ranges as bars.

    The "after 67" for IBC in men has no upper bound: it is drawn as a fading bar.

    Examples
    --------
    >>> fig = age_comparison_figure()
    >>> [t.name for t in fig.data]
    ['average age', 'range given by the guide', 'open-ended (no upper bound given)']
    """
    guide = guide_figures_table()
    ages = guide[guide.unit.str.startswith("years")]
    points = ages[ages.value.notna()]
    closed = ages[ages.low.notna() & ages.high.notna()]
    open_ended = ages[ages.low.notna() & ages.high.isna()]
    shown_to = 85.0
    lows, highs = [_num(v) for v in closed.low], [_num(v) for v in closed.high]
    open_lows = [_num(v) for v in open_ended.low]
    fig = go.Figure(
        [
            go.Scatter(
                y=points.label.tolist(), x=[_num(v) for v in points.value], mode="markers+text",
                marker={"size": 12, "color": "#6a3d9a"},
                text=[f"{_num(v):g}" for v in points.value],
                textposition="middle right", name="average age",
            ),
            go.Bar(
                y=closed.label.tolist(), x=[h - lo for lo, h in zip(lows, highs, strict=True)],
                base=lows, orientation="h",
                marker={"color": "rgba(31,120,180,0.35)", "line": {"color": "#1f78b4", "width": 2}},
                text=[f"{lo:g}-{h:g}" for lo, h in zip(lows, highs, strict=True)],
                textposition="outside", name="range given by the guide",
            ),
            go.Bar(
                y=open_ended.label.tolist(), x=[shown_to - lo for lo in open_lows],
                base=open_lows, orientation="h",
                marker={"color": "rgba(31,120,180,0.15)", "line": {"color": "#1f78b4", "width": 1}},
                text=[f"after {lo:g}" for lo in open_lows], textposition="inside",
                name="open-ended (no upper bound given)",
            ),
        ]
    )  # fmt: skip
    fig.update_layout(
        title="Age at diagnosis in the guide (years)",
        xaxis={"title": "age (years)", "range": [40, shown_to]},
        yaxis={"type": "category", "autorange": "reversed"},
        barmode="overlay",
        height=340,
        margin={"l": 220, "r": 20, "t": 60, "b": 40},
        legend={"orientation": "h", "y": -0.3},
    )
    return fig
