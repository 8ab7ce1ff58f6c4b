"""ipywidgets builder for lesson 09: subtype, line and biomarkers -> treatment classes."""

from __future__ import annotations

import ipywidgets as W

from ... import receptors
from .. import arguments
from ..accessibility import page_helper
from ..controls import DESC, SLIDER, WIDE, clamp, errors_output, snapped
from . import views

__all__ = ["TreatmentExplorer", "treatment_explorer"]

# Dropdown labels -> the values treatment_options() takes (a vocabulary, not a rule).
_GENES = {
    "none found / not tested": False,
    **{g.value: g.value for g in receptors.therapy.PathwayGene},
}
_BANDS = {"not given": None, **{b: b for b in ("HER2-0", "HER2-ultralow", "HER2-low")}}
_HER2_NEGATIVE = {receptors.Subtype.HR_POS_HER2_NEG.value, receptors.Subtype.TRIPLE_NEGATIVE.value}


class TreatmentExplorer(W.VBox):
    """Controls for subtype, line and each biomarker; the classes and the tests beside them.

    Use :func:`treatment_explorer` to build one. Attributes: ``subtype``, ``line``,
    ``esr1``, ``genes``, ``gbrca``, ``cps_tested``, ``cps``, ``her2_low``, ``brain_mets``,
    ``excluded`` (controls), ``result`` (HTML) and ``view`` (the current
    :class:`views.TreatmentView`).
    """

    def __init__(
        self,
        subtype: str = "HR+/HER2-",
        line: str = "first line",
        esr1: bool = False,
        pik3ca_akt1_pten: object = False,
        gbrca: bool = False,
        pdl1_cps: float | None = None,
        her2_low: str | None = None,
        brain_mets: bool = False,
    ) -> None:
        # A line or a CPS out of range starts the controls in range; a subtype or a box
        # that is not one of the choices has no state to start from.
        subtype = arguments.subtype(subtype)
        esr1, gbrca, brain_mets = (
            arguments.flag(name)(value)
            for name, value in (("esr1", esr1), ("gbrca", gbrca), ("brain_mets", brain_mets))
        )
        lines = [receptors.TreatmentLine.FIRST.value, receptors.TreatmentLine.LATER.value]
        self.subtype = W.Dropdown(
            options=[s.value for s in receptors.Subtype], value=subtype, description="Subtype",
            layout=WIDE, style=DESC,
        )  # fmt: skip
        self.line = W.ToggleButtons(
            options=lines, value=line if line in lines else lines[0], description="Line",
            style={"description_width": "90px", "button_width": "160px"},
        )  # fmt: skip
        self.esr1 = W.Checkbox(value=esr1, description="ESR1 mutation (ctDNA)", indent=False)
        gene = pik3ca_akt1_pten if pik3ca_akt1_pten in _GENES.values() else False
        self.genes = W.Dropdown(
            options=list(_GENES.items()), value=gene, description="PI3K pathway",
            layout=WIDE, style=DESC,
        )  # fmt: skip
        self.gbrca = W.Checkbox(value=gbrca, description="germline BRCA1/2 variant", indent=False)
        self.cps_tested = W.Checkbox(
            value=pdl1_cps is not None, description="PD-L1 tested", indent=False
        )
        self.cps = W.FloatSlider(
            value=clamp(pdl1_cps if pdl1_cps is not None else 0.0, 0, 100), min=0, max=100,
            step=0.5, description="PD-L1 CPS", readout_format=".1f", **SLIDER,
        )  # fmt: skip
        self.her2_low = W.Dropdown(
            options=list(_BANDS.items()), value=her2_low if her2_low in _BANDS.values() else None,
            description="HER2 IHC", layout=WIDE, style=DESC,
        )  # fmt: skip
        self.brain_mets = W.Checkbox(value=brain_mets, description="brain metastases", indent=False)
        self.excluded = W.Checkbox(
            value=False, description="a PD-1/PD-L1 antibody is not an option", indent=False
        )
        self.result = W.HTML(layout=W.Layout(width="720px"))
        self.errors = errors_output()
        controls = [
            self.subtype, self.line, self.esr1, self.genes, self.gbrca, self.cps_tested,
            self.cps, self.excluded, self.her2_low, self.brain_mets,
        ]  # fmt: skip
        super().__init__([W.HBox([W.VBox(controls), self.result]), self.errors, page_helper()])
        self.add_class("bck-treatment-explorer")
        self.view = self.refresh()
        for control in controls:
            control.observe(self._on_change, names="value")

    def _on_change(self, change: dict) -> None:
        with self.errors:
            self.refresh()

    def _set_enabled(self) -> None:
        her2_negative = self.subtype.value in _HER2_NEGATIVE
        hr_positive_her2_negative = self.subtype.value == receptors.Subtype.HR_POS_HER2_NEG
        self.her2_low.disabled = not her2_negative
        self.esr1.disabled = self.genes.disabled = not hr_positive_her2_negative
        self.gbrca.disabled = not her2_negative
        self.cps_tested.disabled = self.excluded.disabled = (
            self.subtype.value != receptors.Subtype.TRIPLE_NEGATIVE
        )
        self.cps.disabled = self.cps_tested.disabled or not self.cps_tested.value

    def refresh(self) -> views.TreatmentView:
        """Recompute from the controls (a disabled control counts as not given) and redraw."""
        self._set_enabled()

        def on(control: W.ValueWidget, value: object, off: object) -> object:
            return off if control.disabled else value

        view = views.treatment_view(
            self.subtype.value,
            self.line.value,
            esr1=on(self.esr1, self.esr1.value, False),
            pik3ca_akt1_pten=on(self.genes, self.genes.value, False),
            gbrca=on(self.gbrca, self.gbrca.value, False),
            pdl1_cps=on(self.cps, snapped(self.cps), None),
            her2_low=on(self.her2_low, self.her2_low.value, None),
            brain_mets=self.brain_mets.value,
            immunotherapy_excluded=on(self.excluded, self.excluded.value, False),
        )
        self.view = view
        self.result.value = view.to_html()
        return view


def treatment_explorer(
    subtype: str = "HR+/HER2-",
    line: str = "first line",
    esr1: bool = False,
    pik3ca_akt1_pten: object = False,
    gbrca: bool = False,
    pdl1_cps: float | None = None,
    her2_low: str | None = None,
    brain_mets: bool = False,
) -> TreatmentExplorer:
    """Build the treatment-by-line explorer used in lesson 09.

    Examples
    --------
    >>> ex = treatment_explorer("HR+/HER2-", "first line")
    >>> [c[0] for c in ex.view.classes][:2]
    ['endocrine therapy', 'endocrine therapy with a CDK4/6 inhibitor']
    >>> ex.line.value = "second or later line"
    >>> ex.esr1.value = True
    >>> "oral oestrogen receptor degrader (elacestrant)" in [c[0] for c in ex.view.classes]
    True
    >>> ex.subtype.value = "HR-/HER2+"   # ESR1 no longer counts: the box is disabled
    >>> ex.esr1.disabled, [c[2].split(" (")[0] for c in ex.view.classes]
    (True, ['DESTINY-Breast03'])
    """
    return TreatmentExplorer(
        subtype, line, esr1, pik3ca_akt1_pten, gbrca, pdl1_cps, her2_low, brain_mets
    )
