"""The stage-grid heatmap shared by the lessons: every T x N cell coloured by its stage.

Lesson 01 draws the anatomic grid with the student's case outlined; lesson 02 draws the
prognostic grid beside it (:mod:`breastcancer_kit.ui.prognostic`). Figures are plain
``go.Figure`` objects built from the rule tables, so they render offline and are
unit-tested without a browser. Colours come from :mod:`.palette`.
"""

from __future__ import annotations

import plotly.graph_objects as go

from ..staging import stage_labels
from ..staging.anatomic import grid_rows
from ..staging.parsing import groups
from . import palette
from .chart_parts import wrap

__all__ = ["HIGHLIGHT_NAME", "anatomic_heatmap", "highlight_shape", "stage_heatmap"]

HIGHLIGHT_NAME = "bck-highlight"


def _colourscale() -> list[list[object]]:
    labels = stage_labels()
    k = len(labels)
    scale: list[list[object]] = []
    for i, label in enumerate(labels):
        scale.append([i / k, palette.stage_colour(label)])
        scale.append([(i + 1) / k, palette.stage_colour(label)])
    return scale


def highlight_shape(t_group: str, n_group: str) -> dict[str, object]:
    """Rectangle (in data coordinates) around one T x N cell of the heatmap.

    Examples
    --------
    >>> highlight_shape("T2", "N1")["x0"], highlight_shape("T2", "N1")["y0"]
    (2.5, 3.5)
    """
    x = groups("N").index(n_group)
    y = groups("T").index(t_group)
    return {
        "type": "rect",
        "name": HIGHLIGHT_NAME,
        "xref": "x",
        "yref": "y",
        "x0": x - 0.5,
        "x1": x + 0.5,
        "y0": y - 0.5,
        "y1": y + 0.5,
        "line": {"color": palette.HIGHLIGHT, "width": 4},
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
    # Plain rows, not a DataFrame: lesson 01 runs without pandas (~90 MB less per kernel).
    records = [
        {"t": r.t, "n": r.n, "m": r.m, "stage": r.stage, "rule": r.rule, "note": r.note}
        for r in grid_rows(m)
    ]
    return stage_heatmap(
        records,
        "stage",
        title=title or f"AJCC 8th-edition anatomic stage groups ({m}); grey: no stage group",
        highlight=highlight,
    )


def stage_heatmap(
    grid,
    column: str,
    title: str,
    highlight: tuple[str, str] | None = None,
    compare_with: str | None = None,
) -> go.Figure:
    """Draw a T x N grid DataFrame (columns ``t``, ``n``, ``column``) as a stage heatmap."""
    t_groups = list(groups("T"))
    n_groups = list(groups("N"))
    order = {label: i for i, label in enumerate(stage_labels())}
    # Gaps are None, not NaN: NaN is not valid JSON and breaks FigureWidget updates.
    z: list[list[float | None]] = [[None] * len(n_groups) for _ in t_groups]
    text = [["–"] * len(n_groups) for _ in t_groups]
    hover = [[""] * len(n_groups) for _ in t_groups]
    not_staged_z: list[list[int | None]] = [[None] * len(n_groups) for _ in t_groups]
    rows = grid.to_dict("records") if hasattr(grid, "to_dict") else list(grid)
    for row in rows:
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
            hover[i][j] += "<br>" + wrap(row["note"])
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
                colorscale=[[0, palette.NOT_STAGED], [1, palette.NOT_STAGED]], showscale=False,
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
