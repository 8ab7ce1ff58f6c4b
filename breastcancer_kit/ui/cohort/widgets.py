"""ipywidgets builders for lesson 06: Kaplan-Meier curves with a split and endpoint picker."""

from __future__ import annotations

import html

import ipywidgets as W

from ...statistics import cohorts as cohort_mod
from .. import arguments
from ..controls import errors_output
from ..page_style import RESULT_CLASS
from ..plotly_compat import FigureSlot, FigureWidget, replace_figure
from . import figures

__all__ = ["cohort_explorer"]


def cohort_explorer(split: str = "anatomic_stage", endpoint: str = "os") -> W.VBox:
    """Kaplan-Meier curves of the GBSG2 cohort with a widget to pick the split and endpoint.

    Examples
    --------
    >>> box = cohort_explorer("hr_status")
    >>> box.children[0].children[0].value
    'hr_status'
    """
    split = arguments.choice("split", split, cohort_mod.SPLITS)
    endpoint = arguments.choice("endpoint", endpoint, cohort_mod.ENDPOINTS)
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
        description="Endpoint",
        # Wide enough for "Recurrence-free survival" in bold, in Voila's and JupyterLab's
        # fonts (the default cut it to "su...", 190 px to "surv..." in JupyterLab).
        style={"description_width": "70px", "button_width": "215px"},
    )
    figure = FigureWidget(figures.km_figure(cohort, split, endpoint))
    slot = FigureSlot(figure)
    summary = W.HTML()
    summary.add_class("bck-logrank")
    summary.add_class(RESULT_CLASS)
    errors = errors_output()

    def describe() -> None:
        test = cohort_mod.logrank(cohort, split_box.value, end_box.value)
        summary.value = f'<span class="bck-logrank-text">{html.escape(test.explain())}</span>'

    def redraw(_: dict) -> None:
        with errors:
            replace_figure(figure, figures.km_figure(cohort, split_box.value, end_box.value))
            slot.renew()
            describe()

    split_box.observe(redraw, names="value")
    end_box.observe(redraw, names="value")
    describe()
    controls = W.HBox([split_box, end_box], layout=W.Layout(flex_flow="row wrap"))
    box = W.VBox([controls, summary, slot, errors])
    box.add_class("bck-cohort-explorer")
    return box
