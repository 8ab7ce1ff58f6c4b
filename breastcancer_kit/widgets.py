"""ipywidgets builders for the lessons (imports ipywidgets and plotly; load lazily).

Builders only wire controls to the pure functions in :mod:`breastcancer_kit.views`
and :mod:`breastcancer_kit.figures`; they hold no rules. Each builder returns a
container whose ``.children`` and attributes the tests can drive without a browser.
A callback that fails shows its message inside the widget (``Output.capture``),
never as a lost traceback.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from contextlib import contextmanager
from copy import deepcopy

import ipywidgets as W
import plotly.graph_objects as go

from . import figures, receptors, views
from .staging import StagingError, parse_tnm

__all__ = [
    "PrognosticExplorer",
    "ReceptorExplorer",
    "SizeNodesExplorer",
    "StageExplorer",
    "brca_prompt_explorer",
    "category_browser",
    "prognostic_explorer",
    "receptor_explorer",
    "size_nodes_explorer",
    "stage_explorer",
    "stage_shift_overview",
    "sync_state",
    "updating",
]


def sync_state(fig: go.FigureWidget) -> None:
    """Resend a FigureWidget's whole data and layout as widget state.

    Edits travel to the browser as one-off restyle messages that a view which is not yet
    rendered never applies (seen in Voila when a control moved before the chart had drawn).
    Resetting the synced state makes every view, early or late, show the current figure.
    """
    fig._widget_data = deepcopy(fig._data)
    fig._widget_layout = deepcopy(fig._layout_obj._props)


@contextmanager
def updating(fig: go.FigureWidget) -> Iterator[go.FigureWidget]:
    """``fig.batch_update()``, then :func:`sync_state`."""
    with fig.batch_update():
        yield fig
    sync_state(fig)


_WIDE = W.Layout(width="420px")
_DESC = {"description_width": "90px"}


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
            layout=_WIDE,
            style=_DESC,
        )
        self.t = W.Dropdown(
            options=views.t_options(), value=tnm.t.code, description="T", layout=_WIDE, style=_DESC
        )
        self.n = W.Dropdown(
            options=views.n_options(prefix),
            value=tnm.n.code,
            description="N",
            layout=_WIDE,
            style=_DESC,
        )
        self.m = W.Dropdown(
            options=views.m_options(), value=tnm.m.text, description="M", layout=_WIDE, style=_DESC
        )
        self.typed = W.Text(
            value="",
            placeholder="or type e.g. pT1c(m) pN1mi(sn) cM0",
            description="Type TNM",
            continuous_update=False,
            layout=_WIDE,
            style=_DESC,
        )
        self.grid_m = W.ToggleButtons(
            options=["M0", "M1"], value=tnm.m.group, description="Grid", style=_DESC
        )
        self.result = W.HTML()
        self.result.add_class("bck-result")
        self.errors = W.Output()
        self.view = views.stage_view(prefix, tnm.t.code, tnm.n.code, tnm.m.text)
        self.result.value = self.view.to_html()
        # The first figure already carries the highlight: changes made before the widget is
        # displayed travel as messages that a front end (e.g. Voila) may never receive.
        self.figure = go.FigureWidget(
            figures.anatomic_heatmap(tnm.m.group, highlight=self.view.highlight)
        )
        for control in (self.prefix, self.t, self.n, self.m):
            control.observe(self._on_dropdown, names="value")
        self.typed.observe(self._on_typed, names="value")
        self.grid_m.observe(self._on_grid, names="value")
        controls = W.VBox([self.prefix, self.t, self.n, self.m, self.typed])
        super().__init__([W.HBox([controls, self.result]), self.grid_m, self.figure, self.errors])
        self.add_class("bck-stage-explorer")

    # -- callbacks: each only reads controls, asks views, and redraws
    def _on_dropdown(self, change: dict) -> None:
        with self.errors:
            if change["owner"] is self.prefix:
                self._set_n_options(change["new"])
            self.typed.value = ""
            self.refresh()

    def _on_typed(self, change: dict) -> None:
        with self.errors:
            self.refresh(text=change["new"])

    def _on_grid(self, change: dict) -> None:
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
            with self.grid_m.hold_trait_notifications():
                self.grid_m.value = grid_m
        self._draw(view, grid_m=grid_m)
        return view

    def _draw(self, view: views.StageView | None, grid_m: str) -> None:
        fresh = figures.anatomic_heatmap(grid_m)
        highlight = view.highlight if view is not None and view.m_group == grid_m else None
        with updating(self.figure):
            for trace, new in zip(self.figure.data, fresh.data, strict=True):
                trace.z, trace.text, trace.hovertext = new.z, new.text, new.hovertext
            self.figure.layout.title.text = fresh.layout.title.text
            self.figure.layout.shapes = [figures.highlight_shape(*highlight)] if highlight else []


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
        self.size = W.FloatSlider(
            value=size_mm,
            min=0.5,
            max=100.0,
            step=0.5,
            description="Size (mm)",
            continuous_update=False,
            layout=_WIDE,
            style=_DESC,
        )
        self.nodes = W.IntSlider(
            value=positive_nodes,
            min=0,
            max=30,
            step=1,
            description="+ nodes",
            continuous_update=False,
            layout=_WIDE,
            style=_DESC,
        )
        self.result = W.HTML()
        self.result.add_class("bck-result")
        self.errors = W.Output()
        self.view = views.size_nodes_view(size_mm, positive_nodes)
        self.result.value = self.view.to_html()
        self.figure = go.FigureWidget(figures.anatomic_heatmap("M0", highlight=self.view.highlight))
        self.size.observe(self._on_change, names="value")
        self.nodes.observe(self._on_change, names="value")
        super().__init__(
            [W.HBox([W.VBox([self.size, self.nodes]), self.result]), self.figure, self.errors]
        )
        self.add_class("bck-size-nodes-explorer")

    def _on_change(self, change: dict) -> None:
        with self.errors:
            self.refresh()

    def refresh(self) -> views.StageView:
        """Recompute from the sliders and redraw."""
        view = views.size_nodes_view(self.size.value, self.nodes.value)
        self.view = view
        self.result.value = view.to_html()
        with updating(self.figure):
            self.figure.layout.shapes = (
                [figures.highlight_shape(*view.highlight)] if view.highlight else []
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
    if axis not in ("T", "N", "M"):
        raise StagingError("unknown axis", field="axis", value=axis, allowed=["T", "N", "M"])
    toggle = W.ToggleButtons(options=["T", "N", "M"], value=axis, description="Axis")
    table = W.HTML()

    def draw(_: object = None) -> None:
        df = views.categories_view(toggle.value)
        table.value = df.to_html(index=False, classes="bck-categories", border=0)

    toggle.observe(draw, names="value")
    draw()
    return W.VBox([toggle, table])


class PrognosticExplorer(W.VBox):
    """Biomarker controls with anatomic and prognostic heatmaps side by side.

    Controls: table, grade, ER, PR, HER2 and an Oncotype DX toggle. Below them: a one-line
    summary, the two heatmaps and the stage-shift matrix for the chosen profile.
    """

    def __init__(
        self,
        table: str = "clinical",
        grade: int = 2,
        er: str = "positive",
        pr: str = "positive",
        her2: str = "negative",
        oncotype_low: bool = False,
    ) -> None:
        def toggles(description: str, options: list, value: object) -> W.ToggleButtons:
            return W.ToggleButtons(
                options=options,
                value=value,
                description=description,
                style={"description_width": "90px", "button_width": "90px"},
            )

        self.table = toggles("Table", ["clinical", "pathological"], table)
        self.grade = toggles("Grade", [1, 2, 3], grade)
        self.er = toggles("ER", ["positive", "negative"], er)
        self.pr = toggles("PR", ["positive", "negative"], pr)
        self.her2 = toggles("HER2", ["positive", "negative"], her2)
        self.oncotype = W.Checkbox(
            value=oncotype_low,
            description="Oncotype DX score below 11 (pathological table only)",
            indent=False,
            layout=W.Layout(width="420px"),
        )
        self.summary = W.HTML()
        self.summary.add_class("bck-shift-summary")
        self.errors = W.Output()
        prog_fig, shift_fig = self._figures()
        self.anatomic = go.FigureWidget(figures.anatomic_heatmap("M0", title="Anatomic stage (M0)"))
        self.prognostic = go.FigureWidget(prog_fig)
        self.shift = go.FigureWidget(shift_fig)
        for fig in (self.anatomic, self.prognostic):
            fig.update_layout(width=560, height=430)
        for control in (self.table, self.grade, self.er, self.pr, self.her2, self.oncotype):
            control.observe(self._on_change, names="value")
        controls = W.VBox([self.table, self.grade, self.er, self.pr, self.her2, self.oncotype])
        super().__init__(
            [
                controls,
                self.summary,
                W.HBox([self.anatomic, self.prognostic]),
                self.shift,
                self.errors,
            ]
        )
        self.add_class("bck-prognostic-explorer")

    @property
    def rs(self) -> float | None:
        """The Oncotype score implied by the checkbox (5 = below 11), or None."""
        return 5.0 if self.oncotype.value and self.table.value == "pathological" else None

    def _profile(self) -> tuple:
        return (self.table.value, self.grade.value, self.er.value, self.pr.value, self.her2.value)

    def _figures(self) -> tuple[go.Figure, go.Figure]:
        """Prognostic heatmap and shift matrix for the current profile; sets the summary."""
        profile = self._profile()
        shift = views.stage_shift(*profile, oncotype_rs=self.rs)
        # The summary line as plain text: the profile, then how many cells move.
        self.summary_text = views.profile_summary(*profile, shift, oncotype_rs=self.rs)
        self.summary.value = f'<span class="bck-shift-text">{html.escape(self.summary_text)}</span>'
        return (
            figures.prognostic_heatmap(*profile, oncotype_rs=self.rs),
            figures.stage_shift_heatmap(shift, "Stage shift for this profile (M0 cells)"),
        )

    def _on_change(self, change: dict) -> None:
        with self.errors:
            self.refresh()

    def refresh(self) -> None:
        """Redraw the prognostic heatmap, the shift matrix and the summary."""
        self.oncotype.disabled = self.table.value != "pathological"
        prog_fig, shift_fig = self._figures()
        with updating(self.prognostic):
            for trace, new in zip(self.prognostic.data, prog_fig.data, strict=True):
                trace.z, trace.text, trace.hovertext = new.z, new.text, new.hovertext
            self.prognostic.layout.title.text = prog_fig.layout.title.text
        with updating(self.shift):
            self.shift.data[0].z = shift_fig.data[0].z
            self.shift.data[0].text = shift_fig.data[0].text


def prognostic_explorer(
    table: str = "clinical",
    grade: int = 2,
    er: str = "positive",
    pr: str = "positive",
    her2: str = "negative",
    oncotype_low: bool = False,
) -> PrognosticExplorer:
    """Build the prognostic-staging explorer used in lesson 02.

    Examples
    --------
    >>> ex = prognostic_explorer("clinical", 1, "positive", "positive", "positive")
    >>> ex.prognostic.data[0].text[6][1]
    'IIIA ↓'
    >>> ex.grade.value = 3
    >>> ex.prognostic.data[0].text[6][1]
    'IIIB'
    """
    return PrognosticExplorer(table, grade, er, pr, her2, oncotype_low)


def stage_shift_overview(table: str = "clinical") -> W.VBox:
    """Stage-shift matrix summed over all 24 biomarker profiles, with a table toggle.

    Examples
    --------
    >>> box = stage_shift_overview()
    >>> box.children[0].value
    'clinical'
    """
    toggle = W.ToggleButtons(options=["clinical", "pathological"], value=table, description="Table")
    summary = W.HTML()

    def figure_for(name: str) -> go.Figure:
        shift = views.stage_shift_all_profiles(name)
        summary.value = f"All 24 profiles, {name} table: {views.shift_summary(shift)}"
        return figures.stage_shift_heatmap(
            shift, f"Anatomic to {name} prognostic stage, all 24 grade/ER/PR/HER2 profiles"
        )

    fig = go.FigureWidget(figure_for(table))

    def redraw(change: dict) -> None:
        new = figure_for(change["new"])
        with updating(fig):
            fig.data[0].z, fig.data[0].text = new.data[0].z, new.data[0].text
            fig.layout.title.text = new.layout.title.text

    toggle.observe(redraw, names="value")
    return W.VBox([toggle, summary, fig])


# ---------------------------------------------------------------- receptors and subtypes (03, 04)

_SLIDER = {"continuous_update": False, "layout": _WIDE, "style": _DESC}


class ReceptorExplorer(W.VBox):
    """Sliders and toggles for ER %, PR %, HER2 IHC and ISH; status, subtype, treatments.

    Use :func:`receptor_explorer` to build one. Attributes: ``er``, ``pr`` (sliders),
    ``ihc`` (toggle), ``ish`` (checkbox), ``ratio``, ``copies`` (sliders), ``brca``,
    ``pdl1`` (checkboxes), ``result`` (HTML), ``figure`` (``go.FigureWidget``) and
    ``view`` (the current :class:`views.ReceptorView`).
    """

    def __init__(
        self,
        er_percent: float = 80.0,
        pr_percent: float = 60.0,
        her2_ihc: str = "1+",
        her2_ish_ratio: float | None = None,
        her2_copy_number: float | None = None,
        germline_brca: bool = False,
        pdl1_positive: bool = False,
    ) -> None:
        self.view = views.receptor_view(
            er_percent, pr_percent, her2_ihc, her2_ish_ratio, her2_copy_number,
            germline_brca, pdl1_positive,
        )  # fmt: skip
        ish_given = her2_ish_ratio is not None and her2_copy_number is not None
        self.er = W.FloatSlider(
            value=_clamp(er_percent, 0, 100), min=0, max=100, step=0.1, description="ER (%)",
            readout_format=".1f", **_SLIDER,
        )  # fmt: skip
        self.pr = W.FloatSlider(
            value=_clamp(pr_percent, 0, 100), min=0, max=100, step=0.1, description="PR (%)",
            readout_format=".1f", **_SLIDER,
        )  # fmt: skip
        ihc_options = [s.value for s in receptors.HER2IHC]
        self.ihc = W.ToggleButtons(
            options=ihc_options,
            value=her2_ihc if her2_ihc in ihc_options else "0",
            description="HER2 IHC",
            style={"description_width": "90px", "button_width": "70px"},
        )
        self.ish = W.Checkbox(value=ish_given, description="dual-probe ISH done", indent=False)
        self.ratio = W.FloatSlider(
            value=_clamp(her2_ish_ratio if ish_given else 1.5, 0.5, 8), min=0.5, max=8,
            step=0.01, description="HER2/CEP17", readout_format=".2f", **_SLIDER,
        )  # fmt: skip
        self.copies = W.FloatSlider(
            value=_clamp(her2_copy_number if ish_given else 3.0, 0.5, 20), min=0.5, max=20,
            step=0.01, description="HER2 copies", readout_format=".2f", **_SLIDER,
        )  # fmt: skip
        self.brca = W.Checkbox(value=germline_brca, description="germline BRCA1/2", indent=False)
        self.pdl1 = W.Checkbox(value=pdl1_positive, description="PD-L1 positive", indent=False)
        self.result = W.HTML(self.view.to_html(), layout=W.Layout(width="560px"))
        self.errors = W.Output()
        # Built with its highlight: updates sent before display may never reach Voila.
        self.figure = go.FigureWidget(figures.subtype_prevalence_bar(self.view.subtype))
        self._set_ish_enabled()
        for control in (self.er, self.pr, self.ihc, self.ish, self.ratio, self.copies,
                        self.brca, self.pdl1):  # fmt: skip
            control.observe(self._on_change, names="value")
        controls = W.VBox(
            [self.er, self.pr, self.ihc, self.ish, self.ratio, self.copies, self.brca, self.pdl1]
        )
        super().__init__([W.HBox([controls, self.result]), self.figure, self.errors])
        self.add_class("bck-receptor-explorer")

    def _set_ish_enabled(self) -> None:
        self.ratio.disabled = self.copies.disabled = not self.ish.value

    def _on_change(self, change: dict) -> None:
        with self.errors:
            self.refresh()

    def refresh(self) -> views.ReceptorView:
        """Recompute from the controls and redraw the result and the chart highlight."""
        self._set_ish_enabled()
        ratio = self.ratio.value if self.ish.value else None
        copies = self.copies.value if self.ish.value else None
        view = views.receptor_view(
            self.er.value, self.pr.value, self.ihc.value, ratio, copies,
            self.brca.value, self.pdl1.value,
        )  # fmt: skip
        self.view = view
        self.result.value = view.to_html()
        fresh = figures.subtype_prevalence_bar(view.subtype)
        with updating(self.figure):
            self.figure.data[0].marker.color = fresh.data[0].marker.color
        return view


def _clamp(value: object, low: float, high: float) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return low
    return min(max(number, low), high) if number == number else low


def receptor_explorer(
    er_percent: float = 80.0,
    pr_percent: float = 60.0,
    her2_ihc: str = "1+",
    her2_ish_ratio: float | None = None,
    her2_copy_number: float | None = None,
    germline_brca: bool = False,
    pdl1_positive: bool = False,
) -> ReceptorExplorer:
    """Build the receptor explorer used in lesson 03.

    Examples
    --------
    >>> ex = receptor_explorer(80, 60, "1+")
    >>> ex.view.subtype_label, ex.view.her2_label
    ('HR+/HER2-', 'HER2-negative (HER2-low)')
    >>> ex.ihc.value = "2+"
    >>> ex.view.her2_label
    'HER2 equivocal: ISH needed'
    >>> ex.ratio.value, ex.copies.value = 1.5, 6.5
    >>> ex.ish.value = True
    >>> ex.view.subtype_label
    'HR+/HER2+'
    """
    return ReceptorExplorer(
        er_percent, pr_percent, her2_ihc, her2_ish_ratio, her2_copy_number,
        germline_brca, pdl1_positive,
    )  # fmt: skip


def brca_prompt_explorer(
    subtype: str = "triple-negative", age: int = 45, sex: str = "female"
) -> W.VBox:
    """Subtype, age and sex -> the BRCA1/2 testing prompts (the guide's rule and broader ones).

    Examples
    --------
    >>> box = brca_prompt_explorer("triple-negative", 62)
    >>> "under 60" in box.children[-2].value
    False
    >>> box.children[1].value = 55
    >>> "under 60" in box.children[-2].value
    True
    """
    options = [("not given", "")] + [(s.value, s.value) for s in receptors.Subtype]
    pick = W.Dropdown(
        options=options, value=subtype or "", description="Subtype", layout=_WIDE, style=_DESC
    )
    age_slider = W.IntSlider(value=age, min=18, max=95, description="Age", **_SLIDER)
    sex_toggle = W.ToggleButtons(options=["female", "male"], value=sex, description="Sex")
    setting = W.Checkbox(value=False, description="recurrent or metastatic", indent=False)
    out = W.HTML()
    errors = W.Output()

    def draw(_: object = None) -> None:
        with errors:
            text = views.genetic_testing_view(
                pick.value or None, age_slider.value, sex_toggle.value, setting.value
            )
            out.value = (
                '<pre class="bck-genetic-prompts" style="white-space:pre-wrap">'
                f"{html.escape(text)}</pre>"
            )

    for control in (pick, age_slider, sex_toggle, setting):
        control.observe(draw, names="value")
    draw()
    box = W.VBox([pick, age_slider, sex_toggle, setting, out, errors])
    box.add_class("bck-brca-explorer")
    return box
