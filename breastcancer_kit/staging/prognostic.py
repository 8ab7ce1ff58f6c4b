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
calls it. Layer: above :mod:`.anatomic`. Teaching material only, never a basis for
clinical decisions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from numbers import Real

from .. import data
from ..errors import StagingError
from ..limits import bounded_text, preview
from ..vocabulary import ReceptorStatus
from .anatomic import _grid, stage_grid, stage_labels

__all__ = [
    "Biomarkers",
    "OncotypeRule",
    "PrognosticRow",
    "PrognosticTable",
    "biomarkers",
    "equivocal_reason",
    "grades",
    "missing_reason",
    "oncotype_rule",
    "oncotype_rule_note",
    "post_therapy_reason",
    "prognostic_grid",
    "prognostic_lookup",
    "row_group",
    "row_group_for_cell",
    "row_groups",
]

#: The wildcard of the prognostic tables: any value.
ANY = "*"
# Kept as module names for callers of the first release; the values live in one enum.
POSITIVE = ReceptorStatus.POSITIVE
NEGATIVE = ReceptorStatus.NEGATIVE
EQUIVOCAL = ReceptorStatus.EQUIVOCAL


class PrognosticTable(StrEnum):
    """The two AJCC prognostic tables."""

    CLINICAL = "clinical"
    PATHOLOGICAL = "pathological"


# Spellings accepted for a receptor result: the status words themselves, their signs and
# short forms. Values map to (status, note or "").
_RECEPTOR_WORDS: dict[str, tuple[ReceptorStatus, str]] = {
    spelling: (status, "")
    for status in ReceptorStatus.binary()
    for spelling in (status.value, status.value[:3], status.sign)
}


@cache
def _er_low_note() -> str:
    # The ER-low band is a receptor threshold (ASCO/CAP 2020), stored once in its table.
    values = {r["name"]: float(r["value"]) for r in data.rows("receptor_thresholds")}
    band = f"{values['er_positive_min']:g}-{values['er_low_positive_max']:g}%"
    return "{field} low positive (" + band + " of nuclei) counts as positive for staging."


_HER2_LOW_NOTE = "HER2-low (IHC 1+, or 2+ with negative ISH) is HER2-negative for staging."
_ULTRALOW_NOTE = "HER2-ultralow is HER2-negative for staging."
_ISH_EQUIVOCAL_NOTE = "An equivocal ISH result counts as HER2-negative for staging."


def _er_pr_extra() -> dict[str, tuple[ReceptorStatus, str]]:
    return {
        "low": (POSITIVE, _er_low_note()),
        f"low {POSITIVE}": (POSITIVE, _er_low_note()),
    }


_HER2_EXTRA: dict[str, tuple[ReceptorStatus, str]] = {
    "low": (NEGATIVE, _HER2_LOW_NOTE),
    "her2-low": (NEGATIVE, _HER2_LOW_NOTE),
    "ultralow": (NEGATIVE, _ULTRALOW_NOTE),
    "her2-ultralow": (NEGATIVE, _ULTRALOW_NOTE),
    f"ish-{EQUIVOCAL}": (NEGATIVE, _ISH_EQUIVOCAL_NOTE),
    f"ish {EQUIVOCAL}": (NEGATIVE, _ISH_EQUIVOCAL_NOTE),
    EQUIVOCAL.value: (EQUIVOCAL, ""),
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
    er: ReceptorStatus | None = None
    pr: ReceptorStatus | None = None
    her2: ReceptorStatus | None = None
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


@cache
def grades() -> tuple[int, ...]:
    """The histologic grades the prognostic tables distinguish (from the table itself).

    Examples
    --------
    >>> grades()
    (1, 2, 3)
    """
    return tuple(sorted({int(r.grade) for r in _table().values() if r.grade != ANY}))


def _grade(value: object) -> int | None:
    if _is_missing(value):
        return None
    words = [str(g) for g in grades()]
    allowed = [*words, *(f"G{g}" for g in words), "GX (unknown)"]
    must = f"grade must be {', '.join(words[:-1])} or {words[-1]}"
    if isinstance(value, bool):
        raise StagingError(must, field="grade", value=value, allowed=allowed)
    if isinstance(value, Real):
        # Exact comparison: a huge integer is refused, never converted to float.
        match = [g for g in grades() if value == g]
        if match:
            return match[0]
        raise StagingError(must, field="grade", value=preview(value), allowed=allowed)
    if isinstance(value, str):
        bounded_text(value, "grade", StagingError)
        text = value.strip().upper().removeprefix("GRADE").strip().removeprefix("G").strip()
        if text in words:
            return int(text)
        if text in ("X", "UNKNOWN", ""):
            return None
    raise StagingError("unknown grade", field="grade", value=preview(value), allowed=allowed)


def _receptor(value: object, field: str) -> tuple[ReceptorStatus | None, str]:
    if _is_missing(value):
        return None, ""
    extra = _HER2_EXTRA if field == "her2" else _er_pr_extra()
    allowed = [*_RECEPTOR_WORDS, "True", "False", *extra]
    if isinstance(value, bool):
        return (POSITIVE if value else NEGATIVE), ""
    if isinstance(value, str):
        text = bounded_text(value, field, StagingError).strip().lower()
        # "ER+" or "HER2 negative" on its own field; a label for another marker is refused.
        own = [
            text[len(field) :].strip()
            for status in ReceptorStatus.binary()
            for tail in (status.sign, f" {status.value}")
            if text == field + tail
        ]
        text = own[0] if own else text
        if text in _RECEPTOR_WORDS:
            return _RECEPTOR_WORDS[text]
        if text in extra:
            status, note = extra[text]
            return status, note.format(field=field.upper())
    raise StagingError(
        f"unknown {field.upper()} result", field=field, value=preview(value), allowed=allowed
    )


def _oncotype(value: object) -> float | None:
    if _is_missing(value):
        return None
    rule = oncotype_rule()
    # Compared before any float conversion (which overflows for huge integers).
    if (
        isinstance(value, bool)
        or not isinstance(value, Real)
        or not rule.score_min <= value <= rule.score_max
    ):
        raise StagingError(
            "Oncotype DX recurrence score must be a number from "
            f"{rule.score_min:g} to {rule.score_max:g}",
            field="oncotype_rs",
            value=preview(value),
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

    @property
    def is_oncotype_rule(self) -> bool:
        """True when the Oncotype DX exception decided the stage."""
        return self.source == _ONCOTYPE_FILE


_ONCOTYPE_FILE = "prognostic_oncotype_rule.csv"


@cache
def _row_groups() -> dict[str, tuple[str, str]]:
    return {
        r["anatomic_stage"]: (r["row_group"], r["members"])
        for r in data.rows("prognostic_row_groups")
    }


@cache
def row_groups() -> tuple[str, ...]:
    """The row groups of the prognostic tables, in stage order.

    Examples
    --------
    >>> row_groups()
    ('Tis', '1', '2', '3', '4', '5', 'M1')
    """
    return tuple(dict.fromkeys(group for group, _ in _row_groups().values()))


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
            line=line,
            source=name,
            row_group=r["row_group"],
            grade=r["grade"],
            her2=r["her2"],
            er=r["er"],
            pr=r["pr"],
            stage=r["stage"],
        )
        for line, r in data.numbered_rows(name.removesuffix(".csv"))
    }


@dataclass(frozen=True)
class OncotypeRule:
    """The Oncotype DX exception of the pathological table (``prognostic_oncotype_rule.csv``).

    Attributes
    ----------
    cutoff : float
        A recurrence score below this gives :attr:`stage`.
    stage : str
        The prognostic stage the rule gives.
    cells : tuple of (T, N, M)
        The grouping cells it applies to.
    er, her2 : ReceptorStatus
        The receptor results it needs.
    score_min, score_max : float
        The range the assay reports.
    table : str
        The prognostic table it belongs to.
    """

    cutoff: float
    stage: str
    cells: tuple[tuple[str, str, str], ...]
    er: ReceptorStatus
    her2: ReceptorStatus
    score_min: float
    score_max: float
    table: str

    def applies(self, table: str, cell: tuple[str, str, str], markers: Biomarkers) -> bool:
        """True when this rule gives the stage for ``markers`` in ``cell`` of ``table``."""
        return (
            table == self.table
            and cell in self.cells
            and markers.oncotype_rs is not None
            and markers.oncotype_rs < self.cutoff
            and markers.er == self.er
            and markers.her2 == self.her2
        )


@cache
def oncotype_rule() -> OncotypeRule:
    """The Oncotype DX rule as stored (one cut-off for every cell it covers).

    Examples
    --------
    >>> rule = oncotype_rule()
    >>> rule.cutoff, rule.stage, rule.cells
    (11.0, 'IA', (('T1', 'N0', 'M0'), ('T2', 'N0', 'M0')))
    """
    specs = data.rows(_ONCOTYPE_FILE.removesuffix(".csv"))
    shared = {
        key: {r[key] for r in specs}
        for key in ("table", "rs_below", "stage", "er", "her2", "rs_min", "rs_max")
    }
    varying = [k for k, v in shared.items() if len(v) != 1]
    if varying:  # the structure below assumes one rule repeated over its cells
        raise StagingError("the Oncotype DX table varies by cell", field=_ONCOTYPE_FILE,
                           value=varying)  # fmt: skip
    first = specs[0]
    return OncotypeRule(
        cutoff=float(first["rs_below"]),
        stage=first["stage"],
        cells=tuple((r["t"], r["n"], r["m"]) for r in specs),
        er=ReceptorStatus(first["er"]),
        her2=ReceptorStatus(first["her2"]),
        score_min=float(first["rs_min"]),
        score_max=float(first["rs_max"]),
        table=first["table"],
    )


def oncotype_rule_note() -> str:
    """Where the Oncotype DX rule applies, in one sentence built from the table.

    Examples
    --------
    >>> print(oncotype_rule_note())  # doctest: +NORMALIZE_WHITESPACE
    The Oncotype DX rule (score below 11 gives IA) applies only to T1-T2 N0 M0,
    ER-positive, HER2-negative cancers.
    """
    rule = oncotype_rule()
    ts = [t for t, _, _ in rule.cells]
    cells = f"{ts[0]}-{ts[-1]} {rule.cells[0][1]} {rule.cells[0][2]}"
    return (
        f"The Oncotype DX rule (score below {rule.cutoff:g} gives {rule.stage}) applies only to "
        f"{cells}, ER-{rule.er}, HER2-{rule.her2} cancers."
    )


@cache
def _oncotype_rules() -> dict[tuple[str, str, str, str], tuple[PrognosticRow, dict[str, str]]]:
    name = "prognostic_oncotype_rule.csv"
    out = {}
    for line, r in data.numbered_rows(name.removesuffix(".csv")):
        group, _ = row_group_for_cell(r["t"], r["n"], r["m"])
        row = PrognosticRow(
            table=r["table"],
            line=line,
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
    row = _grid().get((t, n, m))
    if row is None or row.stage is None:
        raise StagingError(
            "this T, N, M cell has no anatomic stage group", field="cell", value=f"{t} {n} {m}"
        )
    return row_group(row.stage)


def post_therapy_reason() -> str:
    """Why a case staged after neoadjuvant therapy (yc, yp) gets no prognostic stage."""
    return (
        "After neoadjuvant treatment (yc/yp) there is no prognostic stage group; the AJCC "
        "prognostic tables apply before treatment (clinical) or after surgery as the "
        "first treatment (pathological)."
    )


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


def _table_name(table: object) -> PrognosticTable:
    try:
        return PrognosticTable(table)
    except ValueError:
        raise StagingError(
            "unknown prognostic table",
            field="table",
            value=preview(table),
            allowed=[t.value for t in PrognosticTable],
        ) from None


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
    table = _table_name(table)
    group, _ = row_group(anatomic_stage)
    wildcard = _table().get((table.value, group, ANY, ANY, ANY, ANY))
    if wildcard is not None:
        return wildcard, None
    if markers.her2 == EQUIVOCAL:
        return None, equivocal_reason()
    if markers.missing:
        return None, missing_reason(markers.missing)
    if cell is not None and oncotype_rule().applies(table.value, cell, markers):
        row, _ = _oncotype_rules()[(table.value, *cell)]
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

    table = _table_name(table)
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
    df.attrs["provenance"] = data.provenance("prognostic_stage_groups")
    return df
