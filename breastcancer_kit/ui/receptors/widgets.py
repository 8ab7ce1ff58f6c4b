"""ipywidgets builders for lesson 03: the receptor explorer."""

from __future__ import annotations

import ipywidgets as W

from ... import receptors
from ...limits import MAX_ISH_VALUE
from .. import arguments
from ..controls import SLIDER, clamp, errors_output, snapped
from ..plotly_compat import FigureSlot, FigureWidget, updating
from . import figures, views

__all__ = ["ReceptorExplorer", "receptor_explorer"]


def _chosen(view: views.ReceptorView) -> str:
    """The subtype to colour; "" (no bar) while there is none, e.g. HER2 equivocal."""
    return str(view.subtype) if view.subtype else ""


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
        # A result the engine refuses is shown in the result area (the sliders start in
        # range); a box that is not True or False has no state to start from.
        germline_brca = arguments.flag("germline_brca")(germline_brca)
        pdl1_positive = arguments.flag("pdl1_positive")(pdl1_positive)
        self.view = views.receptor_view(
            er_percent, pr_percent, her2_ihc, her2_ish_ratio, her2_copy_number,
            germline_brca, pdl1_positive,
        )  # fmt: skip
        ish_given = her2_ish_ratio is not None and her2_copy_number is not None
        self.er = W.FloatSlider(
            value=clamp(er_percent, 0, 100), min=0, max=100, step=0.1, description="ER (%)",
            readout_format=".1f", **SLIDER,
        )  # fmt: skip
        self.pr = W.FloatSlider(
            value=clamp(pr_percent, 0, 100), min=0, max=100, step=0.1, description="PR (%)",
            readout_format=".1f", **SLIDER,
        )  # fmt: skip
        ihc_options = [s.value for s in receptors.HER2IHC]
        self.ihc = W.ToggleButtons(
            options=ihc_options,
            value=her2_ihc if her2_ihc in ihc_options else "0",
            description="HER2 IHC",
            style={"description_width": "90px", "button_width": "70px"},
        )
        self.ish = W.Checkbox(value=ish_given, description="dual-probe ISH done", indent=False)
        # The usual ranges, widened to hold any ISH result the engine accepts.
        ratio = clamp(her2_ish_ratio if ish_given else 1.5, 0.0, MAX_ISH_VALUE)
        copies = clamp(her2_copy_number if ish_given else 3.0, 0.0, MAX_ISH_VALUE)
        self.ratio = W.FloatSlider(
            value=ratio, min=min(0.5, ratio), max=max(8.0, ratio),
            step=0.01, description="HER2/CEP17", readout_format=".2f", **SLIDER,
        )  # fmt: skip
        self.copies = W.FloatSlider(
            value=copies, min=min(0.5, copies), max=max(20.0, copies),
            step=0.01, description="HER2 copies", readout_format=".2f", **SLIDER,
        )  # fmt: skip
        self.brca = W.Checkbox(value=germline_brca, description="germline BRCA1/2", indent=False)
        self.pdl1 = W.Checkbox(value=pdl1_positive, description="PD-L1 positive", indent=False)
        self.result = W.HTML(self.view.to_html(), layout=W.Layout(width="560px"))
        self.errors = errors_output()
        # Built with its highlight: updates sent before display may never reach Voila.
        self.figure = FigureWidget(figures.subtype_prevalence_bar(_chosen(self.view)))
        self._set_ish_enabled()
        for control in (self.er, self.pr, self.ihc, self.ish, self.ratio, self.copies,
                        self.brca, self.pdl1):  # fmt: skip
            control.observe(self._on_change, names="value")
        controls = W.VBox(
            [self.er, self.pr, self.ihc, self.ish, self.ratio, self.copies, self.brca, self.pdl1]
        )
        self.slot = FigureSlot(self.figure)
        super().__init__([W.HBox([controls, self.result]), self.slot, self.errors])
        self.add_class("bck-receptor-explorer")

    def _set_ish_enabled(self) -> None:
        self.ratio.disabled = self.copies.disabled = not self.ish.value

    def _on_change(self, change: dict) -> None:
        with self.errors:
            self.refresh()

    def refresh(self) -> views.ReceptorView:
        """Recompute from the controls and redraw the result and the chart highlight."""
        self._set_ish_enabled()
        ratio = snapped(self.ratio) if self.ish.value else None
        copies = snapped(self.copies) if self.ish.value else None
        view = views.receptor_view(
            snapped(self.er), snapped(self.pr), self.ihc.value, ratio, copies,
            self.brca.value, self.pdl1.value,
        )  # fmt: skip
        self.view = view
        self.result.value = view.to_html()
        fresh = figures.subtype_prevalence_bar(_chosen(view))
        with updating(self.figure, self.slot):
            self.figure.data[0].marker.color = fresh.data[0].marker.color
        return view


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
