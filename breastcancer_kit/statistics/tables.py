"""Published breast-cancer statistics as tidy tables, each with its provenance.

Every table is a CSV under ``breastcancer_kit/data/statistics`` with a JSON sidecar:
sources with URLs, what it was transcribed from, definitions (relative vs overall
survival, SEER summary stage vs AJCC stage) and its schema. The data layer
(:mod:`breastcancer_kit.data`) applies the schema: numeric ``value``/``low``/``high``,
ordered categoricals for the dimension columns, and a check that every row is sourced.

Figures are for teaching; refresh them against the live pages before relying on them.
"""

from __future__ import annotations

from typing import Any

from .. import data
from ..data import SOURCED_COLUMNS, TableKind

__all__ = ["SOURCED_COLUMNS", "list_tables", "load_table", "provenance"]


def list_tables() -> tuple[str, ...]:
    """Names of the statistics tables shipped with the kit.

    Examples
    --------
    >>> "seer_subtypes" in list_tables()
    True
    """
    return data.list_tables(TableKind.STATISTICS)


def provenance(name: str) -> dict[str, Any]:
    """The provenance record of a statistics table: sources, definitions, schema, checksum.

    Examples
    --------
    >>> provenance("seer_subtypes")["sources"][0]["url"]
    'https://seer.cancer.gov/statfacts/html/breast-subtypes.html'
    """
    return data.provenance(name, TableKind.STATISTICS)


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
    return data.load_table(name, TableKind.STATISTICS)
