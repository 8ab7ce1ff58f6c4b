"""Prognostic stage groups (AJCC 8th, clinical and pathological tables)."""

from __future__ import annotations

import csv
import itertools
import re
from pathlib import Path

import pytest

import breastcancer_kit as bck

ROOT = Path(__file__).resolve().parents[2]
COMPARISON = ROOT / "data" / "sources" / "prognostic" / "source_comparison.csv"
SOURCES = ("seer_eod", "samchencode", "vista", "pdq_excerpt")

T_GROUPS = ["TX", "T0", "Tis", "T1", "T2", "T3", "T4"]
N_GROUPS = ["NX", "N0", "N1mi", "N1", "N2", "N3"]
GRADES = [1, 2, 3]
STATUS = ["positive", "negative"]
PREFIX = {"clinical": "c", "pathological": "p"}
PROFILES = list(itertools.product(GRADES, STATUS, STATUS, STATUS))  # grade, her2, er, pr


def _comparison_rows():
    with COMPARISON.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _expected_comparison_keys() -> set[tuple[str, ...]]:
    # The cells both AJCC prognostic tables define (data/sources/prognostic/notes.md §1):
    # M0: Tis N0 and every T0-T4 x N0/N1mi/N1/N2/N3 pair but T0 N0; M1: Tis, T0-T4 x any N.
    invasive = [t for t in T_GROUPS if t not in ("TX", "Tis")]
    known_n = [n for n in N_GROUPS if n != "NX"]
    m0 = [("Tis", "N0")] + [(t, n) for t in invasive for n in known_n if (t, n) != ("T0", "N0")]
    m1 = [(t, n) for t in ["Tis", *invasive] for n in known_n]
    cells = [(*tn, "M0") for tn in m0] + [(*tn, "M1") for tn in m1]
    return {
        (table, t, n, m, str(g), her2, er, pr)
        for table in PREFIX
        for t, n, m in cells
        for g, her2, er, pr in PROFILES
    }


def test_comparison_covers_both_tables():
    rows = _comparison_rows()
    columns = ("table", "t", "n", "m", "grade", "her2", "er", "pr")
    keys = [tuple(r[k] for k in columns) for r in rows]
    assert len(keys) == len(set(keys)) == 2 * 1320
    assert set(keys) == _expected_comparison_keys()


def test_packaged_tables_match_the_cross_checked_transcription():
    # Each cell of the independent, source-by-source comparison must come out of stage()
    # unchanged, and at least two sources must agree with it.
    for r in _comparison_rows():
        p = PREFIX[r["table"]]
        result = bck.stage(
            t=f"{p}{r['t']}", n=f"{p}{r['n']}", m=f"c{r['m']}",
            grade=int(r["grade"]), er=r["er"], pr=r["pr"], her2=r["her2"],
        )  # fmt: skip
        assert result.prognostic == r["stage_chosen"], r
        assert result.prognostic_table == r["table"]
        agree = sum(r[s] == r["stage_chosen"] for s in SOURCES)
        assert agree >= 2, r


def test_profiles_are_the_domain_of_the_tables_and_each_factor_matters():
    # The 24 profiles are exactly the biomarker combinations of the independent transcription,
    # and grade, HER2, ER and PR each move the stage of some cell in both tables (AJCC 8:
    # e.g. clinical T1 N0 G1 HER2- ER- PR+ is IA, with PR- it is IB).
    rows = _comparison_rows()
    assert {(int(r["grade"]), r["her2"], r["er"], r["pr"]) for r in rows} == set(PROFILES)
    for table, p in PREFIX.items():
        for factor in range(4):
            moved = False
            for (t, n), a, b in itertools.product(
                [("T1", "N0"), ("T2", "N0"), ("T2", "N1"), ("T3", "N2"), ("T4", "N1")],
                PROFILES,
                PROFILES,
            ):
                if [i for i in range(4) if a[i] != b[i]] != [factor]:
                    continue
                sa, sb = (
                    bck.stage(t=p + t, n=p + n, m="cM0", grade=x[0], her2=x[1], er=x[2], pr=x[3])
                    for x in (a, b)
                )
                if sa.prognostic != sb.prognostic:
                    moved = True
                    break
            assert moved, (table, ["grade", "her2", "er", "pr"][factor])


@pytest.mark.parametrize("table", ["clinical", "pathological"])
def test_exhaustive_grid_invariants(table):
    p = PREFIX[table]
    for t, n, m in itertools.product(T_GROUPS, N_GROUPS, ["M0", "M1"]):
        for grade, her2, er, pr in PROFILES:
            r = bck.stage(t=p + t, n=p + n, m="c" + m, grade=grade, er=er, pr=pr, her2=her2)
            if m == "M1":
                assert r.prognostic == "IV"
            elif (t, n) == ("Tis", "N0"):
                assert r.prognostic == "0"
            if r.anatomic is None:
                assert r.prognostic is None and "no anatomic stage" in r.prognostic_reason
            else:
                assert r.prognostic in bck.stage_labels(), (t, n, m)
                assert r.prognostic_table == table
                assert r.prognostic_row is not None and r.prognostic_reason is None
                # Biology moves the stage, but never across the stage 0 / IV boundaries.
                assert (r.prognostic == "IV") == (r.anatomic == "IV")
                assert (r.prognostic == "0") == (r.anatomic == "0")


GOLDEN = [
    # (text, grade, er, pr, her2, rs, expected prognostic, citation)
    (
        "cT4d cN1 cM0",
        1,
        "+",
        "+",
        "+",
        None,
        "IIIA",
        "AJCC 8 clinical prognostic table, T4 N0-N2 row, G1 HER2+ ER+ PR+ (SEER EOD 16868; "
        "samchencode CLINICAL_PROGNOSTIC_STAGE)",
    ),
    ("cT4d cN1 cM0", 2, "+", "+", "+", None, "IIIA", "same row, G2 (SEER EOD 16868)"),
    ("cT4d cN1 cM0", 3, "+", "+", "+", None, "IIIB", "same row, G3 (SEER EOD 16868)"),
    ("cT1 cN0 cM0", 1, "+", "+", "+", None, "IA", "NCI PDQ Table 9, T1 N0 row, G1 HER2+ ER+ PR+"),
    ("cT1 cN0 cM0", 1, "-", "-", "-", None, "IB", "NCI PDQ Table 9, T1 N0 row, G1 triple-negative"),
    (
        "cT2 cN0 cM0",
        3,
        "-",
        "-",
        "-",
        None,
        "IIB",
        "NCI PDQ Table 9, T2 N0 row, G3 triple-negative",
    ),
    (
        "cT3 cN0 cM0",
        2,
        "-",
        "-",
        "-",
        None,
        "IIIB",
        "NCI PDQ Table 9, T2 N1/T3 N0 row, G2 triple-negative (VistA's IIB is an outlier)",
    ),
    (
        "cT2 cN2 cM0",
        1,
        "-",
        "-",
        "-",
        None,
        "IIIB",
        "NCI PDQ Table 9, T0-T3 N2 row, G1 triple-negative (VistA's IIB is an outlier)",
    ),
    ("pT2 pN0 cM0", 1, "+", "-", "-", None, "IB", "AJCC 8 pathological table (SEER EOD 21522)"),
    (
        "pT2 pN0 cM0",
        1,
        "+",
        "-",
        "-",
        8,
        "IA",
        "AJCC 8 pathological table, Oncotype DX RS < 11 note (SEER EOD 21522 / 10827)",
    ),
    (
        "pT2 pN0 cM0",
        3,
        "+",
        "-",
        "-",
        8,
        "IA",
        "Oncotype DX rule: any grade, any PR (SEER EOD 10827, AJCC 8 pathological table note)",
    ),
    (
        "pT2 pN0 cM0",
        3,
        "+",
        "-",
        "-",
        11,
        "IIA",
        "Oncotype DX rule needs RS below 11 (SEER EOD 10827); G3 HER2- ER+ PR- T2 N0 row of the "
        "pathological table (SEER EOD 21522)",
    ),
    (
        "pT1 pN1a cM0",
        1,
        "+",
        "+",
        "-",
        5,
        "IA",
        "Oncotype rule does not apply with N1; the ordinary row gives IA here (SEER EOD 21522)",
    ),
]


@pytest.mark.parametrize(
    ("text", "grade", "er", "pr", "her2", "rs", "expected", "citation"), GOLDEN,
    ids=[f"{g[0]}-G{g[1]}-{g[2]}{g[3]}{g[4]}-rs{g[5]}" for g in GOLDEN],
)  # fmt: skip
def test_golden_prognostic_cases(text, grade, er, pr, her2, rs, expected, citation):
    # Each citation names a source that holds this table (SEER EOD 2018 algorithm tables:
    # 16868 clinical, 21522 pathological, 10827 Oncotype DX < 11; NCI PDQ Table 9 is clinical;
    # samchencode/breast-cancer-staging transcribes both), as listed in
    # breastcancer_kit/data/prognostic_stage_groups.json.
    table = "clinical" if text.startswith("c") else "pathological"
    sources = re.findall(r"SEER EOD (\d{5})|(NCI PDQ Table 9)|(samchencode)", citation)
    assert sources, citation
    eod_table = {"16868": "clinical", "21522": "pathological", "10827": "pathological"}
    for eod, pdq, _ in sources:
        if eod:
            assert eod_table[eod] == table, citation
        if pdq:
            assert table == "clinical", citation
    if rs is not None:
        assert "Oncotype" in citation, citation
    assert f"G{grade}" in citation or table == "pathological", citation
    r = bck.stage(text, grade=grade, er=er, pr=pr, her2=her2, oncotype_rs=rs)
    assert r.prognostic == expected


def test_inflammatory_cancer_can_be_clinical_iiia():
    # The guide says IBC is "always at least IIIB": true anatomically, but the clinical
    # prognostic stage of a G1-2 ER+ PR+ HER2+ T4d tumour is IIIA.
    for grade in (1, 2):
        r = bck.stage("cT4d cN0 cM0", grade=grade, er="+", pr="+", her2="+")
        assert (r.anatomic, r.prognostic) == ("IIIB", "IIIA")


def test_oncotype_rule_row_and_explanation():
    r = bck.stage("pT2 pN0 cM0", grade=2, er="+", pr="-", her2="-", oncotype_rs=9)
    assert r.prognostic_row.source == "prognostic_oncotype_rule.csv"
    assert "Oncotype" in r.explain()


def test_oncotype_is_ignored_by_the_clinical_table():
    r = bck.stage("cT2 cN0 cM0", grade=1, er="+", pr="-", her2="-", oncotype_rs=5)
    assert r.prognostic == "IIA"  # clinical row 2, G1, HER2- ER+ PR-; pathological RS<11 is IA
    assert any("not used by the clinical" in n for n in r.notes)


def test_oncotype_needs_er_positive_her2_negative():
    r = bck.stage("pT2 pN0 cM0", grade=1, er="-", pr="+", her2="-", oncotype_rs=5)
    assert r.prognostic == "IB"
    assert any("applies only to T1-T2 N0 M0" in n for n in r.notes)


def test_post_therapy_has_no_prognostic_stage_but_keeps_anatomic():
    r = bck.stage("ypT2 ypN1a cM0", grade=2, er="+", pr="+", her2="-")
    assert r.anatomic == "IIB" and r.prognostic is None and r.prognostic_table is None
    assert "neoadjuvant" in r.prognostic_reason
    assert "No prognostic stage" in r.explain()


@pytest.mark.parametrize(
    ("kwargs", "missing"),
    [({"grade": 2, "er": "+", "pr": "+"}, "HER2"), ({"er": "+", "pr": "+", "her2": "-"}, "grade"),
     ({"grade": 1}, "ER, PR and HER2")],
)  # fmt: skip
def test_missing_biomarker_gives_reason_and_anatomic_still_comes_back(kwargs, missing):
    r = bck.stage("cT2 cN1 cM0", **kwargs)
    assert r.anatomic == "IIB" and r.prognostic is None
    assert r.prognostic_reason.lower().startswith(missing.lower())


def test_no_biomarkers_means_anatomic_only_explanation():
    r = bck.stage("cT2 cN1 cM0")
    assert r.prognostic is None and "missing" in r.prognostic_reason
    assert "prognostic" not in r.explain().lower()


@pytest.mark.parametrize("her2", ["low", "HER2-low", "ultralow", "ish-equivocal", "-", False])
def test_her2_low_ultralow_and_ish_equivocal_are_negative(her2):
    r = bck.stage("cT2 cN1 cM0", grade=3, er="+", pr="+", her2=her2)
    neg = bck.stage("cT2 cN1 cM0", grade=3, er="+", pr="+", her2="negative")
    assert r.prognostic == neg.prognostic == "IIB"


def test_her2_equivocal_awaiting_ish_is_not_staged():
    r = bck.stage("cT2 cN1 cM0", grade=3, er="+", pr="+", her2="equivocal")
    assert r.prognostic is None and "ISH" in r.prognostic_reason


def test_er_low_counts_as_positive():
    r = bck.stage("cT2 cN1 cM0", grade=3, er="low", pr="-", her2="-")
    assert r.prognostic == bck.stage("cT2 cN1 cM0", grade=3, er="+", pr="-", her2="-").prognostic
    assert any("low positive" in n for n in r.notes)


def test_t0_node_positive_uses_nodal_biomarkers():
    r = bck.stage("cT0 cN2 cM0", grade=2, er="-", pr="-", her2="+")
    assert "tumour in the lymph node" in r.explain()


def test_tis_node_positive_reason_mentions_nodal_biomarkers():
    r = bck.stage("Tis N1 M0", grade=2, er="+", pr="+", her2="-")
    assert r.prognostic is None and "lymph node" in r.prognostic_reason


def test_explain_names_anatomic_group_row_and_table():
    text = bck.stage("cT2 cN1 cM0", grade=3, er="-", pr="-", her2="-").explain()
    assert "T2 N1 M0 is stage IIB" in text
    assert "Clinical prognostic stage IIIB" in text
    assert "row group 3" in text and "G3, ER-negative, PR-negative, HER2-negative" in text


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"grade": 4}, "grade"), ({"grade": "G5"}, "grade"), ({"grade": True}, "grade"),
     ({"her2": "3+"}, "her2"), ({"er": 1}, "er"), ({"pr": "maybe"}, "pr"),
     ({"oncotype_rs": -1}, "oncotype_rs"), ({"oncotype_rs": 101}, "oncotype_rs"),
     ({"oncotype_rs": "low"}, "oncotype_rs")],
)  # fmt: skip
def test_bad_biomarkers_raise_staging_error(kwargs, field):
    with pytest.raises(bck.StagingError) as info:
        bck.stage("cT2 cN1 cM0", **kwargs)
    assert str(info.value).startswith(f"{field}:")
    assert "got" in str(info.value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("G1", 1), ("grade 2", 2), (3.0, 3), ("GX", None), (float("nan"), None), (None, None)],
)
def test_grade_spellings(value, expected):
    assert bck.prognostic.biomarkers(grade=value).grade == expected


def test_prognostic_grid_for_a_profile():
    g = bck.prognostic.prognostic_grid("pathological", 3, "negative", "negative", "negative")
    assert len(g) == 42
    staged = g.dropna(subset=["anatomic_stage"])
    assert staged.prognostic_stage.notna().all()
    assert g.prognostic_stage.cat.ordered
