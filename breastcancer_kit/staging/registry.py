"""Registry-size frames: stage a Parquet file or a DuckDB relation without loading it.

A registry extract of 100M rows does not fit :func:`~breastcancer_kit.staging.frame.stage_frame`
in memory, but it holds few *distinct* cases: a few thousand combinations of T, N, M, basis
and biomarkers. So DuckDB finds the distinct combinations of the columns
:func:`stage_frame` reads, :func:`stage_frame` stages those (the one copy of the rules), and
DuckDB joins the answers back to every row and streams the result to Parquet. Every row gets
exactly what :func:`stage_frame` gives the same values; a bad row gets no stage and its
reason, as there, and a malformed frame (no ``tnm`` nor ``t``, ``n``, ``m``; output columns
already present) raises the same :class:`~breastcancer_kit.errors.StagingError`.

Needs the ``registry`` extra (``pip install 'breastcancer_kit[registry]'``, DuckDB).
For education only.
"""

from __future__ import annotations

import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa

from .._meta import import_extra
from ..errors import StagingError
from .anatomic import stage_labels
from .frame import OUTPUT_COLUMNS, stage_frame

if TYPE_CHECKING:  # pragma: no cover
    import duckdb

__all__ = ["INPUT_COLUMNS", "StagedParquet", "stage_parquet", "stage_relation"]

#: The columns :func:`stage_frame` reads; the distinct combinations are taken over those present.
INPUT_COLUMNS = ("tnm", "t", "n", "m", "basis", "grade", "er", "pr", "her2", "oncotype_rs")

#: A progress report: the phase ("distinct", "stage", "write") and the fraction done (0-1).
Progress = Callable[[str, float], None]


def _duckdb() -> Any:
    return import_extra("duckdb", "registry", "Staging a Parquet file or DuckDB relation")


@dataclass(frozen=True)
class StagedParquet:
    """What :func:`stage_parquet` wrote.

    Attributes
    ----------
    out : pathlib.Path
        The Parquet file written: the input columns, then ``anatomic_stage``,
        ``prognostic_stage`` and ``stage_reason``.
    rows : int
        Rows written (every input row).
    combinations : int
        Distinct combinations of the staging columns that :func:`stage_frame` staged.
    """

    out: Path
    rows: int
    combinations: int


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _check_columns(columns: Sequence[str]) -> list[str]:
    """The staging columns present (exact names), after stage_frame's own frame checks."""
    # stage_frame on an empty frame with these columns raises exactly its own errors
    # (missing tnm / t, n, m; output columns already there).
    stage_frame(pd.DataFrame({c: pd.Series([], dtype=object) for c in columns}))
    # DuckDB names are case-insensitive: "Anatomic_Stage" would collide with the output.
    lower = {c.lower() for c in OUTPUT_COLUMNS}
    clash = [c for c in columns if c.lower() in lower]
    if clash:
        raise StagingError(
            "the relation has a column whose name differs from an output column only in case",
            field="relation",
            value=clash,
            allowed=["a relation without " + ", ".join(OUTPUT_COLUMNS) + " in any case"],
        )
    return [c for c in columns if c in INPUT_COLUMNS]


def _indices(codes: np.ndarray) -> pa.Array:
    """Dictionary indices with -1 as null (a validity bitmap: pa.array(mask=) is ~100x slower)."""
    codes = np.ascontiguousarray(codes)
    missing = codes < 0
    if not missing.any():
        return pa.array(codes)
    valid = pa.py_buffer(np.packbits(~missing, bitorder="little"))
    kind = pa.from_numpy_dtype(codes.dtype)
    return pa.Array.from_buffers(kind, len(codes), [valid, pa.py_buffer(codes)])


@dataclass(frozen=True)
class _Answers:
    """stage_frame's answers for the distinct combinations, as codes (-1: none)."""

    anatomic: np.ndarray  # int8 codes into stage_labels()
    prognostic: np.ndarray  # int8 codes into stage_labels()
    reason: np.ndarray  # int32 codes into reasons
    reasons: list[str]

    @classmethod
    def of(cls, chunks: Iterable[pd.DataFrame]) -> _Answers:
        """stage_frame over the combinations, a chunk at a time (memory bounded by a chunk)."""
        anatomic, prognostic, reason = [], [], []
        reasons: dict[str, int] = {}
        for combos in chunks:
            staged = stage_frame(combos)
            anatomic.append(staged["anatomic_stage"].cat.codes.to_numpy(dtype=np.int8))
            prognostic.append(staged["prognostic_stage"].cat.codes.to_numpy(dtype=np.int8))
            cat = staged["stage_reason"].cat
            local = np.array(
                [reasons.setdefault(str(r), len(reasons)) for r in cat.categories] + [-1],
                dtype=np.int32,
            )
            reason.append(local[cat.codes.to_numpy()])  # code -1 picks the last slot: -1
        empty = [np.zeros(0, dtype=np.int8)]
        return cls(
            anatomic=np.concatenate(anatomic or empty),
            prognostic=np.concatenate(prognostic or empty),
            reason=np.concatenate(reason or [np.zeros(0, dtype=np.int32)]),
            reasons=list(reasons),
        )

    def columns(self, at: np.ndarray | None = None) -> dict[str, pa.Array]:
        """The three output columns (as dictionary arrays) for the combinations ``at``."""
        labels = pa.array(list(stage_labels()), type=pa.string())
        reasons = pa.array(self.reasons, type=pa.string())

        def column(codes: np.ndarray, dictionary: pa.Array, ordered: bool) -> pa.Array:
            picked = codes if at is None else codes[at]
            return pa.DictionaryArray.from_arrays(_indices(picked), dictionary, ordered=ordered)

        return {
            "anatomic_stage": column(self.anatomic, labels, True),
            "prognostic_stage": column(self.prognostic, labels, True),
            "stage_reason": column(self.reason, reasons, False),
        }


def _hash_sql(columns: list[str]) -> str:
    """DuckDB's 64-bit hash of a row's staging columns (NULL and NaN hash as themselves)."""
    return f"hash({', '.join(columns)})"


class _Prepared:
    """One staging: a view of the input, its distinct combinations and their answers.

    Each row finds its combination by one 64-bit hash of its staging columns, used only
    when no two distinct combinations share a hash (checked, so the match is exact); in
    the other case (never seen) rows are matched on the columns themselves.
    """

    def __init__(self, con: Any, relation: Any, progress: Progress | None) -> None:
        self.con = con
        tag = uuid.uuid4().hex[:12]
        self.view, self.combos = f"bck_input_{tag}", f"bck_combos_{tag}"
        self.staged, self._outputs = f"bck_staged_{tag}", f"bck_outputs_{tag}"
        self.columns = list(relation.columns)
        self.keys = _check_columns(self.columns)
        relation.to_view(self.view, replace=True)
        keys = ", ".join(_quote(k) for k in self.keys)
        self.row_hash = _hash_sql([f"i.{_quote(k)}" for k in self.keys])
        _run(
            con,
            f"CREATE TEMP TABLE {self.combos} AS SELECT (row_number() OVER ()) - 1 AS"
            f" _bck_combo, {_hash_sql([_quote(k) for k in self.keys])} AS _bck_hash, *"
            f" FROM (SELECT DISTINCT {keys}"
            f" FROM {self.view})",
            "distinct",
            progress,
        )
        if progress:
            progress("stage", 0.0)
        self.combinations = con.sql(f"SELECT count(*) FROM {self.combos}").fetchall()[0][0]
        hashes = (
            con.sql(f"SELECT _bck_hash FROM {self.combos} ORDER BY _bck_combo")
            .fetchnumpy()["_bck_hash"]
            .astype(np.uint64)
        )

        def chunks() -> Iterator[pd.DataFrame]:
            for low in range(0, self.combinations, _STAGE_ROWS):
                yield con.sql(
                    f"SELECT * EXCLUDE (_bck_combo, _bck_hash) FROM {self.combos} WHERE"
                    f" _bck_combo >= {low} AND _bck_combo < {low + _STAGE_ROWS}"
                    " ORDER BY _bck_combo"
                ).df()
                if progress:
                    progress("stage", min(low + _STAGE_ROWS, self.combinations) / self.combinations)

        self.answers = _Answers.of(chunks())
        self.order = np.argsort(hashes, kind="stable")
        self.sorted_hashes = hashes[self.order]
        self.by_hash = bool(np.all(np.diff(self.sorted_hashes) != 0))
        if progress:
            progress("stage", 1)

    def lookup(self, row_hashes: np.ndarray) -> np.ndarray:
        """Combination index of each row, from its hash."""
        at = np.searchsorted(self.sorted_hashes, row_hashes)
        at = np.minimum(at, len(self.sorted_hashes) - 1)
        if not np.array_equal(self.sorted_hashes[at], row_hashes):  # pragma: no cover
            raise RuntimeError("a row's staging columns matched no distinct combination")
        return self.order[at]

    def staged_table(self) -> str:
        """A temp table of the combinations with their answers (for a join), created once."""
        ids = pa.array(np.arange(self.combinations, dtype=np.int64))
        outputs = pa.table({"_bck_combo": ids, **self.answers.columns()})
        self.con.register(self._outputs, outputs)
        carried = "c._bck_hash" if self.by_hash else "c.* EXCLUDE (_bck_combo, _bck_hash)"
        self.con.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {self.staged} AS SELECT {carried},"
            f" o.anatomic_stage, o.prognostic_stage, o.stage_reason FROM {self.combos} c"
            f" JOIN {self._outputs} o USING (_bck_combo)"
        )
        self.con.unregister(self._outputs)
        return self.staged

    def join_query(self) -> str:
        """SELECT every input row with the three output columns, by a join (order not kept)."""
        staged = self.staged_table()
        if self.by_hash:
            on = f"{self.row_hash} = s._bck_hash"
        else:
            on = " AND ".join(
                f"i.{_quote(k)} IS NOT DISTINCT FROM s.{_quote(k)}" for k in self.keys
            )
        cols = "".join(f"i.{_quote(c)}, " for c in self.columns)
        outs = ", ".join(f"s.{c}" for c in OUTPUT_COLUMNS)
        return f"SELECT {cols}{outs} FROM {self.view} i LEFT JOIN {staged} s ON {on}"

    def write(
        self, out: Path, columns: Sequence[str], rows: int, progress: Progress | None
    ) -> int:
        """Stream every row, in input order, with its answers to the Parquet file ``out``."""
        import pyarrow.parquet as pq

        cols = "".join(f"i.{_quote(c)}, " for c in columns)
        if self.by_hash:
            sql = f"SELECT {cols}{self.row_hash} AS _bck_key FROM {self.view} i"
        else:  # a 64-bit hash collision between combinations (the tests force one)
            on = " AND ".join(
                f"i.{_quote(k)} IS NOT DISTINCT FROM c.{_quote(k)}" for k in self.keys
            )
            sql = (
                f"SELECT * EXCLUDE (_bck_row) FROM (SELECT {cols}c._bck_combo AS _bck_key,"
                f" i._bck_row FROM (SELECT row_number() OVER () AS _bck_row, * FROM"
                f" {self.view}) i JOIN {self.combos} c ON {on}) ORDER BY _bck_row"
            )
        if progress:
            progress("write", 0.0)
        written = 0
        writer = None
        try:
            for batch in self.con.sql(sql).to_arrow_reader(_BATCH_ROWS):
                key = batch.column(batch.num_columns - 1).to_numpy(zero_copy_only=False)
                at = self.lookup(key.astype(np.uint64)) if self.by_hash else key
                answers = self.answers.columns(np.asarray(at, dtype=np.int64))
                table = pa.Table.from_arrays(
                    [*batch.columns[:-1], *answers.values()],
                    names=[*columns, *answers],
                )
                if writer is None:
                    writer = pq.ParquetWriter(out, table.schema)
                writer.write_table(table)
                written += table.num_rows
                if progress and rows and written < rows:
                    progress("write", written / rows)
            if writer is None:  # no rows: still a file with the right columns
                schema = self.con.sql(sql).limit(0).to_arrow_table().schema
                empty = {f.name: pa.array([], type=f.type) for f in schema}
                empty.pop(schema.names[-1])
                table = pa.table({**empty, **self.answers.columns(np.zeros(0, np.int64))})
                writer = pq.ParquetWriter(out, table.schema)
                writer.write_table(table)
        finally:
            if writer is not None:
                writer.close()
        if progress:
            progress("write", 1)
        return written


_BATCH_ROWS = 262_144
_STAGE_ROWS = 262_144
_POLL_SECONDS = 0.25


def _run(con: Any, sql: str, phase: str, progress: Progress | None) -> None:
    """Execute ``sql``, reporting DuckDB's own query progress every quarter second."""
    if not progress:
        con.execute(sql)
        return
    progress(phase, 0.0)
    error: list[BaseException] = []

    def work() -> None:
        try:
            con.execute(sql)
        except BaseException as err:  # re-raised in the caller's thread
            error.append(err)

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(_POLL_SECONDS)
        done = con.query_progress()
        if 0 <= done <= 100:
            progress(phase, done / 100)
    if error:
        raise error[0]
    progress(phase, 1)


class _Bar:
    """A one-line text progress bar on stderr (no dependency)."""

    def __init__(self, stream: Any = None) -> None:
        self.stream = stream or sys.stderr
        self.start = time.perf_counter()

    def __call__(self, phase: str, fraction: float) -> None:
        width = 30
        fill = round(width * min(max(fraction, 0), 1))
        elapsed = time.perf_counter() - self.start
        bar = "#" * fill + "-" * (width - fill)
        end = "\n" if phase == "write" and fraction >= 1 else ""
        self.stream.write(f"\r{phase:>8} [{bar}] {100 * fraction:5.1f} % {elapsed:6.1f} s{end}")
        self.stream.flush()


def _progress(progress: bool | Progress) -> Progress | None:
    if progress is True:
        return _Bar()
    if progress is False or progress is None:
        return None
    if not callable(progress):
        raise StagingError(
            "progress must be True, False or a callable(phase, fraction)",
            field="progress",
            value=type(progress).__name__,
        )
    return progress


def stage_relation(relation: duckdb.DuckDBPyRelation, connection: Any) -> Any:
    """Stage every row of a DuckDB relation: the relation with the three output columns added.

    The distinct combinations of the staging columns are staged now (with
    :func:`stage_frame`); the join back to every row is a lazy DuckDB relation, so
    ``.write_parquet(...)``, ``.aggregate(...)`` or ``.df()`` on it stream through DuckDB.

    Parameters
    ----------
    relation : duckdb.DuckDBPyRelation
        Columns as :func:`stage_frame` takes them (``t``, ``n``, ``m`` or ``tnm``; optional
        ``basis``, ``grade``, ``er``, ``pr``, ``her2``, ``oncotype_rs``); other columns are
        carried through.
    connection : duckdb.DuckDBPyConnection
        The connection the relation belongs to (the staged combinations are a temporary
        table there, alive as long as the connection).

    Returns
    -------
    duckdb.DuckDBPyRelation
        The input columns, then ``anatomic_stage`` and ``prognostic_stage`` (the stage
        labels, or NULL) and ``stage_reason`` (or NULL), as :func:`stage_frame` gives them.

    Raises
    ------
    StagingError
        A malformed relation, as :func:`stage_frame` says it (bad rows never raise).

    Examples
    --------
    >>> import duckdb
    >>> con = duckdb.connect()
    >>> rel = con.sql("SELECT * FROM (VALUES ('T2', 'N1', 'M0'), ('T9', 'N0', 'M0')) v(t, n, m)")
    >>> out = stage_relation(rel, con).df()
    >>> out.anatomic_stage.tolist()
    ['IIB', nan]
    >>> out.stage_reason[1][:28]
    "t: cannot read 't9' as a TNM"
    """
    prepared = _Prepared(connection, relation, None)
    return connection.sql(prepared.join_query())


def stage_parquet(
    path: str | Path | Sequence[str | Path],
    out: str | Path,
    *,
    columns: Sequence[str] | None = None,
    progress: bool | Progress = True,
    threads: int | None = None,
    memory_limit: str | None = None,
) -> StagedParquet:
    """Stage every row of a Parquet file (or files) and stream the result to ``out``.

    Parameters
    ----------
    path : path, glob or list of paths
        Parquet input with the columns :func:`stage_frame` takes (others are carried through).
    out : path
        The Parquet file to write (replaced if it exists); must not be an input.
    columns : list of str, optional
        The input columns to carry into ``out`` before the three output columns (default:
        all of them; e.g. ``["case_id"]`` writes a much smaller file, faster).
    progress : bool or callable, default True
        True: a text bar on stderr; False: silent; a callable ``(phase, fraction)`` receives
        each report (phases "distinct", "stage", "write").
    threads : int, optional
        DuckDB threads (default: DuckDB's, one per core).
    memory_limit : str, optional
        DuckDB's memory limit, e.g. ``"1GB"`` (it spills to a temp dir beyond it).

    Returns
    -------
    StagedParquet
        The output path, the rows written and the distinct combinations staged.

    Raises
    ------
    StagingError
        A malformed input (as :func:`stage_frame` says it), or ``out`` equal to an input.

    Examples
    --------
    >>> import pandas as pd, tempfile, pathlib
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> pd.DataFrame({"t": ["T2", "T4d", "T2"], "n": ["N1", "N1", "N1"], "m": "M0",
    ...               "grade": 1, "er": "+", "pr": "+", "her2": "+"}).to_parquet(tmp / "in.parquet")
    >>> done = stage_parquet(tmp / "in.parquet", tmp / "out.parquet", progress=False)
    >>> done.rows, done.combinations
    (3, 2)
    >>> pd.read_parquet(done.out).prognostic_stage.tolist()
    ['IB', 'IIIA', 'IB']
    """
    duckdb = _duckdb()
    report = _progress(progress)
    paths = [path] if isinstance(path, str | Path) else list(path)
    if not paths:
        raise StagingError("no Parquet input given", field="path", value=[])
    out = Path(out)
    inputs = {Path(p).resolve() for p in paths}
    if out.resolve() in inputs:
        raise StagingError("the output would overwrite an input", field="out", value=str(out))
    con = duckdb.connect()
    try:
        if threads is not None:
            con.execute(f"SET threads = {int(threads)}")
        if memory_limit is not None:
            con.execute(f"SET memory_limit = '{str(memory_limit).replace(chr(39), '')}'")
        con.execute("SET preserve_insertion_order = true")
        relation = con.read_parquet([str(p) for p in paths])
        if columns is not None:
            columns = list(columns)
            unknown = [c for c in columns if c not in relation.columns]
            if unknown or len(set(columns)) != len(columns):
                raise StagingError(
                    "columns must name input columns, each once",
                    field="columns",
                    value=unknown or columns,
                    allowed=list(relation.columns),
                )
        prepared = _Prepared(con, relation, report)
        rows = con.sql(f"SELECT count(*) FROM {prepared.view}").fetchall()[0][0]
        keep = prepared.columns if columns is None else columns
        written = prepared.write(out, keep, int(rows), report)
        return StagedParquet(out=out, rows=written, combinations=prepared.combinations)
    finally:
        con.close()
