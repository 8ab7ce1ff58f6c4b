"""One drill case: what it shows, what it asks, and its answer and explanation from the engine.

A :class:`Case` holds the facts of a case (a TNM classification with the measurements behind
it, biomarkers, a receptor report, or a target stage for a reverse question) and never an
answer: :attr:`Case.expected` and :attr:`Case.explanation` ask :func:`~breastcancer_kit.stage`
or :func:`~breastcancer_kit.receptor_status` each time. Descriptions use the category
definitions of ``tnm_categories.csv`` and the suffix meanings of ``tnm_suffixes.csv`` (the
engine's own words), plus the measured sizes and node counts that the engine turns into
categories (:func:`~breastcancer_kit.t_from_size_mm`,
:func:`~breastcancer_kit.pn_from_positive_nodes`).

Layer: above :mod:`.levels`, below :mod:`.generator` and :mod:`.checker`. For education only.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .. import data
from ..receptors import ReceptorResult, receptor_status
from ..receptors.subtypes import NO_SUBTYPE
from ..staging import (
    TNM,
    Axis,
    Basis,
    Prefix,
    StageResult,
    parse_tnm,
    pn_from_positive_nodes,
    stage,
    t_from_size_mm,
)
from ..staging.anatomic import extent_of, grid_rows
from ..staging.parsing import category_defs, group_of, groups
from .levels import NO_STAGE, Ask, Level, Presentation

__all__ = ["Case", "Findings", "ReceptorReport", "category_definition", "example_tnm"]


@cache
def _suffix_meanings() -> dict[str, str]:
    return {r["suffix"]: r["meaning"] for r in data.rows("tnm_suffixes")}


def category_definition(axis: Axis | str, code: str, prefix: Prefix | str) -> str:
    """The plain-language definition of a category as the engine's table words it.

    Examples
    --------
    >>> category_definition("T", "T4a", "c")
    'The tumour has grown into the chest wall; invading or sticking to the pectoral muscle alone is not enough.'
    """  # noqa: E501
    axis, prefix = Axis(axis), Prefix(prefix)
    defs = [d for d in category_defs() if d.axis is axis and d.code == code]
    if not defs:
        group_of(axis, code)  # raises the engine's StagingError naming the codes
    return next((d for d in defs if prefix in d.prefixes), defs[0]).definition


def example_tnm(stage_label: str) -> str:
    """The first cell of the engine's anatomic grid with this stage group, as TNM text.

    Examples
    --------
    >>> example_tnm("IIIB")
    'cT4 cN0 cM0'
    """
    extent_of(stage_label)  # an unknown label raises StagingError naming the stage groups
    rows = [row for m in groups(Axis.M) for row in grid_rows(m) if row.stage == stage_label]
    # The plainest cell makes the best example: T and N assessed, an invasive tumour found, a
    # cell of the grid itself rather than a rule over it (IV: T1 N0 M1, not TX NX M1).
    not_invasive = groups(Axis.T)[1:3]  # T0 and Tis
    rows.sort(key=lambda r: (r.t.endswith("X") or r.n.endswith("X"), r.t in not_invasive,
                             r.rule != "grid"))  # fmt: skip
    if not rows:  # pragma: no cover - every stage label has a cell
        raise AssertionError(f"no grid cell has stage {stage_label}")
    return str(parse_tnm(t=rows[0].t, n=rows[0].n, m=rows[0].m))


@dataclass(frozen=True)
class Findings:
    """The measured facts behind a TNM classification, as a description gives them.

    Attributes
    ----------
    size_mm : float or None
        Largest dimension of the invasive tumour, when the T category is set by size.
    positive_nodes, nodes_examined : int or None
        Axillary nodes with tumour and nodes examined, when pN is set by a count.
    largest_deposit_mm : float or None
        Largest nodal deposit, when the count is given.
    metastasis_sites : tuple of str
        Distant sites (M1 only).
    """

    size_mm: float | None = None
    positive_nodes: int | None = None
    nodes_examined: int | None = None
    largest_deposit_mm: float | None = None
    metastasis_sites: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReceptorReport:
    """Raw receptor results as a pathology report gives them.

    Examples
    --------
    >>> ReceptorReport(80, 0, "2+", 2.4, 5.1).render()
    'ER 80 % of invasive tumour nuclei, PR 0 %, HER2 IHC 2+; dual-probe ISH: HER2/CEP17 ratio 2.4, 5.1 HER2 signals per cell.'
    """  # noqa: E501

    er_percent: float
    pr_percent: float
    her2_ihc: str
    her2_ish_ratio: float | None = None
    her2_copy_number: float | None = None

    def result(self) -> ReceptorResult:
        """The engine's reading of the report (:func:`~breastcancer_kit.receptor_status`)."""
        return receptor_status(
            self.er_percent,
            self.pr_percent,
            self.her2_ihc,
            her2_ish_ratio=self.her2_ish_ratio,
            her2_copy_number=self.her2_copy_number,
        )

    def render(self) -> str:
        """The report in one sentence."""
        text = (
            f"ER {self.er_percent:g} % of invasive tumour nuclei, PR {self.pr_percent:g} %, "
            f"HER2 IHC {self.her2_ihc}"
        )
        if self.her2_ish_ratio is None:
            return text + "; no ISH done."
        return (
            f"{text}; dual-probe ISH: HER2/CEP17 ratio {self.her2_ish_ratio:g}, "
            f"{self.her2_copy_number:g} HER2 signals per cell."
        )


@dataclass(frozen=True)
class Case:
    """One drill case. Build them with :func:`~breastcancer_kit.cases.generate`.

    Attributes
    ----------
    level : Level
        The level the case was drawn at (never ``MIXED``).
    series_level : Level
        The level asked for (``MIXED`` for a mixed series).
    seed, number : int
        The series seed and the case's position in it: together with ``series_level``
        they rebuild the case.
    ask : Ask
        What the student must give.
    presentation : Presentation
        How the case is shown (:meth:`render` gives the other forms too).
    tnm : str or None
        The classification, e.g. ``"pT1c(m) pN1mi(sn) cM0"`` (None for receptor reports
        and reverse questions).
    findings : Findings or None
        The measurements behind ``tnm``, for descriptions.
    grade : int or None
    er, pr, her2 : str or None
        Receptor results for prognostic staging, in the engine's words.
    oncotype_rs : float or None
    report : ReceptorReport or None
        Raw receptor results (receptor cases; some prognostic cases read ER/PR/HER2 here).
    target_stage : str or None
        The stage group a reverse question asks for.
    exact_codes : bool
        For a T, N, M question: the subcategory must match (``T1c``), not only the main
        category (``T1``).
    """

    level: Level
    series_level: Level
    seed: int
    number: int
    ask: Ask
    presentation: Presentation
    tnm: str | None = None
    findings: Findings | None = None
    grade: int | None = None
    er: str | None = None
    pr: str | None = None
    her2: str | None = None
    oncotype_rs: float | None = None
    report: ReceptorReport | None = None
    target_stage: str | None = None
    exact_codes: bool = False

    # ---------------------------------------------------------------- identity

    @property
    def id(self) -> str:
        """``level:seed:number`` of the series: enough to rebuild the case."""
        return f"{self.series_level.value}:{self.seed}:{self.number}"

    # ---------------------------------------------------------------- engine answers

    def parsed(self) -> TNM:
        """The classification as the engine reads it."""
        return parse_tnm(self._tnm())

    def staging(self) -> StageResult:
        """The engine's result for this case (with its biomarkers, if any)."""
        er, pr, her2 = self.biomarkers()
        return stage(
            self._tnm(), grade=self.grade, er=er, pr=pr, her2=her2, oncotype_rs=self.oncotype_rs
        )

    def biomarkers(self) -> tuple[str | None, str | None, str | None]:
        """ER, PR and HER2 for staging: as given, or read from the report by the engine."""
        if self.report is not None and self.ask is not Ask.SUBTYPE:
            r = self.report.result()
            return r.er.value, r.pr.value, r.her2.value
        return self.er, self.pr, self.her2

    def receptors(self) -> ReceptorResult:
        """The engine's reading of the receptor report."""
        if self.report is None:
            raise AttributeError(f"case {self.id} has no receptor report")
        return self.report.result()

    @property
    def expected(self) -> str:
        """The right answer, from the engine (for a reverse question: one of many)."""
        return _EXPECTED[self.ask](self)

    @property
    def explanation(self) -> str:
        """Why, in the engine's words."""
        return _EXPLAIN[self.ask](self)

    # ---------------------------------------------------------------- presentation

    @property
    def question(self) -> str:
        """What the case asks, in one sentence."""
        if self.ask is Ask.REVERSE_TNM:
            return f"Give a T, N and M that is anatomic stage {self.target_stage}."
        if self.ask is Ask.TNM:
            detail = "with subcategories" if self.exact_codes else "main categories are enough"
            return f"Give the T, N and M categories ({detail}), e.g. cT2 cN1 cM0."
        return f"What is the {self.ask.value}?"

    @property
    def text(self) -> str:
        """The case as it is presented (:attr:`presentation`)."""
        return self.render(self.presentation)

    def render(self, presentation: Presentation | str | None = None) -> str:
        """The case as TNM text, a clinical description or a pathology report.

        A receptor case is always a report; a reverse question is its question.

        Examples
        --------
        >>> from breastcancer_kit.cases import Level, generate
        >>> case = generate(3, Level.BASIC)
        >>> case.render("TNM text") == case.tnm or case.tnm is None
        True
        """
        how = Presentation(presentation) if presentation is not None else self.presentation
        if self.ask is Ask.REVERSE_TNM:
            return self.question
        if self.tnm is None:
            return "Pathology report: " + self.report.render() if self.report else ""
        body = {
            Presentation.TNM_TEXT: self._tnm(),
            Presentation.CLINICAL: self._describe(clinical=True),
            Presentation.PATHOLOGY: self._describe(clinical=False),
        }[how]
        return " ".join(part for part in (body, self._markers_text()) if part)

    def _tnm(self) -> str:
        if self.tnm is None:
            raise AttributeError(f"case {self.id} has no TNM classification")
        return self.tnm

    def _markers_text(self) -> str:
        parts = []
        if self.grade is not None:
            parts.append(f"Grade {self.grade}.")
        if self.report is not None:
            parts.append(self.report.render())
        elif self.er is not None:
            parts.append(f"ER {self.er}, PR {self.pr}, HER2 {self.her2}.")
        if self.oncotype_rs is not None:
            parts.append(f"Oncotype DX recurrence score {self.oncotype_rs:g}.")
        return " ".join(parts)

    def _describe(self, *, clinical: bool) -> str:
        tnm = self.parsed()
        f = self.findings or Findings()
        after = tnm.basis is Basis.POST_THERAPY
        if clinical:
            opening = "Clinical findings" + (" after neoadjuvant therapy" if after else "") + ":"
        else:
            opening = "Pathology report" + (" after neoadjuvant therapy" if after else "") + ":"
        return " ".join(
            [opening, _t_sentence(tnm, f, clinical), _n_sentence(tnm, f), _m_sentence(tnm, f)]
        )


# -------------------------------------------------------------------- descriptions


def _lower_first(text: str) -> str:
    # "The tumour ..." -> "the tumour ...", but "N1a or N2a ..." stays as written.
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _t_sentence(tnm: TNM, f: Findings, clinical: bool) -> str:
    t = tnm.t
    multiple = "(m)" in t.suffixes
    if f.size_mm is None:
        text = f"Breast: {_lower_first(category_definition(Axis.T, t.code, t.prefix))}"
        return text + (f" {_suffix_meanings()['(m)']}" if multiple else "")
    how = "examination and imaging show" if clinical else "the specimen contains"
    if multiple:
        return (
            f"Breast: {how} several separate invasive tumours; the largest measures "
            f"{f.size_mm:g} mm at its widest."
        )
    return f"Breast: {how} an invasive tumour measuring {f.size_mm:g} mm at its widest."


def _n_sentence(tnm: TNM, f: Findings) -> str:
    n = tnm.n
    extra = " ".join(_suffix_meanings()[s] for s in n.suffixes)
    if f.positive_nodes is None:
        text = f"Nodes: {_lower_first(category_definition(Axis.N, n.code, n.prefix))}"
    elif f.positive_nodes == 0:
        text = f"Nodes: none of the {f.nodes_examined} axillary lymph nodes examined has tumour."
    else:
        text = (
            f"Nodes: {f.positive_nodes} of {f.nodes_examined} axillary lymph nodes examined "
            f"contain tumour; the largest deposit measures {f.largest_deposit_mm:g} mm."
        )
    return " ".join(part for part in (text, extra) if part)


def _m_sentence(tnm: TNM, f: Findings) -> str:
    m = tnm.m
    if f.metastasis_sites:
        sites = ", ".join(f.metastasis_sites[:-1])
        sites = f"{sites} and {f.metastasis_sites[-1]}" if sites else f.metastasis_sites[-1]
        return f"Distant: imaging shows metastases in the {sites}."
    return f"Distant: {_lower_first(category_definition(Axis.M, m.code, m.prefix))}"


# -------------------------------------------------------------------- expected answers


def _stage_answer(case: Case) -> str:
    return case.staging().anatomic or NO_STAGE


def _prognostic_answer(case: Case) -> str:
    return case.staging().prognostic or NO_STAGE


def _subtype_answer(case: Case) -> str:
    return case.receptors().subtype_label


def _tnm_answer(case: Case) -> str:
    return str(case.parsed())


def _reverse_answer(case: Case) -> str:
    return example_tnm(str(case.target_stage))


def _reread(case: Case) -> str:
    """How the measurements map to categories, in the engine's own results."""
    f, tnm = case.findings, case.parsed()
    if f is None:
        return ""
    out = []
    if f.size_mm is not None:
        out.append(f"{f.size_mm:g} mm is {t_from_size_mm(f.size_mm)}.")
    if f.positive_nodes is not None:
        prefix = tnm.n.prefix.value
        pn = pn_from_positive_nodes(
            f.positive_nodes, largest_deposit_mm=f.largest_deposit_mm, prefix=prefix
        )
        deposit = f", largest deposit {f.largest_deposit_mm:g} mm" if f.positive_nodes else ""
        out.append(f"{f.positive_nodes} node(s) with tumour{deposit}: {pn}.")
    return " ".join(out)


def _explain_stage(case: Case) -> str:
    reread = _reread(case) if case.presentation is not Presentation.TNM_TEXT else ""
    text = case.staging().explain()
    return f"{reread} {case.tnm}: {text}".strip() if reread else text


def _explain_prognostic(case: Case) -> str:
    r = case.staging()
    if case.report is not None:
        return f"{case.report.result().describe()}. {r.explain()}"
    return r.explain()


def _explain_tnm(case: Case) -> str:
    reread = _reread(case)
    return " ".join(p for p in (reread, f"{case.tnm}:", case.staging().explain()) if p)


def _explain_subtype(case: Case) -> str:
    result = case.receptors()
    return result.explain() if result.subtype else f"{NO_SUBTYPE}.\n{result.explain()}"


def _explain_reverse(case: Case) -> str:
    example = example_tnm(str(case.target_stage))
    return f"For example {example}: {stage(example).explain()}"


_EXPECTED = {
    Ask.STAGE: _stage_answer,
    Ask.PROGNOSTIC_STAGE: _prognostic_answer,
    Ask.SUBTYPE: _subtype_answer,
    Ask.TNM: _tnm_answer,
    Ask.REVERSE_TNM: _reverse_answer,
}
_EXPLAIN = {
    Ask.STAGE: _explain_stage,
    Ask.PROGNOSTIC_STAGE: _explain_prognostic,
    Ask.SUBTYPE: _explain_subtype,
    Ask.TNM: _explain_tnm,
    Ask.REVERSE_TNM: _explain_reverse,
}
