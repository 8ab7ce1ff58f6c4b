"""ipywidgets builders for lesson 04: BRCA testing prompts by subtype, age and sex."""

from __future__ import annotations

import html

import ipywidgets as W

from ... import receptors
from ..controls import DESC, SLIDER, WIDE, errors_output
from . import views

__all__ = ["brca_prompt_explorer"]


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
        options=options, value=subtype or "", description="Subtype", layout=WIDE, style=DESC
    )
    age_slider = W.IntSlider(value=age, min=18, max=95, description="Age", **SLIDER)
    sex_toggle = W.ToggleButtons(options=["female", "male"], value=sex, description="Sex")
    setting = W.Checkbox(value=False, description="recurrent or metastatic", indent=False)
    out = W.HTML()
    errors = errors_output()

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
