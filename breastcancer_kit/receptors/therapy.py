"""Treatment classes by subtype, line and biomarker (classes, not doses), each row cited.

``treatment_classes.csv`` holds one row per class and setting: the subtype, the condition
that makes it relevant (a HER2 category, a germline BRCA variant, a PD-L1 score at the
row's cut-off, an ESR1 mutation, a PIK3CA/AKT1/PTEN alteration, brain metastases, no
candidacy for immunotherapy, ER low positive, male sex), the line of treatment, the pivotal
trial or guideline with its DOI, and the regulatory status and date. The PD-L1 cut-off and
its assay are columns of the table, never literals here. Current to the ``as_of`` date of
the table's provenance record. For education only: never a treatment recommendation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from .. import data
from ..errors import ReceptorError
from ..limits import preview
from .inputs import read_number
from .status import HER2Category, ReceptorResult
from .subtypes import Subtype, coerce_subtype

__all__ = [
    "BiomarkerTest",
    "PathwayGene",
    "TreatmentClass",
    "TreatmentCondition",
    "TreatmentLine",
    "TreatmentOptions",
    "biomarker_tests",
    "treatment_classes",
    "treatment_options",
]


class TreatmentCondition(StrEnum):
    """What, beyond the subtype, makes a treatment class relevant."""

    ANY = "any"
    HER2_LOW = "HER2-low"
    HER2_ULTRALOW = "HER2-ultralow"
    GERMLINE_BRCA = "germline BRCA"
    #: PD-L1 at or above the row's ``cutoff`` with the row's ``assay`` (KEYNOTE-355: CPS 10).
    PDL1_POSITIVE = "PD-L1 positive"
    NOT_IMMUNOTHERAPY_CANDIDATE = "not a candidate for immunotherapy"
    ESR1_MUTATION = "ESR1 mutation"
    PIK3CA_AKT1_PTEN = "PIK3CA, AKT1 or PTEN alteration"
    PIK3CA_MUTATION = "PIK3CA mutation"
    BRAIN_METASTASES = "brain metastases"
    ER_LOW = "ER low positive"
    MALE = "male"


class TreatmentLine(StrEnum):
    """The line of treatment for advanced disease a row belongs to."""

    ANY = "any line"
    FIRST = "first line"
    LATER = "second or later line"


class PathwayGene(StrEnum):
    """Genes of the PI3K-AKT pathway whose alteration selects a targeted class."""

    PIK3CA = "PIK3CA"
    AKT1 = "AKT1"
    PTEN = "PTEN"


# Short spellings accepted for a line (a vocabulary, not a rule).
_LINE_WORDS = {"first": TreatmentLine.FIRST, "later": TreatmentLine.LATER,
               "second": TreatmentLine.LATER, "any": TreatmentLine.ANY}  # fmt: skip


#: The data's mark for a regulatory fact the kit could not verify.
_UNVERIFIED = "UNVERIFIED"


def _in_words(value: str, what: str) -> str:
    """``value`` with the data's mark as words: "date not verified", "... not verified"."""
    if value == _UNVERIFIED:
        return f"{what} not verified"
    return value.replace(_UNVERIFIED, "not verified")


@dataclass(frozen=True)
class TreatmentClass:
    """One education-only treatment class for a subtype, with its evidence and status.

    Attributes
    ----------
    line : TreatmentLine
        First line, second or later, or any line of treatment for advanced disease.
    fda_status, fda_date, ema_status : str
        Regulatory status as read in the sources (``UNVERIFIED`` where not read).
    cutoff : float or None
        The biomarker cut-off of a PD-L1 row (combined positive score), else None.
    assay : str
        The assay the cut-off belongs to.
    """

    subtype: Subtype
    condition: TreatmentCondition
    treatment_class: str
    what_it_means: str
    evidence: str
    url: str
    line: TreatmentLine = TreatmentLine.ANY
    fda_status: str = ""
    fda_date: str = ""
    ema_status: str = ""
    cutoff: float | None = None
    assay: str = ""
    note: str = ""

    @property
    def condition_text(self) -> str:
        """The condition in words, with the PD-L1 cut-off and assay where the row has one."""
        if self.cutoff is None:
            return self.condition.value
        return f"{self.condition.value}: CPS >= {self.cutoff:g} by {self.assay}"

    @property
    def regulatory(self) -> str:
        """FDA status and date, and the EMA status, in one line, in words for a reader.

        The data mark what the kit could not verify ``UNVERIFIED``; here that reads "not
        verified".

        Examples
        --------
        >>> option = TreatmentClass(
        ...     Subtype.TRIPLE_NEGATIVE, TreatmentCondition.ANY, "chemotherapy", "", "", "",
        ...     fda_status="approved", fda_date="UNVERIFIED", ema_status="UNVERIFIED")
        >>> option.regulatory
        'FDA approved (date not verified); EMA status not verified'
        """
        date, ema = _in_words(self.fda_date, "date"), _in_words(self.ema_status, "status")
        return f"FDA {_in_words(self.fda_status, 'status')} ({date}); EMA {ema}"

    def explain(self) -> str:
        """One line: class, why it applies, line, meaning, evidence and regulatory status."""
        why = "" if self.condition is TreatmentCondition.ANY else f" (because {self.condition})"
        cut = "" if self.cutoff is None else f", PD-L1 CPS >= {self.cutoff:g} by {self.assay}"
        return (
            f"{self.treatment_class}{why}, {self.line}{cut}: {self.what_it_means}. "
            f"Evidence: {self.evidence}. Status: {self.regulatory}."
        )


@cache
def _treatments() -> tuple[TreatmentClass, ...]:
    return tuple(
        TreatmentClass(
            subtype=Subtype(r["subtype"]),
            condition=TreatmentCondition(r["condition"]),
            treatment_class=r["treatment_class"],
            what_it_means=r["what_it_means"],
            evidence=r["evidence"],
            url=r["url"],
            line=TreatmentLine(r["line"]),
            fda_status=r["fda_status"],
            fda_date=r["fda_date"],
            ema_status=r["ema_status"],
            cutoff=float(r["cutoff"]) if r["cutoff"] else None,
            assay=r["assay"],
            note=r["note"],
        )
        for r in data.rows("treatment_classes")
    )


def _line(value: object) -> TreatmentLine | None:
    if value is None:
        return None
    if isinstance(value, TreatmentLine):
        return value
    allowed = [v.value for v in TreatmentLine] + sorted(_LINE_WORDS)
    if isinstance(value, str):
        key = value.strip().lower()
        if key in _LINE_WORDS:
            return _LINE_WORDS[key]
        try:
            return TreatmentLine(key)
        except ValueError:
            pass
    raise ReceptorError("unknown line", field="line", value=preview(value), allowed=allowed)


def _genes(value: object) -> frozenset[PathwayGene | None]:
    """The altered pathway genes: True means an alteration of unstated gene (None)."""
    if value is None or value is False:
        return frozenset()
    if value is True:
        return frozenset({None})
    items = [value] if isinstance(value, str | PathwayGene) else value
    if not isinstance(items, Iterable):
        items = [items]
    out: set[PathwayGene | None] = set()
    for item in items:
        try:
            out.add(PathwayGene(str(item).strip().upper()))
        except ValueError:
            raise ReceptorError(
                "unknown pathway gene", field="pik3ca_akt1_pten", value=preview(item),
                allowed=["True", *[g.value for g in PathwayGene]],
            ) from None  # fmt: skip
    return frozenset(out)


def treatment_classes(
    subtype: object,
    *,
    her2_category: object = None,
    germline_brca: bool = False,
    pdl1_positive: bool = False,
    line: object = None,
    esr1_mutation: bool = False,
    pik3ca_akt1_pten: object = False,
    pdl1_cps: float | None = None,
    brain_metastases: bool = False,
    immunotherapy_eligible: bool | None = None,
    er_low: bool | None = None,
    male: bool = False,
) -> tuple[TreatmentClass, ...]:
    """Education-only treatment classes for a subtype, its biomarkers and the line.

    Parameters
    ----------
    subtype : Subtype, str or ReceptorResult
        A result brings its own HER2 category and ER-low flag.
    her2_category : HER2Category or str, optional
    germline_brca : bool
        A germline BRCA1/2 pathogenic variant is known.
    pdl1_positive : bool
        PD-L1 positive by the approved test at the row's cut-off (kept for older calls;
        ``pdl1_cps`` is more precise and wins when both are given).
    line : {"first line", "second or later line", "any line"}, optional
        Only rows for this line and rows for any line (``"first"`` and ``"later"`` are
        accepted); all rows when not given or ``"any line"``.
    esr1_mutation : bool
    pik3ca_akt1_pten : bool, str or iterable of str
        ``True`` for an alteration of unstated gene (AKT-inhibitor rows only), or the
        altered genes (``"PIK3CA"``, ``"AKT1"``, ``"PTEN"``): PIK3CA also brings the
        PI3K-alpha rows.
    pdl1_cps : float, optional
        PD-L1 combined positive score (0-100); compared with each row's cut-off.
    brain_metastases : bool
    immunotherapy_eligible : bool, optional
        False brings the rows for people who cannot receive a PD-1/PD-L1 antibody and
        removes the immunotherapy rows; None (unknown) leaves both as the PD-L1 input says.
    er_low : bool, optional
        ER low positive; a result brings its own.
    male : bool
        Breast cancer in a man (endocrine therapy differs).

    Raises
    ------
    ReceptorError
        Unknown subtype, line or gene, a CPS outside 0-100, or a result whose HER2 is
        still equivocal.

    Examples
    --------
    >>> for t in treatment_classes("triple-negative", pdl1_cps=12, line="first"):
    ...     print(t.treatment_class)
    chemotherapy
    immunotherapy with chemotherapy
    TROP2 antibody-drug conjugate with immunotherapy (sacituzumab govitecan and pembrolizumab)
    >>> [t.treatment_class for t in treatment_classes("triple-negative", pdl1_cps=5)][:2]
    ['chemotherapy', 'TROP2 antibody-drug conjugate (sacituzumab govitecan)']
    >>> from breastcancer_kit.receptors import receptor_status
    >>> r = receptor_status(90, 50, "1+")
    >>> "antibody-drug conjugate (trastuzumab deruxtecan)" in [
    ...     t.treatment_class for t in treatment_classes(r)]
    True
    """
    sub = coerce_subtype(subtype)
    if isinstance(subtype, ReceptorResult):
        if her2_category is None:
            her2_category = subtype.her2_category
        if er_low is None:
            er_low = subtype.er_low
    category = None
    if her2_category is not None:
        try:
            category = HER2Category(her2_category)
        except ValueError:
            raise ReceptorError(
                "unknown HER2 category",
                field="her2_category",
                value=her2_category,
                allowed=[c.value for c in HER2Category],
            ) from None
    wanted_line = _line(line)
    genes = _genes(pik3ca_akt1_pten)
    cps = None
    if pdl1_cps is not None:
        cps = read_number(pdl1_cps, "pdl1_cps", low=0.0, high=100.0, allowed="a CPS from 0 to 100")
    eligible = None if immunotherapy_eligible is None else bool(immunotherapy_eligible)
    if wanted_line is TreatmentLine.ANY:
        wanted_line = None

    def pdl1_meets(row: TreatmentClass) -> bool:
        if eligible is False:
            return False
        if cps is not None:
            return row.cutoff is not None and cps >= row.cutoff
        return bool(pdl1_positive)

    active = {
        TreatmentCondition.ANY: True,
        TreatmentCondition.HER2_LOW: category is HER2Category.LOW,
        TreatmentCondition.HER2_ULTRALOW: category is HER2Category.ULTRALOW,
        TreatmentCondition.GERMLINE_BRCA: bool(germline_brca),
        TreatmentCondition.NOT_IMMUNOTHERAPY_CANDIDATE: eligible is False,
        TreatmentCondition.ESR1_MUTATION: bool(esr1_mutation),
        TreatmentCondition.PIK3CA_AKT1_PTEN: bool(genes),
        TreatmentCondition.PIK3CA_MUTATION: PathwayGene.PIK3CA in genes,
        TreatmentCondition.BRAIN_METASTASES: bool(brain_metastases),
        TreatmentCondition.ER_LOW: bool(er_low),
        TreatmentCondition.MALE: bool(male),
    }
    out = []
    for row in _treatments():
        if row.subtype is not sub:
            continue
        if wanted_line is not None and row.line not in (TreatmentLine.ANY, wanted_line):
            continue
        hit = (
            pdl1_meets(row)
            if row.condition is TreatmentCondition.PDL1_POSITIVE
            else active[row.condition]
        )
        if hit:
            out.append(row)
    return tuple(out)


# ------------------------------------------------------------ by line and biomarker (lesson 09)


@dataclass(frozen=True)
class BiomarkerTest:
    """A biomarker test that brings treatment conditions into view, and when it is done.

    One row of ``biomarker_tests.csv``. ``unlocks`` are the conditions of
    ``treatment_classes.csv`` whose rows the result decides.
    """

    biomarker: str
    subtypes: tuple[Subtype, ...]
    unlocks: tuple[TreatmentCondition, ...]
    test: str
    when: str
    evidence: str
    url: str
    note: str = ""

    def explain(self) -> str:
        """One line: the test, when it is done, and its source."""
        return f"{self.biomarker}: {self.test}; when: {self.when}. Source: {self.evidence}."


@cache
def _tests() -> tuple[BiomarkerTest, ...]:
    return tuple(
        BiomarkerTest(
            biomarker=r["biomarker"],
            subtypes=tuple(Subtype(s) for s in r["subtypes"].split(";")),
            unlocks=tuple(TreatmentCondition(c) for c in r["unlocks"].split(";")),
            test=r["test"],
            when=r["when"],
            evidence=r["evidence"],
            url=r["url"],
            note=r["note"],
        )
        for r in data.rows("biomarker_tests")
    )


def biomarker_tests(subtype: object = None) -> tuple[BiomarkerTest, ...]:
    """The biomarker tests of ``biomarker_tests.csv``, all or those that matter for a subtype.

    Examples
    --------
    >>> [t.biomarker for t in biomarker_tests("HR+/HER2-")][:2]
    ['ESR1 mutation', 'PIK3CA, AKT1 or PTEN alteration']
    >>> print(biomarker_tests("triple-negative")[1].when.split(":")[0])
    when advanced triple-negative disease is diagnosed, before first-line treatment
    """
    if subtype is None:
        return _tests()
    sub = coerce_subtype(subtype)
    return tuple(t for t in _tests() if sub in t.subtypes)


@dataclass(frozen=True)
class TreatmentOptions:
    """The treatment classes the table lists for one subtype, line and set of biomarkers.

    Attributes
    ----------
    subtype, line
        As given (the line is first or second-or-later).
    biomarkers : tuple of str
        The biomarker results as read, in words (e.g. ``"PD-L1 CPS 12"``).
    classes : tuple of TreatmentClass
        The rows that apply, in table order.
    tests : tuple of BiomarkerTest
        The tests that matter for this subtype, whether done or not.
    immunotherapy_candidate : bool or None
        For triple-negative disease: True when the CPS reaches the cut-off of the
        immunotherapy rows and nothing excludes a PD-1/PD-L1 antibody, False when it does
        not or something excludes it, None when it is not known (no CPS given).
    """

    subtype: Subtype
    line: TreatmentLine
    biomarkers: tuple[str, ...]
    classes: tuple[TreatmentClass, ...]
    tests: tuple[BiomarkerTest, ...]
    immunotherapy_candidate: bool | None = None

    def unlocked_by(self, row: TreatmentClass) -> BiomarkerTest | None:
        """The test whose result brought this row in (None for a row without a condition)."""
        return next((t for t in self.tests if row.condition in t.unlocks), None)

    @property
    def trials(self) -> tuple[str, ...]:
        """The evidence of each class, in order (one entry per class)."""
        return tuple(row.evidence for row in self.classes)

    def explain(self) -> str:
        """Plain text: the setting, one line per class with its trial, then the tests."""
        given = ", ".join(self.biomarkers) or "no biomarker results given"
        lines = [f"{self.subtype}, {self.line} ({given}):"]
        lines.extend(f"- {row.explain()}" for row in self.classes)
        lines.append("Tests that decide further classes:")
        lines.extend(f"- {t.explain()}" for t in self.tests)
        return "\n".join(lines)


def _her2_band(value: object, sub: Subtype) -> HER2Category | None:
    if value is None:
        return None
    if value is True:
        category = HER2Category.LOW
    elif value is False:
        category = HER2Category.ZERO
    else:
        try:
            category = HER2Category(value)
        except ValueError:
            category = None
    allowed = [HER2Category.ZERO.value, HER2Category.ULTRALOW.value, HER2Category.LOW.value]
    if category is None or category.value not in allowed:
        raise ReceptorError(
            "not a HER2-negative category", field="her2_low", value=preview(value),
            allowed=["True", "False", *allowed],
        )  # fmt: skip
    if sub not in _HER2_NEGATIVE:
        raise ReceptorError(
            f"HER2-low, ultralow and 0 describe HER2-negative disease, not {sub}",
            field="her2_low", value=preview(value), allowed=["None"],
        )  # fmt: skip
    return category


def _flag(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise ReceptorError(
            "expected True or False", field=field, value=preview(value), allowed=["True", "False"]
        )
    return value


# HER2-negative subtypes: the ones for which a HER2-low/ultralow/0 band means something.
_HER2_NEGATIVE = (Subtype.HR_POS_HER2_NEG, Subtype.TRIPLE_NEGATIVE)


def treatment_options(
    subtype: object,
    line: object,
    *,
    esr1: bool = False,
    pik3ca_akt1_pten: object = False,
    gbrca: bool = False,
    pdl1_cps: float | None = None,
    her2_low: object = None,
    brain_mets: bool = False,
    immunotherapy_excluded: bool = False,
) -> TreatmentOptions:
    """Education-only: the treatment classes the table lists for a line and biomarker set.

    The rows and their cut-offs come from ``treatment_classes.csv`` and the tests from
    ``biomarker_tests.csv``; nothing here is a rule of its own. Whether someone with
    triple-negative disease is a candidate for immunotherapy is read from the PD-L1 rows'
    cut-off for the subtype and line.

    Parameters
    ----------
    subtype : Subtype or str
    line : {"first line", "second or later line"} (or ``"first"``, ``"later"``)
    esr1 : bool
        An ESR1 mutation was found (HR-positive disease, tested at progression).
    pik3ca_akt1_pten : bool, str or iterable of str
        As for :func:`treatment_classes`: the altered genes, or True for an unstated one.
    gbrca : bool
        A germline BRCA1/2 pathogenic variant is known.
    pdl1_cps : float, optional
        PD-L1 combined positive score (0-100); None when not tested.
    her2_low : {"HER2-0", "HER2-ultralow", "HER2-low"}, bool or None
        The HER2-negative band (True means HER2-low, False HER2-0); only for HER2-negative
        subtypes.
    brain_mets : bool
        Brain metastases are known.
    immunotherapy_excluded : bool
        A PD-1/PD-L1 antibody is not an option whatever the CPS (e.g. given shortly before
        for early disease, or a medical reason).

    Raises
    ------
    ReceptorError
        Unknown subtype, a line other than first or later, a CPS outside 0-100, an unknown
        gene, a flag that is not True/False, or a HER2-low band for a HER2-positive subtype.

    Examples
    --------
    >>> o = treatment_options("triple-negative", "first", pdl1_cps=5)
    >>> o.immunotherapy_candidate
    False
    >>> [row.evidence.split(" (")[0] for row in o.classes]
    ['seed guide Table 3 and its triple-negative section', 'ASCENT-03', 'TROPION-Breast02']
    >>> o = treatment_options("HR+/HER2-", "later", esr1=True)
    >>> for row in o.classes:
    ...     if row.condition == "ESR1 mutation":
    ...         print(row.treatment_class)
    oral oestrogen receptor degrader (elacestrant)
    oral oestrogen receptor degrader (imlunestrant)
    >>> o.unlocked_by(o.classes[2]).when.split(",")[0]
    'at recurrence or progression on endocrine therapy (with or without a CDK4/6 inhibitor)'
    """
    sub = coerce_subtype(subtype)
    wanted = _line(line)
    if wanted not in (TreatmentLine.FIRST, TreatmentLine.LATER):
        raise ReceptorError(
            "choose a line", field="line", value=preview(line),
            allowed=[TreatmentLine.FIRST.value, TreatmentLine.LATER.value],
        )  # fmt: skip
    flags = {
        name: _flag(value, name)
        for name, value in (("esr1", esr1), ("gbrca", gbrca), ("brain_mets", brain_mets),
                            ("immunotherapy_excluded", immunotherapy_excluded))
    }  # fmt: skip
    genes = _genes(pik3ca_akt1_pten)
    band = _her2_band(her2_low, sub)
    cps = None
    if pdl1_cps is not None:
        cps = read_number(pdl1_cps, "pdl1_cps", low=0.0, high=100.0, allowed="a CPS from 0 to 100")
    cutoffs = [
        row.cutoff
        for row in _treatments()
        if row.subtype is sub and row.condition is TreatmentCondition.PDL1_POSITIVE
        and row.line in (TreatmentLine.ANY, wanted) and row.cutoff is not None
    ]  # fmt: skip
    candidate: bool | None = None
    if cutoffs:
        if flags["immunotherapy_excluded"]:
            candidate = False
        elif cps is not None:
            candidate = cps >= min(cutoffs)
    classes = treatment_classes(
        sub,
        her2_category=band,
        germline_brca=flags["gbrca"],
        line=wanted,
        esr1_mutation=flags["esr1"],
        pik3ca_akt1_pten=pik3ca_akt1_pten,
        pdl1_cps=cps,
        brain_metastases=flags["brain_mets"],
        immunotherapy_eligible=candidate,
        er_low=False,
    )
    said = []
    if flags["esr1"]:
        said.append("ESR1 mutation")
    if genes:
        names = sorted(g.value for g in genes if g is not None)
        said.append(f"{'/'.join(names) or 'PI3K pathway'} alteration")
    if flags["gbrca"]:
        said.append("germline BRCA1/2")
    if cps is not None:
        said.append(f"PD-L1 CPS {cps:g}")
    if band is not None:
        said.append(band.value)
    if flags["brain_mets"]:
        said.append("brain metastases")
    if flags["immunotherapy_excluded"]:
        said.append("immunotherapy not an option")
    return TreatmentOptions(
        subtype=sub,
        line=wanted,
        biomarkers=tuple(said),
        classes=classes,
        tests=biomarker_tests(sub),
        immunotherapy_candidate=candidate,
    )
