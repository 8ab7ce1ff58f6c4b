"""Small pieces every chart uses: a source caption under the plot, wrapped hover text."""

from __future__ import annotations

import html

__all__ = ["caption", "numbers_table", "wrap"]


def caption(text: str, below_px: int | None = None) -> dict:
    """A small source line under a chart (a Plotly annotation).

    By default it sits a fixed fraction of the plot's height below it. ``below_px`` puts it
    that many pixels under the plot's bottom edge instead: a short chart's fraction is too
    little room, and the line would cross the axis title (give the figure a bottom margin
    that holds it).

    Examples
    --------
    >>> caption("Source: SEER")["yref"]
    'paper'
    >>> note = caption("Source: SEER", below_px=62)
    >>> note["y"], note["yanchor"], note["yshift"]
    (0, 'top', -62)
    """
    note = {
        "text": text,
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": -0.22,
        "showarrow": False,
        "font": {"size": 12},
        "xanchor": "left",
    }
    if below_px is not None:
        note.update(y=0, yanchor="top", yshift=-below_px)
    return note


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
