"""ipywidgets builders for lesson 01: category browser, stage explorer, size/node sliders.

Builders only wire controls to :mod:`.views` and the shared stage chart; they hold no
rules. Each returns a container whose ``.children`` and attributes tests drive without a
browser. A callback that fails shows its message inside the widget, never a lost traceback.
"""

from __future__ import annotations

import ipywidgets as W

from ...limits import MAX_NODES, MAX_SIZE_MM
from ...staging import Axis, StagingError, parse_tnm
from .. import arguments, stage_charts
from ..controls import DESC, WIDE, errors_output, snapped
from ..page_style import RESULT_CLASS
from ..plotly_compat import FigureSlot, FigureWidget, updating
from . import views


def _within(value: object, low: float, high: float, default: float) -> float:
    """``value`` if it is a number the engine accepts (in ``(low, high]``), else ``default``."""
    ok = isinstance(value, int | float) and not isinstance(value, bool) and low < value <= high
    return float(value) if ok else default  # type: ignore[arg-type]


__all__ = [
    "SizeNodesExplorer",
    "StageExplorer",
    "category_browser",
    "size_nodes_explorer",
    "stage_explorer",
]


class StageExplorer(W.VBox):
    """Dropdowns for prefix, T, N and M; the stage, its explanation and the grid heatmap.

    Use :func:`stage_explorer` to build one. Attributes ``prefix``, ``t``, ``n``, ``m``
    (dropdowns), ``typed`` (free text), ``grid_m`` (M0/M1 toggle), ``result`` (HTML),
    ``figure`` (``go.FigureWidget``) and ``view`` (the current :class:`views.StageView`).
    """

    def __init__(self, initial: str = "cT2 cN1 cM0") -> None:
        tnm = parse_tnm(initial)
        prefix = tnm.t.prefix.value
        self.prefix = W.Dropdown(
            options=views.prefix_options(),
            value=prefix,
            description="Prefix",
            layout=WIDE,
            style=DESC,
        )
        self.t = W.Dropdown(
            options=views.t_options(), value=tnm.t.code, description="T", layout=WIDE, style=DESC
        )
        self.n = W.Dropdown(
            options=views.n_options(prefix),
            value=tnm.n.code,
            description="N",
            layout=WIDE,
            style=DESC,
        )
        self.m = W.Dropdown(
            options=views.m_options(), value=tnm.m.text, description="M", layout=WIDE, style=DESC
        )
        self.typed = W.Text(
            value="",
            placeholder="or type e.g. pT1c(m) pN1mi(sn) cM0",
            description="Type TNM",
            continuous_update=False,
            layout=WIDE,
            style=DESC,
        )
        self.grid_m = W.ToggleButtons(
            options=["M0", "M1"], value=tnm.m.group, description="Grid", style=DESC
        )
        self.result = W.HTML()
        self.result.add_class(RESULT_CLASS)
        self.errors = errors_output()
        self._following = False
        self._syncing = False  # typed text moving the dropdowns: not a change of its own
        self.view = views.stage_view(prefix, tnm.t.code, tnm.n.code, tnm.m.text)
        self.result.value = self.view.to_html()
        # The first figure already carries the highlight: changes made before the widget is
        # displayed travel as messages that a front end (e.g. Voila) may never receive.
        self.figure = FigureWidget(
            stage_charts.anatomic_heatmap(tnm.m.group, highlight=self.view.highlight)
        )
        for control in (self.prefix, self.t, self.n, self.m):
            control.observe(self._on_dropdown, names="value")
        self.typed.observe(self._on_typed, names="value")
        self.grid_m.observe(self._on_grid, names="value")
        # The controls keep their width; the result takes the rest of the row, or goes below
        # on a narrow screen. (A long explanation used to squeeze the control column and
        # cover the dropdowns' right edge.)
        controls = W.VBox([self.prefix, self.t, self.n, self.m, self.typed],
                          layout=W.Layout(flex="0 0 auto"))  # fmt: skip
        self.result.layout = W.Layout(flex="1 1 320px", min_width="0")
        self.slot = FigureSlot(self.figure)
        row = W.HBox([controls, self.result], layout=W.Layout(flex_flow="row wrap"))
        super().__init__([row, self.grid_m, self.slot, self.errors])
        self.add_class("bck-stage-explorer")

    # -- callbacks: each only reads controls, asks views, and redraws
    def _on_dropdown(self, change: dict) -> None:
        if self._syncing:
            return
        with self.errors:
            if change["owner"] is self.prefix:
                self._set_n_options(change["new"])
            self.typed.value = ""
            self.refresh()

    def _on_typed(self, change: dict) -> None:
        with self.errors:
            view = self.refresh(text=change["new"])
            chosen = views.dropdown_selection(change["new"]) if view.ok else None
            if chosen is not None:  # the dropdowns show what was typed
                self._show_selection(*chosen)

    def _show_selection(self, prefix: str, t: str, n: str, m: str) -> None:
        self._syncing = True
        try:
            if self.prefix.value != prefix:
                self.prefix.value = prefix
                self._set_n_options(prefix)
            self.t.value, self.n.value, self.m.value = t, n, m
        finally:
            self._syncing = False

    def _on_grid(self, change: dict) -> None:
        if self._following:  # refresh() moved the toggle and draws the grid itself
            return
        with self.errors:
            self._draw(self.view, grid_m=change["new"])

    def _set_n_options(self, prefix: str) -> None:
        current = self.n.value
        self.n.options = views.n_options(prefix)  # resets the value to the first option
        self.n.value = views.carry_n_code(current, prefix)

    def refresh(self, text: str | None = None) -> views.StageView:
        """Recompute the view from the controls (or ``text``) and redraw."""
        view = views.stage_view(
            self.prefix.value, self.t.value, self.n.value, self.m.value, text=text or None
        )
        self.view = view
        self.result.value = view.to_html()
        grid_m = view.m_group or self.grid_m.value
        if self.grid_m.value != grid_m:
            # One redraw per change: two fresh charts in a row left the page's chart empty
            # (the first one's view was closed while it was still being drawn).
            self._following = True
            try:
                self.grid_m.value = grid_m
            finally:
                self._following = False
        self._draw(view, grid_m=grid_m)
        return view

    def _draw(self, view: views.StageView | None, grid_m: str) -> None:
        fresh = stage_charts.anatomic_heatmap(grid_m)
        highlight = view.highlight if view is not None and view.m_group == grid_m else None
        with updating(self.figure, self.slot):
            for trace, new in zip(self.figure.data, fresh.data, strict=True):
                trace.z, trace.text, trace.hovertext = new.z, new.text, new.hovertext
            self.figure.layout.title.text = fresh.layout.title.text
            self.figure.layout.shapes = (
                [stage_charts.highlight_shape(*highlight)] if highlight else []
            )


def stage_explorer(initial: str = "cT2 cN1 cM0") -> StageExplorer:
    """Build the stage explorer used in lesson 01.

    Parameters
    ----------
    initial : str
        The classification shown first.

    Returns
    -------
    StageExplorer
        An ``ipywidgets.VBox``.

    Examples
    --------
    >>> ex = stage_explorer("cT4d cN1 cM0")
    >>> ex.view.stage_label
    'Stage IIIB'
    >>> ex.t.value = "T2"
    >>> ex.view.stage_label
    'Stage IIB'
    """
    return StageExplorer(initial)


class SizeNodesExplorer(W.VBox):
    """Sliders for tumour size and positive nodes showing pT, pN and the stage."""

    def __init__(self, size_mm: float = 18.0, positive_nodes: int = 0) -> None:
        size_mm = arguments.read("size_mm", arguments.size_mm, size_mm)
        positive_nodes = arguments.read("positive_nodes", arguments.nodes, positive_nodes)
        self.size = W.FloatSlider(
            value=size_mm,
            # The usual range, widened to hold any size the engine accepts as a start value.
            min=min(0.5, _within(size_mm, 0.0, MAX_SIZE_MM, 0.5)),
            max=max(100.0, _within(size_mm, 0.0, MAX_SIZE_MM, 100.0)),
            step=0.5,
            description="Size (mm)",
            continuous_update=False,
            layout=WIDE,
            style=DESC,
        )
        self.nodes = W.IntSlider(
            value=positive_nodes,
            min=0,
            max=max(30, int(_within(positive_nodes, 0, MAX_NODES, 30))),
            step=1,
            description="+ nodes",
            continuous_update=False,
            layout=WIDE,
            style=DESC,
        )
        self.result = W.HTML()
        self.result.add_class(RESULT_CLASS)
        self.errors = errors_output()
        self.view = views.size_nodes_view(size_mm, positive_nodes)
        self.result.value = self.view.to_html()
        self.figure = FigureWidget(
            stage_charts.anatomic_heatmap("M0", highlight=self.view.highlight)
        )
        self.size.observe(self._on_change, names="value")
        self.nodes.observe(self._on_change, names="value")
        self.slot = FigureSlot(self.figure)
        super().__init__(
            [W.HBox([W.VBox([self.size, self.nodes]), self.result]), self.slot, self.errors]
        )
        self.add_class("bck-size-nodes-explorer")

    def _on_change(self, change: dict) -> None:
        with self.errors:
            self.refresh()

    def refresh(self) -> views.StageView:
        """Recompute from the sliders and redraw."""
        view = views.size_nodes_view(snapped(self.size), self.nodes.value)
        self.view = view
        self.result.value = view.to_html()
        with updating(self.figure, self.slot):
            self.figure.layout.shapes = (
                [stage_charts.highlight_shape(*view.highlight)] if view.highlight else []
            )
        return view


def size_nodes_explorer(size_mm: float = 18.0, positive_nodes: int = 0) -> SizeNodesExplorer:
    """Build the size and node-count explorer used in lesson 01.

    Examples
    --------
    >>> ex = size_nodes_explorer(18, 0)
    >>> ex.view.tnm_text
    'pT1c pN0 cM0'
    >>> ex.size.value, ex.nodes.value = 34.0, 5
    >>> ex.view.tnm_text, ex.view.stage_label
    ('pT2 pN2a cM0', 'Stage IIIA')
    """
    return SizeNodesExplorer(size_mm, positive_nodes)


def category_browser(axis: str = "T") -> W.VBox:
    """Toggle between the T, N and M category tables (the guide's Table 1, labelled).

    Examples
    --------
    >>> box = category_browser("N")
    >>> box.children[0].value
    'N'
    """
    axes = [a.value for a in Axis]
    if axis not in axes:
        raise StagingError("unknown axis", field="axis", value=axis, allowed=axes)
    toggle = W.ToggleButtons(options=axes, value=axis, description="Axis")
    table = W.HTML()

    def draw(_: object = None) -> None:
        table.value = views.categories_html(toggle.value)

    toggle.observe(draw, names="value")
    draw()
    return W.VBox([toggle, table])
