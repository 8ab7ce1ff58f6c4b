"""ipywidgets builders for lesson 05: a dropdown of views and the chart it selects."""

from __future__ import annotations

import html

import ipywidgets as W

from ...statistics import tables
from .. import arguments
from ..controls import errors_output
from ..plotly_compat import FigureSlot, FigureWidget, replace_figure
from . import figures

__all__ = ["definitions", "statistics_explorer"]


def statistics_explorer(view: str | None = None) -> W.VBox:
    """A dropdown of the lesson-05 views and the chart it selects.

    Examples
    --------
    >>> box = statistics_explorer()
    >>> box.children[0].value == next(iter(figures.STATISTICS_VIEWS))
    True
    """
    if view is not None:
        view = arguments.choice("view", view, figures.STATISTICS_VIEWS)
    choice = W.Dropdown(
        options=list(figures.STATISTICS_VIEWS),
        value=view or next(iter(figures.STATISTICS_VIEWS)),
        description="View",
        layout=W.Layout(width="520px"),
    )
    figure = FigureWidget(figures.statistics_figure(choice.value))
    slot = FigureSlot(figure)
    errors = errors_output()

    def redraw(change: dict) -> None:
        with errors:
            replace_figure(figure, figures.statistics_figure(change["new"]))
            slot.renew()

    choice.observe(redraw, names="value")
    box = W.VBox([choice, slot, errors])
    box.add_class("bck-statistics-explorer")
    return box


def definitions(table: str) -> W.HTML:
    """The terms a statistics table defines in its provenance, as a list of terms in prose.

    Examples
    --------
    >>> box = definitions("seer_survival_subtype_stage")
    >>> "<dt>relative survival</dt>" in box.value
    True
    """
    terms = tables.provenance(table).get("definitions", {})
    items = "".join(
        f"<dt>{html.escape(str(term))}</dt><dd>{html.escape(str(meaning))}</dd>"
        for term, meaning in terms.items()
    )
    box = W.HTML(f'<dl class="bck-definitions">{items}</dl>')
    box.add_class("bck-definitions-box")
    return box
