"""stage_parquet / stage_relation (DuckDB): the same answer as stage_frame on every row.

The reference is stage_frame on the same data as pandas reads it (pd.read_parquet of the
input file; a relation's own .df()), compared row by row on all three output columns,
over hostile frames: every staging column in one of several types (text, categorical,
nullable integers, floats with NaN, booleans), bad labels, odd spellings and missing values.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from breastcancer_kit.errors import BreastCancerKitError, StagingError
from breastcancer_kit.staging import frame as frame_module
from breastcancer_kit.staging import registry
from breastcancer_kit.staging.frame import OUTPUT_COLUMNS, stage_frame
from breastcancer_kit.staging.registry import INPUT_COLUMNS, stage_parquet, stage_relation

duckdb = pytest.importorskip("duckdb", reason="the registry extra (duckdb) is not installed")

# Pools of values as a registry might hold them: valid, odd and wrong, typed per column.
TEXT = {
    "t": ["T2", "pT1c", "cT4d", "ypT0", "Tis", "T1mi", "t2", " T2 ", "T1c(m)", "pT2(m)",
          "T4b", "TX", "T9", "", "banana", "pT2 pN0", "T" * 300, None],
    "n": ["N0", "pN1mi", "cN3", "N2a", "pN0(i+)", "pN1(sn)", "NX", "n1", "N9", "", None],
    "m": ["M0", "cM1", "pM1", "M0(i+)", "cM0", "MX", "M2", None],
    "basis": ["clinical", "pathological", "post-therapy", "Clinical ", "bogus", None],
    "grade": ["1", "2", "3", "G1", "G3", "grade 2", "GX", "high", "", None],
    "er": ["positive", "negative", "+", "-", "low", "ER+", "PR+", "maybe", None],
    "pr": ["positive", "negative", "+", "-", "PR negative", "?", None],
    "her2": ["+", "-", "positive", "low", "ultralow", "equivocal", "ish-equivocal",
             "HER2 negative", "x", None],
    "oncotype_rs": ["8", "abc", None],
}  # fmt: skip
INTS = {"grade": [1, 2, 3, 0, 4, -1, 2**40, None], "oncotype_rs": [0, 10, 11, 26, 100, 101, -3,
        None]}  # fmt: skip
FLOATS = {"grade": [1.0, 2.0, 3.0, 2.5, np.nan, np.inf],
          "oncotype_rs": [0.0, 8.0, 10.9, 11.0, 25.5, 100.0, 100.5, -1.0, np.nan, np.inf]}
BOOLS = {"er": [True, False, None], "pr": [True, False, None], "her2": [True, False, None],
         "grade": [True, False, None], "oncotype_rs": [True, False, None]}  # fmt: skip
KINDS = ("text", "category", "int", "float", "bool")


def hostile_frame(seed: int, rows: int = 3000, tnm_column: bool = False) -> pd.DataFrame:
    """A frame whose every staging column has a type drawn at random, then values from its pool."""
    rng = np.random.default_rng(seed)
    data: dict[str, object] = {"case_id": np.arange(rows)}
    if tnm_column:
        tnm = ["cT2 cN1 cM0", "pT1c pN0 cM0", "ypT0 ypN0 cM0", "T4d N1 M0", "cT9 N0 M0",
               "pT2 pN1mi(sn) cM1", "", "nonsense", None]  # fmt: skip
        data["tnm"] = pd.array(rng.choice(np.array(tnm, dtype=object), rows), dtype="str")
        columns = [c for c in INPUT_COLUMNS if c not in ("tnm", "t", "n", "m")]
    else:
        columns = [c for c in INPUT_COLUMNS if c != "tnm"]
    for col in columns:
        if col != "basis" and col not in ("t", "n", "m") and rng.random() < 0.1:
            continue  # a column left out
        kinds = [k for k in KINDS if k in ("text", "category") or col in
                 {"int": INTS, "float": FLOATS, "bool": BOOLS}[k]]  # fmt: skip
        kind = kinds[rng.integers(len(kinds))]
        if kind in ("text", "category"):
            values = rng.choice(np.array(TEXT[col], dtype=object), rows)
            data[col] = pd.array(values, dtype="str" if kind == "text" else "category")
        elif kind == "int":
            data[col] = pd.array(rng.choice(np.array(INTS[col], dtype=object), rows),
                                 dtype="Int64")  # fmt: skip
        elif kind == "float":
            data[col] = rng.choice(np.array(FLOATS[col]), rows)
        else:
            data[col] = pd.array(rng.choice(np.array(BOOLS[col], dtype=object), rows),
                                 dtype="boolean")  # fmt: skip
    return pd.DataFrame(data)


def as_values(df: pd.DataFrame) -> pd.DataFrame:
    """Output columns as plain Python values (None for missing), whatever their dtype."""
    return pd.DataFrame(
        {c: [None if pd.isna(v) else str(v) for v in df[c].astype(object)] for c in OUTPUT_COLUMNS}
    )


def assert_same_answers(got: pd.DataFrame, want: pd.DataFrame) -> None:
    assert list(got.columns) == list(want.columns)
    assert got["case_id"].tolist() == want["case_id"].tolist()  # every row, in input order
    g, w = as_values(got), as_values(want)
    differ = (g != w) & ~(g.isna() & w.isna())
    bad = differ.any(axis=1)
    assert not bad.any(), pd.concat([want[bad.to_numpy()].head(), g[bad].head()], axis=1)


@pytest.mark.parametrize("seed", range(8))
def test_stage_parquet_equals_stage_frame_on_hostile_rows(seed, tmp_path: Path):
    src, out = tmp_path / "in.parquet", tmp_path / "out.parquet"
    hostile_frame(seed, tnm_column=seed == 7).to_parquet(src, row_group_size=700)
    want = stage_frame(pd.read_parquet(src))
    # Invalid and unstageable rows are really there (the test would mean little without them).
    reasons = want["stage_reason"].astype(str)
    assert want["anatomic_stage"].notna().sum() > 100
    assert reasons.str.contains("cannot read|unknown|must be").sum() > 100
    done = stage_parquet(src, out, progress=False)
    got = pd.read_parquet(out)
    assert done.rows == len(want) and done.out == out
    assert 0 < done.combinations <= len(want)
    assert_same_answers(got, want)
    # The stage columns keep the order of the stage labels (ordered categoricals).
    assert got["anatomic_stage"].dtype == want["anatomic_stage"].dtype


def test_every_stage_frame_input_column_is_a_staging_column():
    # A column stage_frame starts reading must also separate the distinct combinations.
    assert set(frame_module._INPUTS) == set(INPUT_COLUMNS)


def test_each_distinct_combination_is_staged_once(tmp_path: Path):
    df = pd.DataFrame({"t": ["T2", "T2", "T9", None] * 50, "n": "N1", "m": "M0",
                       "grade": [1, 1, 2, 2] * 50})  # fmt: skip
    df.to_parquet(tmp_path / "in.parquet")
    done = stage_parquet(tmp_path / "in.parquet", tmp_path / "out.parquet", progress=False)
    assert (done.rows, done.combinations) == (200, 3)


def test_several_files_and_a_glob(tmp_path: Path):
    a, b = hostile_frame(1, rows=500), hostile_frame(1, rows=500)
    a.to_parquet(tmp_path / "part1.parquet")
    b.to_parquet(tmp_path / "part2.parquet")
    want = stage_frame(pd.concat([pd.read_parquet(tmp_path / "part1.parquet"),
                                  pd.read_parquet(tmp_path / "part2.parquet")],
                                 ignore_index=True))  # fmt: skip
    for i, src in enumerate([[tmp_path / "part1.parquet", tmp_path / "part2.parquet"],
                             str(tmp_path / "part*.parquet")]):  # fmt: skip
        out = tmp_path / f"out{i}.parquet"
        assert stage_parquet(src, out, progress=False).rows == 1000
        assert_same_answers(pd.read_parquet(out), want)


def test_columns_chooses_what_is_carried(tmp_path: Path):
    hostile_frame(2, rows=400).to_parquet(tmp_path / "in.parquet")
    stage_parquet(tmp_path / "in.parquet", tmp_path / "out.parquet", columns=["case_id"],
                  progress=False)  # fmt: skip
    got = pd.read_parquet(tmp_path / "out.parquet")
    assert list(got.columns) == ["case_id", *OUTPUT_COLUMNS]
    want = stage_frame(pd.read_parquet(tmp_path / "in.parquet"))
    assert as_values(got).equals(as_values(want))
    with pytest.raises(StagingError, match="columns") as err:
        stage_parquet(tmp_path / "in.parquet", tmp_path / "o2.parquet", columns=["nope"],
                      progress=False)  # fmt: skip
    assert "nope" in str(err.value) and "case_id" in str(err.value)


def test_empty_parquet_gives_an_empty_file_with_the_columns(tmp_path: Path):
    hostile_frame(3, rows=10).head(0).to_parquet(tmp_path / "in.parquet")
    done = stage_parquet(tmp_path / "in.parquet", tmp_path / "out.parquet", progress=False)
    got = pd.read_parquet(tmp_path / "out.parquet")
    assert done.rows == 0 and len(got) == 0
    assert list(got.columns)[-3:] == list(OUTPUT_COLUMNS)


def test_a_hash_collision_falls_back_to_matching_the_columns(tmp_path: Path, monkeypatch):
    # Every combination given the same hash: rows must then be matched on the columns.
    monkeypatch.setattr(registry, "_hash_sql", lambda columns: "(0::UBIGINT)")
    src = tmp_path / "in.parquet"
    hostile_frame(4, rows=1500).to_parquet(src, row_group_size=300)
    want = stage_frame(pd.read_parquet(src))
    stage_parquet(src, tmp_path / "out.parquet", progress=False)
    assert_same_answers(pd.read_parquet(tmp_path / "out.parquet"), want)
    con = duckdb.connect()
    got = stage_relation(con.read_parquet(str(src)), con).order("case_id").df()
    assert_same_answers(got, want)


# --- frame-level errors: the same as stage_frame's -------------------------------------------


def _stage_frame_error(df: pd.DataFrame) -> str:
    with pytest.raises(StagingError) as err:
        stage_frame(df)
    return str(err.value)


@pytest.mark.parametrize(
    "df",
    [
        pd.DataFrame({"t": ["T2"], "n": ["N0"]}),  # no m
        pd.DataFrame({"x": [1]}),
        pd.DataFrame({"tnm": ["T2 N0 M0"], "anatomic_stage": ["IIA"]}),
    ],
    ids=["no-m", "no-staging-columns", "output-column-present"],
)
def test_a_malformed_file_raises_what_stage_frame_raises(df, tmp_path: Path):
    df.to_parquet(tmp_path / "in.parquet")
    want = _stage_frame_error(df)
    with pytest.raises(StagingError) as err:
        stage_parquet(tmp_path / "in.parquet", tmp_path / "out.parquet", progress=False)
    assert str(err.value) == want
    assert not (tmp_path / "out.parquet").exists()


def test_an_output_column_in_another_case_is_refused(tmp_path: Path):
    pd.DataFrame({"tnm": ["T2 N0 M0"], "Stage_Reason": ["x"]}).to_parquet(tmp_path / "in.parquet")
    with pytest.raises(StagingError, match="only in case") as err:
        stage_parquet(tmp_path / "in.parquet", tmp_path / "out.parquet", progress=False)
    assert "Stage_Reason" in str(err.value)


def test_out_may_not_overwrite_the_input(tmp_path: Path):
    src = tmp_path / "in.parquet"
    hostile_frame(5, rows=20).to_parquet(src)
    with pytest.raises(StagingError, match="overwrite"):
        stage_parquet(src, src, progress=False)
    assert len(pd.read_parquet(src)) == 20


def test_errors_are_the_kit_errors():
    assert issubclass(StagingError, BreastCancerKitError)
    with pytest.raises(StagingError, match="progress"):
        stage_parquet("in.parquet", "out.parquet", progress="yes")
    with pytest.raises(StagingError, match="no Parquet input"):
        stage_parquet([], "out.parquet", progress=False)


# --- progress, the missing extra, relations ----------------------------------------------------


def test_progress_reports_each_phase_up_to_done(tmp_path: Path):
    src = tmp_path / "in.parquet"
    hostile_frame(6, rows=2000).to_parquet(src)
    seen: list[tuple[str, float]] = []
    stage_parquet(src, tmp_path / "out.parquet", progress=lambda p, f: seen.append((p, f)))
    phases = [p for p, _ in seen]
    assert [p for i, p in enumerate(phases) if p not in phases[:i]] == ["distinct", "stage",
                                                                        "write"]  # fmt: skip
    for phase in ("distinct", "stage", "write"):
        fractions = [f for p, f in seen if p == phase]
        assert fractions[0] == 0 and fractions[-1] == 1
        assert all(0 <= f <= 1 for f in fractions)
        assert fractions == sorted(fractions)


def test_the_text_bar_goes_to_stderr(tmp_path: Path, capsys):
    src = tmp_path / "in.parquet"
    hostile_frame(6, rows=50).to_parquet(src)
    stage_parquet(src, tmp_path / "out.parquet")
    err = capsys.readouterr().err
    assert "write [" in err and "100.0 %" in err and err.endswith("\n")


def test_without_duckdb_the_message_names_the_extra(tmp_path: Path, monkeypatch):
    monkeypatch.setitem(sys.modules, "duckdb", None)  # import duckdb now raises ImportError
    with pytest.raises(ImportError, match=r"breastcancer_kit\[registry\]"):
        stage_parquet(tmp_path / "in.parquet", tmp_path / "out.parquet", progress=False)


def test_stage_relation_equals_stage_frame_on_a_sql_relation():
    # Types pandas never writes: DuckDB INTEGER, DECIMAL, VARCHAR with odd spellings.
    con = duckdb.connect()
    rel = con.sql(
        """
        SELECT i AS case_id,
               ['T2', 'pT1c', 'T4d', 'T9', NULL, 'ypT0'][1 + i % 6] AS t,
               ['N1', 'pN0', 'N0', NULL, 'N3'][1 + i % 5] AS n,
               ['M0', 'M1', NULL, 'cM0'][1 + i % 4] AS m,
               [1, 2, 3, 5, NULL][1 + i % 5]::INTEGER AS grade,
               ['+', '-', 'low', NULL, 'x'][1 + i % 7 % 5] AS er,
               ['+', '-', NULL][1 + i % 3] AS pr,
               ['-', '+', 'equivocal', NULL][1 + i % 11 % 4] AS her2,
               [8.5, 30, NULL, 150][1 + i % 13 % 4]::DECIMAL(5, 1) AS oncotype_rs
        FROM range(2000) r(i)
        """
    )
    want = stage_frame(rel.df())
    got = stage_relation(rel, con).order("case_id").df()
    assert_same_answers(got, want)
    # The staged relation is lazy and composable: a count per stage straight from DuckDB.
    counts = stage_relation(rel, con).aggregate("anatomic_stage, count(*) AS n").df()
    expected = want["anatomic_stage"].value_counts(dropna=False).loc[lambda c: c > 0]
    assert {(None if pd.isna(s) else str(s)): n for s, n in zip(counts.anatomic_stage,
            counts.n, strict=True)} == {(None if pd.isna(s) else str(s)): n
                                       for s, n in expected.items()}  # fmt: skip


def test_stage_relation_refuses_a_malformed_relation():
    con = duckdb.connect()
    rel = con.sql("SELECT 'T2' AS t, 'N0' AS n")
    with pytest.raises(StagingError) as err:
        stage_relation(rel, con)
    assert str(err.value) == _stage_frame_error(pd.DataFrame({"t": ["T2"], "n": ["N0"]}))


def test_output_is_plain_parquet_others_can_read(tmp_path: Path):
    src = tmp_path / "in.parquet"
    hostile_frame(0, rows=100).to_parquet(src)
    stage_parquet(src, tmp_path / "out.parquet", progress=False)
    schema = pq.read_schema(tmp_path / "out.parquet")
    assert schema.names[-3:] == list(OUTPUT_COLUMNS)
    con = duckdb.connect()
    assert con.sql(f"SELECT count(*) FROM '{tmp_path / 'out.parquet'}'").fetchall() == [(100,)]
