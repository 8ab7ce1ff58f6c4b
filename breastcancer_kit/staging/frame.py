"""Stage a whole DataFrame at once: :func:`stage_frame`.

Each row's answer is one lookup in a flat table, indexed by the row's codes:

1. Each input column is factorised once (a categorical's own codes; the distinct values of
   a text or object column, types kept apart; small integers by value), and each distinct
   value is read once by the engine: T, N and M by :func:`.parsing.read_category` (or a
   ``tnm`` text by :func:`.parsing.parse_tnm`), grade, ER, PR, HER2 and the Oncotype DX
   score by :func:`.prognostic.biomarkers`. A plain numeric score column is read as an
   array (missing, below the rule's cut-off, or not).
2. Every combination of the frame's T, N, M (and basis) values gets the TNM-level answer,
   and every combination of biomarker values its slots, from the cached tables of
   :mod:`.outcomes` (filled by calling the scalar engine, lazily).
3. Together they give a table over the frame's own codes: the product of the distinct
   values per column when that is small, else only the combinations that occur (so memory
   grows with the rows, never with the product). Each row's index into it is computed from
   its int8/int16 codes by arithmetic, and three gathers give the anatomic stage, the
   prognostic stage and the reason.

The tests check that every row gets exactly what :func:`breastcancer_kit.stage` gives
(hostile types included); ``benchmarks/bench_stage_frame.py`` prints the speed beside a
bare flat gather (the hardware limit of the job).
"""

from __future__ import annotations

import math
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import BreastCancerKitError, StagingError
from . import outcomes
from .anatomic import stage_labels
from .parsing import Basis, parse_tnm, read_category
from .prognostic import biomarkers, oncotype_rule

__all__ = ["BASIS_PREFIX", "OUTPUT_COLUMNS", "stage_frame"]

#: Prefix given to T and N written without one, for each value of the ``basis`` column.
BASIS_PREFIX = {b.value: b.default_prefix.value for b in Basis}
_INPUTS = ("tnm", "t", "n", "m", "basis", "grade", "er", "pr", "her2", "oncotype_rs")
#: Columns :func:`stage_frame` adds.
OUTPUT_COLUMNS = ("anatomic_stage", "prognostic_stage", "stage_reason")
# Biomarker columns in the order biomarkers() reads them: its first error is the one shown.
_MARKER_ORDER = ("er", "pr", "her2", "grade", "oncotype_rs")
# Layout of the outcome table's biomarker part (outcomes.slot_shape() order).
_MARKER_LAYOUT = ("grade", "er", "pr", "her2", "oncotype_rs")
_INT16_SPAN = 1 << 15
# Frames at least this long factorise their text columns on two threads.
_THREADED_ROWS = 1 << 17
# Integer columns of values 0 <= v < this are coded by value (grades, scores).
_RANGE_CODED = 128
# Frames with at most this many T x N x M (x basis) combinations keep their answers in
# outcomes.frame_memo (a frame of many distinct values is not worth keeping).
_MEMO_MAX = 1 << 14
# Rows per block where a column is read in cache-sized blocks.
_BLOCK = 1 << 15


def _table_limit(n_rows: int) -> int:
    """Most entries a frame's dense outcome table may have: grows with the rows only."""
    return min(1 << 22, max(1 << 16, 2 * n_rows))


@dataclass(frozen=True)
class _Dim:
    """One input column as codes: row ``i`` is in slot ``codes[i] + offset``.

    A column with missing values has a first slot for them (codes -1, offset 1); one
    without has none, which keeps the outcome table (and its cache footprint) small.
    """

    codes: np.ndarray
    offset: int
    slot_values: tuple[object, ...]  # the value of each slot (None: missing)

    @property
    def size(self) -> int:
        return len(self.slot_values)


def _scalar(value: object) -> object:
    """A numpy scalar as the Python value stage() would be given."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if isinstance(value, np.generic) else value


def _column(series: pd.Series) -> _Dim:
    """Codes and distinct values of one column, each distinct value kept as stage() sees it."""
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        values = [_scalar(v) for v in dtype.categories]
        return _coded(series.array.codes, values)  # a read-only view, no copy
    if isinstance(dtype, np.dtype) and dtype.kind in "iu" and len(series):
        codes = _small_codes(series.to_numpy())
        if codes is not None:  # small and not negative: coded by value, as int8
            low, top = int(codes.min()), int(codes.max())
            if low:
                codes -= np.int8(low)
            return _Dim(codes, 0, tuple(range(low, top + 1)))
    is_object = isinstance(dtype, np.dtype) and dtype.kind == "O"
    if is_object and pd.api.types.infer_dtype(series, skipna=True) != "string":
        return _objects(series)
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
        got = _arrow_text(series)
        if got is not None:
            return got
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    values = uniques.tolist() if hasattr(uniques, "tolist") else list(uniques)
    return _narrow(codes, [_scalar(v) for v in values])


def _narrow(codes: np.ndarray, values: list[object]) -> _Dim:
    """:func:`_coded` with the codes in the narrowest integer type (later passes read less)."""
    dtype = _codes_dtype(len(values) + 1)
    if codes.dtype.itemsize > np.dtype(dtype).itemsize:
        codes = codes.astype(dtype)
    return _coded(codes, values)


def _arrow_text(series: pd.Series) -> _Dim | None:
    """Codes of a pyarrow-backed text column, straight from its Arrow buffers.

    A column whose strings all have the same width of 1, 2, 4 or 8 bytes (``"positive"`` and
    ``"negative"``; ``"+"`` and ``"-"``) is read as one unsigned integer per row, with no
    copy, and factorised as integers; any other column is dictionary-encoded by Arrow. None
    (then ``pd.factorize``) for a column of several chunks.
    """
    chunked = series.array.__arrow_array__()
    if chunked.num_chunks != 1:
        return None
    chunk = chunked.chunk(0)
    fixed = _fixed_width(chunk)
    if fixed is not None:
        return fixed
    encoded = chunk.dictionary_encode()
    codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False)
    return _narrow(codes, encoded.dictionary.to_pylist())


# A fixed-width column of at most this many distinct values is coded by comparisons.
_FEW_WORDS = 4


def _few_words(words: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Codes and values (in order of first appearance) of at most a few distinct words.

    One comparison pass per distinct value, cheaper than hashing every row for the two or
    three values of a receptor column; None as soon as there are more than ``_FEW_WORDS``.
    """
    codes = np.zeros(len(words), dtype=np.int8)
    covered = np.zeros(len(words), dtype=bool)
    values = []
    first = 0
    while len(values) < _FEW_WORDS:
        value = words[first]
        same = words == value
        if values:
            codes += same.view(np.int8) * np.int8(len(values))
        values.append(value)
        covered |= same
        first = int(covered.argmin())
        if covered[first]:  # every row is covered
            return codes, np.array(values, dtype=words.dtype)
    return None


def _fixed_width(chunk: object) -> _Dim | None:
    """A string array without nulls whose values all have one width of 1, 2, 4 or 8 bytes."""
    n = len(chunk)
    if n == 0 or chunk.null_count:
        return None
    _, offsets, data = chunk.buffers()[:3]
    item = 8 if "large" in str(chunk.type) else 4
    off = np.frombuffer(offsets, dtype=f"<i{item}", count=n + 1, offset=chunk.offset * item)
    start = int(off[0])
    width, rest = divmod(int(off[-1]) - start, n)
    if rest or width not in (1, 2, 4, 8) or not (np.diff(off) == width).all():
        return None
    words = np.frombuffer(data, dtype=f"<u{width}", count=n, offset=start)
    codes, uniques = _few_words(words) or pd.factorize(words)
    raw = uniques.astype(f"<u{width}").tobytes()
    values = [raw[i : i + width].decode() for i in range(0, len(raw), width)]
    return _narrow(codes, values)


def _small_codes(raw: np.ndarray) -> np.ndarray | None:
    """Integers all in ``0 <= v < _RANGE_CODED`` as int8 (read block by block); else None."""
    unsigned = raw.view(np.dtype(f"u{raw.dtype.itemsize}"))  # a negative value is huge
    codes = np.empty(len(raw), dtype=np.int8)
    for start in range(0, len(raw), _BLOCK):
        part = unsigned[start : start + _BLOCK]
        if part.max() >= _RANGE_CODED:
            return None
        codes[start : start + _BLOCK] = part
    return codes


def _columns(df: pd.DataFrame) -> dict[str, _Dim]:
    """Every input column as a dimension (a numeric Oncotype DX column is read later).

    Text columns of a large frame are factorised on two threads: pyarrow's hashing
    releases the GIL, and hashing strings is most of the work for text input.
    """
    names = [c for c in _INPUTS if c in df.columns]
    numeric = "oncotype_rs" in df.columns and _oncotype_numeric(df["oncotype_rs"])
    names = [c for c in names if not (c == "oncotype_rs" and numeric)]
    text = [c for c in names if isinstance(df[c].dtype, pd.StringDtype)]
    workers = min(len(text), os.cpu_count() or 1, 2)
    got: dict[str, _Dim] = {}
    if len(df) >= _THREADED_ROWS and workers > 1:
        with ThreadPoolExecutor(workers) as pool:
            got = dict(zip(text, pool.map(lambda c: _column(df[c]), text), strict=True))
    return {c: got[c] if c in got else _column(df[c]) for c in names}


def _coded(codes: np.ndarray, values: list[object]) -> _Dim:
    """Codes with -1 for missing: a slot for missing values only if some row has one."""
    if len(codes) == 0 or codes.min() >= 0:
        return _Dim(codes, 0, tuple(values))
    return _Dim(codes, 1, (None, *values))


def _objects(series: pd.Series) -> _Dim:
    """Like ``pd.factorize`` for a column of Python objects, with two differences.

    Values of different types stay apart (``1``, ``1.0`` and ``True`` are read differently
    by :func:`stage`), and an unhashable cell (a list, a dict) is a value of its own rather
    than a TypeError: it gets the error :func:`stage` gives it.
    """
    index: dict[object, int] = {}
    values: list[object] = [None]
    codes = np.empty(len(series), dtype=np.int64)
    for row, value in enumerate(series.tolist()):
        if value is None or value is pd.NA or (isinstance(value, float) and value != value):
            codes[row] = 0
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
    return _Dim(codes, 0, tuple(values))


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


# ------------------------------------------------------------------ row index arithmetic


def _flat_index(dims: list[_Dim], n_rows: int) -> np.ndarray:
    """Row-major index of each row's slots over ``dims`` (intp), from the narrow codes.

    Consecutive dimensions are combined in int16 while their product fits, then the
    partial indexes in intp: most passes over the rows touch 2 bytes per row, not 8.
    """
    if not dims:
        return np.zeros(n_rows, dtype=np.intp)
    chunks: list[list[_Dim]] = [[]]
    product = 1
    for dim in dims:
        if chunks[-1] and product * dim.size >= _INT16_SPAN:
            chunks.append([])
            product = 1
        chunks[-1].append(dim)
        product *= dim.size
    index = None
    for chunk in chunks:
        sizes = [d.size for d in chunk]
        wide = math.prod(sizes) >= _INT16_SPAN  # a single dimension too big for int16
        dtype = np.intp if wide else np.int16
        part = chunk[0].codes.astype(dtype)
        offset = chunk[0].offset
        for dim in chunk[1:]:
            part *= dim.size
            part += dim.codes.astype(dtype, copy=False) if wide else dim.codes
            offset = offset * dim.size + dim.offset
        if offset:
            part += offset
        if index is None:
            index = part.astype(np.intp, copy=False)
        else:
            index *= math.prod(sizes)
            index += part
    return index


def _every_slot(dims: list[_Dim]) -> np.ndarray:
    """Every combination of slots, one row each, in row-major order."""
    sizes = [d.size for d in dims]
    if not dims:
        return np.zeros((1, 0), dtype=np.intp)
    return np.stack(np.unravel_index(np.arange(math.prod(sizes)), sizes), axis=1)


def _factorised(dims: list[_Dim], n_rows: int, limit: int) -> tuple[np.ndarray, np.ndarray]:
    """Ids per row for the combinations of ``dims`` that occur, and each id's slots.

    Dense (the flat index itself) when the product of the sizes is at most ``limit``;
    otherwise factorised step by step, so no intermediate key grows past the rows.
    """
    sizes = [d.size for d in dims]
    if math.prod(sizes) <= limit:
        return _flat_index(dims, n_rows), _every_slot(dims)
    key = np.zeros(n_rows, dtype=np.int64)
    span = 1
    for dim in dims:
        if span * dim.size > 1 << 62:
            key, uniques = pd.factorize(key)
            span = max(len(uniques), 1)
        key = key * dim.size + (dim.codes.astype(np.int64) + dim.offset)
        span *= dim.size
    ids, uniques = pd.factorize(key)
    first = np.full(len(uniques), -1, dtype=np.int64)
    first[ids[::-1]] = np.arange(n_rows - 1, -1, -1, dtype=np.int64)  # first occurrence
    slots = np.stack([d.codes[first].astype(np.int64) + d.offset for d in dims], axis=1)
    return ids.astype(np.intp, copy=False), slots.reshape(-1, len(dims))


# ------------------------------------------------------------------ TNM part


def _basis_prefix(basis: object) -> str:
    if basis is None:
        return Basis.CLINICAL.default_prefix.value
    if isinstance(basis, str) and basis.strip().lower() in BASIS_PREFIX:
        return BASIS_PREFIX[basis.strip().lower()]
    raise StagingError("unknown basis", field="basis", value=basis, allowed=list(BASIS_PREFIX))


class _TnmReader:
    """The TNM-level answer for each combination of a frame's T, N, M (or tnm) and basis."""

    def __init__(self, df: pd.DataFrame, columns: dict[str, _Dim], reasons: _Reasons) -> None:
        self.reasons = reasons
        self.text = "tnm" in df.columns
        self.dims = [columns[c] for c in (["tnm"] if self.text else ["t", "n", "m"])]
        self.basis = columns.get("basis")
        if self.basis is not None:
            self.dims.append(self.basis)
        self.classes: dict[tuple[str, str, bool], int] = {}
        self.class_outcomes: list[outcomes.TnmOutcome] = []
        self.errors: list[outcomes.TnmOutcome] = []

    def _error(self, err: BreastCancerKitError) -> int:
        """A refused value as a negative id (-1 - index into ``self.errors``)."""
        self.errors.append(outcomes.TnmOutcome(anatomic=None, reason=str(err), error=True))
        return -len(self.errors)

    def _prefixes(self) -> tuple[list[str], np.ndarray]:
        """The prefixes in use, and per basis slot the index of its prefix (or an error id)."""
        values = self.basis.slot_values if self.basis is not None else (None,)
        prefixes: list[str] = []
        index = np.zeros(len(values), dtype=np.int64)
        for slot, basis in enumerate(values):
            try:
                prefix = _basis_prefix(basis)
            except BreastCancerKitError as err:
                index[slot] = self._error(err)
                continue
            if prefix not in prefixes:
                prefixes.append(prefix)
            index[slot] = prefixes.index(prefix)
        return prefixes, index

    def _field_ids(self, axis: int, prefixes: list[str]) -> np.ndarray:
        """[slot, prefix] -> id of the category read (>= 0) or of the error (< 0)."""
        dim = self.dims[axis]
        ids = np.zeros((dim.size, max(len(prefixes), 1)), dtype=np.int64)
        for slot, value in enumerate(dim.slot_values):
            for p, prefix in enumerate(prefixes):
                try:
                    cat = read_category("tnm"[axis], value, prefix)
                except BreastCancerKitError as err:
                    ids[slot, p] = self._error(err)
                    continue
                ids[slot, p] = outcomes.category_id(cat)
        return ids

    def _text_ids(self, prefixes: list[str]) -> np.ndarray:
        """[slot, prefix] -> id into ``self.errors`` of the whole answer for a tnm text."""
        dim = self.dims[0]
        ids = np.zeros((dim.size, max(len(prefixes), 1)), dtype=np.int64)
        for slot, value in enumerate(dim.slot_values):
            for p, prefix in enumerate(prefixes):
                try:
                    got = outcomes.outcome_of(parse_tnm(value, prefix=prefix))
                except BreastCancerKitError as err:
                    ids[slot, p] = self._error(err)
                    continue
                self.errors.append(got)
                ids[slot, p] = -len(self.errors)
        return ids

    def combinations(self, slots: np.ndarray, every: bool) -> dict[str, np.ndarray]:
        """Per combination (rows of ``slots``): class, anatomic stage, reason, hard error.

        Each distinct value was read once (below); a combination is then looked up by the
        ids of its categories, so the engine joins each distinct triple of categories once
        per process (:func:`.outcomes.combine_ids`). When ``slots`` is every combination of
        the dimensions (``every``), the answer per combination is kept in
        :func:`.outcomes.frame_memo` under the dimensions' values, so a frame with the same
        categories (the same columns staged again) skips the per-combination work.
        """
        prefixes, prefix_of = self._prefixes()
        key = self._memo_key(prefix_of) if every and len(slots) <= _MEMO_MAX else None
        memo = outcomes.frame_memo()
        got = memo.get(key) if key is not None else None
        if got is None:
            got = self._combinations(slots, prefixes, prefix_of)
            if key is not None:
                memo[key] = got
        local_class, anatomic, local_reason, hard, inverse, class_outcomes, texts = got
        class_ids = np.empty(len(class_outcomes) + 1, dtype=np.int32)
        class_ids[-1] = -1
        for i, outcome in enumerate(class_outcomes):
            k = self.classes.get(outcome.key)
            if k is None:
                k = self.classes[outcome.key] = len(self.class_outcomes)
                self.class_outcomes.append(outcome)
            class_ids[i] = k
        reason_ids = np.array([self.reasons.code(t) for t in texts], dtype=np.int32)
        return {"class": class_ids[local_class][inverse], "anatomic": anatomic[inverse],
                "reason": reason_ids[local_reason][inverse], "hard": hard[inverse]}  # fmt: skip

    def _memo_key(self, prefix_of: np.ndarray) -> tuple | None:
        """The dimensions' values (types kept apart) and basis prefixes; None if unhashable."""
        key = (self.text, prefix_of.tobytes(), *(
            tuple((type(v), v) for v in dim.slot_values) for dim in self.dims))  # fmt: skip
        try:
            hash(key)
        except TypeError:
            return None
        return key

    def _combinations(self, slots: np.ndarray, prefixes: list[str], prefix_of: np.ndarray):
        """Per distinct combination: local class, anatomic, local reason, hard; the inverse.

        Classes and reasons are local indexes (into the returned outcomes and texts), so the
        result does not depend on the frame being staged and can be kept.
        """
        basis_slot = slots[:, -1] if self.basis is not None else np.zeros(len(slots), np.int64)
        chosen = prefix_of[basis_slot]  # >= 0: a prefix; < 0: the basis was refused
        column = np.maximum(chosen, 0)
        if self.text:
            keys = np.stack([chosen, self._text_ids(prefixes)[slots[:, 0], column]], axis=1)
        else:
            ids = [self._field_ids(axis, prefixes)[slots[:, axis], column] for axis in range(3)]
            none = [np.array([v is None for v in self.dims[a].slot_values])[slots[:, a]]
                    for a in range(3)]  # fmt: skip
            keys = np.stack([chosen, none[0] & none[1] & none[2], *ids], axis=1)
        unique, inverse = np.unique(keys, axis=0, return_inverse=True)
        labels = stage_labels()
        size = len(unique)
        klass = np.full(size, -1, dtype=np.int32)
        anatomic = np.full(size, -1, dtype=np.int8)
        reason = np.zeros(size, dtype=np.int32)
        hard = np.zeros(size, dtype=bool)
        class_outcomes: list[outcomes.TnmOutcome] = []
        class_index: dict[tuple[str, str, bool], int] = {}
        texts: list[str | None] = [None]
        text_index: dict[str | None, int] = {None: 0}
        for i, key in enumerate(unique.tolist()):
            got = self._outcome(key, prefixes)
            if got.key is None:
                if got.reason not in text_index:
                    text_index[got.reason] = len(texts)
                    texts.append(got.reason)
                reason[i] = text_index[got.reason]
                hard[i] = got.error
                continue
            anatomic[i] = labels.index(got.anatomic)
            k = class_index.get(got.key)
            if k is None:
                k = class_index[got.key] = len(class_outcomes)
                class_outcomes.append(got)
            klass[i] = k
        return klass, anatomic, reason, hard, inverse.ravel(), class_outcomes, texts

    def _outcome(self, key: list[int], prefixes: list[str]) -> outcomes.TnmOutcome:
        if key[0] < 0:  # the basis was refused: that is the answer
            return self.errors[-1 - key[0]]
        if self.text:
            return self.errors[-1 - key[1]]
        if key[1]:  # no T, N or M at all: the engine's own message for it
            try:
                parse_tnm(t=None, n=None, m=None, prefix=prefixes[key[0]])
            except BreastCancerKitError as err:
                return outcomes.TnmOutcome(anatomic=None, reason=str(err), error=True)
        # A missing field was read like any value (read_category refuses None as parse_tnm
        # does for one missing keyword); the first refused field, in t, n, m order, wins.
        for field_id in key[2:]:
            if field_id < 0:
                return self.errors[-1 - field_id]
        return outcomes.combine_ids(*key[2:])


# ------------------------------------------------------------------ biomarker part


def _oncotype_numeric(series: pd.Series) -> bool:
    return isinstance(series.dtype, np.dtype) and series.dtype.kind in "iuf"


def _oncotype_slots(series: pd.Series) -> _Dim | None:
    """A plain numeric score column as slots: missing, below the cut-off, not below.

    None when some value is out of range: then each distinct value is read by the engine.
    """
    if not _oncotype_numeric(series):
        return None
    rule = oncotype_rule()
    raw = series.to_numpy()
    slots = np.empty(len(raw), dtype=np.int8)  # 0 missing, 1 below, 2 not below
    floats = raw.dtype.kind == "f"
    valid = np.empty(min(len(raw), _BLOCK), dtype=bool)
    # Block by block, so the range check and both comparisons read each block from cache.
    with np.errstate(invalid="ignore"):
        for start in range(0, len(raw), _BLOCK):
            part, out = raw[start : start + _BLOCK], slots[start : start + _BLOCK]
            lo, hi = np.fmin.reduce(part), np.fmax.reduce(part)  # NaN ignored
            if lo == lo and not (rule.score_min <= lo and hi <= rule.score_max):
                return None
            np.greater_equal(part, rule.cutoff, out=out.view(bool))
            if floats:
                seen = valid[: len(part)]
                np.equal(part, part, out=seen)
                out += seen.view(np.int8)
    if not floats:
        slots += np.int8(1)
    values = outcomes.representatives("oncotype")
    return _Dim(slots, 0, values)


def _marker_dims(
    df: pd.DataFrame, columns: dict[str, _Dim], reasons: _Reasons
) -> tuple[list[_Dim], list[dict]]:
    """The biomarker columns as dimensions, with each slot's canonical slot and error."""
    dims, infos = [], []
    for name in _MARKER_LAYOUT:
        if name not in df.columns:
            continue
        dim = _oncotype_slots(df[name]) if name not in columns else None
        if dim is not None:
            canon = np.arange(dim.size, dtype=np.intp)
            error = np.zeros(dim.size, dtype=np.int32)
        else:
            dim = columns.get(name) or _column(df[name])  # a score out of range
            canon = np.zeros(dim.size, dtype=np.intp)
            error = np.zeros(dim.size, dtype=np.int32)
            attr = "oncotype_rs" if name == "oncotype_rs" else name
            slot_name = "oncotype" if name == "oncotype_rs" else name
            for i, value in enumerate(dim.slot_values):
                if value is None:
                    continue
                try:
                    got = getattr(biomarkers(**{name: value}), attr)
                except BreastCancerKitError as err:
                    error[i] = reasons.code(str(err))
                    continue
                canon[i] = outcomes.marker_slot(slot_name, got)
        dims.append(dim)
        infos.append({"name": name, "canon": canon, "error": error})
    return dims, infos


def _marker_combinations(infos: list[dict], slots: np.ndarray) -> dict[str, np.ndarray]:
    """Per biomarker combination (rows of ``slots``): its class-table index and its error."""
    shape = outcomes.slot_shape()
    strides = {name: math.prod(shape[i + 1 :]) for i, name in enumerate(_MARKER_LAYOUT)}
    size = len(slots)
    index = np.zeros(size, dtype=np.intp)
    error = np.zeros(size, dtype=np.int32)
    for j, info in enumerate(infos):
        index += info["canon"][slots[:, j]] * strides[info["name"]]
    by_name = {info["name"]: j for j, info in enumerate(infos)}
    for name in reversed(_MARKER_ORDER):  # the first error biomarkers() meets wins
        if name in by_name:
            j = by_name[name]
            err = infos[j]["error"][slots[:, j]]
            error = np.where(err != 0, err, error)
    return {"index": index, "error": error}


# ------------------------------------------------------------------ the outcome table


def _outcome_table(tnm: dict, classes: list, mk: dict, reasons: _Reasons) -> dict[str, np.ndarray]:
    """Anatomic stage, prognostic stage and reason code per (TNM kind, biomarker combination).

    A TNM kind is one class (then the class table decides) or one unstaged answer (its
    reason, and whether it is an error that hides biomarker errors). Returns the three
    tables, shape (kinds, biomarker combinations), and ``kind``: each TNM combination's kind.
    """
    n_classes = len(classes)
    unstaged = tnm["class"] < 0
    pairs = tnm["reason"][unstaged].astype(np.int64) * 2 + tnm["hard"][unstaged]
    other, other_kind = np.unique(pairs, return_inverse=True)
    kind = tnm["class"].astype(np.intp)
    kind[unstaged] = n_classes + other_kind.ravel()
    n_kinds = n_classes + len(other)
    per_mk = mk["index"]
    stages = np.full((n_kinds, len(per_mk)), -1, dtype=np.int8)
    reason = np.zeros((n_kinds, len(per_mk)), dtype=np.int32)
    anatomic = np.full(n_kinds, -1, dtype=np.int8)
    hard = np.zeros(n_kinds, dtype=bool)
    labels = stage_labels()
    for k, got in enumerate(classes):
        class_stages, class_reasons = outcomes.class_table(got)
        ids = np.unique(class_reasons)
        local = np.zeros(ids.max() + 1, dtype=np.int32)
        local[ids] = [reasons.code(outcomes.reason_text(int(i))) for i in ids]
        stages[k] = class_stages[per_mk]
        reason[k] = local[class_reasons[per_mk]]
        anatomic[k] = labels.index(got.anatomic)
    reason[n_classes:] = (other // 2)[:, None]
    hard[n_classes:] = (other % 2).astype(bool)
    anatomic_table = np.repeat(anatomic[:, None], len(per_mk), axis=1)
    shown = (mk["error"][None, :] != 0) & ~hard[:, None]  # a TNM error comes first
    if shown.any():
        anatomic_table[shown] = -1
        stages[shown] = -1
        reason = np.where(shown, mk["error"][None, :], reason)
    return {"anatomic": anatomic_table, "prognostic": stages, "reason": reason, "kind": kind}


# Up to this many candidate reasons are looked for one by one (a compare per reason beats
# counting all codes); more are counted with one bincount.
_LOOK_FOR = 16


def _reason_column(
    table: np.ndarray, row_index: np.ndarray, reasons: _Reasons, check: bool
) -> tuple[pd.CategoricalDtype, np.ndarray]:
    """The reasons' categorical dtype (sorted texts that occur) and each row's code.

    ``table`` holds interned reason ids per table entry; with ``check`` some entries may be
    reached by no row, and a reason only they hold is left out of the categories.
    """
    candidates = np.unique(table).tolist()
    texts = sorted(reasons.texts[i] for i in candidates if i)
    codes = _gather_reasons(table, row_index, reasons, texts)
    if check and texts:
        if len(texts) <= _LOOK_FOR:  # most reasons show in the first block of rows
            head = codes[:_BLOCK]
            present = np.array([bool((head == k).any()) or bool((codes == k).any())
                                for k in range(len(texts))])  # fmt: skip
        else:
            present = np.bincount(codes.astype(np.intp) + 1, minlength=len(texts) + 1)[1:] > 0
        if not present.all():
            texts = [t for t, p in zip(texts, present.tolist(), strict=True) if p]
            codes = _gather_reasons(table, row_index, reasons, texts)
    why = pd.CategoricalDtype(pd.Index(texts if texts else ["-"], dtype=object))
    return why, codes


def _gather_reasons(
    table: np.ndarray, row_index: np.ndarray, reasons: _Reasons, texts: list[str]
) -> np.ndarray:
    """Each row's code among ``texts`` (-1: no reason), through a recoded table."""
    recode = np.full(len(reasons.texts), -1, dtype=_codes_dtype(max(len(texts), 1)))
    position = {t: i for i, t in enumerate(texts)}
    for i, text in enumerate(reasons.texts):
        if text in position:
            recode[i] = position[text]
    return recode[table].take(row_index)


def _codes_dtype(n_categories: int) -> type:
    """The code dtype pandas uses for a categorical of this many categories."""
    for dtype in (np.int8, np.int16, np.int32):
        if n_categories < np.iinfo(dtype).max:
            return dtype
    return np.int64


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
    n_rows = len(df)
    limit = _table_limit(n_rows)
    outcomes.trim_caches()
    reasons = _Reasons()
    columns = _columns(df)
    reader = _TnmReader(df, columns, reasons)
    mk_dims, mk_infos = _marker_dims(df, columns, reasons)
    tnm_size = math.prod(d.size for d in reader.dims)
    mk_size = math.prod(d.size for d in mk_dims)
    dense = tnm_size * mk_size <= limit
    if dense:
        # The fast path: one flat table over every combination of the frame's codes.
        tnm_slots, mk_slots = _every_slot(reader.dims), _every_slot(mk_dims)
    else:
        # Many distinct values: only the combinations that occur (memory grows with rows).
        tnm_ids, tnm_slots = _factorised(reader.dims, n_rows, limit)
        mk_ids, mk_slots = _factorised(mk_dims, n_rows, limit)
    tnm = reader.combinations(tnm_slots, every=dense)
    mk = _marker_combinations(mk_infos, mk_slots)
    tables = _outcome_table(tnm, reader.class_outcomes, mk, reasons)
    kind = tables.pop("kind")
    if dense:
        row_index = _flat_index(reader.dims + mk_dims, n_rows)
        flat = {name: table.take(kind, axis=0).ravel() for name, table in tables.items()}
    else:
        n_mk = len(mk_slots)
        pair = tnm_ids.astype(np.int64) * n_mk + mk_ids
        row_index, uniques = pd.factorize(pair)
        row_index = row_index.astype(np.intp, copy=False)
        at = kind[uniques // n_mk] * n_mk + uniques % n_mk
        flat = {name: table.ravel()[at] for name, table in tables.items()}
    # The reasons that occur, as sorted categories (the same whatever the caches held). The
    # dense table may hold reasons no row reaches: they are looked for in the rows' codes.
    why, reason_codes = _reason_column(flat["reason"], row_index, reasons, check=dense)
    codes_of = {
        "anatomic": flat["anatomic"].take(row_index),
        "prognostic": flat["prognostic"].take(row_index),
        "reason": reason_codes,
    }
    cats = pd.CategoricalDtype(stage_labels(), ordered=True)
    out = df.copy(deep=False)
    for column, name, dtype in (("anatomic_stage", "anatomic", cats),
                                ("prognostic_stage", "prognostic", cats),
                                ("stage_reason", "reason", why)):  # fmt: skip
        out[column] = pd.Categorical.from_codes(codes_of[name], dtype=dtype, validate=False)
    return out
