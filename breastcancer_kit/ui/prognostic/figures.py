"""Figures for lesson 02: the prognostic grid of one biomarker profile, stage-shift matrices."""

from __future__ import annotations

import plotly.graph_objects as go

from ...staging import prognostic
from ..stage_charts import stage_heatmap

__all__ = ["prognostic_heatmap", "stage_shift_heatmap"]


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


def stage_shift_heatmap(shift, title: str) -> go.Figure:
    """Anatomic (rows) x prognostic (columns) counts, diagonal outlined.

    Parameters
    ----------
    shift : pandas.DataFrame
        A crosstab from :func:`breastcancer_kit.ui.prognostic.views.stage_shift`.
    title : str

    Examples
    --------
    >>> from breastcancer_kit.ui.prognostic.views import stage_shift
    >>> fig = stage_shift_heatmap(stage_shift("clinical", 1, "+", "+", "+"), "shift")
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
