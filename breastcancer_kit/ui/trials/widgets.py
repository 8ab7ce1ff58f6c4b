"""ipywidgets builder for lesson 10: endpoint and subtype group -> forest plot and its text."""

from __future__ import annotations

import html

import ipywidgets as W

from .. import arguments
from ..controls import DESC, WIDE, errors_output
from ..plotly_compat import FigureSlot
from . import figures, views

__all__ = ["ForestExplorer", "forest_explorer"]

_ALL = "all subtypes"


class ForestExplorer(W.VBox):
    """Endpoint toggle and group dropdown over a forest plot and its text alternative.

    Attributes: ``endpoint`` (toggle), ``group`` (dropdown), ``slot`` (shows the chart),
    ``text`` (HTML: the same rows as a list).

    Each change builds a new figure and the slot shows a fresh view of it. The figure the
    slot copies is a plain ``go.Figure``, not a widget: a hidden FigureWidget would be one
    more front-end model to start, and anywidget gives each model 2 s to start, which a
    busy machine can miss (the view then stays empty).
    """

    def __init__(self, endpoint: str = "pfs", group: str | None = None) -> None:
        groups = sorted(set(views.trial_groups().values()), key=views._group_rank)
        endpoint = arguments.choice("endpoint", endpoint, views.ENDPOINTS)
        if group is not None:
            group = arguments.choice("group", group, groups)
        self.endpoint = W.ToggleButtons(
            options=[(words, key) for key, (_h, _m, words) in views.ENDPOINTS.items()],
            value=endpoint, description="Endpoint",
            style={"description_width": "90px", "button_width": "180px"},
        )  # fmt: skip
        self.group = W.Dropdown(
            options=[_ALL, *groups], value=group or _ALL, description="Subtype",
            layout=WIDE, style=DESC,
        )  # fmt: skip
        self.slot = FigureSlot(figures.forest_plot(endpoint, group))
        self.text = W.HTML()
        self.errors = errors_output()
        self._draw_text()
        for control in (self.endpoint, self.group):
            control.observe(self._on_change, names="value")
        super().__init__([W.HBox([self.endpoint, self.group]), self.slot, self.text, self.errors])
        self.add_class("bck-forest-explorer")

    def _selection(self) -> tuple[str, str | None]:
        return self.endpoint.value, None if self.group.value == _ALL else self.group.value

    def _draw_text(self) -> None:
        text = views.forest_text(*self._selection())
        self.text.value = (
            '<details class="bck-forest-text" open><summary>The same as text</summary>'
            f'<pre style="white-space:pre-wrap">{html.escape(text)}</pre></details>'
        )

    def _on_change(self, change: dict) -> None:
        with self.errors:
            self.slot.source = figures.forest_plot(*self._selection())
            self.slot.renew()
            self._draw_text()


def forest_explorer(endpoint: str = "pfs", group: str | None = None) -> ForestExplorer:
    """Build the forest-plot explorer used in lesson 10.

    Examples
    --------
    >>> ex = forest_explorer()
    >>> "KEYNOTE-355 (PD-L1 CPS &gt;= 10): HR 0.65 (95% CI 0.49-0.86)" in ex.text.value
    True
    >>> ex.endpoint.value = "os"
    >>> "CPS &gt;= 1): HR 0.86 (no interval in the kit&#x27;s source)" in ex.text.value
    True
    >>> ex.group.value = "HR+/HER2-"
    >>> "KEYNOTE-355" in ex.text.value, len(ex.slot.children[0].data)
    (False, 1)
    """
    return ForestExplorer(endpoint, group)
