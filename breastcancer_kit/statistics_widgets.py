"""ipywidgets builders for the statistics lessons (05 and 06).

The logic lives in :mod:`breastcancer_kit.statistics_views` and :mod:`breastcancer_kit.cohort`.
"""

from __future__ import annotations

import html

import ipywidgets as W
import plotly.graph_objects as go

from . import cohort as cohort_mod
from . import statistics_views as sv
from .widgets import sync_state

__all__ = ["cohort_explorer", "replace_figure", "statistics_explorer"]


def replace_figure(widget: go.FigureWidget, new: go.Figure) -> None:
    """Swap every trace and the layout of a FigureWidget for those of ``new``."""
    widget.data = ()
    widget.add_traces(list(new.data))
    widget.layout = new.layout
    sync_state(widget)


def statistics_explorer(view: str | None = None) -> W.VBox:
    """A dropdown of the lesson-05 views and the chart it selects.

    Examples
    --------
    >>> box = statistics_explorer()
    >>> box.children[0].value == next(iter(sv.STATISTICS_VIEWS))
    True
    """
    choice = W.Dropdown(
        options=list(sv.STATISTICS_VIEWS),
        value=view or next(iter(sv.STATISTICS_VIEWS)),
        description="View",
        layout=W.Layout(width="520px"),
    )
    figure = go.FigureWidget(sv.statistics_figure(choice.value))
    errors = W.Output()

    def redraw(change: dict) -> None:
        with errors:
            replace_figure(figure, sv.statistics_figure(change["new"]))

    choice.observe(redraw, names="value")
    box = W.VBox([choice, figure, errors])
    box.add_class("bck-statistics-explorer")
    return box


def cohort_explorer(split: str = "anatomic_stage", endpoint: str = "os") -> W.VBox:
    """Kaplan-Meier curves of the GBSG2 cohort with a widget to pick the split and endpoint.

    Examples
    --------
    >>> box = cohort_explorer("hr_status")
    >>> box.children[0].children[0].value
    'hr_status'
    """
    cohort = cohort_mod.gbsg2_cohort()
    split_box = W.Dropdown(
        options=[(label, key) for key, (_, label) in cohort_mod.SPLITS.items()],
        value=split,
        description="Split by",
        layout=W.Layout(width="420px"),
    )
    end_box = W.ToggleButtons(
        options=[(label, key) for key, (_, _, label) in cohort_mod.ENDPOINTS.items()],
        value=endpoint,
    )
    figure = go.FigureWidget(sv.km_figure(cohort, split, endpoint))
    summary = W.HTML()
    summary.add_class("bck-logrank")
    errors = W.Output()

    def describe() -> None:
        test = cohort_mod.logrank(cohort, split_box.value, end_box.value)
        summary.value = f'<span class="bck-logrank-text">{html.escape(test.explain())}</span>'

    def redraw(_: dict) -> None:
        with errors:
            replace_figure(figure, sv.km_figure(cohort, split_box.value, end_box.value))
            describe()

    split_box.observe(redraw, names="value")
    end_box.observe(redraw, names="value")
    describe()
    box = W.VBox([W.HBox([split_box, end_box]), summary, figure, errors])
    box.add_class("bck-cohort-explorer")
    return box
