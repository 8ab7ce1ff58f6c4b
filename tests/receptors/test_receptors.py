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


# The cut-offs as published: ER/PR positive at >= 1 %, ER low positive up to 10 % (Allison et
# al. 2020); ISH ratio 2.0, mean HER2 copies 4.0 and 6.0 per cell (Wolff et al. 2018, Fig. 3).
PUBLISHED_THRESHOLDS = {
    "er_positive_min": 1.0, "er_low_positive_max": 10.0, "pr_positive_min": 1.0,
    "ish_ratio_min": 2.0, "ish_copies_low": 4.0, "ish_copies_high": 6.0,
}  # fmt: skip
SAMPLES = {"er_positive_min": ER_PR_BANDS, "er_low_positive_max": ER_PR_BANDS,
           "pr_positive_min": ER_PR_BANDS, "ish_ratio_min": RATIOS,
           "ish_copies_low": COPIES, "ish_copies_high": COPIES}  # fmt: skip


def test_her2_domain_is_complete():
    # The package's cut-offs are the published ones, the sample values sit on and next to each
    # of them, and the package reaches every ISH group 1-5 from the samples.
    assert {name: receptors.threshold(name) for name in PUBLISHED_THRESHOLDS} == (
        PUBLISHED_THRESHOLDS
    )
    for name, cut in PUBLISHED_THRESHOLDS.items():
        values = SAMPLES[name]
        # ">= cut" rules need the cut and a value just below; the "<= cut" one, just above.
        side = 1 if name == "er_low_positive_max" else -1
        assert cut in values, name
        assert any(0 < side * (v - cut) <= 0.11 for v in values), name
    groups = {receptors.ish_group(r, c) for r, c in itertools.product(RATIOS, COPIES)}
    assert groups == {1, 2, 3, 4, 5}


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


# Sources a golden case may open its citation with (full references in the module docstring).
CITED = ("ASCO/CAP HER2 2018", "ASCO/CAP ER/PR 2020", "Wang et al., Sci Rep 2019",
         "DESTINY-Breast04", "DESTINY-Breast06")  # fmt: skip


@pytest.mark.parametrize("case", GOLDEN, ids=lambda c: c[-1][:60])
def test_published_examples(case):
    er, pr, ihc, ratio, copies, her2, category, subtype, citation = case
    # The citation opens with a known source, every source it names is a known one, and what
    # it quotes matches the case: the ISH group it names and the HER2 result or category.
    assert citation.startswith(CITED), citation
    for trial in re.findall(r"DESTINY-Breast\d\d", citation):
        assert trial in CITED, citation
    for n in re.findall(r"\bgroup (\d)\b", citation):
        assert ratio is not None and int(n) == oracle_group(ratio, copies), citation
    assert her2 in citation or category in citation, citation
    if ihc != "0" and ihc != ">0<1+":
        assert f"IHC {ihc}" in citation or f"or {ihc}" in citation, citation
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
    assert all(
        r["source"].startswith("ASCO/CAP HER2 2018 (Wolff et al., J Clin Oncol 2018;36:2105-22)")
        for r in rows
    )
    # Each cell of the packaged table is what the independent oracle above says.
    for r in rows:
        group = None if r["ish_group"] == "none" else int(r["ish_group"])
        her2 = oracle_her2(r["ihc"], group)
        assert (r["her2"], r["her2_category"]) == (her2, oracle_category(r["ihc"], her2)), r


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
    # The error names the argument that carried the bad value.
    given = {**dict(zip(("er_percent", "pr_percent", "her2_ihc"), args, strict=True)), **kwargs}
    culprits = [name for name, value in given.items() if str(value) == shown]
    assert culprits and info.value.field == culprits[0], (info.value.field, culprits)
    assert str(info.value).startswith(f"{info.value.field}: ")


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


# Trials and guidelines the treatment table may cite: first author, journal, year and DOI as
# printed on each publication (each DOI read in a PubMed record, a publisher page or several
# independent citations on 2026-12-01; see data/sources/treatment_and_trials_2026-12.md).
# None: no DOI could be verified, so the row links the FDA approval report instead.
REFERENCES = {
    "PALOMA-2": ("Finn", "N Engl J Med", 2016, "10.1056/NEJMoa1607303"),
    "MONALEESA-2": ("Hortobagyi", "N Engl J Med", 2016, "10.1056/NEJMoa1609709"),
    "INAVO120": ("Turner", "N Engl J Med", 2024, "10.1056/NEJMoa2404625"),
    "CAPItello-291": ("Turner", "N Engl J Med", 2023, "10.1056/NEJMoa2214131"),
    "SOLAR-1": ("André", "N Engl J Med", 2019, "10.1056/NEJMoa1813904"),
    "EMERALD": ("Bidard", "J Clin Oncol", 2022, "10.1200/JCO.22.00338"),
    "EMBER-3": ("Jhaveri", "N Engl J Med", 2025, "10.1056/NEJMoa2410858"),
    "TROPiCS-02": ("Rugo", "Lancet", 2023, "10.1016/S0140-6736(23)01245-X"),
    "TROPION-Breast01": ("Bardia", "J Clin Oncol", 2025, "10.1200/JCO.24.00920"),
    "TROPION-Breast02": (None, None, None, None),
    "CLEOPATRA": ("Baselga", "N Engl J Med", 2012, "10.1056/NEJMoa1113216"),
    "DESTINY-Breast09": ("Tolaney", "N Engl J Med", 2025, "10.1056/NEJMoa2508668"),
    "EMILIA": ("Verma", "N Engl J Med", 2012, "10.1056/NEJMoa1209124"),
    "DESTINY-Breast03": ("Cortés", "N Engl J Med", 2022, "10.1056/NEJMoa2115022"),
    "DESTINY-Breast04": ("Modi", "N Engl J Med", 2022, "10.1056/NEJMoa2203690"),
    "DESTINY-Breast06": ("Bardia", "N Engl J Med", 2024, "10.1056/NEJMoa2407086"),
    "HER2CLIMB": ("Murthy", "N Engl J Med", 2020, "10.1056/NEJMoa1914609"),
    "ASCENT": ("Bardia", "N Engl J Med", 2021, "10.1056/NEJMoa2028485"),
    "ASCENT-03": ("Cortés", "N Engl J Med", 2025, "10.1056/NEJMoa2511734"),
    "ASCENT-04": ("Tolaney", "N Engl J Med", 2026, None),
    "KEYNOTE-355": ("Cortes", "Lancet", 2020, "10.1016/S0140-6736(20)32531-9"),
    "OlympiAD": ("Robson", "N Engl J Med", 2017, "10.1056/NEJMoa1706450"),
    "EMBRACA": ("Litton", "N Engl J Med", 2018, "10.1056/NEJMoa1802905"),
    "ASCO HER2-positive advanced breast cancer guideline": (
        "Giordano", "J Clin Oncol", 2014, "10.1200/JCO.2013.54.0948"),
    "ASCO/CAP ER/PR testing guideline": ("Allison", "J Clin Oncol", 2020, "10.1200/JCO.19.02309"),
    "ER-low meta-analysis": ("Paakkola", "ESMO Open", 2021, "10.1016/j.esmoop.2021.100289"),
    "ASCO male breast cancer guideline": ("Hassett", "J Clin Oncol", 2020, "10.1200/JCO.19.03120"),
    "ASCO endocrine treatment of HR-positive metastatic breast cancer guideline": (
        "Burstein", None, None, None),
}  # fmt: skip
# FDA approval reports read for trials whose report's DOI could not be verified.
FDA_REPORTS = {
    "ASCENT-04": "https://ascopost.com/news/june-2026/fda-approves-sacituzumab-govitecan-hziy-as-"
    "monotherapy-and-in-combination-with-pembrolizumab-for-first-line-treatment-of-tnbc/",
    "TROPION-Breast02": "https://ascopost.com/issues/june-25-2026/fda-approves-antibody-drug-"
    "conjugate-for-triple-negative-breast-cancer/",
}
DOI = re.compile(r"^10\.\d{4,9}/[-._;()/:A-Za-z0-9]+$")
REGULATORY_DATE = re.compile(r"^(UNVERIFIED|not applicable|\d{4}(-\d{2}(-\d{2})?)?\b.*)$")


def _named(evidence: str) -> list[str]:
    """Trials and guidelines an evidence text names (whole names: ASCENT is not ASCENT-03)."""
    return [
        name for name in REFERENCES
        if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", evidence)
    ]  # fmt: skip


def test_reference_dois_are_well_formed():
    for name, (_author, _journal, _year, doi) in REFERENCES.items():
        assert doi is None or DOI.match(doi), (name, doi)


def test_every_treatment_row_has_a_citation():
    rows = therapy._treatments()
    assert len(rows) >= 30
    sources = {s["url"] for s in bck.data.provenance("treatment_classes")["sources"]}
    for row in rows:
        assert YEAR.search(row.evidence) or "guide" in row.evidence, row
        named = _named(row.evidence)
        assert named or row.evidence.startswith("seed guide"), row
        # An unknown trial-like name (capitals and a number) is not allowed either.
        for trial in re.findall(r"\b[A-Z][A-Za-z]*[A-Z][A-Za-z]*-?\d+\b", row.evidence):
            assert any(trial in name for name in REFERENCES), (trial, row)
        for name in named:
            author, journal, year, _ = REFERENCES[name]
            if author is None:
                # said to the reader: the figures are not from the trial's own paper
                missing = "full trial report not yet found"
                assert f"{name} (" in row.evidence and missing in row.evidence, row
                continue
            where = f"{name} ({author} et al." + (f", {journal} {year}" if journal else ")")
            assert where in row.evidence, (where, row)
        # The link is the DOI of a trial the row names, else the FDA report read for it.
        dois = {f"https://doi.org/{REFERENCES[n][3]}" for n in named if REFERENCES[n][3]}
        reports = {FDA_REPORTS[n] for n in named if n in FDA_REPORTS}
        if dois or reports:
            assert row.url in dois | reports, row
        else:
            assert re.fullmatch(r"https://www\.asco\.org/[\w./-]+", row.url), row
        assert row.url in sources, row
        # Regulatory status is always stated, with a date or an explicit UNVERIFIED.
        assert row.fda_status and row.ema_status, row
        assert REGULATORY_DATE.match(row.fda_date), row


def test_treatment_provenance_has_an_as_of_date_and_names_unverified_cells():
    record = bck.data.provenance("treatment_classes")
    assert record["as_of"] == "2026-12-01"
    assert all(len(s["name"]) > 10 and s["verified"] for s in record["sources"])
    assert any("UNVERIFIED" in d["resolution"] for d in record["disagreements"])


# The seed guide's Table 3 (receptor status and likely treatment response), in key words.
TABLE3_WORDS = {
    "HR+/HER2-": ["responds to hormone"],
    "HR+/HER2+": ["responds to hormone", "anti-HER2"],
    "HR-/HER2+": ["no response to hormone", "responds to anti-HER2"],
    "triple-negative": ["chemotherapy", "unlikely to work"],
}


def test_every_subtype_has_its_table3_line_and_treatments():
    assert {s.value for s in Subtype} == set(TABLE3_WORDS)
    for sub, words in TABLE3_WORDS.items():
        line = receptors.likely_response(sub)
        for word in words:
            assert word in line, (sub, word)
        assert treatment_classes(sub)
    assert "anti-HER2" not in receptors.likely_response("HR+/HER2-")


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
    # Every rule's citation names its source with a year (or is the guide) and has a URL; the
    # calls below reach every rule of the table.
    calls = [
        (("triple-negative", 45), {}),
        (("triple-negative", 70), {}),
        (("HR+/HER2-", 70), {"sex": "male"}),
        (("HR+/HER2-", 75), {"recurrent_or_metastatic": True}),
        (("HR+/HER2-", 75), {"de_novo_metastatic": True, "parp_candidate": True}),
        (("HR+/HER2-", 75), {"family_history": True, "ashkenazi_ancestry": True}),
        (("HR+/HER2-", 75), {"second_primary": True}),
    ]
    every = {p.rule for args, kw in calls for p in genetic_testing_prompts(*args, **kw)}
    table = {r["rule"] for r in bck.data.rows("genetic_testing_rules")}
    assert every == table
    prompts = {p.rule: p for args, kw in calls for p in genetic_testing_prompts(*args, **kw)}
    for rule, p in prompts.items():
        if rule.startswith("guide_"):
            assert not p.broader_than_guide and p.citation.startswith("Seed guide")
            assert p.url.startswith("file:shared/seed/"), p
            continue
        assert p.broader_than_guide and p.url.startswith("https://"), p
        if rule.startswith("asco_sso"):
            assert "(Bedrosian et al., J Clin Oncol 2024), recommendation" in p.citation, p
        else:
            assert rule.startswith("nccn") and "NCCN" in p.citation and YEAR.search(p.citation)


def test_genetic_prompts_accept_a_result():
    r = receptor_status(0, 0, "0")
    assert "guide_tnbc_under_60" in _rules(r, 50)
