"""Hostile input: nothing hangs, nothing escapes the error family, stage_frame equals stage().

Each test here would have caught one of the defects reported in issue 9 (a cubic tokenizer,
float overflow on huge integers, a label read on the wrong field, stage_frame merging 1 and
True or accepting "8" as a score, memory growing with distinct values). A longer fuzz run:
`python benchmarks/fuzz_inputs.py`.
"""

from __future__ import annotations

import math
import tracemalloc
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import breastcancer_kit as bck
from breastcancer_kit.cli import main
from breastcancer_kit.frames import stage_frame
from breastcancer_kit.limits import MAX_TEXT_LENGTH
from breastcancer_kit.staging import parsing
from breastcancer_kit.ui import tnm as tnm_ui

LONG = "T2" + "," * 4000 + ")"
HOSTILE_TEXT = [
    LONG,
    "T2" + " " * 100_000 + "N0 M0",
    "(" * 5000,
    "pT1" + "(sn)" * 3000,
    "T2 N1 M0 " * 50,
]


@pytest.mark.parametrize("text", HOSTILE_TEXT, ids=lambda t: f"{t[:8]!r}x{len(t)}")
def test_every_text_entry_point_refuses_overlong_input_by_name(text, capsys):
    limit = f"at most {MAX_TEXT_LENGTH} characters"
    with pytest.raises(bck.StagingError, match=limit):
        bck.stage(text)
    with pytest.raises(bck.StagingError, match=limit):
        bck.parse_tnm(t=text, n="N0", m="M0")
    with pytest.raises(bck.StagingError, match=limit):
        bck.stage("cT2 cN1 cM0", grade=text)
    with pytest.raises(bck.StagingError, match=limit):
        bck.stage("cT2 cN1 cM0", er=text)
    with pytest.raises(bck.ReceptorError, match=limit):
        bck.receptor_status(10, 10, text)
    assert limit in stage_frame(pd.DataFrame({"tnm": [text]})).stage_reason[0]
    view = tnm_ui.stage_view(text=text)
    assert not view.ok and limit in view.explanation
    assert main(["stage", text]) == 2
    assert limit in capsys.readouterr().err


def test_a_classification_within_the_limit_still_reads():
    text = "  ypT1c (m)  ,  ypN1mi (sn) ;  cM0  "
    assert len(text) < MAX_TEXT_LENGTH
    assert str(bck.parse_tnm(text)) == "ypT1c(m) ypN1mi(sn) cM0"


def test_tokenizer_is_linear_in_its_input():
    # The chunker touches each character once: 100x the input, at most ~100x the work.
    # (Counted, not timed: a str subclass counts how many characters are read.)
    class Counting(str):
        reads = 0

        def lower(self):
            return Counting(str.lower(self))

        def __iter__(self):
            for ch in str.__iter__(self):
                Counting.reads += 1
                yield ch

    for size in (10, 1000):
        Counting.reads = 0
        parsing._chunks(Counting("T2 ," * size + ")"))
        assert Counting.reads == 4 * size + 1


SEPARATED = st.text(alphabet="TNMcpyi0123abcdmsnf(),;+/ \t", max_size=MAX_TEXT_LENGTH)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SEPARATED)
def test_separator_heavy_text_gives_a_result_or_a_staging_error(text):
    try:
        bck.stage(text)
    except bck.StagingError:
        pass


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["cT2 cN1 cM0", "pT1c(m) pN1mi(sn) cM0", "ypT0 ypN0(i+) cM0", "T4d N3c M1"]),
    st.lists(st.sampled_from([" ", ",", ";", " , ", "\t"]), min_size=3, max_size=3),
)
def test_separators_between_categories_do_not_change_the_result(text, separators):
    parts = text.split()
    joined = "".join(p + s for p, s in zip(parts, separators, strict=True))
    assert bck.stage(joined).tnm == bck.stage(text).tnm


# ------------------------------------------------------------------ numbers

HOSTILE_NUMBERS = [
    10**400, -(10**400), 10**5000, -1, float("nan"), float("inf"), -math.inf, True,
    "5", b"5", Decimal("5"), complex(1, 1), [5], {"a": 1}, object(),
]  # fmt: skip
NUMBER_CALLS = {
    "size_mm": lambda v: bck.t_from_size_mm(v),
    "largest_deposit_mm": lambda v: bck.pn_from_positive_nodes(2, largest_deposit_mm=v),
    "positive_nodes": lambda v: bck.pn_from_positive_nodes(v),
    "grade": lambda v: bck.stage("pT2 pN0 cM0", grade=v, er="+", pr="+", her2="-"),
    "oncotype_rs": lambda v: bck.stage("pT2 pN0 cM0", grade=1, er="+", pr="+", her2="-",
                                       oncotype_rs=v),
    "er_percent": lambda v: bck.receptor_status(v, 0, "0"),
    "her2_ihc": lambda v: bck.receptor_status(0, 0, v),
    "her2_ish_ratio": lambda v: bck.receptor_status(0, 0, "2+", v, 3.0),
    "age": lambda v: bck.genetic_testing_prompts("triple-negative", age=v),
}  # fmt: skip


@pytest.mark.parametrize("field", sorted(NUMBER_CALLS))
@pytest.mark.parametrize("value", HOSTILE_NUMBERS, ids=lambda v: type(v).__name__)
def test_numbers_out_of_range_are_refused_by_the_family(field, value):
    if field in ("grade", "oncotype_rs") and isinstance(value, float) and value != value:
        # NaN is how a DataFrame says "not given": the marker is missing, not wrong.
        result = NUMBER_CALLS[field](value)
        assert (result.prognostic is None) == (field == "grade")
        return
    with pytest.raises(bck.BreastCancerKitError) as caught:
        NUMBER_CALLS[field](value)
    assert caught.value.field == field, caught.value
    assert len(str(caught.value)) < 400  # a huge number is described, not printed


def test_no_float_overflow_anywhere():
    for call in NUMBER_CALLS.values():
        with pytest.raises(bck.BreastCancerKitError):
            call(10**400)


def test_a_label_on_the_wrong_field_is_refused():
    with pytest.raises(bck.StagingError, match="er: unknown ER result"):
        bck.stage("cT2 cN1 cM0", grade=2, er="HER2+", pr="+", her2="-")
    with pytest.raises(bck.StagingError, match="her2: unknown HER2 result"):
        bck.stage("cT2 cN1 cM0", grade=2, er="+", pr="+", her2="ER+")
    assert bck.stage("cT2 cN1 cM0", grade=2, er="ER+", pr="PR-", her2="HER2-").prognostic


# ------------------------------------------------------------------ stage_frame vs stage()

BASE = {"t": "pT2", "n": "pN0", "m": "cM0", "er": "+", "pr": "-", "her2": "-"}
TYPED = [
    {"grade": 1}, {"grade": True}, {"grade": 1.0}, {"grade": np.int64(2)}, {"grade": "G3"},
    {"grade": 3, "oncotype_rs": 8}, {"grade": 3, "oncotype_rs": "8"},
    {"grade": 3, "oncotype_rs": b"8"}, {"grade": 3, "oncotype_rs": Decimal("8")},
    {"grade": 3, "oncotype_rs": True}, {"grade": 3, "oncotype_rs": 10**400},
    {"grade": [1]}, {"grade": {"g": 1}}, {"t": ["T2"]}, {"er": None}, {"her2": float("nan")},
    {"t": LONG},
]  # fmt: skip


def _stage_or_none(row: dict) -> tuple[object, object]:
    kwargs = {k: row.get(k) for k in ("grade", "er", "pr", "her2", "oncotype_rs")}
    try:
        result = bck.stage(t=row["t"], n=row["n"], m=row["m"], **kwargs)
    except bck.BreastCancerKitError:
        return None, None
    return result.anatomic, result.prognostic


def _as_python(value: object) -> object:
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else value


@pytest.mark.parametrize("order", ["forward", "reversed"])
def test_stage_frame_equals_stage_on_hostile_types(order):
    rows = [{**BASE, "oncotype_rs": None, **extra} for extra in TYPED]
    if order == "reversed":
        rows = rows[::-1]
    df = pd.DataFrame(rows, dtype=object)
    before = df.copy(deep=True)
    out = stage_frame(df)
    pd.testing.assert_frame_equal(df, before)  # the input is never mutated
    for i, row in enumerate(rows):
        got = (
            _as_python(out["anatomic_stage"].iloc[i]),
            _as_python(out["prognostic_stage"].iloc[i]),
        )
        assert got == _stage_or_none(row), (row, out["stage_reason"].iloc[i])


def test_stage_frame_memory_grows_with_rows_not_with_distinct_values():
    n = 3000  # distinct junk in every column: the cross product would be 8e13 slots
    junk = pd.DataFrame(
        {c: [f"{c}{i}" for i in range(n)] for c in ("t", "n", "m")}
        | {"basis": [f"b{i}" for i in range(n)]}
    )
    tracemalloc.start()
    try:
        out = stage_frame(junk)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert out["anatomic_stage"].isna().all()
    assert peak < 64 * 2**20, f"peak {peak / 2**20:.0f} MiB"


def test_stage_frame_refuses_duplicate_columns_by_name():
    df = pd.DataFrame([["T2", "N1", "M0", "T3"]], columns=["t", "n", "m", "t"])
    with pytest.raises(bck.StagingError, match=r"more than one column named \(got \['t'\]\)"):
        stage_frame(df)
