"""ipywidgets builders for lesson 04: germline testing prompts by subtype, age, sex, history."""

from __future__ import annotations

import html

import ipywidgets as W

from ... import receptors
from .. import arguments
from ..accessibility import page_helper
from ..controls import DESC, SLIDER, WIDE, errors_output
from ..page_style import RESULT_CLASS
from . import views

__all__ = ["brca_prompt_explorer"]


def brca_prompt_explorer(
    subtype: str = "triple-negative", age: int = 45, sex: str = "female"
) -> W.VBox:
    """Subtype, age, sex and history -> the germline testing prompts (guide and current).

    The fifth child holds the checkboxes for the ASCO-SSO 2024 and NCCN triggers beyond age
    (de novo stage IV, PARP-inhibitor candidacy, family history, Ashkenazi ancestry, a second
    primary).

    Examples
    --------
    >>> box = brca_prompt_explorer("triple-negative", 62)
    >>> "under 60" in box.children[5].value
    False
    >>> box.children[1].value = 55
    >>> "under 60" in box.children[5].value
    True
    >>> box.children[0].value, box.children[1].value = "HR+/HER2-", 70
    >>> box.children[4].children[2].value = True  # family history
    >>> "personal or family history" in box.children[5].value
    True
    """
    if subtype not in (None, ""):
        subtype = arguments.subtype(subtype)
    age = arguments.read("age", arguments.age, age)
    sex = arguments.read("sex", arguments.sex, sex)
    options = [("not given", "")] + [(s.value, s.value) for s in receptors.Subtype]
    pick = W.Dropdown(
        options=options, value=subtype or "", description="Subtype", layout=WIDE, style=DESC
    )
    age_slider = W.IntSlider(value=age, min=18, max=95, description="Age", **SLIDER)
    sex_toggle = W.ToggleButtons(options=["female", "male"], value=sex, description="Sex")
    setting = W.Checkbox(value=False, description="recurrent or metastatic", indent=False)
    # Keyword -> label of each further trigger (genetic_testing_prompts' arguments).
    labels = {
        "de_novo_metastatic": "metastatic at diagnosis (de novo stage IV)",
        "parp_candidate": "candidate for a PARP inhibitor",
        "family_history": "personal or family history suggests a variant",
        "ashkenazi_ancestry": "Ashkenazi Jewish ancestry",
        "second_primary": "second primary breast cancer",
    }
    checks = {k: W.Checkbox(value=False, description=v, indent=False) for k, v in labels.items()}
    more = W.VBox(list(checks.values()))
    out = W.HTML()
    errors = errors_output()

    def draw(_: object = None) -> None:
        with errors:
            text = views.genetic_testing_view(
                pick.value or None, age_slider.value, sex_toggle.value, setting.value,
                **{k: c.value for k, c in checks.items()},
            )  # fmt: skip
            out.value = (
                f'<pre class="{RESULT_CLASS} bck-genetic-prompts" style="white-space:pre-wrap">'
                f"{html.escape(text)}</pre>"
            )

    for control in (pick, age_slider, sex_toggle, setting, *checks.values()):
        control.observe(draw, names="value")
    draw()
    box = W.VBox([pick, age_slider, sex_toggle, setting, more, out, errors, page_helper()])
    box.add_class("bck-brca-explorer")
    return box
