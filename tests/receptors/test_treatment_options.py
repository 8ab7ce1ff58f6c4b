"""treatment_options(): every subtype x line x biomarker combination against expectations
written here, by hand, from the trials' populations (not read back from the package's table).

Each expected class is (treatment class, first trial or source named in its evidence). The
populations behind each rule, as the trials enrolled them (see the citations beside each):

- PALOMA-2 (Finn, N Engl J Med 2016; doi 10.1056/NEJMoa1607303): CDK4/6 inhibitor with
  endocrine therapy, first line, HR+/HER2-.
- INAVO120 (Turner, N Engl J Med 2024; 10.1056/NEJMoa2404625): PIK3CA-mutated HR+/HER2-,
  first line after an early relapse on adjuvant endocrine therapy.
- CAPItello-291 (Turner, N Engl J Med 2023; 10.1056/NEJMoa2214131): PIK3CA, AKT1 or PTEN
  altered, after endocrine therapy. SOLAR-1 (Andre, N Engl J Med 2019; 10.1056/NEJMoa1813904):
  PIK3CA only, after an aromatase inhibitor.
- EMERALD (Bidard, J Clin Oncol 2022; 10.1200/JCO.22.00338), EMBER-3 (Jhaveri, N Engl J Med
  2025; 10.1056/NEJMoa2410858): ESR1-mutated, after endocrine therapy.
- DESTINY-Breast06 (Bardia, N Engl J Med 2024; 10.1056/NEJMoa2407086): HR+ HER2-low or
  ultralow after endocrine therapy; DESTINY-Breast04 (Modi, N Engl J Med 2022;
  10.1056/NEJMoa2203690): HER2-low after chemotherapy, incl. a small HR-negative cohort; no
  ultralow use in triple-negative disease.
- TROPiCS-02 (Rugo, Lancet 2023), TROPION-Breast01 (Bardia, J Clin Oncol 2025): HR+/HER2-,
  later lines, no biomarker.
- OlympiAD (Robson, N Engl J Med 2017; 10.1056/NEJMoa1706450), EMBRACA: germline BRCA1/2,
  HER2-negative only, any line.
- CLEOPATRA (Baselga, N Engl J Med 2012) and DESTINY-Breast09 (Tolaney, N Engl J Med 2025):
  HER2-positive first line; DESTINY-Breast03 (Cortes, N Engl J Med 2022): later line;
  HER2CLIMB (Murthy, N Engl J Med 2020): later line, the row shown for brain metastases.
- KEYNOTE-355 (Cortes, Lancet 2020) and ASCENT-04 (Tolaney, N Engl J Med 2026): first-line
  triple-negative at PD-L1 CPS >= 10. ASCENT-03 (Cortes, N Engl J Med 2025) and
  TROPION-Breast02 (NCT05374512): first-line triple-negative, not candidates for a PD-(L)1
  antibody (CPS below 10, or excluded for another reason). ASCENT (Bardia, N Engl J Med 2021):
  later line.
"""

from __future__ import annotations

import itertools
import re

import pytest

import breastcancer_kit as bck
from breastcancer_kit.errors import BreastCancerKitError, ReceptorError
from breastcancer_kit.receptors import biomarker_tests, therapy, treatment_options
from breastcancer_kit.receptors.therapy import TreatmentCondition

# --- the expected classes, as (class, first source in its evidence) ------------------------------
ET = ("endocrine therapy", "seed guide")
CHEMO = ("chemotherapy", "seed guide")
CDK = ("endocrine therapy with a CDK4/6 inhibitor", "PALOMA-2")
INAVO = ("PI3K-alpha inhibitor (inavolisib) with a CDK4/6 inhibitor and fulvestrant", "INAVO120")
CAPI = ("AKT inhibitor (capivasertib) with fulvestrant", "CAPItello-291")
ALPE = ("PI3K-alpha inhibitor (alpelisib) with fulvestrant", "SOLAR-1")
ELAC = ("oral oestrogen receptor degrader (elacestrant)", "EMERALD")
IMLU = ("oral oestrogen receptor degrader (imlunestrant)", "EMBER-3")
TDXD_HR = ("antibody-drug conjugate (trastuzumab deruxtecan)", "DESTINY-Breast06")
SG_HR = ("TROP2 antibody-drug conjugate (sacituzumab govitecan)", "TROPiCS-02")
DATO_HR = ("TROP2 antibody-drug conjugate (datopotamab deruxtecan)", "TROPION-Breast01")
PARP = ("PARP inhibitor", "OlympiAD")
THP = ("anti-HER2 antibodies with chemotherapy", "CLEOPATRA")
DB09 = ("anti-HER2 antibody-drug conjugate with pertuzumab", "DESTINY-Breast09")
ET_HER2 = ("endocrine therapy with anti-HER2 therapy", "seed guide")
DB03 = ("anti-HER2 antibody-drug conjugate", "DESTINY-Breast03")
TUC = ("HER2 kinase inhibitor (tucatinib) with trastuzumab and capecitabine", "HER2CLIMB")
KN355 = ("immunotherapy with chemotherapy", "KEYNOTE-355")
A04 = (
    "TROP2 antibody-drug conjugate with immunotherapy (sacituzumab govitecan and pembrolizumab)",
    "ASCENT-04",
)
A03 = ("TROP2 antibody-drug conjugate (sacituzumab govitecan)", "ASCENT-03")
TB02 = ("TROP2 antibody-drug conjugate (datopotamab deruxtecan)", "TROPION-Breast02")
ASCENT = ("TROP2 antibody-drug conjugate (sacituzumab govitecan)", "ASCENT")
DB04 = ("antibody-drug conjugate (trastuzumab deruxtecan)", "DESTINY-Breast04")

KEYNOTE_355_CPS = 10  # KEYNOTE-355 (Lancet 2020; NEJM 2022): benefit at CPS >= 10 (22C3)

SUBTYPES = ["HR+/HER2-", "HR+/HER2+", "HR-/HER2+", "triple-negative"]
LINES = ["first", "later"]
GENES = [False, True, "PIK3CA", "AKT1", "PTEN"]
CPS = [None, 0, 9.9, 10, 100]
HER2_NEGATIVE_BANDS = [None, "HER2-0", "HER2-ultralow", "HER2-low"]


def expected(sub, line, esr1, genes, gbrca, cps, band, brain, excluded) -> list[tuple[str, str]]:
    """The classes each trial's population says, in our own reading (module docstring)."""
    first = line == "first"
    pik3ca = genes == "PIK3CA"
    out: list[tuple[str, str]] = []
    if sub == "HR+/HER2-":
        out += [ET]
        if first:
            out += [CDK] + ([INAVO] if pik3ca else [])
        else:
            out += [CAPI] if genes else []
            out += [ALPE] if pik3ca else []
            out += [ELAC, IMLU] if esr1 else []
            out += [TDXD_HR] if band in ("HER2-low", "HER2-ultralow") else []
            out += [SG_HR, DATO_HR]
        out += [PARP] if gbrca else []
        out += [CHEMO]
    elif sub in ("HR+/HER2+", "HR-/HER2+"):
        out += [THP, DB09] if first else []
        out += [ET_HER2] if sub == "HR+/HER2+" else []
        out += [] if first else [DB03] + ([TUC] if brain else [])
    else:
        out += [CHEMO]
        if first:
            if not excluded and cps is not None and cps >= KEYNOTE_355_CPS:
                out += [KN355, A04]
            if excluded or (cps is not None and cps < KEYNOTE_355_CPS):
                out += [A03, TB02]
        else:
            out += [ASCENT] + ([DB04] if band == "HER2-low" else [])
        out += [PARP] if gbrca else []
    return out


def _key(row) -> tuple[str, str]:
    source = re.split(r" \(|;", row.evidence)[0]
    return row.treatment_class, "seed guide" if source.startswith("seed guide") else source


def _domain():
    for sub in SUBTYPES:
        bands = HER2_NEGATIVE_BANDS if sub in ("HR+/HER2-", "triple-negative") else [None]
        yield from itertools.product(
            [sub], LINES, [False, True], GENES, [False, True], CPS, bands, [False, True],
            [False, True],
        )  # fmt: skip


def test_every_combination_gives_the_classes_the_trials_support():
    count = 0
    wrong = []
    for combo in _domain():
        sub, line, esr1, genes, gbrca, cps, band, brain, excluded = combo
        got = treatment_options(
            sub, line, esr1=esr1, pik3ca_akt1_pten=genes, gbrca=gbrca, pdl1_cps=cps,
            her2_low=band, brain_mets=brain, immunotherapy_excluded=excluded,
        )  # fmt: skip
        keys = sorted(_key(r) for r in got.classes)
        if keys != sorted(expected(*combo)):
            wrong.append((combo, keys))
        count += 1
    assert count == 2 * (2 * 2 * 5 * 2 * 5 * 4 * 2 * 2) + 2 * (2 * 2 * 5 * 2 * 5 * 2 * 2)
    assert wrong == [], wrong[:3]


# Golden cases, each from one trial's population (citations above and inline).
GOLDEN = [
    # KEYNOTE-355: CPS 10 is in, 9.9 out (CPS >= 10 with 22C3).
    (("triple-negative", "first"), {"pdl1_cps": 10}, {KN355, A04}, {A03, TB02}),
    (("triple-negative", "first"), {"pdl1_cps": 9.9}, {A03, TB02}, {KN355, A04}),
    # ASCENT-03/TROPION-Breast02: PD-L1 high but a PD-1 antibody is not an option.
    (
        ("triple-negative", "first"),
        {"pdl1_cps": 60, "immunotherapy_excluded": True},
        {A03, TB02},
        {KN355, A04},
    ),
    # No CPS yet: neither group; the lesson says the PD-L1 test decides it.
    (("triple-negative", "first"), {}, {CHEMO}, {KN355, A04, A03, TB02}),
    # DESTINY-Breast06 ultralow: HR-positive only; no triple-negative ultralow use.
    (("HR+/HER2-", "later"), {"her2_low": "HER2-ultralow"}, {TDXD_HR}, set()),
    (("triple-negative", "later"), {"her2_low": "HER2-ultralow"}, set(), {DB04}),
    # CAPItello-291 covers AKT1 and PTEN, SOLAR-1 only PIK3CA.
    (("HR+/HER2-", "later"), {"pik3ca_akt1_pten": "AKT1"}, {CAPI}, {ALPE}),
    # INAVO120 is first line for PIK3CA; capivasertib is not first line.
    (("HR+/HER2-", "first"), {"pik3ca_akt1_pten": "PIK3CA"}, {INAVO, CDK}, {CAPI, ALPE}),
    # EMERALD / EMBER-3: ESR1 rows at progression only, never first line.
    (("HR+/HER2-", "first"), {"esr1": True}, set(), {ELAC, IMLU}),
    # OlympiAD / EMBRACA: PARP for germline BRCA in HER2-negative disease, not HER2-positive.
    (("HR+/HER2-", "first"), {"gbrca": True}, {PARP}, set()),
    (("HR+/HER2+", "later"), {"gbrca": True}, set(), {PARP}),
    # CLEOPATRA beside DESTINY-Breast09 first line; HER2CLIMB later with brain metastases.
    (("HR-/HER2+", "first"), {"brain_mets": True}, {THP, DB09}, {TUC}),
    (("HR-/HER2+", "later"), {"brain_mets": True}, {DB03, TUC}, {THP}),
]


@pytest.mark.parametrize(("args", "kwargs", "present", "absent"), GOLDEN)
def test_golden_cases(args, kwargs, present, absent):
    keys = {_key(r) for r in treatment_options(*args, **kwargs).classes}
    assert present <= keys
    assert not absent & keys


def test_immunotherapy_candidacy_follows_the_cut_off():
    assert treatment_options("triple-negative", "first").immunotherapy_candidate is None
    assert treatment_options("triple-negative", "first", pdl1_cps=10).immunotherapy_candidate
    assert treatment_options("triple-negative", "first", pdl1_cps=9.9).immunotherapy_candidate is (
        False
    )
    # The CPS does not matter outside first-line triple-negative disease (no PD-L1 rows there).
    assert treatment_options("HR+/HER2-", "first", pdl1_cps=50).immunotherapy_candidate is None


def test_each_class_says_which_test_unlocked_it():
    o = treatment_options(
        "HR+/HER2-", "later", esr1=True, pik3ca_akt1_pten="PTEN", gbrca=True, her2_low="HER2-low"
    )
    by_class = {_key(r): o.unlocked_by(r) for r in o.classes}
    assert by_class[ELAC].biomarker == "ESR1 mutation"
    assert "ctDNA" in by_class[ELAC].test and "progression" in by_class[ELAC].when
    assert by_class[CAPI].biomarker == "PIK3CA, AKT1 or PTEN alteration"
    assert by_class[PARP].biomarker == "germline BRCA"
    assert by_class[TDXD_HR].biomarker == "HER2-low or ultralow"
    assert by_class[ET] is None and by_class[SG_HR] is None
    assert o.biomarkers == ("ESR1 mutation", "PTEN alteration", "germline BRCA1/2", "HER2-low")
    text = o.explain()
    assert text.startswith("HR+/HER2-, second or later line (ESR1 mutation") and "EMERALD" in text


def test_tests_per_subtype():
    names = {s: [t.biomarker for t in biomarker_tests(s)] for s in SUBTYPES}
    assert names["HR+/HER2-"] == [
        "ESR1 mutation", "PIK3CA, AKT1 or PTEN alteration", "germline BRCA",
        "HER2-low or ultralow",
    ]  # fmt: skip
    assert names["triple-negative"] == ["germline BRCA", "PD-L1 CPS", "HER2-low or ultralow"]
    assert names["HR+/HER2+"] == names["HR-/HER2+"] == ["brain metastases"]


def test_every_biomarker_condition_of_the_treatment_table_has_a_test():
    # Every condition a row hangs on (except sex and ER-low, which are not biomarker tests)
    # is decided by a test listed for that subtype, and every test unlocks a real row.
    not_tests = {TreatmentCondition.ANY, TreatmentCondition.MALE, TreatmentCondition.ER_LOW}
    rows = therapy._treatments()
    for row in rows:
        if row.condition in not_tests:
            continue
        assert any(row.condition in t.unlocks for t in biomarker_tests(row.subtype)), row
    for test in biomarker_tests():
        for sub in test.subtypes:
            assert any(r.subtype is sub and r.condition in test.unlocks for r in rows), test


def test_every_biomarker_test_is_sourced():
    record = bck.data.provenance("biomarker_tests")
    urls = {s["url"] for s in record["sources"]}
    urls |= {s["url"] for s in bck.data.provenance("treatment_classes")["sources"]}
    assert record["as_of"] == "2026-12-01" and record["education_only"] is True
    for test in biomarker_tests():
        assert test.url in urls, test
        assert re.search(r"et al\., [A-Z][A-Za-z .]+ (19|20)\d\d", test.evidence), test
        assert test.when and test.test


BAD = [
    (("luminal A", "first"), {}, "subtype"),
    (("HR+/HER2-", "any line"), {}, "line"),
    (("HR+/HER2-", "third"), {}, "line"),
    (("HR+/HER2-", "first"), {"pdl1_cps": 101}, "pdl1_cps"),
    (("HR+/HER2-", "first"), {"pdl1_cps": "high"}, "pdl1_cps"),
    (("HR+/HER2-", "first"), {"esr1": "yes"}, "esr1"),
    (("HR+/HER2-", "first"), {"pik3ca_akt1_pten": "KRAS"}, "pik3ca_akt1_pten"),
    (("HR+/HER2-", "first"), {"her2_low": "HER2-positive"}, "her2_low"),
    (("HR-/HER2+", "first"), {"her2_low": "HER2-low"}, "her2_low"),
    (("triple-negative", "first"), {"immunotherapy_excluded": None}, "immunotherapy_excluded"),
]


@pytest.mark.parametrize(("args", "kwargs", "field"), BAD)
def test_bad_input_names_the_field(args, kwargs, field):
    with pytest.raises(ReceptorError) as err:
        treatment_options(*args, **kwargs)
    assert isinstance(err.value, BreastCancerKitError)
    assert err.value.field == field and field in str(err.value)
