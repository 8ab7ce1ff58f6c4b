"""Receptor status, HER2 categories, subtypes, treatment classes and BRCA testing prompts.

The oracle below is an independent transcription of the rules from the sources (not read from
the package's CSVs), so the exhaustive test compares two transcriptions cell by cell:

* ASCO/CAP ER/PR 2020 (Allison et al., J Clin Oncol 2020;38:1346-66): positive at 1-100 % of
  nuclei; "ER Low Positive" 1-10 %; negative below 1 %.
* ASCO/CAP HER2 2018 (Wolff et al., J Clin Oncol 2018;36:2105-22), affirmed 2023 (Wolff et al.,
  J Clin Oncol 2023;41:3867-72): IHC 3+ positive, 2+ equivocal, 0/1+ negative; dual-probe ISH
  groups 1-5; groups 2-4 resolved with the concurrent IHC (Figures 3-6 of the 2018 update).
* HER2-low (IHC 1+ or 2+/ISH-negative), DESTINY-Breast04 (Modi et al., N Engl J Med 2022);
  HER2-ultralow (faint staining in <= 10 % of cells), DESTINY-Breast06 (Bardia et al., N Engl J
  Med 2024).
"""

from __future__ import annotations

import itertools
import math
import re

import pytest

import breastcancer_kit as bck
from breastcancer_kit import receptors
from breastcancer_kit.errors import BreastCancerKitError, ReceptorError
from breastcancer_kit.receptors import (
    ReceptorStatus,
    Subtype,
    genetic_testing_prompts,
    receptor_status,
    status,
    therapy,
    treatment_classes,
)

IHC_SCORES = ["0", ">0<1+", "1+", "2+", "3+"]
RATIOS = [0.5, 1.99, 2.0, 3.5]
COPIES = [1.0, 3.99, 4.0, 5.99, 6.0, 12.0]
ER_PR_BANDS = [0.0, 0.9, 1.0, 10.0, 10.1, 100.0]


# ----------------------------------------------------------------- independent oracle
def oracle_group(ratio: float, copies: float) -> int:
    if ratio >= 2.0:
        return 1 if copies >= 4.0 else 2
    if copies >= 6.0:
        return 3
    return 4 if copies >= 4.0 else 5


def oracle_her2(ihc: str, group: int | None) -> str:
    if group is None:
        return {"3+": "positive", "2+": "equivocal"}.get(ihc, "negative")
    if group == 1 or ihc == "3+":
        return "positive"
    if group == 3 and ihc == "2+":
        return "positive"
    return "negative"


def oracle_category(ihc: str, her2: str) -> str:
    if her2 == "positive":
        return "HER2-positive"
    if her2 == "equivocal":
        return "equivocal"
    return {"0": "HER2-0", ">0<1+": "HER2-ultralow", "1+": "HER2-low", "2+": "HER2-low"}[ihc]


def oracle_subtype(er: float, pr: float, her2: str) -> str | None:
    if her2 == "equivocal":
        return None
    hr = er >= 1 or pr >= 1
    return {
        (True, "negative"): "HR+/HER2-",
        (True, "positive"): "HR+/HER2+",
        (False, "positive"): "HR-/HER2+",
        (False, "negative"): "triple-negative",
    }[(hr, her2)]


ISH_INPUTS = [None, *itertools.product(RATIOS, COPIES)]
HER2_CASES = list(itertools.product(IHC_SCORES, ISH_INPUTS))


def test_her2_domain_is_complete():
    # 5 IHC scores x (no ISH + 4 ratios x 6 copy numbers); every group 1-5 is reached
    assert len(HER2_CASES) == 5 * 25
    assert {oracle_group(r, c) for r, c in itertools.product(RATIOS, COPIES)} == {1, 2, 3, 4, 5}


@pytest.mark.parametrize(("ihc", "ish"), HER2_CASES, ids=str)
def test_exhaustive_her2_and_er_pr_bands(ihc, ish):
    ratio, copies = ish if ish else (None, None)
    group = oracle_group(ratio, copies) if ish else None
    her2 = oracle_her2(ihc, group)
    for er, pr in itertools.product(ER_PR_BANDS, ER_PR_BANDS):
        r = receptor_status(er, pr, ihc, ratio, copies)
        assert r.ish_group == group
        assert r.her2 == her2, (ihc, ish)
        assert r.her2_category == oracle_category(ihc, her2)
        assert r.er == ("positive" if er >= 1 else "negative")
        assert r.pr == ("positive" if pr >= 1 else "negative")
        assert r.er_low is (1 <= er <= 10)
        assert r.subtype == oracle_subtype(er, pr, her2)
        # invariants
        if r.her2 is ReceptorStatus.EQUIVOCAL:
            assert r.subtype is None and "ISH needed" in r.explain()
        assert r.hr == ("positive" if "positive" in (r.er, r.pr) else "negative")


@pytest.mark.parametrize(
    ("ratio", "copies", "group"),
    [
        (1.99, 3.99, 5),
        (2.0, 3.99, 2),
        (1.99, 4.0, 4),
        (2.0, 4.0, 1),
        (1.99, 5.99, 4),
        (1.99, 6.0, 3),
        (2.0, 6.0, 1),
        (2.0, 5.99, 1),
    ],
)
def test_ish_group_boundaries(ratio, copies, group):
    assert receptors.ish_group(ratio, copies) == group


@pytest.mark.parametrize(
    ("er", "status", "low"),
    [(0.0, "negative", False), (0.9, "negative", False), (1.0, "positive", True),
     (10.0, "positive", True), (10.1, "positive", False), (100.0, "positive", False)],
)  # fmt: skip
def test_er_boundaries(er, status, low):
    r = receptor_status(er, 0, "0")
    assert (r.er, r.er_low) == (status, low)


@pytest.mark.parametrize(
    ("pr", "status"), [(0.9, "negative"), (1.0, "positive"), (10.1, "positive")]
)
def test_pr_boundaries(pr, status):
    assert receptor_status(0, pr, "0").pr == status


def test_ihc_spellings():
    for spelling, score in [(0, "0"), ("0", "0"), ("ultralow", ">0<1+"), (">0 <1+", ">0<1+"),
                            (1, "1+"), ("2+", "2+"), (" 3+ ", "3+")]:  # fmt: skip
        assert receptor_status(50, 50, spelling).her2_ihc == score


# ----------------------------------------------------------------- published examples
GOLDEN = [
    # (er, pr, ihc, ratio, copies, her2, category, subtype, citation)
    (0, 0, "3+", None, None, "positive", "HER2-positive", "HR-/HER2+",
     "ASCO/CAP HER2 2018 (Wolff et al., J Clin Oncol 2018;36:2105-22): IHC 3+ is positive"),
    (90, 40, "2+", None, None, "equivocal", "equivocal", None,
     "ASCO/CAP HER2 2018: IHC 2+ is equivocal, reflex ISH required"),
    (90, 40, "2+", 2.2, 3.4, "negative", "HER2-low", "HR+/HER2-",
     "Wang et al., Sci Rep 2019;9:16726 (PMC6854277): all ISH group 2 cases with IHC 2+ "
     "were HER2-negative under the 2018 guideline"),
    (90, 40, "2+", 1.7, 6.3, "positive", "HER2-positive", "HR+/HER2+",
     "Wang et al., Sci Rep 2019: ISH group 3 with IHC 2+ is HER2-positive"),
    (90, 40, "1+", 1.7, 6.3, "negative", "HER2-low", "HR+/HER2-",
     "Wang et al., Sci Rep 2019: the group 3 case scored IHC 1+ was reclassified HER2-negative"),
    (0, 0, "2+", 1.8, 4.6, "negative", "HER2-low", "triple-negative",
     "ASCO/CAP HER2 2018 Figure 6 (Guideline Central): group 4 with IHC 2+ is negative with "
     "comment"),
    (0, 0, "3+", 1.8, 4.6, "positive", "HER2-positive", "HR-/HER2+",
     "ASCO/CAP HER2 2018 Figure 6: group 4 with IHC 3+ is positive"),
    (0, 0, "1+", 2.6, 3.1, "negative", "HER2-low", "triple-negative",
     "ASCO/CAP HER2 2018 (LabCE summary): groups 2-4 with IHC 0 or 1+ are negative"),
    (0, 0, "0", 4.0, 9.0, "positive", "HER2-positive", "HR-/HER2+",
     "ASCO/CAP HER2 2018 Figure 3: group 1 (ratio >= 2.0, >= 4.0 copies) is ISH-positive"),
    (5, 0, "0", None, None, "negative", "HER2-0", "HR+/HER2-",
     "ASCO/CAP ER/PR 2020 (Allison et al., J Clin Oncol 2020): 1-10 % is ER Low Positive; "
     "DESTINY-Breast04 (Modi et al., N Engl J Med 2022) excluded IHC 0 (HER2-0)"),
    (60, 0, ">0<1+", None, None, "negative", "HER2-ultralow", "HR+/HER2-",
     "DESTINY-Breast06 (Bardia et al., N Engl J Med 2024): HER2-ultralow = IHC 0 with faint "
     "membrane staining, HER2-negative"),
    (0.5, 0, "1+", 1.2, 2.0, "negative", "HER2-low", "triple-negative",
     "ASCO/CAP ER/PR 2020: < 1 % is ER-negative; DESTINY-Breast04: IHC 1+ is HER2-low"),
]  # fmt: skip


@pytest.mark.parametrize("case", GOLDEN, ids=lambda c: c[-1][:60])
def test_published_examples(case):
    er, pr, ihc, ratio, copies, her2, category, subtype, citation = case
    assert citation
    r = receptor_status(er, pr, ihc, ratio, copies)
    assert (r.her2, r.her2_category, r.subtype) == (her2, category, subtype)


def test_her2_low_and_ultralow_do_not_change_stage_or_negative_status():
    # ASCO/CAP 2023: HER2-low/ultralow are not result categories; staging uses HER2-negative.
    for ihc in ("0", ">0<1+", "1+"):
        r = receptor_status(80, 80, ihc)
        assert r.her2 == "negative"
        assert "stage does not change" in r.explain()
        with_result = bck.stage("cT2 cN1 cM0", grade=2, er=r.er, pr=r.pr, her2=r.her2.value)
        plain = bck.stage("cT2 cN1 cM0", grade=2, er="+", pr="+", her2="negative")
        assert (with_result.anatomic, with_result.prognostic) == (plain.anatomic, plain.prognostic)


def test_equivocal_never_becomes_a_subtype_or_gets_treatments():
    r = receptor_status(90, 90, "2+")
    assert r.subtype is None and r.likely_response is None
    with pytest.raises(ReceptorError, match="equivocal"):
        treatment_classes(r)


def test_rule_table_is_exhaustive_and_cited():
    rows = receptors.her2_rules()
    keys = {(r["ihc"], r["ish_group"]) for r in rows}
    assert keys == set(itertools.product(IHC_SCORES, ["none", "1", "2", "3", "4", "5"]))
    assert all("Wolff et al." in r["source"] for r in rows)


# ----------------------------------------------------------------- thresholds live in one place
# (no threshold literal in any domain module: tests/test_architecture.py)


def test_changing_the_csv_threshold_changes_the_answer(monkeypatch):
    changed = {**status._thresholds(), "er_positive_min": 5.0, "ish_ratio_min": 2.2}
    monkeypatch.setattr(status, "_thresholds", lambda: changed)
    assert receptor_status(3, 0, "0").er == "negative"
    assert receptors.ish_group(2.1, 5.0) == 4
    assert "positive at >= 5 %" in receptor_status(30, 0, "0").explain()


# ----------------------------------------------------------------- bad input
BAD = [
    ((-1, 50, "1+"), {}, "-1"),
    ((100.5, 50, "1+"), {}, "100.5"),
    ((50, -0.1, "1+"), {}, "-0.1"),
    ((50, 101, "1+"), {}, "101"),
    ((50, 50, "4+"), {}, "4+"),
    ((50, 50, 4), {}, "4"),
    ((50, 50, "positive"), {}, "positive"),
    ((50, 50, None), {}, "None"),
    (("fifty", 50, "1+"), {}, "fifty"),
    ((50, "10%", "1+"), {}, "10%"),
    ((True, 50, "1+"), {}, "True"),
    ((math.nan, 50, "1+"), {}, "nan"),
    ((50, 50, "2+"), {"her2_ish_ratio": 2.3}, "2.3"),
    ((50, 50, "2+"), {"her2_copy_number": 5.5}, "5.5"),
    ((50, 50, "2+"), {"her2_ish_ratio": "2.1", "her2_copy_number": 5.0}, "2.1"),
    ((50, 50, "2+"), {"her2_ish_ratio": 2.1, "her2_copy_number": -1.0}, "-1.0"),
    ((50, 50, "2+"), {"her2_ish_ratio": -2.0, "her2_copy_number": 5.0}, "-2.0"),
    ((50, 50, "2+"), {"her2_ish_ratio": math.inf, "her2_copy_number": 5.0}, "inf"),
]


@pytest.mark.parametrize(("args", "kwargs", "shown"), BAD, ids=lambda x: repr(x))
def test_bad_input_raises_the_kits_error_naming_the_value(args, kwargs, shown):
    with pytest.raises(ReceptorError) as info:
        receptor_status(*args, **kwargs)
    assert isinstance(info.value, BreastCancerKitError) and isinstance(info.value, ValueError)
    assert shown in str(info.value)
    assert info.value.field


def test_bad_treatment_and_testing_input():
    with pytest.raises(ReceptorError, match="luminal"):
        treatment_classes("luminal A")
    with pytest.raises(ReceptorError, match="HER2-medium"):
        treatment_classes("HR+/HER2-", her2_category="HER2-medium")
    with pytest.raises(ReceptorError, match="other"):
        genetic_testing_prompts("triple-negative", 40, sex="other")
    with pytest.raises(ReceptorError, match="'forty'"):
        genetic_testing_prompts("triple-negative", "forty")
    with pytest.raises(ReceptorError, match="nope"):
        receptors.threshold("nope")


# ----------------------------------------------------------------- treatment classes
YEAR = re.compile(r"\b(19|20)\d\d\b")


def test_every_treatment_row_has_a_citation():
    rows = therapy._treatments()
    assert len(rows) >= 14
    for row in rows:
        assert YEAR.search(row.evidence) or "guide" in row.evidence, row
        assert row.url


def test_every_subtype_has_its_table3_line_and_treatments():
    for sub in Subtype:
        assert receptors.likely_response(sub)
        assert treatment_classes(sub)
    assert "chemotherapy" in receptors.likely_response("triple-negative")
    assert "anti-HER2" in receptors.likely_response("HR-/HER2+")
    assert "hormone" in receptors.likely_response("HR+/HER2-")


def _classes(sub, **kw):
    return [t.treatment_class for t in treatment_classes(sub, **kw)]


def test_treatment_map():
    assert "endocrine therapy with a CDK4/6 inhibitor" in _classes("HR+/HER2-")
    assert "immunotherapy with chemotherapy" not in _classes("triple-negative")
    assert "immunotherapy with chemotherapy" in _classes("triple-negative", pdl1_positive=True)
    assert "PARP inhibitor" in _classes("triple-negative", germline_brca=True)
    assert "PARP inhibitor" in _classes("HR+/HER2-", germline_brca=True)
    # PARP inhibitors are studied in HER2-negative disease only (OlympiAD, EMBRACA)
    assert "PARP inhibitor" not in _classes("HR-/HER2+", germline_brca=True)
    tdxd = "antibody-drug conjugate (trastuzumab deruxtecan)"
    assert tdxd not in _classes("HR+/HER2-", her2_category="HER2-0")
    assert tdxd in _classes("HR+/HER2-", her2_category="HER2-low")
    assert tdxd in _classes("HR+/HER2-", her2_category="HER2-ultralow")
    assert tdxd not in _classes("triple-negative", her2_category="HER2-ultralow")
    assert "anti-HER2 antibody-drug conjugate" in _classes("HR-/HER2+")
    assert "endocrine therapy" not in " ".join(_classes("HR-/HER2+"))
    # a result brings its own HER2 category
    assert tdxd in _classes(receptor_status(80, 0, "2+", 1.5, 3.0))
    assert all(t.explain().endswith(".") and "Evidence:" in t.explain()
               for t in treatment_classes("HR+/HER2+"))  # fmt: skip


# ----------------------------------------------------------------- BRCA testing prompts
def _rules(*args, **kw):
    return [p.rule for p in genetic_testing_prompts(*args, **kw)]


def test_guide_rule_tnbc_under_60():
    # Seed guide: TNBC under 60 -> BRCA1/2 testing regardless of family history.
    assert "guide_tnbc_under_60" in _rules("triple-negative", 59.9)
    assert "guide_tnbc_under_60" not in _rules("triple-negative", 60)
    assert "guide_tnbc_under_60" not in _rules("HR+/HER2-", 40)
    assert "guide_tnbc_under_60" not in _rules("triple-negative", None)


def test_broader_current_guidance_is_flagged():
    # ASCO-SSO 2024 (Bedrosian et al., J Clin Oncol 2024): everyone <= 65; TNBC or male > 65.
    assert "asco_sso_65_or_younger" in _rules("HR+/HER2-", 65)
    assert "asco_sso_65_or_younger" not in _rules("HR+/HER2-", 66)
    assert "asco_sso_over_65_tnbc" in _rules("triple-negative", 70)
    assert "asco_sso_over_65_male" in _rules("HR+/HER2-", 70, sex="male")
    assert "nccn_male_any_age" in _rules(None, None, sex="male")
    assert _rules("HR+/HER2-", 75) == []
    assert "asco_sso_parp_candidate" in _rules("HR+/HER2-", 75, recurrent_or_metastatic=True)
    prompts = genetic_testing_prompts("triple-negative", 45)
    assert [p.broader_than_guide for p in prompts] == [False, True, True]
    assert "broader than the guide" in prompts[1].explain()
    assert all(p.citation and p.url for p in prompts)


def test_genetic_prompts_accept_a_result():
    r = receptor_status(0, 0, "0")
    assert "guide_tnbc_under_60" in _rules(r, 50)
