"""Small pieces every chart uses: a source caption under the plot, wrapped hover text."""

from __future__ import annotations

__all__ = ["caption", "wrap"]


def caption(text: str) -> dict:
    """A small source line under a chart (a Plotly annotation).

    Examples
    --------
    >>> caption("Source: SEER")["yref"]
    'paper'
    """
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
