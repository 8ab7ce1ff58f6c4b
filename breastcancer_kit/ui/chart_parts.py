"""Small pieces every chart uses: a source caption under the plot, wrapped text, its numbers."""

from __future__ import annotations

import html

__all__ = ["CAPTION_CHARS", "LEGEND_ON_TOP", "add_caption", "numbers_table", "title_at_top", "wrap"]

#: Where a title sits when a legend goes above the plot: at the chart's top edge, its lines
#: growing down (the chart loader wraps a long one), so the legend below it keeps clear.
_TOP = {"y": 1, "yanchor": "top", "pad": {"t": 12}}
#: A legend above the plot, its rows wrapping in a narrow chart (beside it, long names left
#: a 420 px chart no plot).
LEGEND_ON_TOP = {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"}


def title_at_top(text: str) -> dict:
    """A chart title at the top edge, for a chart with :data:`LEGEND_ON_TOP`.

    Give the figure a top margin that holds both: about 130 px for a two-line title and two
    legend rows.

    Examples
    --------
    >>> title_at_top("Stage at diagnosis")["yanchor"]
    'top'
    """
    return {"text": text, **_TOP}


#: Characters in one line of a caption. A 12 px source line takes up to 8 px a character, so
#: 48 fit the narrowest chart a lesson draws: 420 px, beside JupyterLab's file browser at
#: 150 % zoom (plotly never wraps an annotation; a longer line was cut at the chart's edge).
CAPTION_CHARS = 48
#: Height of one caption line (12 px type, plotly's 1.3 line spacing) and the room under it.
CAPTION_LINE_PX, CAPTION_PAD_PX = 16, 12
_PLOTLY_MARGIN = {"l": 80, "b": 80}  # plotly's margins where a figure sets none
_PLOTLY_HEIGHT = 450


def add_caption(fig, text: str, below_px: int = 70):
    """Put a source line under ``fig``'s plot, in lines that fit a 420 px chart.

    The caption starts near the figure's left edge (not the plot's, which a long axis label
    pushes right), ``below_px`` pixels under the plot (room for the x axis's labels and
    title), and the figure grows by the lines it needs, so the plot keeps its height. Lines
    already broken with ``<br>`` stay broken there. Returns ``fig``.

    Examples
    --------
    >>> import plotly.graph_objects as go
    >>> fig = add_caption(go.Figure(layout={"height": 300}), "Source: " + "word " * 20)
    >>> note = fig.layout.annotations[-1]
    >>> note.text.count("<br>") + 1  # 108 characters in lines of at most 48
    3
    >>> (note.yanchor, note.yshift, note.xshift)
    ('top', -70, -70)
    >>> (fig.layout.margin.b, fig.layout.height)  # 70 + 3 lines of 16 + 12; 300 + 50
    (130, 350)
    """
    lines = "<br>".join(wrap(part, CAPTION_CHARS) for part in text.split("<br>"))
    count = lines.count("<br>") + 1
    margin = fig.layout.margin
    left = _PLOTLY_MARGIN["l"] if margin.l is None else margin.l
    bottom = _PLOTLY_MARGIN["b"] if margin.b is None else margin.b
    need = below_px + count * CAPTION_LINE_PX + CAPTION_PAD_PX
    if need > bottom:
        height = fig.layout.height or _PLOTLY_HEIGHT
        fig.update_layout(margin={"b": need}, height=height + need - bottom)
    fig.add_annotation(
        text=lines, xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top",
        xshift=-(left - 10), yshift=-below_px, align="left", showarrow=False,
        font={"size": 12},
    )  # fmt: skip
    return fig


def wrap(text: str, width: int = 60) -> str:
    """Break ``text`` into lines of about ``width`` characters for a hover label.

    Examples
    --------
    >>> wrap("a b c", width=3)
    'a b<br>c'
    """
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


def _cells(values: object) -> list:
    if values is None:
        return []
    return list(values) if not isinstance(values, str) else [values]


def _number(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1 else f"{value:g}"
    return "" if value is None else str(value)


def numbers_table(fig) -> str:
    """The numbers a chart draws, as an HTML table: its text alternative.

    One table per trace with a name (band and label traces without a legend entry are
    skipped): a heatmap as its grid of labels, ranges as "low-high", points and bars as
    category and value.

    Examples
    --------
    >>> import plotly.graph_objects as go
    >>> fig = go.Figure([go.Bar(x=["a", "b"], y=[1, 2.5], name="shares")])
    >>> "<th>a</th><td>1</td>" in numbers_table(fig)
    True
    >>> ranges = go.Figure([go.Bar(y=["TNBC"], x=[10], base=[10], orientation="h", name="r")])
    >>> "<td>10-20</td>" in numbers_table(ranges)
    True
    """
    parts = []
    for trace in fig.data:
        name = trace.name or ""
        if trace.type == "heatmap":
            if trace.text is None:
                continue
            head = "".join(f"<th>{html.escape(str(x))}</th>" for x in trace.x)
            rows = "".join(
                f"<tr><th>{html.escape(str(y))}</th>"
                + "".join(f"<td>{html.escape(str(c))}</td>" for c in row)
                + "</tr>"
                for y, row in zip(trace.y, trace.text, strict=True)
            )
            parts.append(f"<table><caption>{html.escape(name)}</caption>"
                         f"<tr><th></th>{head}</tr>{rows}</table>")  # fmt: skip
            continue
        if trace.showlegend is False or trace.hoverinfo == "skip":
            continue
        horizontal = getattr(trace, "orientation", None) == "h"
        labels = _cells(trace.y if horizontal else trace.x)
        values = _cells(trace.x if horizontal else trace.y)
        base = _cells(getattr(trace, "base", None))
        if base:
            values = [f"{_number(b)}-{_number(b + v)}" for b, v in zip(base, values, strict=True)]
        else:
            values = [_number(v) for v in values]
        if len(labels) > 40:  # a curve: every 10th point is enough to read it
            keep = range(0, len(labels), max(1, len(labels) // 10))
            labels, values = [labels[i] for i in keep], [values[i] for i in keep]
        rows = "".join(
            f"<tr><th>{html.escape(_number(x))}</th><td>{html.escape(v)}</td></tr>"
            for x, v in zip(labels, values, strict=True)
        )
        parts.append(f"<table><caption>{html.escape(name)}</caption>{rows}</table>")
    return '<div class="bck-numbers">' + "".join(parts) + "</div>"
