"""AJCC 8th-edition anatomic stage groups of breast cancer: the T x N x M grid as data.

* ``anatomic_stage_groups.csv``: the whole T x N x M grid (84 rows), one row per grouping
  combination, including the ones that get no stage and why;
* ``anatomic_post_therapy_rules.csv``: the post-neoadjuvant (yp) exceptions;
* ``anatomic_stage_labels.csv``: the stage groups in order, with their extent.

Layer: above :mod:`~breastcancer_kit.staging.parsing`. Teaching material only.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from .. import data
from ..errors import StagingError
from .parsing import TNM, Axis, Basis, _groups

__all__ = [
    "Extent",
    "StageRow",
    "decide",
    "extent_of",
    "grid_rows",
    "stage_grid",
    "stage_labels",
]


class Extent(StrEnum):
    """How far the cancer has gone, in the words lessons use."""

    IN_SITU = "in situ"
    EARLY = "early"
    LOCALLY_ADVANCED = "locally advanced"
    METASTATIC = "metastatic"


@dataclass(frozen=True)
class StageRow:
    """One row of the anatomic stage-group table: the row that decided a result.

    Attributes
    ----------
    table : str
        The CSV file the row comes from.
    line : int
        Its line number in that file (the header is line 1).
    t, n, m : str
        The grouping categories (for post-therapy rules ``n`` is the exact code).
    stage : str or None
        The stage group, or None when the combination is not staged.
    rule : str
        A short rule name (``grid``, ``any-M1``, ``N1mi-as-N1`` ...).
    note : str
        The rule in plain words.

    """

    table: str
    line: int
    t: str
    n: str
    m: str
    stage: str | None
    rule: str
    note: str


@cache
def _grid() -> dict[tuple[str, str, str], StageRow]:
    name = "anatomic_stage_groups.csv"
    return {
        (r["t"], r["n"], r["m"]): StageRow(
            name, line, r["t"], r["n"], r["m"], r["stage"] or None, r["rule"], r["note"]
        )
        for line, r in data.numbered_rows(name.removesuffix(".csv"))
    }


@cache
def _post_therapy_rules() -> dict[tuple[str, str, str], StageRow]:
    name = "anatomic_post_therapy_rules.csv"
    return {
        (r["t"], r["n_code"], r["m"]): StageRow(
            name, line, r["t"], r["n_code"], r["m"], r["stage"] or None, r["rule"], r["note"]
        )
        for line, r in data.numbered_rows(name.removesuffix(".csv"))
    }


@cache
def _labels() -> dict[str, dict[str, str]]:
    return {r["stage"]: r for r in data.rows("anatomic_stage_labels")}


@cache
def stage_labels() -> tuple[str, ...]:
    """Return the anatomic stage groups in order, from 0 to IV.

    Examples
    --------
    >>> stage_labels()
    ('0', 'IA', 'IB', 'IIA', 'IIB', 'IIIA', 'IIIB', 'IIIC', 'IV')

    """
    return tuple(sorted(_labels(), key=lambda s: int(_labels()[s]["order"])))


def extent_of(stage: str) -> Extent:
    """How far a stage group has gone (in situ, early, locally advanced, metastatic).

    Examples
    --------
    >>> extent_of("IIIB").value
    'locally advanced'
    """
    if stage not in _labels():
        raise StagingError(
            "unknown stage group", field="stage", value=stage, allowed=stage_labels()
        )
    return Extent(_labels()[stage]["extent"])


def decide(tnm: TNM) -> StageRow:
    """The table row that decides the anatomic stage of a parsed TNM.

    After neoadjuvant therapy a few exact categories have their own rule
    (``anatomic_post_therapy_rules.csv``, e.g. a complete response); everything else is
    one cell of the grid.

    Examples
    --------
    >>> from .parsing import parse_tnm
    >>> decide(parse_tnm("ypT0 ypN0 cM0")).rule, decide(parse_tnm("cT0 cN0 cM0")).rule
    ('complete-response', 'no-tumour')
    """
    if tnm.basis is Basis.POST_THERAPY:
        row = _post_therapy_rules().get((tnm.t.group, tnm.n.code, tnm.m.group))
        if row is not None:
            return row
    return _grid()[(tnm.t.group, tnm.n.group, tnm.m.group)]


def grid_rows(m: str = "M0") -> tuple[StageRow, ...]:
    """The rows of the anatomic grid for one M category, in table order (no pandas).

    Examples
    --------
    >>> len(grid_rows("M1")), grid_rows("M1")[0].stage
    (42, 'IV')
    """
    if m not in _groups(Axis.M):
        raise StagingError("unknown M group", field="m", value=m, allowed=_groups(Axis.M))
    return tuple(r for r in _grid().values() if r.m == m)


def stage_grid(m: str = "M0"):  # -> pandas.DataFrame
    """The anatomic stage-group table for one M category as a tidy DataFrame.

    Parameters
    ----------
    m : {"M0", "M1"}

    Returns
    -------
    pandas.DataFrame
        One row per T x N grouping combination with ``stage`` (ordered categorical,
        missing where not staged), ``rule`` and ``note``.

    Examples
    --------
    >>> g = stage_grid("M0")
    >>> g.query("t == 'T3' and n == 'N1'")["stage"].item()
    'IIIA'
    >>> len(g)
    42

    """
    import pandas as pd

    rows = grid_rows(m)
    df = pd.DataFrame(
        {
            "t": pd.Categorical([r.t for r in rows], categories=_groups(Axis.T), ordered=True),
            "n": pd.Categorical([r.n for r in rows], categories=_groups(Axis.N), ordered=True),
            "m": m,
            "stage": pd.Categorical(
                [r.stage for r in rows], categories=stage_labels(), ordered=True
            ),
            "rule": [r.rule for r in rows],
            "note": [r.note for r in rows],
        }
    )
    df.attrs["provenance"] = data.provenance("anatomic_stage_groups")
    return df
