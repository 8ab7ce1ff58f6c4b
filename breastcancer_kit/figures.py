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
