"""stage_frame(): vectorised staging must give exactly what stage() gives, row by row."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

import breastcancer_kit as bck
from breastcancer_kit.frames import BASIS_PREFIX, stage_frame

# Every AJCC 8th-edition breast T and N code (NCI PDQ Tables 2-4), transcribed here rather than
# read from the package, so that a code dropped from the package is still exercised.
T_CODES = ["TX", "T0", "Tis", "Tis(DCIS)", "Tis(Paget)", "T1", "T1mi", "T1a", "T1b", "T1c", "T2",
           "T3", "T4", "T4a", "T4b", "T4c", "T4d"]  # fmt: skip
N_CODES = ["NX", "N0", "N0(i+)", "N0(mol+)", "N1mi", "N1", "N1a", "N1b", "N1c", "N2", "N2a",
           "N2b", "N3", "N3a", "N3b", "N3c"]  # fmt: skip
M_CODES = ["M0", "M0(i+)", "M1"]
PROFILES = list(itertools.product([1, 2, 3], ["+", "-"], ["+", "-"], ["+", "-"]))


def expected(row: dict) -> tuple[object, object, object]:
    """What stage() says for one frame row (the reference semantics)."""
    row = {k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in row.items()}
    basis = row.get("basis")
    kwargs = {k: row[k] for k in ("grade", "er", "pr", "her2", "oncotype_rs") if k in row}
    kwargs = {k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in kwargs.items()}
    try:
        if basis is not None and basis not in BASIS_PREFIX:
            raise bck.StagingError(
                "unknown basis", field="basis", value=basis, allowed=list(BASIS_PREFIX)
            )
        prefix = BASIS_PREFIX.get(basis, "c")
        if "tnm" in row:
            r = bck.stage(row["tnm"], prefix=prefix, **kwargs)
        else:
            r = bck.stage(t=row["t"], n=row["n"], m=row["m"], prefix=prefix, **kwargs)
    except bck.StagingError as err:
        return None, None, str(err)
    reason = r.reason if r.anatomic is None else r.prognostic_reason
    return r.anatomic, r.prognostic, reason


def check(df: pd.DataFrame) -> pd.DataFrame:
    out = stage_frame(df)
    assert len(out) == len(df)
    # Columns are pulled out once (row-wise .iloc was most of the run time).
    got = zip(
        *(
            [None if pd.isna(v) else v for v in out[col].tolist()]
            for col in ("anatomic_stage", "prognostic_stage", "stage_reason")
        ),
        strict=True,
    )
    for row, got_row in zip(df.to_dict("records"), got, strict=True):
        assert got_row == expected(row), row
    return out


def test_agrees_with_stage_on_the_whole_grid():
    rows = []
    for basis, t, n, m in itertools.product(BASIS_PREFIX, T_CODES, N_CODES, M_CODES):
        grade, her2, er, pr = PROFILES[len(rows) % len(PROFILES)]
        rows.append(
            {
                "t": t,
                "n": n,
                "m": m,
                "basis": basis,
                "grade": grade,
                "er": er,
                "pr": pr,
                "her2": her2,
                "oncotype_rs": [None, 5.0, 30.0][len(rows) % 3],
            }
        )
    out = check(pd.DataFrame(rows))
    assert out.anatomic_stage.notna().sum() > 1000 and out.prognostic_stage.notna().sum() > 500


def test_agrees_with_stage_for_every_profile_and_table():
    rows = []
    for prefix, t, n, m in itertools.product(
        ["c", "p", "yp"],
        ["T0", "Tis", "T1", "T2", "T3", "T4", "TX"],
        ["N0", "N1mi", "N1", "N2", "N3", "NX"],
        ["cM0", "cM1"],
    ):
        for grade, her2, er, pr in PROFILES:
            rows.append(
                {
                    "t": prefix + t,
                    "n": prefix + n,
                    "m": m,
                    "grade": grade,
                    "er": er,
                    "pr": pr,
                    "her2": her2,
                }
            )
    df = pd.DataFrame(rows)
    out = check(df)
    assert set(out.prognostic_stage.dropna()) == set(bck.stage_labels())


def test_missing_equivocal_and_invalid_biomarkers():
    values = {
        "grade": [1, 3, None, "G2", 4, "GX"],
        "er": ["+", "-", None, "low", "maybe"],
        "pr": ["+", None, True],
        "her2": ["-", "+", "equivocal", "low", None, "3+"],
        "oncotype_rs": [None, 3, 10.9, 11, 150, -2],
    }
    rows = [dict(zip(values, combo, strict=True)) for combo in itertools.product(*values.values())]
    df = pd.DataFrame(rows)
    df["t"], df["n"], df["m"] = "pT2", "pN0", "cM0"
    check(df)


def test_tnm_column_and_invalid_rows_never_abort():
    df = pd.DataFrame(
        {
            "tnm": [
                "cT2 cN1 cM0",
                "T5 N0 M0",
                None,
                "ypT0 ypN0 cM0",
                "pT1c(m) pN1mi(sn) cM0",
                "",
                "Tis N1 M0",
                "TX NX M1",
                "T1 N0 MX",
                "T2N1M0",
            ],
            "basis": [
                "clinical",
                "clinical",
                "clinical",
                "post-therapy",
                None,
                "clinical",
                "pathological",
                "clinical",
                "clinical",
                "surgery",
            ],
            "grade": [2] * 10,
            "er": ["+"] * 10,
            "pr": ["-"] * 10,
            "her2": ["-"] * 10,
        }
    )
    out = check(df)
    assert out.anatomic_stage.isna().sum() >= 5


def test_output_types_and_input_untouched():
    df = pd.DataFrame({"t": ["T2", "T1"], "n": ["N1", "N0"], "m": ["M0", "M0"]})
    before = df.copy()
    out = stage_frame(df)
    pd.testing.assert_frame_equal(df, before)
    for col in ("anatomic_stage", "prognostic_stage"):
        assert isinstance(out[col].dtype, pd.CategoricalDtype) and out[col].cat.ordered
        assert list(out[col].cat.categories) == list(bck.stage_labels())
    assert out.anatomic_stage.max() == "IIB"


def test_categorical_and_numeric_inputs():
    df = pd.DataFrame(
        {
            "t": pd.Categorical(["T2", "T4d", "T2"]),
            "n": ["N1", "N0", "N1"],
            "m": ["M0", "M0", "M0"],
            "grade": np.array([3.0, 1.0, np.nan]),
            "er": [True, True, False],
            "pr": [True, True, False],
            "her2": [False, True, False],
        }
    )
    check(df)


def test_empty_frame():
    out = stage_frame(pd.DataFrame({"t": [], "n": [], "m": []}, dtype=object))
    assert len(out) == 0 and "stage_reason" in out


@pytest.mark.parametrize(
    "bad",
    [
        pd.DataFrame({"t": ["T1"], "n": ["N0"]}),
        "T1 N0 M0",
        pd.DataFrame({"tnm": ["T1 N0 M0"], "anatomic_stage": ["IA"]}),
    ],
)
def test_malformed_frame_raises_staging_error(bad):
    with pytest.raises(bck.StagingError):
        stage_frame(bad)


# ------------------------------------------------------------------ both lookup paths
# stage_frame builds one dense table over the frame's codes when the product of the distinct
# values is small, and factorises the combinations that occur otherwise; both must agree
# with stage() row by row. The limit is forced each way.


@pytest.fixture(params=["dense", "factorised"])
def lookup_path(request, monkeypatch):
    from breastcancer_kit.staging import frame

    limit = 1 << 40 if request.param == "dense" else 1
    monkeypatch.setattr(frame, "_table_limit", lambda n_rows: limit)
    return request.param


def _random_frame(rows: int, seed: int, categorical: bool) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    prefix = rng.choice(["c", "p", "yp", ""], rows)
    t = np.char.add(prefix, rng.choice(T_CODES, rows)).astype(object)
    n = np.char.add(prefix, rng.choice(N_CODES, rows)).astype(object)
    t[rng.random(rows) < 0.03] = None
    n[rng.random(rows) < 0.03] = "N9"
    score = rng.choice([0, 5, 10.9, 11, 30, 100, np.nan], rows)
    df = pd.DataFrame(
        {
            "t": t,
            "n": n,
            "m": rng.choice(["M0", "cM0(i+)", "M1", "pM1"], rows),
            "grade": rng.choice([1, 2, 3], rows),
            "er": rng.choice(["positive", "-", "low", None], rows),
            "pr": rng.choice(["+", "negative"], rows),
            "her2": rng.choice(["+", "-", "equivocal", "ultralow", None], rows),
            "oncotype_rs": score,
        }
    )
    for col in ("t", "n", "m", "er", "pr", "her2"):
        df[col] = df[col].astype("category" if categorical else "str")
    return df


@pytest.mark.parametrize("categorical", [True, False], ids=["categorical", "text"])
def test_random_frames_agree_with_stage(lookup_path, categorical):
    check(_random_frame(1500, seed=len(lookup_path), categorical=categorical))


def test_whole_grid_on_both_paths(lookup_path):
    rows = [
        {"t": t, "n": n, "m": m, "basis": basis, "grade": 2, "er": "+", "pr": "-", "her2": "-",
         "oncotype_rs": 8.0}
        for basis, t, n, m in itertools.product([*BASIS_PREFIX, None, "surgery"], T_CODES,
                                                N_CODES, M_CODES)
    ]  # fmt: skip
    check(pd.DataFrame(rows))


@pytest.mark.parametrize(
    "column",
    [
        pd.Series([1, 2, 3, 0, 4, 200, 3], dtype="int64"),  # coded by value, some refused
        pd.Series([-1, 2, 3, 1, 2, 3, 2], dtype="int64"),  # negative: factorised
        pd.Series([1, 2, 3, 3, 2, 1, 1], dtype="uint8"),
        pd.Series([1, 2, None, 3, 2, 1, 1], dtype="Int64"),
        pd.Series([3.0, 1.0, np.nan, 2.5, 2.0, 1.0, 3.0]),
    ],
)
def test_numeric_grade_columns(lookup_path, column):
    df = pd.DataFrame({"t": "pT2", "n": "pN0", "m": "cM0", "er": "+", "pr": "-", "her2": "-",
                       "grade": column, "oncotype_rs": [8, 30, 8, 8, 8, 8, 11]})  # fmt: skip
    check(df)


@pytest.mark.parametrize(
    "scores",
    [
        [0, 10, 11, 100, 50, 5],  # integers, all in range: read as an array
        [0.0, 10.99, 11.0, 100.0, np.nan, 5.0],
        [-1.0, 10.0, np.inf, 101.0, np.nan, 5.0],  # out of range: each read by the engine
        [-5, 10, 11, 10**6, 3, 5],
    ],
)
def test_numeric_oncotype_columns(lookup_path, scores):
    t = ["pT1c", "pT2", "pT2", "pT1", "pT2", "cT1"]
    df = pd.DataFrame({"t": t, "n": "pN0", "m": "cM0", "grade": 3, "er": "+", "pr": "-",
                       "her2": "-", "oncotype_rs": scores})  # fmt: skip
    check(df)


def test_fresh_caches_give_the_same_answers():
    from breastcancer_kit.staging import outcomes

    df = _random_frame(400, seed=7, categorical=True)
    warm = stage_frame(df)
    outcomes.clear_caches()
    cold = stage_frame(df)
    pd.testing.assert_frame_equal(warm, cold)
    check(df)


def test_text_columns_read_on_threads_give_the_same_frame(monkeypatch):
    from breastcancer_kit.staging import frame

    df = _random_frame(3000, seed=3, categorical=False)
    monkeypatch.setattr(frame, "_THREADED_ROWS", 1)
    threaded = stage_frame(df)
    monkeypatch.setattr(frame, "_THREADED_ROWS", 1 << 60)
    pd.testing.assert_frame_equal(threaded, stage_frame(df))


# Text columns backed by Arrow are read from their buffers: strings of one width (1, 2, 4 or 8
# bytes) as integers (by comparisons when there are few distinct values, else hashed), any
# other column dictionary-encoded. Each way must agree with stage(), whatever the bytes.
@pytest.mark.parametrize(
    "columns",
    [
        # width 8 with two and three values; width 1; width 4 with more than four values
        {"er": ["positive", "negative"] * 3, "pr": list("+-+--+"),
         "her2": ["negative", "ultralow", "positive", "negative", "ultralow", "negative"],
         "t": ["cT1c", "pT1b", "cT4d", "pTis", "cT1a", "pT2x"]},
        # width 2 with a two-byte character; a NUL byte inside a value; width 1 with one value
        {"er": ["é+", "+e", "é+", "+e", "+é", "é+"], "pr": ["+"] * 6,
         "her2": ["+\x00", "-\x00", "+\x00", "+", "-", "+"], "t": ["T2"] * 6},
        # a missing value keeps a column off the integer path
        {"er": ["+", None, "-", "+", "-", "+"], "pr": ["-"] * 6, "her2": ["+"] * 6,
         "t": ["T2", "T3", None, "T2", "T1", "T3"]},
    ],
    ids=["widths", "bytes", "missing"],
)
def test_arrow_text_columns_agree_with_stage(columns):
    df = pd.DataFrame({"n": "N1", "m": "M0", "grade": 2, **columns})
    for col in ("t", "er", "pr", "her2"):
        df[col] = df[col].astype("str")
    check(df)
    check(df.iloc[1:5])  # an Arrow array with an offset into its buffers
    check(pd.concat([df, df.iloc[::-1]], ignore_index=True))  # two chunks per column


def test_many_fixed_width_values_are_hashed(monkeypatch):
    from breastcancer_kit.staging import frame

    words = np.array([3, 1, 3, 2, 7, 9, 1], dtype=np.uint64)
    assert frame._few_words(words) is None  # five values: more than _FEW_WORDS
    codes, values = frame._few_words(words[:4])
    assert codes.tolist() == [0, 1, 0, 2] and values.tolist() == [3, 1, 2]
    df = pd.DataFrame({"t": ["T1", "T2", "T3", "T4", "T0", "TX"], "n": "N0", "m": "M0"})
    monkeypatch.setattr(frame, "_FEW_WORDS", 1)
    check(df.astype({"t": "str"}))


def test_frames_with_the_same_values_in_other_types_are_not_mixed_up():
    # The per-combination answers are kept under the columns' values and their types: a
    # frame whose T values compare equal to an earlier frame's (1 == True) is read afresh.
    for t in ([1, True, "T2"], [True, 1, "T2"], ["T2", 1.0, True]):
        check(pd.DataFrame({"t": pd.Series(t, dtype=object), "n": "N0", "m": "M0"}))
