"""The kit's one data layer: rule tables, statistics tables and cohorts, each with provenance.

Every table the kit uses ships inside this package and loads offline through
:mod:`importlib.resources`. Three kinds share one contract:

* **rule** tables (``*.csv`` here): the AJCC 8th-edition staging rules, the ASCO/CAP
  receptor rules, treatment classes and testing prompts;
* **statistics** tables (``statistics/*.csv``): published figures in long form, with a
  schema in their sidecar;
* **cohorts** (``cohorts/*.json``): a provenance record for a real cohort whose rows are
  read from the library that ships them (GBSG2 from lifelines).

Each table has a JSON provenance record beside it (sources, edition, table, date
transcribed, licence note and, for CSVs, the SHA-256 of the file). The checksum is checked
the first time a table is read: an edited table that nobody re-reviewed is refused, never
used. After a reviewed edit run ``python tools/update_checksums.py``.

The verbs are the same for every kind: :func:`list_tables`, :func:`provenance`,
:func:`load_table` (a pandas copy with the provenance in ``df.attrs``) and, for the staging
core that must not need pandas, :func:`rows`.

Examples
--------
>>> "anatomic_stage_groups" in list_tables("rule")
True
>>> table_kind("seer_subtypes"), table_kind("gbsg2")
(<TableKind.STATISTICS: 'statistics'>, <TableKind.COHORT: 'cohort'>)
>>> rows("anatomic_stage_labels")[0]["stage"]
'0'
"""

from __future__ import annotations

import copy
import csv
import hashlib
import io
import json
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

from .._meta import import_extra
from ..errors import DatasetError

__all__ = [
    "SOURCED_COLUMNS",
    "TableKind",
    "checksum",
    "list_tables",
    "load_table",
    "numbered_rows",
    "provenance",
    "rows",
    "table_kind",
]


class TableKind(StrEnum):
    """The three kinds of table the kit ships."""

    RULE = "rule"
    STATISTICS = "statistics"
    COHORT = "cohort"


# Where each kind lives under this package, and the file that names a table.
_FOLDERS: dict[TableKind, tuple[tuple[str, ...], str]] = {
    TableKind.RULE: ((), ".csv"),
    TableKind.STATISTICS: (("statistics",), ".csv"),
    TableKind.COHORT: (("cohorts",), ".json"),
}

#: Columns every row of a statistics table must fill.
SOURCED_COLUMNS = ("unit", "population", "period", "source", "url", "evidence")
_NUMERIC = ("value", "low", "high")


def _root():
    return resources.files(__name__)


@cache
def _catalogue() -> dict[str, tuple[TableKind, tuple[str, ...]]]:
    found: dict[str, tuple[TableKind, tuple[str, ...]]] = {}
    for kind, (parts, suffix) in _FOLDERS.items():
        for entry in _root().joinpath(*parts).iterdir():
            if entry.name.endswith(suffix):
                found[entry.name.removesuffix(suffix)] = (kind, parts)
    return dict(sorted(found.items()))


def list_tables(kind: TableKind | str | None = None) -> tuple[str, ...]:
    """Names of the tables shipped with the kit, optionally of one kind only.

    Parameters
    ----------
    kind : {"rule", "statistics", "cohort"}, optional

    Raises
    ------
    DatasetError
        An unknown kind.

    Examples
    --------
    >>> list_tables("cohort")
    ('gbsg2',)
    >>> len(list_tables()) == sum(len(list_tables(k)) for k in TableKind)
    True
    """
    wanted = _kind(kind)
    if wanted is None:
        return tuple(_catalogue())
    return tuple(name for name, (k, _) in _catalogue().items() if k is wanted)


def _kind(kind: TableKind | str | None) -> TableKind | None:
    if kind is None:
        return None
    try:
        return TableKind(kind)
    except ValueError:
        raise DatasetError(
            "unknown table kind", field="kind", value=kind, allowed=[k.value for k in TableKind]
        ) from None


def _check_name(name: object, kind: TableKind | None = None) -> str:
    """``name`` if it is a table (of ``kind``), else DatasetError listing the allowed ones."""
    allowed = list_tables(kind)
    if not isinstance(name, str) or name not in allowed:
        what = f"unknown {kind.value} table" if kind else "unknown table"
        raise DatasetError(what, field="name", value=name, allowed=allowed)
    return name


def table_kind(name: str) -> TableKind:
    """The kind of a table (rule, statistics or cohort).

    Examples
    --------
    >>> table_kind("her2_rules").value
    'rule'
    """
    return _catalogue()[_check_name(name)][0]


def _path(name: str, suffix: str):
    _, parts = _catalogue()[name]
    return _root().joinpath(*parts, name + suffix)


@cache
def _provenance_text(name: str) -> str:
    return _path(name, ".json").read_text(encoding="utf-8")


@cache
def _provenance(name: str) -> dict[str, Any]:
    return json.loads(_provenance_text(name))


def provenance(name: str, kind: TableKind | str | None = None) -> dict[str, Any]:
    """A copy of a table's provenance record: sources, edition, dates, checksum, schema.

    With ``kind``, only a table of that kind is accepted (the error lists those).

    Examples
    --------
    >>> provenance("seer_subtypes")["sources"][0]["url"]
    'https://seer.cancer.gov/statfacts/html/breast-subtypes.html'
    >>> "8th" in provenance("anatomic_stage_groups")["edition"]
    True
    """
    return copy.deepcopy(_provenance(_check_name(name, _kind(kind))))


def checksum(name: str) -> str:
    """SHA-256 of a CSV table's bytes as shipped (its provenance records the expected one).

    Examples
    --------
    >>> checksum("her2_rules") == provenance("her2_rules")["sha256"]
    True
    """
    if table_kind(name) is TableKind.COHORT:
        raise DatasetError("a cohort has no CSV file to checksum", field="name", value=name)
    return hashlib.sha256(_path(name, ".csv").read_bytes()).hexdigest()


@cache
def _csv_text(name: str) -> str:
    """The CSV text, once its checksum matches the provenance record (else DatasetError)."""
    raw = _path(name, ".csv").read_bytes()
    expected = _provenance(name).get("sha256")
    actual = hashlib.sha256(raw).hexdigest()
    if expected != actual:
        raise DatasetError(
            "table does not match the checksum in its provenance: it was edited without a "
            "review (after one, run python tools/update_checksums.py)",
            field=name,
            value=actual[:12],
            allowed=[str(expected)[:12]],
        )
    return raw.decode("utf-8")


@cache
def _rows(name: str) -> tuple[dict[str, str], ...]:
    return tuple(csv.DictReader(io.StringIO(_csv_text(name))))


def rows(name: str) -> tuple[dict[str, str], ...]:
    """The rows of a CSV table as dicts of text (cached and shared: do not mutate them).

    This is how the staging and receptor rules read their tables: plain :mod:`csv`, so
    importing the engine needs no pandas.

    Raises
    ------
    DatasetError
        An unknown table, a cohort, or a file whose checksum does not match its provenance.

    Examples
    --------
    >>> [r["stage"] for r in rows("anatomic_stage_labels")][-1]
    'IV'
    """
    if table_kind(name) is TableKind.COHORT:
        raise DatasetError(
            "a cohort has no rows of its own here; use load_table", field="name", value=name
        )
    return _rows(name)


@cache
def _numbered(name: str) -> tuple[tuple[int, dict[str, str]], ...]:
    reader = csv.DictReader(io.StringIO(_csv_text(name)))
    return tuple((reader.line_num, row) for row in reader)


def numbered_rows(name: str) -> tuple[tuple[int, dict[str, str]], ...]:
    """Like :func:`rows`, each row with its line number in the file (the header is line 1).

    A result names the table row that decided it by this number.

    Examples
    --------
    >>> numbered_rows("anatomic_stage_labels")[0][0]
    2
    """
    rows(name)  # same checks
    return _numbered(name)


def load_table(name: str, kind: TableKind | str | None = None):  # -> pandas.DataFrame
    """Load any table as a new pandas DataFrame with its provenance in ``df.attrs``.

    Parameters
    ----------
    name : str
        One of :func:`list_tables`.
    kind : {"rule", "statistics", "cohort"}, optional
        Accept only a table of this kind.

    Returns
    -------
    pandas.DataFrame
        * rule table: every column as text, exactly as stored;
        * statistics table: the schema applied (numeric ``value``/``low``/``high``, ordered
          categorical dimensions, every row sourced);
        * cohort: the rows as the shipping library gives them (GBSG2: lifelines, which
          comes with the ``lessons`` extra).

    Raises
    ------
    DatasetError
        Unknown name (the message lists the tables), a table that fails its schema or
        its checksum.

    Examples
    --------
    >>> load_table("her2_rules").shape
    (30, 6)
    >>> df = load_table("seer_subtypes")
    >>> float(df.query("quantity == 'share_of_cases' and group == 'triple-negative'").value.item())
    10.5
    """
    kind = table_kind(_check_name(name, _kind(kind)))
    if kind is TableKind.COHORT:
        df = _load_cohort(name)
    elif kind is TableKind.STATISTICS:
        df = _load_statistics(name)
    else:
        import pandas as pd

        df = pd.read_csv(io.StringIO(_csv_text(name)), dtype=str, keep_default_na=False)
    df.attrs["provenance"] = provenance(name)
    return df


def _load_statistics(name: str):
    import pandas as pd

    schema = _provenance(name)["schema"]
    df = pd.read_csv(io.StringIO(_csv_text(name)), dtype=str, keep_default_na=False)
    expected = [*schema["dimensions"], *schema["columns"]]
    if sorted(df.columns) != sorted(expected):
        raise DatasetError(
            "columns do not match the schema", field=name, value=list(df.columns), allowed=expected
        )
    for col in _NUMERIC:
        df[col] = pd.to_numeric(df[col].replace("", None)).astype("Float64")
    for col in schema["dimensions"]:
        cats = schema["categories"][col]
        unknown = sorted(set(df[col]) - set(cats))
        if unknown:
            raise DatasetError(
                f"values outside the schema in column {col!r}",
                field=name,
                value=unknown,
                allowed=cats,
            )
        df[col] = pd.Categorical(df[col], categories=cats, ordered=True)
    for col in SOURCED_COLUMNS:
        if (df[col].str.strip() == "").any():
            raise DatasetError(f"a row has no {col}", field=name, value=col)
    has_value = df["value"].notna() | df["low"].notna() | df["high"].notna()
    if not has_value.all():
        raise DatasetError(
            "a row has neither value nor low/high",
            field=name,
            value=df.loc[~has_value, schema["dimensions"]].to_dict("records"),
        )
    df["note"] = df["note"].replace("", None)
    return df[expected]


# Cohorts whose rows ship inside another library: name -> (module, function, extra).
_COHORT_LOADERS = {"gbsg2": ("lifelines.datasets", "load_lymph_node", "lessons")}


def _load_cohort(name: str):
    import warnings

    module_name, function, extra = _COHORT_LOADERS[name]
    module = import_extra(module_name, extra, f"the {name} cohort")
    with warnings.catch_warnings():
        # lifelines 0.30.0 calls pandas APIs that pandas 3 flags for pandas 4; the data are
        # right, and students should not see the warning in every lesson.
        warnings.filterwarnings("ignore", message="Starting with pandas version 4.0")
        return getattr(module, function)()
