"""Lesson 08 (metastatic disease) and lesson 04's care notes: views against the cited sources.

Expected values are typed in from the sources themselves (the abstracts named beside each
constant), never read back from the kit's tables.
"""

from __future__ import annotations

import pytest

from breastcancer_kit import data
from breastcancer_kit.errors import ParameterError
from breastcancer_kit.ui import lesson_parameters, palette, special_groups
from breastcancer_kit.ui import metastatic as lesson

SUBTYPES = ("HR+/HER2-", "HR+/HER2+", "HR-/HER2+", "triple-negative")

# Kaplan et al., Breast Care 2016;11:248 (abstract, PMC5040895): sites of metastasis among
# patients who relapsed, % by surrogate subtype (bone, liver, lung, brain).
KAPLAN = {
    "luminal A": (66.2, 24.5, 30.2, 10.1),
    "luminal B": (53.9, 33.5, 30.6, 15.1),
    "HER2-enriched": (38.9, 40.1, 35.2, 25.3),
    "triple-negative": (45.1, 27.5, 41.4, 23.1),
}
# Sammons et al., J Natl Cancer Inst 2025;117:1565 (abstract, PMID 40163696): cumulative
# incidence of brain metastases at 60 months from first-line therapy, %.
SAMMONS = {"HR+/HER2-": 10, "HR+/HER2+": 23, "HR-/HER2+": 34, "triple-negative": 22}
# SEER Cancer Stat Facts, Female Breast Cancer Subtypes (2023 release), 5-year relative
# survival, distant stage, diagnosed 2013-2019 (shared/reference A2).
SEER_DISTANT = {"HR+/HER2-": 34.0, "HR+/HER2+": 45.6, "HR-/HER2+": 39.5, "triple-negative": 12.8}
# Schrijver et al., J Natl Cancer Inst 2018;110:568 (abstract): pooled conversion, % (95 % CI).
POS_TO_NEG = {"ER": (22.5, 16.4, 30.0), "PR": (49.4, 40.5, 58.2), "HER2": (21.3, 14.3, 30.5)}
NEG_TO_POS = {"ER": (21.5, 18.1, 25.5), "PR": (15.9, 11.3, 22.0), "HER2": (9.5, 7.4, 12.1)}
# Which surrogate groups stand for which subtype (our reading; see the table's provenance).
SURROGATES = {
    "HR+/HER2-": ["luminal A", "luminal B"],
    "HR+/HER2+": ["luminal B", "HER2-enriched"],
    "HR-/HER2+": ["HER2-enriched"],
    "triple-negative": ["triple-negative"],
}


@pytest.mark.parametrize("subtype", SUBTYPES)
def test_pattern_view_has_the_sources_figures_for_every_subtype(subtype):
    df = lesson.pattern_view(subtype)
    assert lesson.surrogate_groups(subtype) == SURROGATES[subtype]
    sites = df[df.topic == "sites after relapse"]
    for group in SURROGATES[subtype]:
        got = sites[sites.group == group].set_index("measure").value.astype(float)
        assert tuple(got[s] for s in ("bone", "liver", "lung", "brain")) == KAPLAN[group]
    brain = df[(df.topic == "brain metastases")
               & (df.measure == "brain_metastasis_cumulative_incidence_5y")]  # fmt: skip
    assert brain.value.astype(float).tolist() == [SAMMONS[subtype]]
    seer = df[(df.topic == "survival") & (df.measure == "distant")]
    assert seer.value.astype(float).tolist() == [SEER_DISTANT[subtype]]
    assert df.source.str.len().gt(5).all() and df.url.str.startswith("https://").all()


@pytest.mark.parametrize("subtype", SUBTYPES)
def test_pattern_figure_highlights_only_the_chosen_subtype(subtype):
    fig = lesson.pattern_figure(subtype)
    brain, seer = fig.data[-2], fig.data[-1]
    for trace, expected in ((brain, SAMMONS), (seer, SEER_DISTANT)):
        assert dict(zip(trace.x, trace.y, strict=True)) == {k: float(v) for k, v in
                                                             expected.items()}  # fmt: skip
        colours = dict(zip(trace.x, trace.marker.color, strict=True))
        assert colours[subtype] == palette.subtype_colour(subtype)
        assert {c for s, c in colours.items() if s != subtype} == {palette.DIM}
    assert fig.layout.title.text.startswith(subtype)
    assert "Kaplan" in fig.layout.annotations[-1].text
    assert "Sammons" in fig.layout.annotations[-1].text


def test_summary_text_for_triple_negative_names_dent_and_martin():
    text = lesson.subtype_summary_text("triple-negative")
    # Dent et al., Clin Cancer Res 2007: HR 2.6 (2.0-3.5) for distant recurrence in 5 years;
    # peak at about 3 years. Martin et al., JAMA Oncol 2017: 11.37 % of de novo metastatic
    # TNBC had brain metastases; median survival 6 months.
    assert "2.6 (95 % CI 2-3.5)" in text and "Dent" in text
    assert "11.37 %" in text and "6 months" in text
    assert "de novo" in text  # the SEER distant caveat


def test_hormone_receptor_positive_text_shows_late_recurrence():
    # Pan et al., N Engl J Med 2017;377:1836: distant recurrence years 5-20, T1N0 13 %,
    # T1N1-3 20 %, T1N4-9 34 %.
    text = lesson.subtype_summary_text("HR+/HER2-")
    for share in ("13 %", "20 %", "34 %"):
        assert "ER+, T1 N" in text and share in text
    assert "triple-negative" not in text.lower()


@pytest.mark.parametrize("bad", ["HER2+", "", None, 3, "luminal A"])
def test_unknown_subtype_is_one_readable_error(bad):
    with pytest.raises(ParameterError, match="subtype: unknown subtype"):
        lesson.pattern_view(bad)
    with pytest.raises(ParameterError, match=r"08_metastatic_disease|subtype"):
        lesson_parameters.check("08_metastatic_disease", subtype=bad)


def test_lesson_parameters_accept_each_subtype():
    for subtype in SUBTYPES:
        assert lesson_parameters.check("08_metastatic_disease", subtype=subtype).subtype == subtype


def test_de_novo_text_gives_mariottos_figures():
    # Mariotto et al., Cancer Epidemiol Biomarkers Prev 2017;26:809 (abstract): 154,794 women
    # living with MBC on 1 January 2017, three in four first diagnosed at stage I-III; de novo
    # 5-year relative survival aged 15-49: 18 % (1992-1994) and 36 % (2005-2012).
    text = lesson.de_novo_text()
    assert "154,794" in text and "75 %" in text
    assert "18 % (diagnosed 1992-1994)" in text and "36 % (diagnosed 2005-2012)" in text
    assert "only de novo" in text


def test_discordance_view_and_figure_match_schrijver():
    df = lesson.discordance_view()
    for quantity, expected in (("receptor_conversion_positive_to_negative", POS_TO_NEG),
                               ("receptor_conversion_negative_to_positive", NEG_TO_POS)):
        sub = df[df.quantity == quantity].set_index("group")
        got = {g: (float(r.value), float(r.low), float(r.high)) for g, r in sub.iterrows()}
        assert got == expected
    fig = lesson.discordance_figure()
    assert list(fig.data[0].y) == [v for v, _, _ in POS_TO_NEG.values()]
    assert list(fig.data[1].error_y.arrayminus) == [round(v - lo, 1) for v, lo, _ in
                                                    NEG_TO_POS.values()]  # fmt: skip
    # Walter et al., Breast Cancer Res Treat 2020;183:137: ER 14 %, PR 32 %, HER2 15 %.
    walter = df[(df.quantity == "receptor_discordance") & (df.source_id == "walter_2020")]
    assert dict(zip(walter.group, walter.value, strict=True)) == {"ER": 14, "PR": 32, "HER2": 15}


def test_explorer_changes_chart_and_text_with_the_subtype():
    box = lesson.metastatic_explorer()
    assert box.children[0].value == "HR+/HER2-" and "66.2 %" in box.children[2].value
    for subtype in SUBTYPES:
        box.children[0].value = subtype
        assert box.children[1].children[0].layout.title.text.startswith(subtype)
        assert f"{SAMMONS[subtype]} % with brain metastases" in box.children[2].value
        assert len(box.children[3].outputs) == 0  # no error shown


# --------------------------------------------------------------- care notes (lessons 04, 08)
def test_every_care_topic_has_sourced_sentences():
    rows = data.rows("care_notes")
    sources = {s["url"] for s in data.provenance("care_notes")["sources"]}
    assert {r["topic"] for r in rows} == set(lesson.CARE_TOPICS)
    for r in rows:
        assert r["url"] in sources and r["source"] and len(r["statement"]) > 40, r
    for topic in lesson.CARE_TOPICS:
        assert lesson.care_notes_text(topic).count("[") >= 1
    with pytest.raises(ParameterError, match="topic"):
        lesson.care_notes_text("nope")


def test_ibc_trimodality_is_in_order_and_excludes_skin_sparing_and_immediate_reconstruction():
    # Adesoye & Lucci, Ann Surg Oncol 2021;28:5461: neoadjuvant systemic therapy, then modified
    # radical mastectomy, then chest-wall and nodal radiation; reconstruction delayed. The
    # narrative review: no breast conservation, no skin- or nipple-sparing mastectomy.
    lines = special_groups.ibc_treatment_text().splitlines()
    first, second, third, fourth = lines[1:5]
    assert first.startswith("1.") and "Systemic therapy first" in first
    assert second.startswith("2.") and "modified radical mastectomy" in second
    assert "skin-sparing" in second and "not used" in second
    assert third.startswith("3.") and "radiation to the chest wall" in third
    assert fourth.startswith("4.") and "delayed" in fourth
    assert "10.1245/s10434-021-10522-z" in first


def test_men_get_tamoxifen_and_an_aromatase_inhibitor_only_with_gnrh():
    # Hassett et al., J Clin Oncol 2020;38:1849 (ASCO male breast cancer guideline).
    text = special_groups.male_endocrine_text()
    assert "tamoxifen is the standard" in text
    assert "only together with a GnRH agonist or antagonist" in text
    assert text.count("10.1200/JCO.19.03120") == 3


# ---------------------------------------------------------------- her2_rules citations
def test_her2_low_and_ultralow_rule_rows_cite_the_trials_and_fda_not_asco_cap_2023():
    rows = data.rows("her2_rules")
    labelled = [r for r in rows if r["her2_category"] in ("HER2-low", "HER2-ultralow")]
    assert len(labelled) == 13  # 5 ultralow (IHC >0<1+) + 5 at IHC 1+ + 3 at IHC 2+
    for r in labelled:
        # DESTINY-Breast04 doi 10.1056/NEJMoa2203690; DESTINY-Breast06 doi 10.1056/NEJMoa2407086
        assert "10.1056/NEJMoa2203690" in r["source"] and "10.1056/NEJMoa2407086" in r["source"]
        assert "2022-08-05" in r["source"] and "2025-01-27" in r["source"]
        assert "3867" not in r["source"] and "2023 update" not in r["source"]
    assert all("ASCO/CAP HER2 2018" in r["source"] for r in rows)
