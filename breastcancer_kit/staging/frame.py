"""Stage a whole DataFrame at once: :func:`stage_frame`.

The work is vectorised. Each input column is factorised, so the scalar rules in
:func:`breastcancer_kit.stage` run once per *distinct* value (or distinct T/N/M
combination), never once per row; the per-row answer then comes from numpy
indexing into small lookup arrays built from the same tables. A test checks that
every row gets exactly what :func:`breastcancer_kit.stage` gives.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from ..errors import BreastCancerKitError, StagingError
from ..vocabulary import ReceptorStatus
from . import prognostic as prog
from .anatomic import decide, stage_labels
from .parsing import Basis, parse_tnm

__all__ = ["BASIS_PREFIX", "OUTPUT_COLUMNS", "stage_frame"]

#: Prefix given to T and N written without one, for each value of the ``basis`` column.
BASIS_PREFIX = {b.value: b.default_prefix.value for b in Basis}
_INPUTS = ("tnm", "t", "n", "m", "basis", "grade", "er", "pr", "her2", "oncotype_rs")
#: Columns :func:`stage_frame` adds.
OUTPUT_COLUMNS = ("anatomic_stage", "prognostic_stage", "stage_reason")

_TABLES = tuple(t.value for t in prog.PrognosticTable)
_STATUS = ReceptorStatus.binary()
_EQUIVOCAL_SLOT = len(_STATUS)  # HER2 code after the two settled results


@cache
def _row_group_index() -> dict[str, int]:
    return {group: i for i, group in enumerate(prog.row_groups())}


def _factorize(series: pd.Series) -> tuple[np.ndarray, list[object]]:
    """Integer codes per row (-1 for missing) and the distinct values as Python objects."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes = series.cat.codes.to_numpy()
        return codes, list(series.cat.categories)
    if series.dtype == object:
        return _factorize_objects(series)
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    return codes, list(uniques.tolist() if hasattr(uniques, "tolist") else uniques)


def _factorize_objects(series: pd.Series) -> tuple[np.ndarray, list[object]]:
    """Like ``pd.factorize`` for a column of Python objects, with two differences.

    Values of different types stay apart (``1``, ``1.0`` and ``True`` are read differently
    by :func:`stage`), and an unhashable cell (a list, a dict) is a value of its own rather
    than a TypeError: it gets the error :func:`stage` gives it.
    """
    index: dict[object, int] = {}
    values: list[object] = []
    codes = np.empty(len(series), dtype=np.int64)
    for row, value in enumerate(series.tolist()):
        if value is None or value is pd.NA or (isinstance(value, float) and value != value):
            codes[row] = -1
            continue
        try:
            key: object = (type(value), value)
            hash(key)
        except TypeError:
            key = ("unhashable", row)
        code = index.get(key)
        if code is None:
            code = index[key] = len(values)
            values.append(value)
        codes[row] = code
    return codes, values


# Combinations counted densely up to this many slots; beyond it they are factorised, so
# memory grows with the rows, never with the product of the distinct values per column.
_DENSE_SLOTS = 1 << 22


def _combine(codes: list[np.ndarray], sizes: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """One key per row for the combination of several code arrays (code -1 = missing).

    Returns the key per row and, per key, a row where it first occurs (-1 for unused keys).
    """
    n_rows = len(codes[0])
    dense_limit = min(_DENSE_SLOTS, max(1 << 16, 4 * n_rows))
    key = np.zeros(n_rows, dtype=np.int64)
    span = 1
    for c, size in zip(codes, sizes, strict=True):
        slot = np.where(c < 0, size, c).astype(np.int64)  # missing: the last slot
        if span * (size + 1) > dense_limit:
            key, uniques = pd.factorize(key)  # at most n_rows distinct keys
            span = len(uniques)
        key = key * (size + 1) + slot
        span *= size + 1
    if span > dense_limit:
        key, uniques = pd.factorize(key)
        span = len(uniques)
    first = np.full(max(span, 1), -1, dtype=np.int64)
    first[key[::-1]] = np.arange(n_rows - 1, -1, -1, dtype=np.int64)  # first occurrence wins
    return key, first


class _Reasons:
    """Interning table: reason text -> small int (0 = no reason)."""

    def __init__(self) -> None:
        self.texts: list[str | None] = [None]
        self.index: dict[str | None, int] = {None: 0}

    def code(self, text: str | None) -> int:
        if text not in self.index:
            self.index[text] = len(self.texts)
            self.texts.append(text)
        return self.index[text]


def _scalar(value: object) -> object:
    """A numpy scalar as the Python value stage() would be given."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return value.item() if isinstance(value, np.generic) else value


def _tnm_level(df: pd.DataFrame, reasons: _Reasons) -> dict[str, np.ndarray]:
    """Per row: anatomic stage index, table, row group, oncotype cell flag and reason code."""
    n_rows = len(df)
    if "basis" in df.columns:
        b_codes, b_values = _factorize(df["basis"])
    else:
        b_codes, b_values = np.zeros(n_rows, dtype=np.int8), [Basis.CLINICAL.value]
    cols = ["tnm"] if "tnm" in df.columns else ["t", "n", "m"]
    parts = [_factorize(df[c]) for c in cols]
    codes = [p[0] for p in parts] + [b_codes]
    values = [p[1] for p in parts] + [b_values]
    sizes = [len(v) for v in values]
    key, first = _combine(codes, sizes)

    labels = stage_labels()
    # Per distinct combination: (anatomic idx or -1, table idx or -1, row group idx or -1,
    # oncotype-eligible cell, post-therapy, error/anatomic reason code).
    size = len(first)
    fields = {
        "anatomic": np.full(size, -1, dtype=np.int8),
        "table": np.full(size, -1, dtype=np.int8),
        "group": np.full(size, -1, dtype=np.int8),
        "onco_cell": np.zeros(size, dtype=bool),
        "post": np.zeros(size, dtype=bool),
        "reason": np.zeros(size, dtype=np.int32),
    }
    for k in np.flatnonzero(first >= 0).tolist():
        row = first[k]
        slots = [int(c[row]) for c in codes]
        got = [None if s < 0 else _scalar(v[s]) for s, v in zip(slots, values, strict=True)]
        *tnm_vals, basis = got
        try:
            prefix = _basis_prefix(basis)
            if cols == ["tnm"]:
                tnm = parse_tnm(tnm_vals[0], prefix=prefix)
            else:
                tnm = parse_tnm(t=tnm_vals[0], n=tnm_vals[1], m=tnm_vals[2], prefix=prefix)
        except BreastCancerKitError as err:
            fields["reason"][k] = reasons.code(str(err))
            continue
        row = decide(tnm)
        post = tnm.basis is Basis.POST_THERAPY
        fields["post"][k] = post
        if row.stage is None:
            fields["reason"][k] = reasons.code(row.note)
            continue
        cell = (tnm.t.group, tnm.n.group, tnm.m.group)
        fields["anatomic"][k] = labels.index(row.stage)
        fields["table"][k] = -1 if post else _TABLES.index(_table_for(tnm.basis))
        fields["group"][k] = _row_group_index()[prog.row_group(row.stage)[0]]
        rule = prog.oncotype_rule()
        fields["onco_cell"][k] = cell in rule.cells
    return {name: arr[key] for name, arr in fields.items()}


def _table_for(basis: Basis) -> str:
    clinical = basis is Basis.CLINICAL
    return (prog.PrognosticTable.CLINICAL if clinical else prog.PrognosticTable.PATHOLOGICAL).value


def _basis_prefix(basis: object) -> str:
    if basis is None:
        return Basis.CLINICAL.default_prefix.value
    if isinstance(basis, str) and basis.strip().lower() in BASIS_PREFIX:
        return BASIS_PREFIX[basis.strip().lower()]
    raise StagingError("unknown basis", field="basis", value=basis, allowed=list(BASIS_PREFIX))


def _marker_level(df: pd.DataFrame, reasons: _Reasons) -> dict[str, np.ndarray]:
    """Per row: grade/her2/er/pr codes (-1 missing, 2 = equivocal HER2) and an error code."""
    n_rows = len(df)
    out: dict[str, np.ndarray] = {}
    error = np.zeros(n_rows, dtype=np.int32)
    # Same order as breastcancer_kit.prognostic.biomarkers(): er, pr, her2, then grade.
    for name in ("er", "pr", "her2", "grade"):
        if name not in df.columns:
            out[name] = np.full(n_rows, -1, dtype=np.int8)
            continue
        codes, values = _factorize(df[name])
        mapped = np.full(len(values) + 1, -1, dtype=np.int8)  # last slot: missing
        errs = np.zeros(len(values) + 1, dtype=np.int32)
        for i, v in enumerate(values):
            try:
                markers = prog.biomarkers(**{name: _scalar(v)})
            except BreastCancerKitError as err:
                errs[i] = reasons.code(str(err))
                continue
            got = getattr(markers, name)
            if got is None:
                continue
            mapped[i] = (
                prog.grades().index(got)
                if name == "grade"
                else (_EQUIVOCAL_SLOT if got == prog.EQUIVOCAL else _STATUS.index(got))
            )
        out[name] = mapped[codes]  # code -1 (missing) picks the last slot
        if errs.any():
            err_here = errs[codes]
            error = np.where((error == 0) & (err_here != 0), err_here, error)
    # Oncotype DX score: numeric and vectorised; invalid values get stage()'s own message.
    rule = prog.oncotype_rule()
    rs_below = np.zeros(n_rows, dtype=bool)
    rs_given = np.zeros(n_rows, dtype=bool)
    if "oncotype_rs" in df.columns:
        raw = df["oncotype_rs"]
        if raw.dtype.kind in "iuf":
            # Plain numbers: checked and compared as arrays (the common, fast case).
            numeric = raw.to_numpy(dtype=float, na_value=np.nan)
            not_null = ~np.isnan(numeric)
            out_of_range = (numeric < rule.score_min) | (numeric > rule.score_max)
            bad = not_null & (out_of_range | ~np.isfinite(numeric))
        else:
            # Text, objects, booleans, categories: each distinct value is read by stage()'s
            # own reader, so "8", b"8" or a Decimal are refused here exactly as there.
            codes, values = _factorize(raw)
            scores = np.full(len(values) + 1, np.nan)  # last slot: missing
            wrong = np.zeros(len(values) + 1, dtype=np.int32)
            for i, v in enumerate(values):
                try:
                    score = prog.biomarkers(oncotype_rs=_scalar(v)).oncotype_rs
                except BreastCancerKitError as err:
                    wrong[i] = reasons.code(str(err))
                    continue
                scores[i] = np.nan if score is None else score
            numeric = scores[codes]
            not_null = ~np.isnan(numeric)
            bad = wrong[codes] != 0
            error = np.where((error == 0) & bad, wrong[codes], error)
        for i in np.flatnonzero(bad & (error == 0)).tolist():
            try:
                prog.biomarkers(oncotype_rs=_scalar(raw.iloc[i]))
            except BreastCancerKitError as err:
                error[i] = reasons.code(str(err))
        rs_given = not_null & ~bad
        rs_below = rs_given & (numeric < rule.cutoff)
    out["error"] = error
    out["rs_below"] = rs_below
    out["rs_given"] = rs_given
    return out


def _shape() -> tuple[int, ...]:
    """Shape of the dense prognostic lookup: table, row group, grade, HER2, ER, PR."""
    status = len(_STATUS)
    return (len(_TABLES), len(prog.row_groups()), len(prog.grades()), status, status, status)


@cache
def _prognostic_array() -> np.ndarray:
    """Dense lookup [table, row group, grade, her2, er, pr] -> stage index (read-only)."""
    labels = stage_labels()
    arr = np.full(_shape(), -1, dtype=np.int8)
    for (table, group, grade, her2, er, pr), row in prog._table().items():
        ti, gi = _TABLES.index(table), _row_group_index()[group]
        pick = [
            slice(None) if v == prog.ANY else idx(v)
            for v, idx in (
                (grade, lambda v: prog.grades().index(int(v))),
                (her2, _STATUS.index),
                (er, _STATUS.index),
                (pr, _STATUS.index),
            )
        ]
        arr[(ti, gi, *pick)] = labels.index(row.stage)
    arr.flags.writeable = False
    return arr


@cache
def _wildcard_groups() -> np.ndarray:
    """[table, row group] -> True where the stage needs no biomarkers (Tis N0 M0, M1)."""
    wild = np.zeros(_shape()[:2], dtype=bool)
    for table, group, *markers in prog._table():
        if all(v == prog.ANY for v in markers):
            wild[_TABLES.index(table), _row_group_index()[group]] = True
    wild.flags.writeable = False
    return wild


def stage_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Stage every row of a DataFrame (anatomic and prognostic), vectorised.

    Parameters
    ----------
    df : pandas.DataFrame
        Either columns ``t``, ``n``, ``m`` (categories as written: subcategories, prefixes
        and suffixes allowed) or one column ``tnm`` holding notation text. Optional:
        ``basis`` ("clinical", "pathological" or "post-therapy"; the prefix for T and N
        written without one, default clinical), ``grade``, ``er``, ``pr``, ``her2``
        (as accepted by :func:`breastcancer_kit.stage`) and ``oncotype_rs``.

    Returns
    -------
    pandas.DataFrame
        A copy of ``df`` with ``anatomic_stage`` and ``prognostic_stage`` (ordered
        categoricals, 0 < IA < ... < IV) and ``stage_reason``: the error for an invalid
        row, else why there is no anatomic stage, else why there is no prognostic stage.
        An invalid row never aborts the frame.

    Raises
    ------
    StagingError
        Only for a malformed frame: not a DataFrame, or neither ``tnm`` nor all of
        ``t``, ``n``, ``m`` present.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"t": ["T4d", "pT2", "T9"], "n": ["N1", "pN0", "N0"],
    ...                    "m": ["M0", "cM0", "M0"], "grade": [1, 3, 2],
    ...                    "er": ["+", "+", "+"], "pr": ["+", "-", "+"],
    ...                    "her2": ["+", "-", "-"], "oncotype_rs": [None, 8, None]})
    >>> out = stage_frame(df)
    >>> out.anatomic_stage.tolist(), out.prognostic_stage.tolist()
    (['IIIB', 'IIA', nan], ['IIIA', 'IA', nan])
    >>> out.stage_reason[2][:28]
    "t: cannot read 't9' as a TNM"
    """
    if not isinstance(df, pd.DataFrame):
        raise StagingError("expected a pandas DataFrame", field="df", value=type(df).__name__)
    doubled = sorted({str(c) for c in df.columns[df.columns.duplicated()] if c in _INPUTS})
    if doubled:
        raise StagingError(
            "the frame has more than one column named",
            field="df",
            value=doubled,
            allowed=["one column per name"],
        )
    if "tnm" not in df.columns and not {"t", "n", "m"} <= set(df.columns):
        raise StagingError(
            "the frame needs a 'tnm' column or 't', 'n' and 'm' columns",
            field="df",
            value=list(map(str, df.columns)),
            allowed=["tnm", "t, n, m"],
        )
    clash = [c for c in OUTPUT_COLUMNS if c in df.columns]
    if clash:
        raise StagingError(
            "the frame already has output columns",
            field="df",
            value=clash,
            allowed=["a frame without " + ", ".join(OUTPUT_COLUMNS)],
        )
    reasons = _Reasons()
    tnm = _tnm_level(df, reasons)
    mk = _marker_level(df, reasons)
    labels = stage_labels()
    n_rows = len(df)

    tnm_error = (tnm["reason"] != 0) & (tnm["anatomic"] < 0)
    marker_error = ~tnm_error & (mk["error"] != 0)
    anatomic = np.where(marker_error, -1, tnm["anatomic"])

    # Prognostic: dense lookup where everything is known.
    known = (
        (anatomic >= 0) & (tnm["table"] >= 0) & (mk["grade"] >= 0) & (mk["er"] >= 0)
        & (mk["pr"] >= 0) & (mk["her2"] >= 0) & (mk["her2"] < _EQUIVOCAL_SLOT)
    )  # fmt: skip
    arr = _prognostic_array().ravel()
    shape = _shape()

    def flat(table, group, grade, her2, er, pr):
        # Row-major index into the dense table; inputs clipped to valid slots.
        idx = np.clip(table, 0, shape[0] - 1).astype(np.int32)
        for part, size in zip((group, grade, her2, er, pr), shape[1:], strict=True):
            idx *= size
            idx += np.clip(part, 0, size - 1)
        return idx

    prognostic = np.where(
        known,
        arr[flat(tnm["table"], tnm["group"], mk["grade"], mk["her2"], mk["er"], mk["pr"])],
        -1,
    ).astype(np.int8)
    # Tis N0 M0 and M1 rows do not need biomarkers (wildcard rows of the table).
    staged = (anatomic >= 0) & (tnm["table"] >= 0)
    wild_at = _wildcard_groups()[
        np.clip(tnm["table"], 0, shape[0] - 1), np.clip(tnm["group"], 0, shape[1] - 1)
    ]
    wildcard = staged & wild_at
    if wildcard.any():
        zero = np.zeros(n_rows, dtype=np.int8)
        wild = arr[flat(tnm["table"], tnm["group"], zero, zero, zero, zero)]
        prognostic = np.where(wildcard, wild, prognostic)
    rule = prog.oncotype_rule()
    onco = (
        known & (tnm["table"] == _TABLES.index(rule.table)) & tnm["onco_cell"] & mk["rs_below"]
        & (mk["her2"] == _STATUS.index(rule.her2)) & (mk["er"] == _STATUS.index(rule.er))
    )  # fmt: skip
    prognostic = np.where(onco, labels.index(rule.stage), prognostic)

    # Reasons, in stage()'s order: TNM error, biomarker error, no anatomic stage,
    # post-therapy, then the prognostic lookup's own reasons.
    reason = np.where(tnm_error, tnm["reason"], 0)
    reason = np.where(marker_error, mk["error"], reason)
    no_anatomic = ~tnm_error & ~marker_error & (anatomic < 0)
    reason = np.where(no_anatomic, tnm["reason"], reason)
    need = (anatomic >= 0) & (prognostic < 0)
    post = need & tnm["post"]
    post_text = prog.post_therapy_reason()
    reason = np.where(post, reasons.code(post_text), reason)
    lookup_need = need & ~tnm["post"]
    equivocal = lookup_need & (mk["her2"] == _EQUIVOCAL_SLOT)
    reason = np.where(equivocal, reasons.code(prog.equivocal_reason()), reason)
    missing_mask = lookup_need & ~equivocal
    if missing_mask.any():
        bits = (
            (mk["grade"] < 0).astype(np.int8) * 1 + (mk["er"] < 0) * 2 + (mk["pr"] < 0) * 4
            + (mk["her2"] < 0) * 8
        )  # fmt: skip
        codes = np.zeros(16, dtype=np.int32)
        names = ("grade", "ER", "PR", "HER2")
        for b in np.unique(bits[missing_mask]).tolist():
            missing = tuple(nm for i, nm in enumerate(names) if b & (1 << i))
            codes[b] = reasons.code(prog.missing_reason(missing))
        reason = np.where(missing_mask, codes[bits], reason)

    out = df.copy(deep=False)
    cats = pd.CategoricalDtype(labels, ordered=True)
    out["anatomic_stage"] = pd.Categorical.from_codes(anatomic, dtype=cats)
    out["prognostic_stage"] = pd.Categorical.from_codes(prognostic, dtype=cats)
    texts = reasons.texts
    out["stage_reason"] = (
        pd.Categorical.from_codes(
            np.where(reason == 0, -1, reason - 1), categories=pd.Index(texts[1:], dtype=object)
        )
        if len(texts) > 1
        else pd.Categorical.from_codes(
            np.full(n_rows, -1), categories=pd.Index(["-"], dtype=object)
        )
    )
    return out
