"""The case generator and the checker, checked against the engine called independently.

Every generated case at every level, over many seeds, is answered here by calling
``stage()`` / ``receptor_status()`` / ``t_from_size_mm()`` / ``pn_from_positive_nodes()``
directly (never through the case's own properties), and the checker must agree. Golden
cases carry their citation; determinism is pinned with literal values.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import breastcancer_kit as bck
from breastcancer_kit.cases import (
    MAX_CASES,
    NO_STAGE,
    Ask,
    Case,
    CaseError,
    Findings,
    Level,
    Presentation,
    ReceptorReport,
    answer_fields,
    answer_options,
    check,
    example_tnm,
    from_id,
    generate,
    series,
)
from breastcancer_kit.receptors.subtypes import NO_SUBTYPE

SEEDS = range(40)
PER_SEED = 12
STAGES = bck.stage_labels()


@cache
def all_cases(level: Level) -> tuple[Case, ...]:
    # Cases are frozen: every test reads the same ones (drawn once per level).
    return tuple(c for seed in SEEDS for c in series(seed, level, PER_SEED))


@pytest.fixture(scope="module", params=list(Level), ids=lambda lv: lv.value)
def level_cases(request) -> tuple[Level, tuple[Case, ...]]:
    return request.param, all_cases(request.param)


# ------------------------------------------------------------------ independent answers


def engine_biomarkers(case: Case) -> dict:
    """ER/PR/HER2 as the test reads them: the report through receptor_status, or as given."""
    if case.report is not None:
        r = bck.receptor_status(
            case.report.er_percent,
            case.report.pr_percent,
            case.report.her2_ihc,
            case.report.her2_ish_ratio,
            case.report.her2_copy_number,
        )
        er, pr, her2 = r.er.value, r.pr.value, r.her2.value
    else:
        er, pr, her2 = case.er, case.pr, case.her2
    return dict(grade=case.grade, er=er, pr=pr, her2=her2, oncotype_rs=case.oncotype_rs)


def independent_answer(case: Case) -> str:
    if case.ask is Ask.STAGE:
        return bck.stage(case.tnm).anatomic or NO_STAGE
    if case.ask is Ask.PROGNOSTIC_STAGE:
        return bck.stage(case.tnm, **engine_biomarkers(case)).prognostic or NO_STAGE
    if case.ask is Ask.SUBTYPE:
        r = bck.receptor_status(
            case.report.er_percent, case.report.pr_percent, case.report.her2_ihc,
            case.report.her2_ish_ratio, case.report.her2_copy_number,
        )  # fmt: skip
        return r.subtype.value if r.subtype else NO_SUBTYPE
    if case.ask is Ask.TNM:
        return str(bck.parse_tnm(case.tnm))
    raise AssertionError(case.ask)


def a_wrong_answer(case: Case) -> str | dict:
    if case.ask is Ask.SUBTYPE:
        options = [s.value for s in bck.Subtype] + [NO_SUBTYPE]
        return next(o for o in options if o != independent_answer(case))
    if case.ask is Ask.TNM:
        tnm = bck.parse_tnm(case.tnm)
        # Another T group: wrong at either precision.
        other = next(g for g in ("T2", "T3") if g != tnm.t.group)
        return f"{other} {tnm.n.code} {tnm.m.code}"
    if case.ask is Ask.REVERSE_TNM:
        return "T2 N0 M1" if case.target_stage != "IV" else "T2 N0 M0"
    return next(s for s in (*STAGES, NO_STAGE) if s != independent_answer(case))


def test_every_case_at_every_level_matches_the_engine(level_cases):
    level, cases = level_cases
    assert len(cases) == len(SEEDS) * PER_SEED
    for case in cases:
        assert case.series_level is level
        assert case.level is not Level.MIXED
        if level is not Level.MIXED:
            assert case.level is level
        if case.ask is Ask.REVERSE_TNM:
            assert case.target_stage in STAGES
            assert bck.stage(case.expected).anatomic == case.target_stage
            continue
        want = independent_answer(case)
        assert case.expected == want, case
        assert check(case, want).correct, case
        wrong = check(case, a_wrong_answer(case))
        assert not wrong.correct, case
        assert wrong.expected == want
        assert wrong.case_id == case.id


def test_explanations_are_the_engines(level_cases):
    _, cases = level_cases
    for case in cases[:120]:
        if case.ask is Ask.SUBTYPE:
            r = bck.receptor_status(
                case.report.er_percent, case.report.pr_percent, case.report.her2_ihc,
                case.report.her2_ish_ratio, case.report.her2_copy_number,
            )  # fmt: skip
            assert r.explain() in case.explanation
        elif case.ask is Ask.REVERSE_TNM:
            assert bck.stage(example_tnm(case.target_stage)).explain() in case.explanation
        else:
            assert bck.stage(case.tnm, **engine_biomarkers(case)).explain() in case.explanation


# ------------------------------------------------------------------ what each level draws


def test_levels_draw_what_they_promise():
    basic = all_cases(Level.BASIC)
    assert {c.ask for c in basic} == {Ask.STAGE, Ask.TNM}
    for c in basic:
        tnm = bck.parse_tnm(c.tnm)
        assert {tnm.t.prefix.value, tnm.n.prefix.value} == {"c"}
        assert tnm.t.suffixes == tnm.n.suffixes == ()
        assert bck.stage(c.tnm).anatomic is not None
        assert bck.stage(t=tnm.t.group, n=tnm.n.group, m="M0").anatomic is not None
        assert not (tnm.t.group == "Tis" and tnm.n.group != "N0"), c  # no registry dispute
        if c.ask is Ask.STAGE:  # main categories only
            assert tnm.t.code == tnm.t.group and tnm.n.code == tnm.n.group
            assert "X" not in tnm.t.code + tnm.n.code

    sub = all_cases(Level.SUBCATEGORIES)
    suffixes = Counter(s for c in sub for cat in bck.parse_tnm(c.tnm).__dict__.values()
                       for s in cat.suffixes)  # fmt: skip
    assert set(suffixes) == {"(m)", "(sn)", "(f)"}
    codes = {bck.parse_tnm(c.tnm).n.code for c in sub}
    assert {"N1mi", "N0(i+)", "N3c", "N2b"} <= codes
    assert {Presentation.TNM_TEXT, Presentation.CLINICAL, Presentation.PATHOLOGY} == {
        c.presentation for c in sub
    }
    assert all(c.exact_codes for c in sub if c.ask is Ask.TNM)

    prog = all_cases(Level.PROGNOSTIC)
    assert {c.ask for c in prog} == {Ask.PROGNOSTIC_STAGE}
    assert any(c.oncotype_rs is not None for c in prog)
    assert any(c.report is not None for c in prog)
    assert {bck.parse_tnm(c.tnm).basis.value for c in prog} == {"clinical", "pathological"}

    traps = all_cases(Level.TRAPS)
    answers = Counter(c.expected for c in traps)
    assert answers[NO_STAGE] > len(traps) // 4  # many traps have no stage group
    assert len(answers) > 4  # ... and some are staged after all (TX N3, yp residual, M1)
    kinds = Counter(bck.stage(c.tnm).row.rule for c in traps)
    assert {"complete-response", "unassessed", "tis-node-positive"} <= set(kinds)
    assert any(bck.parse_tnm(c.tnm).basis.value == "post-therapy" for c in traps)
    for c in traps:
        tnm = bck.parse_tnm(c.tnm)
        unusual = (
            tnm.basis.value == "post-therapy"
            or "X" in tnm.t.code + tnm.n.code
            or bck.stage(c.tnm).anatomic is None
        )
        assert unusual, c

    rec = all_cases(Level.RECEPTORS)
    assert {c.expected for c in rec} == {*(s.value for s in bck.Subtype), NO_SUBTYPE}
    assert any(c.report.her2_ish_ratio is not None for c in rec)
    assert any(bck.receptor_status(c.report.er_percent, 0, "0").er_low for c in rec)

    rev = all_cases(Level.REVERSE)
    assert {c.target_stage for c in rev} == set(STAGES)

    mixed = all_cases(Level.MIXED)
    assert {c.level for c in mixed} == set(Level.drawn())


# ------------------------------------------------------------------ descriptions re-read


def test_descriptions_read_back_to_the_same_categories():
    seen = Counter()
    definition = bck.categories("T").set_index("code").definition
    for level in (Level.BASIC, Level.SUBCATEGORIES, Level.TRAPS, Level.PROGNOSTIC):
        for case in all_cases(level):
            f = case.findings
            if f is None:
                continue
            tnm = bck.parse_tnm(case.tnm)
            text = case.render(Presentation.CLINICAL) + case.render(Presentation.PATHOLOGY)
            if f.size_mm is not None:
                seen["size"] += 1
                assert f"{f.size_mm:g} mm" in text
                assert bck.t_from_size_mm(f.size_mm) == tnm.t.code, case
            else:
                assert definition[tnm.t.code][1:] in text
            if f.positive_nodes is not None:
                seen["nodes"] += 1
                assert f"{f.positive_nodes} of {f.nodes_examined}" in text or (
                    f.positive_nodes == 0 and f"none of the {f.nodes_examined}" in text
                )
                assert f.nodes_examined >= f.positive_nodes
                got = bck.pn_from_positive_nodes(
                    f.positive_nodes,
                    largest_deposit_mm=f.largest_deposit_mm,
                    prefix=tnm.n.prefix.value,
                )
                assert got == f"{tnm.n.prefix.value}{tnm.n.code}", case
            if tnm.m.group == "M1":
                seen["m1"] += 1
                assert f.metastasis_sites and all(s in text for s in f.metastasis_sites)
            else:
                assert not f.metastasis_sites
    assert seen["size"] > 100 and seen["nodes"] > 50 and seen["m1"] > 5


def test_half_millimetre_sizes_follow_the_rounding_rule():
    # Subcategory cases may give 20.5 mm (rounds to 21: T2) or 1.5 mm (recorded as 2: T1a).
    sizes = {
        c.findings.size_mm
        for c in all_cases(Level.SUBCATEGORIES)
        if c.findings and c.findings.size_mm is not None
    }
    assert any(s != int(s) for s in sizes)


def test_every_case_renders_in_every_form():
    for case in series(5, Level.MIXED, 60):
        for how in Presentation:
            text = case.render(how)
            assert text and len(text) < 2000
        assert case.text == case.render(case.presentation)
        assert case.question.endswith((".", "?"))
        if case.tnm:
            assert case.render("TNM text").startswith(case.tnm)


# ------------------------------------------------------------------ golden cases (cited)

AJCC = "AJCC Cancer Staging Manual 8th ed., breast chapter, Anatomic Stage Groups table"
AJCC_PROG_CLIN = "AJCC 8th ed., breast chapter, Clinical Prognostic Stage table"
AJCC_PROG_PATH = "AJCC 8th ed., breast chapter, Pathological Prognostic Stage table (Oncotype DX)"
AJCC_POST = "AJCC 8th ed., breast chapter, post-neoadjuvant therapy classification (ypT0 ypN0)"
ASCO_ER = "ASCO/CAP ER/PR guideline 2020 (Allison et al.): positive at >= 1 %"
ASCO_HER2 = "ASCO/CAP HER2 guideline 2018 (Wolff et al.), Figs 1 and 3"


def _stage_case(tnm: str, **kw) -> Case:
    ask = kw.pop("ask", Ask.STAGE)
    return Case(Level.BASIC, Level.BASIC, 0, 0, ask, Presentation.TNM_TEXT, tnm=tnm, **kw)


GOLDEN_STAGES = [
    ("cT1 cN0 cM0", "IA", AJCC),
    ("cT0 cN1mi cM0", "IB", AJCC),
    ("cT2 cN0 cM0", "IIA", AJCC),
    ("cT2 cN1 cM0", "IIB", AJCC),
    ("cT3 cN0 cM0", "IIB", AJCC),
    ("cT3 cN1 cM0", "IIIA", AJCC),
    ("cT4d cN1 cM0", "IIIB", AJCC),
    ("cT1 cN3 cM0", "IIIC", AJCC),
    ("cT2 cN0 cM1", "IV", AJCC),
    ("cTis cN0 cM0", "0", AJCC),
    ("ypT0 ypN0 cM0", NO_STAGE, AJCC_POST),
]


@pytest.mark.parametrize(("tnm", "stage", "source"), GOLDEN_STAGES)
def test_golden_stage_cases(tnm, stage, source):
    case = _stage_case(tnm)
    assert case.expected == stage, source
    assert check(case, stage).correct
    assert check(case, {"stage": stage}).correct
    assert not check(case, "IIIC" if stage != "IIIC" else "IIIB").correct


@pytest.mark.parametrize(
    ("tnm", "markers", "stage", "source"),
    [
        ("cT4d cN1 cM0", dict(grade=1, er="positive", pr="positive", her2="positive"), "IIIA",
         AJCC_PROG_CLIN),
        ("pT2 pN0 cM0", dict(grade=3, er="positive", pr="negative", her2="negative",
                             oncotype_rs=8.0), "IA", AJCC_PROG_PATH),
    ],
)  # fmt: skip
def test_golden_prognostic_cases(tnm, markers, stage, source):
    case = _stage_case(tnm, ask=Ask.PROGNOSTIC_STAGE, **markers)
    assert case.expected == stage, source
    assert check(case, f"stage {stage.lower()}").correct


@pytest.mark.parametrize(
    ("report", "subtype", "source"),
    [
        (ReceptorReport(5, 0, "1+"), "HR+/HER2-", ASCO_ER),
        (ReceptorReport(0, 0, "2+"), NO_SUBTYPE, ASCO_HER2),
        (ReceptorReport(0, 0, "2+", 2.5, 5.0), "HR-/HER2+", ASCO_HER2),
        (ReceptorReport(0, 0, "3+"), "HR-/HER2+", ASCO_HER2),
        (ReceptorReport(0, 0.5, "1+"), "triple-negative", ASCO_ER),
    ],
)
def test_golden_receptor_cases(report, subtype, source):
    case = Case(Level.RECEPTORS, Level.RECEPTORS, 0, 0, Ask.SUBTYPE, Presentation.PATHOLOGY,
                report=report)  # fmt: skip
    assert case.expected == subtype, source
    assert check(case, subtype).correct
    assert report.render() in case.text


def test_golden_description_reads_as_its_categories():
    # 34 mm -> T2 (>20 to 50 mm); 5 nodes with a 6 mm deposit -> pN2a (4-9 nodes):
    # AJCC 8th ed. T and pN definitions. With cM0: T2 N2 M0 is IIIA (Anatomic Stage Groups).
    case = Case(
        Level.SUBCATEGORIES, Level.SUBCATEGORIES, 0, 0, Ask.TNM, Presentation.PATHOLOGY,
        tnm="pT2 pN2a cM0", findings=Findings(34, 5, 14, 6.0), exact_codes=True,
    )  # fmt: skip
    assert "34 mm" in case.text and "5 of 14" in case.text
    fb = check(case, "pT2 pN2a cM0")
    assert fb.correct and fb.given == "pT2 pN2a cM0 (stage IIIA)"
    assert "34 mm is T2" in fb.explanation
    assert not check(case, "pT2 pN1a cM0").correct
    assert not check(case, {"t": "T2", "n": "N2", "m": "M0"}).correct  # subcategory asked
    loose = Case(Level.BASIC, Level.BASIC, 0, 0, Ask.TNM, Presentation.CLINICAL,
                 tnm="cT2 cN1 cM0", findings=Findings(34), exact_codes=False)  # fmt: skip
    assert check(loose, "T2 N1 M0").correct and check(loose, "pT2 pN1a cM0").correct


# ------------------------------------------------------------------ reverse questions


@pytest.mark.parametrize("target", STAGES)
def test_reverse_answers_are_checked_by_the_engine_over_the_whole_grid(target):
    case = Case(Level.REVERSE, Level.REVERSE, 0, 0, Ask.REVERSE_TNM, Presentation.TNM_TEXT,
                target_stage=target)  # fmt: skip
    assert target in case.question
    right = 0
    for m in ("M0", "M1"):
        grid = bck.stage_grid(m)
        for row in grid.itertuples():
            text = f"{row.t} {row.n} {m}"
            fb = check(case, text)
            assert fb.correct == (bck.stage(text).anatomic == target), text
            right += fb.correct
            dropdown = check(case, {"t": row.t, "n": row.n, "m": m, "prefix": "p"})
            assert dropdown.correct == fb.correct
    assert right >= 1
    assert check(case, case.expected).correct


def test_reverse_feedback_shows_the_stage_given():
    case = generate(11, Level.REVERSE)
    fb = check(case, "cT4 cN0 cM0")
    assert fb.given == "cT4 cN0 cM0 (stage IIIB)"
    assert fb.correct == (case.target_stage == "IIIB")
    assert case.target_stage in fb.expected


# ------------------------------------------------------------------ determinism


def test_same_seed_and_level_give_the_same_cases():
    for case in series(8, Level.MIXED, 30):
        assert from_id(case.id) == case
    for level in Level:
        assert series(99, level, 20) == series(99, level, 20)
        assert series(99, level, 20) != series(100, level, 20)
        assert series(99, level, 5) == series(99, level, 20)[:5]
        assert generate(99, level, 3) == series(99, level, 4)[3]


# Pinned: generate(2026, level, k) for k = 0, 1 (the series of the default seed).
PINNED = {
    "basic": ["cT4d cN1 cM1", "cT4 cN2 cM1"],
    "subcategories": ["cT1c(m) cN2b cM0", "pT1b(m) pN2b cM0"],
    "prognostic": ["pT2 pN3c cM0", "cT3 cN3a cM0"],
    "traps": ["ypT0 ypN0(mol+) cM0", "ypT4a ypN0(i+) cM0"],
    "reverse": ["IV", "IB"],
}


def test_series_are_pinned():
    for level, want in PINNED.items():
        got = [c.tnm or c.target_stage for c in series(2026, level, 2)]
        assert got == want, level
    first = generate(2026, Level.RECEPTORS)
    assert (first.report.er_percent, first.report.pr_percent, first.report.her2_ihc) == (
        0.0, 92.0, "0",
    )  # fmt: skip


def test_cases_do_not_depend_on_the_hash_seed():
    code = (
        "import json; from breastcancer_kit.cases import series; "
        "print(json.dumps([repr(c) for c in series(7, 'mixed', 15)]))"
    )
    runs = []
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             env=env, check=True, timeout=120)  # fmt: skip
        runs.append(json.loads(out.stdout))
    assert runs[0] == runs[1] == [repr(c) for c in series(7, "mixed", 15)]


# ------------------------------------------------------------------ answer spellings


def test_answer_spellings_are_read_as_the_engine_reads_them():
    case = _stage_case("cT4d cN1 cM0")
    for answer in ("IIIB", " iiib ", "Stage IIIB", "stage iiib", {"stage": "IIIB"}):
        assert check(case, answer).correct, answer
    unstaged = _stage_case("cTX cN0 cM0")
    for answer in ("no stage group", "No stage", "none", "not stageable", {"stage": NO_STAGE}):
        assert check(unstaged, answer).correct, answer
    rec = Case(Level.RECEPTORS, Level.RECEPTORS, 0, 0, Ask.SUBTYPE, Presentation.PATHOLOGY,
               report=ReceptorReport(0, 0, "0"))  # fmt: skip
    for answer in ("triple-negative", "Triple negative", "TNBC", {"subtype": "triple-negative"}):
        assert check(rec, answer).correct, answer
    eq = Case(Level.RECEPTORS, Level.RECEPTORS, 0, 0, Ask.SUBTYPE, Presentation.PATHOLOGY,
              report=ReceptorReport(50, 0, "2+"))  # fmt: skip
    assert check(eq, "equivocal").correct and check(eq, NO_SUBTYPE).correct
    assert not check(eq, "HR+/HER2-").correct


def test_answer_fields_and_options_come_from_the_engine():
    stage_case = _stage_case("cT2 cN1 cM0")
    assert answer_fields(stage_case) == ("stage",)
    assert answer_options(stage_case)["stage"] == (*STAGES, NO_STAGE)
    rev = generate(1, Level.REVERSE)
    opts = answer_options(rev, prefix="p")
    cats = bck.categories()
    assert set(opts["t"]) == set(cats[cats.axis == "T"].code)
    pn = cats[(cats.axis == "N") & (cats.classification == "pathological")].code
    assert set(opts["n"]) == set(pn)
    assert "N0(i+)" in opts["n"] and "N0(i+)" not in answer_options(rev, prefix="c")["n"]
    rec = generate(1, Level.RECEPTORS)
    assert answer_options(rec)["subtype"] == (*(s.value for s in bck.Subtype), NO_SUBTYPE)


# ------------------------------------------------------------------ bad input


BAD_ANSWERS = [
    ("", "answer"),
    ("   ", "answer"),
    ("T2" + "," * 5000, "answer"),
    (42, "answer"),
    (None, "answer"),
    ({"stage": ""}, "stage"),
    ({"stage": "IIIB", "t": "T2"}, "answer"),
    ({}, "answer"),
    ("IIID", "answer"),
    ("cT2 cN1 cM0", "answer"),  # a TNM to a stage question
]


@pytest.mark.parametrize(("answer", "field"), BAD_ANSWERS, ids=lambda v: repr(v)[:20])
def test_bad_stage_answers_raise_case_error(answer, field):
    with pytest.raises(CaseError) as info:
        check(_stage_case("cT2 cN1 cM0"), answer)
    err = info.value
    assert isinstance(err, bck.BreastCancerKitError) and isinstance(err, ValueError)
    assert err.field == field
    assert len(str(err)) < 600


@pytest.mark.parametrize(
    ("answer", "field"),
    [
        ("IIIB", "answer"),  # a stage to a T, N, M question
        ("T5 N0 M0", "answer"),
        ("T2 N1", "answer"),
        ({"t": "T2", "n": "N1"}, "answer"),
        ({"t": "T2", "n": "", "m": "M0"}, "n"),
        ({"t": "T2", "n": "N1", "m": "M0", "prefix": "q"}, "prefix"),
        ({"t": "T2", "n": "N1", "m": "M0", "grade": "1"}, "answer"),
        ("x" * 300, "answer"),
    ],
    ids=lambda v: repr(v)[:20],
)
def test_bad_tnm_answers_raise_case_error(answer, field):
    case = generate(1, Level.REVERSE)
    with pytest.raises(CaseError) as info:
        check(case, answer)
    assert info.value.field == field
    assert len(str(info.value)) < 800


def test_bad_subtype_answer_names_the_allowed_ones():
    with pytest.raises(CaseError) as info:
        check(generate(1, Level.RECEPTORS), "luminal Z")
    assert "HR+/HER2-" in info.value.allowed


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: generate(-1), "seed"),
        (lambda: generate(True), "seed"),
        (lambda: generate(1.5), "seed"),
        (lambda: generate(2**64), "seed"),
        (lambda: generate("1"), "seed"),
        (lambda: generate(1, "hard"), "level"),
        (lambda: generate(1, 3), "level"),
        (lambda: generate(1, "basic" * 100), "level"),
        (lambda: generate(1, "basic", -1), "number"),
        (lambda: series(1, "basic", 0), "n"),
        (lambda: series(1, "basic", MAX_CASES + 1), "n"),
        (lambda: check("IIIB", "IIIB"), "case"),
        (lambda: from_id("basic:1"), "case_id"),
        (lambda: from_id("basic:x:1"), "case_id"),
        (lambda: from_id(3), "case_id"),
        (lambda: from_id("hard:1:1"), "level"),
    ],
)
def test_bad_generator_input_raises_case_error(call, field):
    with pytest.raises(CaseError) as info:
        call()
    assert info.value.field == field
    if field == "level" and "too long" not in str(info.value):
        assert "traps" in info.value.allowed


def test_level_names_and_titles():
    assert [lv.value for lv in Level.drawn()] == [
        "basic", "subcategories", "prognostic", "traps", "receptors", "reverse",
    ]  # fmt: skip
    assert generate(3, " Basic ") == generate(3, Level.BASIC)
    assert all(lv.title and lv.summary for lv in Level)


# One case per kind of question, for the property test below.
ONE_PER_ASK = {
    c.ask: c for level in Level.drawn() for c in series(1, level, 12)
}  # fmt: skip
ANSWERS = st.one_of(
    st.text(max_size=250),
    st.sampled_from(["IIIB", "T2 N1 M0", "pT1c(m) pN1mi(sn) cM0", "none", "HR+/HER2-",
                     "(" * 300, "T2" + "," * 400]),
    st.dictionaries(st.sampled_from(["t", "n", "m", "prefix", "stage", "subtype", "x"]),
                    st.one_of(st.text(max_size=12), st.sampled_from(["T2", "N1", "M0", "p"]))),
    st.integers(), st.none(),
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(answer=ANSWERS)
def test_any_answer_gives_feedback_or_case_error(answer):
    assert set(ONE_PER_ASK) == set(Ask)
    for case in ONE_PER_ASK.values():
        try:
            fb = check(case, answer)
        except CaseError as err:
            assert err.field and len(str(err)) < 1000
        else:
            assert isinstance(fb.correct, bool) and fb.expected and fb.given
