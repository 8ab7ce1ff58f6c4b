"""Receptor views, figures and widgets (lessons 03 and 04), without a kernel or a browser."""

from __future__ import annotations

import json
import math

import plotly.graph_objects as go
import pytest

import breastcancer_kit as bck
from breastcancer_kit import receptors
from breastcancer_kit.ui import guide, palette, special_groups
from breastcancer_kit.ui import receptors as receptors_ui

# ---------------------------------------------------------------- views


@pytest.mark.parametrize(
    ("args", "kwargs", "her2", "subtype"),
    [
        ((80, 60, "1+"), {}, "HER2-negative (HER2-low)", "HR+/HER2-"),
        ((0, 0, "3+"), {}, "HER2-positive", "HR-/HER2+"),
        ((0, 0, "0"), {}, "HER2-negative (HER2-0)", "triple-negative"),
        ((50, 0, ">0<1+"), {}, "HER2-negative (HER2-ultralow)", "HR+/HER2-"),
        ((50, 0, "2+"), {}, "HER2 equivocal: ISH needed", "no subtype while HER2 is equivocal"),
        ((50, 0, "2+", 1.8, 6.5), {}, "HER2-positive", "HR+/HER2+"),
        ((50, 0, "2+", 1.8, 5.0), {}, "HER2-negative (HER2-low)", "HR+/HER2-"),
    ],
)
def test_receptor_view(args, kwargs, her2, subtype):
    v = receptors_ui.receptor_view(*args, **kwargs)
    assert v.ok and v.her2_label == her2 and v.subtype_label.startswith(subtype)
    assert v.explanation == receptors.receptor_status(*args).explain()
    assert 'class="bck-result bck-receptor-result"' in v.to_html()
    assert v.summary_text.startswith(v.inputs)


def test_equivocal_view_has_no_subtype_response_or_treatments():
    v = receptors_ui.receptor_view(90, 90, "2+")
    assert v.subtype is None and v.response == "" and v.treatments == ()
    assert "none until HER2 is settled" in v.to_html()


@pytest.mark.parametrize(
    "args", [(-5, 0, "1+"), (50, 0, "4+"), ("ten", 0, "1+"), (50, 0, "2+", 2.2, None)]
)
def test_invalid_input_is_a_message_not_an_exception(args):
    v = receptors_ui.receptor_view(*args)
    assert not v.ok and v.subtype is None
    assert 'class="bck-result bck-error"' in v.to_html()
    assert "got" in v.explanation
    assert v.summary_text.startswith("Invalid input")


def test_view_html_is_escaped():
    v = receptors_ui.receptor_view(50, 0, "<b>x</b>")
    assert "<b>x</b>" not in v.to_html()


def test_modifiers_add_treatments():
    base = receptors_ui.receptor_view(0, 0, "0").treatments
    more = receptors_ui.receptor_view(0, 0, "0", germline_brca=True, pdl1_positive=True).treatments
    # PD-L1 adds KEYNOTE-355 and ASCENT-04 (both at CPS >= 10), BRCA adds the PARP inhibitors.
    assert len(more) == len(base) + 3
    assert any("KEYNOTE-355" in t and "CPS >= 10" in t for t in more)
    assert any("ASCENT-04" in t for t in more) and any("OlympiAD" in t for t in more)
    # The newer inputs pass through to the treatment table.
    low_cps = receptors_ui.receptor_view(0, 0, "0", pdl1_cps=5, line="first").treatments
    assert not any("KEYNOTE-355" in t for t in low_cps)
    assert all("first line" in t or "any line" in t for t in low_cps)


def test_er_low_and_er_negative_pr_positive_views_carry_the_caveat():
    for args in ((5, 0, "0"), (0, 40, "1+")):
        v = receptors_ui.receptor_view(*args)
        assert "may not hold" in v.response, args
    assert "may not hold" not in receptors_ui.receptor_view(80, 0, "0").response
    assert any("caution" in t for t in receptors_ui.receptor_view(5, 0, "0").treatments)


def test_treatment_view_and_rule_grid():
    df = receptors_ui.treatment_view("triple-negative", pdl1_positive=True)
    assert list(df.columns) == [
        "treatment_class", "when", "line", "what_it_means", "evidence", "status"]  # fmt: skip
    assert (df.evidence != "").all() and df.status.str.startswith("FDA ").all()
    assert "CPS >= 10" in " ".join(df.when)
    outcomes = receptors_ui.views.trial_outcomes_view("KEYNOTE-355", "DESTINY-Breast09")
    assert set(outcomes.trial) == {"KEYNOTE-355", "DESTINY-Breast09"}
    assert outcomes.set_index("trial").loc["DESTINY-Breast09", "hr_pfs"] == "0.56 (0.44-0.71)"
    with pytest.raises(bck.DatasetError, match="NOT-A-TRIAL"):
        receptors_ui.views.trial_outcomes_view("NOT-A-TRIAL")
    grid = receptors_ui.her2_rule_grid()
    assert grid.shape == (5, 6)
    assert (grid["group 1"] == "HER2-positive").all()
    assert (grid.loc["3+"] == "HER2-positive").all()


def test_genetic_testing_view():
    text = special_groups.genetic_testing_view("triple-negative", 45)
    assert text.startswith("Triple-negative, age 45, female:")
    assert "under 60" in text and "broader than the guide" in text
    assert "No testing prompt" in special_groups.genetic_testing_view("HR+/HER2-", 75)
    more = special_groups.genetic_testing_view("HR+/HER2-", 75, ashkenazi_ancestry=True)
    assert more.startswith("HR+/HER2-, age 75, female, ashkenazi ancestry:")
    assert "Ashkenazi" in more and "No testing prompt" not in more
    assert "Invalid input" in special_groups.genetic_testing_view("luminal", 45)
    assert "Invalid input" in special_groups.genetic_testing_view("triple-negative", 45, "x")


def test_ibc_staging_view_corrects_the_guide():
    df = special_groups.ibc_staging_view().set_index("tnm")
    assert df.loc["cT4d cN0 cM0", "stage"] == "IIIB"
    assert df.loc["cT4d cN1 cM0", "stage"] == "IIIB"
    assert df.loc["cT4d cN3c cM0", "stage"] == "IIIC"
    assert df.loc["cT4d cN1 cM1", "stage"] == "IV"
    assert not df.loc["cT4d cN1 cM0", "agrees"]
    # every T4d case is at least IIIB (the part of the guide's rule that holds)
    assert set(df.stage) <= {"IIIB", "IIIC", "IV"}


def test_guide_figures_text_shows_ranges_as_ranges():
    text = special_groups.guide_figures_text()
    assert "triple-negative: 10-20 %" in text and "inflammatory breast cancer: 1-5 %" in text
    assert "IBC in men: over 67 years" in text and "65-70 years" in text
    assert "triple-negative: 10.5 % of cases" in text
    # Registry figures beside the guide's: SEER HER2-positive, NCDB IBC ages (issue 12).
    assert "HER2-positive (HR+/HER2+ and HR-/HER2+): 13.6 % of cases" in text
    assert "beside the guide's about 25 %" in text
    assert "IBC, Black women: 54 years" in text and "IBC, White women: 57 years" in text
    assert "IBC, African American women: 52 years (mean) (the guide; no source given" in text


def test_guide_figures_table_reads_the_statistics_tables():
    df = guide.guide_figures_table().set_index("label")
    assert (float(df.loc["inflammatory breast cancer", "low"]),
            float(df.loc["inflammatory breast cancer", "high"])) == (1.0, 5.0)  # fmt: skip
    assert float(df.loc["IBC, African American women", "value"]) == 52.0
    ranges = df[df.low.notna() & df.high.notna()]
    assert (ranges.low < ranges.high).all() and ranges.value.isna().all()


# ---------------------------------------------------------------- figures


def _no_nan(obj) -> bool:
    if isinstance(obj, float):
        return not math.isnan(obj)
    if isinstance(obj, dict):
        return all(_no_nan(v) for v in obj.values())
    if isinstance(obj, list | tuple):
        return all(_no_nan(v) for v in obj)
    return True


ALL_FIGURES = [
    receptors_ui.subtype_prevalence_bar,
    lambda: receptors_ui.subtype_prevalence_bar("HR-/HER2+"),
    special_groups.prevalence_ranges_figure,
    special_groups.age_comparison_figure,
]


@pytest.mark.parametrize("make", ALL_FIGURES)
def test_figures_have_no_nan_and_load_in_a_figurewidget(make):
    fig = make()
    data = fig.to_plotly_json()["data"]
    assert _no_nan(data)
    json.dumps(data, allow_nan=False, default=list)
    assert go.FigureWidget(fig).data


def test_ranges_are_drawn_as_bars_not_points():
    fig = special_groups.prevalence_ranges_figure()
    bars = [t for t in fig.data if t.type == "bar"]
    assert bars and list(bars[0].y) == ["triple-negative", "inflammatory breast cancer"]
    assert [b + w for b, w in zip(bars[0].base, bars[0].x, strict=True)] == [20.0, 5.0]
    ages = special_groups.age_comparison_figure()
    age_bars = [t for t in ages.data if t.type == "bar"]
    assert list(age_bars[0].base) == [65.0] and list(age_bars[0].x) == [5.0]
    assert list(age_bars[1].base) == [67.0]  # open-ended "after 67"
    # The registry's IBC ages sit beside the guide's unsourced ones, on the same rows.
    registry = ages.data[-1]
    assert dict(zip(registry.y, registry.x, strict=True)) == {
        "IBC, African American women": 54.0, "IBC, Caucasian women": 57.0}  # fmt: skip
    # SEER's HER2-positive share beside the guide's "about 25".
    seer = [t for t in fig.data if t.type == "scatter" and "HER2-positive" in t.name]
    assert len(seer) == 1 and list(seer[0].y) == ["HER2 over-expression"]
    assert round(seer[0].x[0], 1) == 13.6


def test_subtype_chart_highlights_one_bar():
    fig = receptors_ui.subtype_prevalence_bar("triple-negative")
    colours = dict(zip(fig.data[0].y, fig.data[0].marker.color, strict=True))
    assert colours["triple-negative"] == palette.SUBTYPE_COLOURS["triple-negative"]
    assert colours["HR+/HER2-"] == palette.DIM
    assert list(fig.data[0].y) == ["HR+/HER2-", "triple-negative", "HR+/HER2+", "HR-/HER2+",
                                   "unknown"]  # fmt: skip
    all_on = receptors_ui.subtype_prevalence_bar(None).data[0].marker.color
    assert palette.DIM not in all_on


# ---------------------------------------------------------------- builders


def test_receptor_explorer_follows_its_controls():
    ex = receptors_ui.receptor_explorer(80, 60, "1+")
    assert "bck-receptor-explorer" in ex._dom_classes
    assert ex.ratio.disabled and ex.copies.disabled
    assert ex.er.continuous_update is False
    ex.er.value, ex.pr.value = 0.0, 0.0
    assert ex.view.subtype == "triple-negative"
    colours = dict(zip(ex.figure.data[0].y, ex.figure.data[0].marker.color, strict=True))
    assert colours["triple-negative"] != palette.DIM and colours["HR+/HER2-"] == palette.DIM
    ex.ihc.value = "2+"
    assert ex.view.subtype is None and "ISH needed" in ex.result.value
    # No subtype while HER2 is equivocal: no bar is coloured (colouring all of them read as
    # "every subtype applies", issue 10).
    assert set(ex.figure.data[0].marker.color) == {palette.DIM}
    ex.ratio.value, ex.copies.value = 2.5, 5.0
    ex.ish.value = True
    assert not ex.ratio.disabled
    assert ex.view.subtype == "HR-/HER2+"
    ex.pdl1.value = True  # PD-L1 is a TNBC modifier: nothing added for HER2-positive
    assert not any("KEYNOTE" in t for t in ex.view.treatments)


def test_receptor_explorer_with_bad_start_shows_a_message():
    ex = receptors_ui.receptor_explorer(150, 0, "4+")
    assert "bck-error" in ex.result.value
    assert ex.er.value == 100 and ex.ihc.value == "0"


def test_receptor_explorer_starts_with_ish():
    ex = receptors_ui.receptor_explorer(0, 0, "2+", 1.8, 6.5)
    assert ex.ish.value and ex.view.subtype == "HR-/HER2+"


def test_brca_prompt_explorer():
    box = special_groups.brca_prompt_explorer("triple-negative", 45, "female")
    assert "bck-brca-explorer" in box._dom_classes
    pick, age, sex, setting, more, out, _errors, _helper = box.children
    de_novo, parp, history, ashkenazi, second = more.children
    assert "bck-genetic-prompts" in out.value and "under 60" in out.value
    age.value = 70
    assert "under 60" not in out.value and "Over 65 with triple-negative" in out.value
    pick.value = "HR+/HER2-"
    assert "No testing prompt" in out.value
    setting.value = True
    assert "PARP" in out.value
    sex.value = "male"
    assert "man at any age" in out.value
    sex.value, setting.value, pick.value = "female", False, "HR-/HER2+"
    de_novo.value = True  # HER2-positive: no PARP prompt
    assert "No testing prompt" in out.value
    pick.value = "HR+/HER2-"
    assert "metastatic at diagnosis (de novo stage IV)" in out.value
    second.value = True
    assert "second primary" in out.value.lower()
    de_novo.value = second.value = False
    pick.value, age.value = "HR+/HER2-", 70
    assert "No testing prompt" in out.value
    parp.value = True
    assert "candidate for a PARP inhibitor" in out.value
    parp.value, history.value = False, True
    assert "PALB2" in out.value
    history.value, ashkenazi.value = False, True
    assert "Ashkenazi" in out.value
