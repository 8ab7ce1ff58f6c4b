"""Read the package's data files (CSV + JSON provenance) through importlib.resources.

Rule tables are small; they are read with the :mod:`csv` module so that importing
the staging core does not need pandas. :func:`frame` builds a pandas copy on demand.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["checksum", "frame", "provenance", "rows"]

_PACKAGE = "breastcancer_kit"


def _read_text(filename: str) -> str:
    return resources.files(_PACKAGE).joinpath("data", filename).read_text(encoding="utf-8")


@cache
def _rows(filename: str) -> tuple[dict[str, str], ...]:
    return tuple(csv.DictReader(io.StringIO(_read_text(filename))))


def rows(filename: str) -> tuple[dict[str, str], ...]:
    """Return the rows of a packaged CSV as dicts of strings (cached, do not mutate)."""
    return _rows(filename)


@cache
def _provenance(name: str) -> dict[str, Any]:
    return json.loads(_read_text(f"{name}.json"))


def provenance(name: str) -> dict[str, Any]:
    """Return a copy of the provenance record stored next to ``<name>.csv``."""
    return json.loads(json.dumps(_provenance(name)))


def checksum(filename: str) -> str:
    """SHA-256 of a packaged file's bytes (recorded in its provenance)."""
    data = resources.files(_PACKAGE).joinpath("data", filename).read_bytes()
    return hashlib.sha256(data).hexdigest()


def frame(name: str):  # -> pandas.DataFrame, imported lazily
    """Return ``<name>.csv`` as a new DataFrame of strings with provenance in ``attrs``."""
    import pandas as pd

    df = pd.read_csv(io.StringIO(_read_text(f"{name}.csv")), dtype=str, keep_default_na=False)
    df.attrs["provenance"] = provenance(name)
    return df
