"""AJCC 8th-edition clinical and pathological prognostic stage groups for breast cancer.

Since 2018 US staging folds histologic grade, ER, PR and HER2 (and, for the
pathological table, the Oncotype DX recurrence score) into the stage. The tables
are data under ``breastcancer_kit/data``:

* ``prognostic_row_groups.csv``: which anatomic stage groups share a row group of the
  prognostic tables (IA and IB share one; IIIB and IIIC share one);
* ``prognostic_stage_groups.csv``: for each table (clinical, pathological), row group,
  grade, HER2, ER and PR, the prognostic stage; ``*`` means any value (Tis N0 M0 is
  always 0 and M1 always IV, whatever the biomarkers);
* ``prognostic_oncotype_rule.csv``: the Oncotype DX exception of the pathological table.

This module reads biomarkers and looks up the tables; :func:`breastcancer_kit.stage`
calls it. Teaching material only, never a basis for clinical decisions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from numbers import Real

from . import _data
from .errors import StagingError

__all__ = [
    "Biomarkers",
    "PrognosticRow",
    "PrognosticTable",
    "biomarkers",
    "prognostic_grid",
    "prognostic_lookup",
    "row_group",
]

ANY = "*"
POSITIVE = "positive"
NEGATIVE = "negative"
EQUIVOCAL = "equivocal"


class PrognosticTable(StrEnum):
    """The two AJCC prognostic tables."""

    CLINICAL = "clinical"
    PATHOLOGICAL = "pathological"


# Spellings accepted for a receptor result. Values map to (status, note or "").
_RECEPTOR_WORDS: dict[str, tuple[str, str]] = {
    "positive": (POSITIVE, ""),
    "pos": (POSITIVE, ""),
    "+": (POSITIVE, ""),
    "negative": (NEGATIVE, ""),
    "neg": (NEGATIVE, ""),
    "-": (NEGATIVE, ""),
}
_ER_PR_EXTRA = {
    "low": (POSITIVE, "{field} low positive (1-10% of nuclei) counts as positive for staging."),
    "low positive": (
        POSITIVE,
        "{field} low positive (1-10% of nuclei) counts as positive for staging.",
    ),
}
_HER2_EXTRA = {
    "low": (NEGATIVE, "HER2-low (IHC 1+, or 2+ with negative ISH) is HER2-negative for staging."),
    "her2-low": (
        NEGATIVE,
        "HER2-low (IHC 1+, or 2+ with negative ISH) is HER2-negative for staging.",
    ),
    "ultralow": (NEGATIVE, "HER2-ultralow is HER2-negative for staging."),
    "her2-ultralow": (NEGATIVE, "HER2-ultralow is HER2-negative for staging."),
    "ish-equivocal": (NEGATIVE, "An equivocal ISH result counts as HER2-negative for staging."),
    "ish equivocal": (NEGATIVE, "An equivocal ISH result counts as HER2-negative for staging."),
    "equivocal": (EQUIVOCAL, ""),
}


@dataclass(frozen=True)
class Biomarkers:
    """Grade and receptor results as used for staging.

    Attributes
    ----------
    grade : int or None
        Histologic grade 1-3.
    er, pr : {"positive", "negative"} or None
    her2 : {"positive", "negative", "equivocal"} or None
        ``"equivocal"`` is an IHC 2+ result still waiting for ISH: it cannot be staged.
    oncotype_rs : float or None
        Oncotype DX recurrence score (0-100).
    notes : tuple of str
        How unusual inputs were read (HER2-low, ER-low ...).
    """

    grade: int | None = None
    er: str | None = None
    pr: str | None = None
    her2: str | None = None
    oncotype_rs: float | None = None
    notes: tuple[str, ...] = ()

    @property
    def given(self) -> bool:
        """True when any biomarker was supplied."""
        return any(v is not None for v in (self.grade, self.er, self.pr, self.her2))

    @property
    def missing(self) -> tuple[str, ...]:
        """Names of the biomarkers the prognostic tables need that are missing."""
        return tuple(
            name
            for name, v in (
                ("grade", self.grade),
                ("ER", self.er),
                ("PR", self.pr),
                ("HER2", self.her2),
            )
            if v is None
        )

    def describe(self) -> str:
        """Short text such as ``G2, ER-positive, PR-negative, HER2-negative``."""
        parts = [f"G{self.grade}" if self.grade else "grade unknown"]
        for name, v in (("ER", self.er), ("PR", self.pr), ("HER2", self.her2)):
            parts.append(f"{name}-{v}" if v else f"{name} unknown")
        return ", ".join(parts)


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _grade(value: object) -> int | None:
    if _is_missing(value):
        return None
    allowed = ["1", "2", "3", "G1", "G2", "G3", "GX (unknown)"]
    if isinstance(value, bool):
        raise StagingError("grade must be 1, 2 or 3", field="grade", value=value, allowed=allowed)
    if isinstance(value, Real):
        if float(value) in (1.0, 2.0, 3.0):
            return int(value)
        raise StagingError("grade must be 1, 2 or 3", field="grade", value=value, allowed=allowed)
    if isinstance(value, str):
        text = value.strip().upper().removeprefix("GRADE").strip().removeprefix("G").strip()
        if text in ("1", "2", "3"):
            return int(text)
        if text in ("X", "UNKNOWN", ""):
            return None
    raise StagingError("unknown grade", field="grade", value=value, allowed=allowed)


def _receptor(value: object, field: str) -> tuple[str | None, str]:
    if _is_missing(value):
        return None, ""
    extra = _HER2_EXTRA if field == "her2" else _ER_PR_EXTRA
    allowed = ["positive", "negative", "+", "-", "True", "False", *extra]
    if isinstance(value, bool):
        return (POSITIVE if value else NEGATIVE), ""
    if isinstance(value, str):
        text = value.strip().lower()
        for prefix in ("her2", "er", "pr"):
            if text.startswith(prefix) and text[len(prefix) :] in (
                "+",
                "-",
                " positive",
                " negative",
            ):
                text = text[len(prefix) :].strip()
        if text in _RECEPTOR_WORDS:
            return _RECEPTOR_WORDS[text]
        if text in extra:
            status, note = extra[text]
            return status, note.format(field=field.upper())
    raise StagingError(f"unknown {field.upper()} result", field=field, value=value, allowed=allowed)


def _oncotype(value: object) -> float | None:
    if _is_missing(value):
        return None
    if isinstance(value, bool) or not isinstance(value, Real) or not 0 <= float(value) <= 100:
        raise StagingError(
            "Oncotype DX recurrence score must be a number from 0 to 100",
            field="oncotype_rs",
            value=value,
        )
    return float(value)


def biomarkers(
    grade: object = None,
    er: object = None,
    pr: object = None,
    her2: object = None,
    oncotype_rs: object = None,
) -> Biomarkers:
    """Read grade, ER, PR, HER2 and the Oncotype DX score as written.

    Parameters
    ----------
    grade : {1, 2, 3, "G1", "G2", "G3"}, optional
    er, pr : {"positive", "negative", "+", "-", True, False, "low"}, optional
        ``"low"`` (1-10 % of nuclei) is positive for staging.
    her2 : {"positive", "negative", "+", "-", True, False, "low", "ultralow", \
"ish-equivocal", "equivocal"}, optional
        HER2-low, HER2-ultralow and an equivocal ISH result are negative for staging;
        ``"equivocal"`` (IHC 2+ awaiting ISH) cannot be staged.
    oncotype_rs : float, optional
        Recurrence score, 0-100.

    Returns
    -------
    Biomarkers

    Raises
    ------
    StagingError
        A value that is not one of the allowed ones.

    Examples
    --------
    >>> b = biomarkers(grade="G2", er="+", pr=False, her2="low")
    >>> b.describe()
    'G2, ER-positive, PR-negative, HER2-negative'
    >>> b.notes
    ('HER2-low (IHC 1+, or 2+ with negative ISH) is HER2-negative for staging.',)
    """
    notes = []
    er_v, note = _receptor(er, "er")
    notes.append(note)
    pr_v, note = _receptor(pr, "pr")
    notes.append(note)
    her2_v, note = _receptor(her2, "her2")
    notes.append(note)
    return Biomarkers(
        grade=_grade(grade),
        er=er_v,
        pr=pr_v,
        her2=her2_v,
        oncotype_rs=_oncotype(oncotype_rs),
        notes=tuple(n for n in notes if n),
    )


@dataclass(frozen=True)
class PrognosticRow:
    """The row of a prognostic table (or of the Oncotype rule) that decided a result."""

    table: str
    line: int
    source: str
    row_group: str
    grade: str
    her2: str
    er: str
    pr: str
    stage: str
    note: str = ""


@cache
def _row_groups() -> dict[str, tuple[str, str]]:
    return {
        r["anatomic_stage"]: (r["row_group"], r["members"])
        for r in _data.rows("prognostic_row_groups.csv")
    }


def row_group(anatomic_stage: str) -> tuple[str, str]:
    """Row group of the prognostic tables for an anatomic stage, and its members.

    Examples
    --------
    >>> row_group("IIIC")
    ('5', 'any T N3 M0')
    """
    try:
        return _row_groups()[anatomic_stage]
    except KeyError:
        raise StagingError(
            "unknown anatomic stage",
            field="anatomic_stage",
            value=anatomic_stage,
            allowed=list(_row_groups()),
        ) from None


@cache
def _table() -> dict[tuple[str, ...], PrognosticRow]:
    name = "prognostic_stage_groups.csv"
    return {
        (r["table"], r["row_group"], r["grade"], r["her2"], r["er"], r["pr"]): PrognosticRow(
            table=r["table"],
            line=i + 2,
            source=name,
            row_group=r["row_group"],
            grade=r["grade"],
            her2=r["her2"],
            er=r["er"],
            pr=r["pr"],
            stage=r["stage"],
        )
        for i, r in enumerate(_data.rows(name))
    }


@cache
def _oncotype_rules() -> dict[tuple[str, str, str, str], tuple[PrognosticRow, dict[str, str]]]:
    name = "prognostic_oncotype_rule.csv"
    out = {}
    for i, r in enumerate(_data.rows(name)):
        group, _ = row_group_for_cell(r["t"], r["n"], r["m"])
        row = PrognosticRow(
            table=r["table"],
            line=i + 2,
            source=name,
            row_group=group,
            grade=ANY,
            her2=r["her2"],
            er=r["er"],
            pr=ANY,
            stage=r["stage"],
            note=r["note"],
        )
        out[(r["table"], r["t"], r["n"], r["m"])] = (row, r)
    return out


def row_group_for_cell(t: str, n: str, m: str) -> tuple[str, str]:
    """Row group for a T, N, M grouping cell (via its anatomic stage).

    Examples
    --------
    >>> row_group_for_cell("T2", "N1mi", "M0")
    ('3', 'T2 N1 M0 (with T2 N1 includes N1mi); T3 N0 M0')
    """
    from .staging import _grid

    row = _grid().get((t, n, m))
    if row is None or row.stage is None:
        raise StagingError(
            "this T, N, M cell has no anatomic stage group", field="cell", value=f"{t} {n} {m}"
        )
    return row_group(row.stage)


def equivocal_reason() -> str:
    """Why an equivocal HER2 (IHC 2+ awaiting ISH) gets no prognostic stage."""
    return "HER2 is equivocal (IHC 2+) until ISH settles it: no prognostic stage until then."


def missing_reason(missing: tuple[str, ...]) -> str:
    """Why missing biomarkers give no prognostic stage.

    Examples
    --------
    >>> missing_reason(("ER", "HER2"))
    'ER and HER2 are missing: the prognostic tables need grade, ER, PR and HER2.'
    """
    listed = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " and " + missing[-1]
    verb = "is" if len(missing) == 1 else "are"
    text = f"{listed} {verb} missing: the prognostic tables need grade, ER, PR and HER2."
    return text[0].upper() + text[1:]


def prognostic_lookup(
    table: PrognosticTable | str,
    anatomic_stage: str,
    markers: Biomarkers,
    cell: tuple[str, str, str] | None = None,
) -> tuple[PrognosticRow | None, str | None]:
    """Look up a prognostic stage group.

    Parameters
    ----------
    table : {"clinical", "pathological"}
    anatomic_stage : str
        The anatomic stage group (decides the row group).
    markers : Biomarkers
    cell : (T group, N group, M group), optional
        Needed for the Oncotype DX rule, which applies to T1-T2 N0 M0 only.

    Returns
    -------
    (row, reason)
        The deciding row, or None and the reason there is no prognostic stage.

    Examples
    --------
    >>> row, _ = prognostic_lookup("clinical", "IIIB", biomarkers(2, "+", "+", "+"))
    >>> row.stage
    'IIIA'
    >>> prognostic_lookup("clinical", "IIA", biomarkers(grade=2))[1]
    'ER, PR and HER2 are missing: the prognostic tables need grade, ER, PR and HER2.'
    """
    table = PrognosticTable(table)
    group, _ = row_group(anatomic_stage)
    wildcard = _table().get((table.value, group, ANY, ANY, ANY, ANY))
    if wildcard is not None:
        return wildcard, None
    if markers.her2 == EQUIVOCAL:
        return None, equivocal_reason()
    if markers.missing:
        return None, missing_reason(markers.missing)
    if (
        table is PrognosticTable.PATHOLOGICAL
        and cell is not None
        and markers.oncotype_rs is not None
    ):
        rule = _oncotype_rules().get((table.value, *cell))
        if rule is not None:
            row, spec = rule
            if (
                markers.oncotype_rs < float(spec["rs_below"])
                and markers.her2 == spec["her2"]
                and markers.er == spec["er"]
            ):
                return row, None
    key = (table.value, group, str(markers.grade), markers.her2, markers.er, markers.pr)
    return _table()[key], None


def prognostic_grid(
    table: PrognosticTable | str,
    grade: object,
    er: object,
    pr: object,
    her2: object,
    m: str = "M0",
    oncotype_rs: float | None = None,
):  # -> pandas.DataFrame
    """Anatomic and prognostic stage for every T x N cell of one biomarker profile.

    Parameters
    ----------
    table : {"clinical", "pathological"}
    grade, er, pr, her2
        As accepted by :func:`biomarkers`.
    m : {"M0", "M1"}
    oncotype_rs : float, optional
        Oncotype DX score (pathological table only; below 11 it can give IA).

    Returns
    -------
    pandas.DataFrame
        Columns ``t, n, m, anatomic_stage, prognostic_stage, rule, note``.

    Examples
    --------
    >>> g = prognostic_grid("clinical", 1, "positive", "positive", "positive")
    >>> g.query("t == 'T4' and n == 'N1'")[["anatomic_stage", "prognostic_stage"]].values.tolist()
    [['IIIB', 'IIIA']]
    """
    import pandas as pd

    from .staging import stage_grid, stage_labels

    table = PrognosticTable(table)
    markers = biomarkers(grade, er, pr, her2, oncotype_rs)
    grid = stage_grid(m)
    stages = []
    for t, n, stage in zip(grid["t"], grid["n"], grid["stage"], strict=True):
        row = None
        if isinstance(stage, str):
            row, _ = prognostic_lookup(table, stage, markers, cell=(str(t), str(n), m))
        stages.append(row.stage if row else None)
    df = grid.rename(columns={"stage": "anatomic_stage"})
    df.insert(
        4, "prognostic_stage", pd.Categorical(stages, categories=stage_labels(), ordered=True)
    )
    df.attrs["provenance"] = _data.provenance("prognostic_stage_groups")
    return df
