"""ipywidgets builder for lesson 08: choose a subtype, see its metastatic pattern and sources."""

from __future__ import annotations

import html

import ipywidgets as W

from .. import arguments
from ..controls import DESC, WIDE, errors_output
from ..page_style import RESULT_CLASS
from ..plotly_compat import FigureSlot, FigureWidget, replace_figure
from . import figures, views

__all__ = ["metastatic_explorer"]


def metastatic_explorer(subtype: str = "HR+/HER2-") -> W.VBox:
    """A subtype dropdown, its three-panel chart and its figures in words with sources.

    Children: the dropdown, the chart (a :class:`FigureSlot`), the summary (HTML, class
    ``bck-metastatic-summary``) and the error area.

    Examples
    --------
    >>> box = metastatic_explorer("triple-negative")
    >>> "23.1 %" in box.children[2].value
    True
    >>> box.children[0].value = "HR-/HER2+"
    >>> "34 % with brain metastases" in box.children[2].value
    True
    >>> box.children[1].children[0].layout.title.text.startswith("HR-/HER2+")
    True
    """
    subtype = arguments.subtype(subtype)
    pick = W.Dropdown(options=list(views.SUBTYPES), value=subtype, description="Subtype",
                      layout=WIDE, style=DESC)  # fmt: skip
    figure = FigureWidget(figures.pattern_figure(pick.value))
    slot = FigureSlot(figure)
    summary = W.HTML()
    summary.add_class("bck-metastatic-summary")
    summary.add_class(RESULT_CLASS)
    errors = errors_output()

    def show_text() -> None:
        text = views.subtype_summary_text(pick.value)
        summary.value = (
            '<pre class="bck-metastatic-text" style="white-space:pre-wrap">'
            f"{html.escape(text)}</pre>"
        )

    def redraw(change: dict) -> None:
        with errors:
            replace_figure(figure, figures.pattern_figure(change["new"]))
            slot.renew()
            show_text()

    pick.observe(redraw, names="value")
    show_text()
    box = W.VBox([pick, slot, summary, errors])
    box.add_class("bck-metastatic-explorer")
    return box
