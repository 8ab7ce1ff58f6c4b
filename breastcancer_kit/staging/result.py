"""One case, staged: :func:`stage` and its :class:`StageResult`.

Reads the TNM text (:mod:`.parsing`), looks up the anatomic grid (:mod:`.anatomic`) and,
when grade and receptors are given, the prognostic tables (:mod:`.prognostic`). The
result says which table row decided it and explains itself in words.

Teaching material only, never a basis for clinical decisions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .anatomic import Extent, StageRow, decide, extent_of
from .parsing import EDITION, TNM, Basis, Prefix, node_positive_groups, parse_tnm
from .prognostic import (
    Biomarkers,
    PrognosticRow,
    PrognosticTable,
    biomarkers,
    oncotype_rule,
    oncotype_rule_note,
    post_therapy_reason,
    prognostic_lookup,
)

__all__ = ["StageResult", "stage"]


@dataclass(frozen=True)
class StageResult:
    """The outcome of :func:`stage`.

    Attributes
    ----------
    tnm : TNM
        The categories as read.
    anatomic : str or None
        The anatomic stage group (``"IIIB"``), or None when the case is not staged.
    reason : str or None
        Why there is no stage group (None when there is one).
    t_group, n_group, m_group : str
        The grouping categories used to look up the table.
    basis : Basis
        Clinical, pathological or post-therapy classification.
    row : StageRow
        The table row that decided the result.
    edition : str
        The staging edition implemented.
    extent : Extent or None
        In situ, early, locally advanced or metastatic.
    notes : tuple of str
        Remarks worth showing a student (rules applied, unusual notation).

    """

    tnm: TNM
    anatomic: str | None
    reason: str | None
    t_group: str
    n_group: str
    m_group: str
    basis: Basis
    row: StageRow
    edition: str = EDITION
    extent: Extent | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    biomarkers: Biomarkers = field(default_factory=Biomarkers)
    prognostic: str | None = None
    prognostic_table: str | None = None
    prognostic_reason: str | None = None
    prognostic_row: PrognosticRow | None = None

    @property
    def staged(self) -> bool:
        """True when a stage group was assigned."""
        return self.anatomic is not None

    def explain(self) -> str:
        """Explain the result in a few plain sentences.

        Examples
        --------
        >>> print(stage("T4d N1 M0").explain())
        cT4d is inflammatory carcinoma, grouped as T4; T4 N1 M0 is stage IIIB (locally advanced).

        """
        steps = [
            f"{c.text} is {c.label}, grouped as {c.group}"
            for c in (self.tnm.t, self.tnm.n, self.tnm.m)
            if c.code != c.group
        ]
        combo = f"{self.t_group} {self.n_group} {self.m_group}"
        if self.anatomic is not None:
            steps.append(f"{combo} is stage {self.anatomic} ({self.extent})")
        else:
            steps.append(f"{combo} gets no stage group")
        text = "; ".join(steps) + "."
        extra = [self.row.note] if self.row.note else []
        extra += [n for n in self.notes if n not in extra]
        if self.biomarkers.given or self.biomarkers.oncotype_rs is not None:
            extra.append(self._explain_prognostic())
        return " ".join([text, *extra])

    def _explain_prognostic(self) -> str:
        if self.prognostic is None:
            return f"No prognostic stage. {self.prognostic_reason}"
        row = self.prognostic_row
        if row is None:  # pragma: no cover - set together with .prognostic
            raise RuntimeError("a prognostic stage without its table row")
        if row.is_oncotype_rule:
            how = row.note
        elif row.grade == "*":
            cell = f"{self.t_group} {self.n_group} {self.m_group}"
            how = f"{cell} is {self.prognostic} whatever the biomarkers."
        else:
            how = (
                f"row group {row.row_group} ({self.t_group} {self.n_group} {self.m_group}, "
                f"anatomic {self.anatomic}) with {self.biomarkers.describe()}."
            )
        return (
            f"{str(self.prognostic_table).capitalize()} prognostic stage {self.prognostic}: {how}"
        )


def stage(
    text: str | None = None,
    *,
    t: str | None = None,
    n: str | None = None,
    m: str | None = None,
    prefix: str | Prefix | None = None,
    grade: object = None,
    er: object = None,
    pr: object = None,
    her2: object = None,
    oncotype_rs: object = None,
) -> StageResult:
    """Anatomic AJCC 8th-edition stage group of a breast cancer.

    Parameters
    ----------
    text : str, optional
        TNM as written, e.g. ``"cT2 cN1a cM0"`` (see :func:`parse_tnm`).
    t, n, m : str, optional
        Keyword form instead of ``text``.
    prefix : {"c", "p", "yc", "yp"}, optional
        Prefix for T and N written without one (default ``c``).
    grade : {1, 2, 3}, optional
        Histologic grade.
    er, pr, her2 : {"positive", "negative", "+", "-", True, False}, optional
        Receptor status; see :func:`breastcancer_kit.prognostic.biomarkers` for the
        other spellings (ER-low, HER2-low, ultralow, ISH-equivocal).
    oncotype_rs : float, optional
        Oncotype DX recurrence score (used by the pathological table only).

    Returns
    -------
    StageResult
        ``.anatomic`` is the stage group or None, with ``.reason`` saying why;
        ``.prognostic`` the prognostic stage group or None with ``.prognostic_reason``.
        A ``c`` prefix uses the clinical table, ``p`` the pathological one; after
        neoadjuvant therapy (yc, yp) there is no prognostic stage.

    Raises
    ------
    StagingError
        For any bad input; nothing else escapes.

    Examples
    --------
    >>> stage("cT2 cN1a cM0").anatomic
    'IIB'
    >>> stage(t="T1", n="N1mi", m="M0").anatomic
    'IB'
    >>> r = stage("ypT0 ypN0 cM0")
    >>> r.anatomic is None, r.row.rule
    (True, 'complete-response')
    >>> stage("TX NX M1").anatomic
    'IV'
    >>> r = stage("cT4d cN1 cM0", grade=1, er="+", pr="+", her2="+")
    >>> r.anatomic, r.prognostic, r.prognostic_table
    ('IIIB', 'IIIA', 'clinical')
    >>> stage("pT2 pN0 cM0", grade=3, er="+", pr="-", her2="-", oncotype_rs=8).prognostic
    'IA'

    """
    tnm = parse_tnm(text, t=t, n=n, m=m, prefix=prefix)
    markers = biomarkers(grade, er, pr, her2, oncotype_rs)
    row = decide(tnm)
    notes = [note for c in (tnm.t, tnm.n, tnm.m) for note in c.notes]
    notes += markers.notes
    extent = extent_of(row.stage) if row.stage else None
    prognostic = _prognostic(tnm, row, markers, notes)
    return StageResult(
        tnm=tnm,
        anatomic=row.stage,
        reason=None if row.stage else row.note,
        t_group=tnm.t.group,
        n_group=tnm.n.group,
        m_group=tnm.m.group,
        basis=tnm.basis,
        row=row,
        extent=extent,
        notes=tuple(notes),
        biomarkers=markers,
        **prognostic,
    )


def _prognostic(tnm: TNM, row: StageRow, markers: Biomarkers, notes: list[str]) -> dict:
    """Prognostic fields of a StageResult; appends explanatory notes to ``notes``."""
    table = None
    prow = None
    if tnm.basis is Basis.POST_THERAPY:
        reason = post_therapy_reason()
    elif row.stage is None:
        reason = "there is no anatomic stage group, so there is no prognostic stage either."
        if tnm.t.group == "Tis" and tnm.n.group in node_positive_groups():
            reason += (
                " (Were Tis with positive nodes staged, grade and receptors would be those of "
                "the tumour in the lymph node.)"
            )
    else:
        table = (
            PrognosticTable.CLINICAL
            if tnm.basis is Basis.CLINICAL
            else PrognosticTable.PATHOLOGICAL
        )
        cell = (tnm.t.group, tnm.n.group, tnm.m.group)
        prow, reason = prognostic_lookup(table, row.stage, markers, cell)
        if tnm.t.group == "T0" and tnm.n.group in node_positive_groups() and markers.given:
            notes.append(
                "T0 with positive nodes: grade, ER, PR and HER2 are those of the tumour in the "
                "lymph node."
            )
        if markers.oncotype_rs is not None:
            if table is PrognosticTable.CLINICAL:
                notes.append("The Oncotype DX score is not used by the clinical prognostic table.")
            elif (
                prow is not None
                and not prow.is_oncotype_rule
                and markers.oncotype_rs < oncotype_rule().cutoff
            ):
                notes.append(oncotype_rule_note())
    return {
        "prognostic": prow.stage if prow else None,
        "prognostic_table": table.value if table else None,
        "prognostic_reason": None
        if prow
        else (reason[0].upper() + reason[1:] if reason else reason),
        "prognostic_row": prow,
    }
