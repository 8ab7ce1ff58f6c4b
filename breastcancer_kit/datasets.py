"""Published breast-cancer statistics as tidy tables, each with its provenance.

Every table is a CSV under ``breastcancer_kit/data/statistics`` with a JSON sidecar:
sources with URLs, what it was transcribed from, definitions (relative vs overall
survival, SEER summary stage vs AJCC stage) and its schema. One generic loader applies
the schema: numeric ``value``/``low``/``high``, ordered categoricals for the dimension
columns, and checks that every row is sourced. Tables load offline through
``importlib.resources`` and come back as copies with the provenance in ``df.attrs``.

Figures are for teaching; refresh them against the live pages before relying on them.
"""

from __future__ import annotations

import io
import json
from functools import cache
from importlib import resources
from typing import Any

from .errors import DatasetError

__all__ = ["SOURCED_COLUMNS", "list_tables", "load_table", "provenance"]

#: Columns every row must fill.
SOURCED_COLUMNS = ("unit", "population", "period", "source", "url", "evidence")
_NUMERIC = ("value", "low", "high")


def _folder():
    return resources.files("breastcancer_kit").joinpath("data", "statistics")


@cache
def list_tables() -> tuple[str, ...]:
    """Names of the statistics tables shipped with the kit.

    Examples
    --------
    >>> "seer_subtypes" in list_tables()
    True
    """
    return tuple(sorted(p.name[:-4] for p in _folder().iterdir() if p.name.endswith(".csv")))


def _check_name(name: object) -> str:
    if not isinstance(name, str) or name not in list_tables():
        raise DatasetError(
            "unknown statistics table", field="name", value=name, allowed=list_tables()
        )
    return name


@cache
def _provenance(name: str) -> str:
    return _folder().joinpath(f"{name}.json").read_text(encoding="utf-8")


def provenance(name: str) -> dict[str, Any]:
    """The provenance record of a table: sources, definitions, schema, checksum.

    Examples
    --------
    >>> provenance("seer_subtypes")["sources"][0]["url"]
    'https://seer.cancer.gov/statfacts/html/breast-subtypes.html'
    """
    return json.loads(_provenance(_check_name(name)))


@cache
def _raw(name: str) -> str:
    return _folder().joinpath(f"{name}.csv").read_text(encoding="utf-8")


def load_table(name: str):  # -> pandas.DataFrame
    """Load one statistics table as a tidy DataFrame (a fresh copy).

    Parameters
    ----------
    name : str
        One of :func:`list_tables`.

    Returns
    -------
    pandas.DataFrame
        One row per quantity and group: ``value`` or ``low``/``high`` with ``unit``,
        ``population``, ``period``, ``source``, ``url``, ``evidence`` and ``note``.
        Dimension columns (``quantity``, ``group`` ...) are ordered categoricals.
        ``df.attrs["provenance"]`` holds the provenance record.

    Raises
    ------
    DatasetError
        Unknown name (the message lists the tables), or a table that fails its schema.

    Examples
    --------
    >>> df = load_table("seer_subtypes")
    >>> float(df.query("quantity == 'share_of_cases' and group == 'triple-negative'").value.item())
    10.5
    >>> list(df.group.cat.categories)[:2]
    ['HR+/HER2-', 'HR+/HER2+']
    """
    import pandas as pd

    name = _check_name(name)
    record = provenance(name)
    schema = record["schema"]
    df = pd.read_csv(io.StringIO(_raw(name)), dtype=str, keep_default_na=False)
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
    df = df[expected]
    df.attrs["provenance"] = record
    return df
