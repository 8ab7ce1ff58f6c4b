"""ER, PR and HER2 from raw pathology results; subtypes, treatment classes, testing prompts.

Implements, as data under ``breastcancer_kit/data``:

* ``receptor_thresholds.csv``: every numeric threshold, stored once (ER/PR positive at
  >= 1 % of nuclei and ER low positive up to 10 %, ASCO/CAP ER/PR 2020; the dual-probe
  HER2 ISH ratio and copy-number thresholds, ASCO/CAP HER2 2018, affirmed 2023);
* ``her2_ish_groups.csv``: ISH groups 1-5 from the ratio band and copy-number band;
* ``her2_rules.csv``: HER2 status and category for every IHC score x ISH result (30 rows);
* ``receptor_subtypes.csv``: the four subtypes and the guide's Table 3 (likely response);
* ``treatment_classes.csv``: treatment classes per subtype and modifier, each row cited;
* ``genetic_testing_rules.csv``: the guide's BRCA testing rule and broader current guidance.

The guide's prevalence and age figures and the SEER subtype shares used by the lessons are
statistics tables, loaded with :func:`breastcancer_kit.datasets.load_table`.

HER2-low, HER2-ultralow and HER2-0 are labels for choosing therapy: they never change
HER2-negative status or the stage. Used alongside AJCC 8th-edition staging.

For education only: never use it to make decisions about a patient's care.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from numbers import Real

from . import _data
from .errors import ReceptorError

__all__ = [
    "HER2IHC",
    "GeneticTestingPrompt",
    "HER2Category",
    "ReceptorResult",
    "ReceptorStatus",
    "Sex",
    "Subtype",
    "TreatmentClass",
    "TreatmentCondition",
    "genetic_testing_prompts",
    "her2_rules",
    "ish_group",
    "likely_response",
    "receptor_status",
    "threshold",
    "treatment_classes",
]


class ReceptorStatus(StrEnum):
    """Result of a receptor test."""

    POSITIVE = "positive"
    NEGATIVE = "negative"
    EQUIVOCAL = "equivocal"


class HER2IHC(StrEnum):
    """HER2 immunohistochemistry scores (ASCO/CAP 2018, with the ultralow band below 1+)."""

    ZERO = "0"
    ULTRALOW = ">0<1+"
    ONE = "1+"
    TWO = "2+"
    THREE = "3+"


class HER2Category(StrEnum):
    """HER2 category used to choose therapy (HER2-low and below stay HER2-negative)."""

    POSITIVE = "HER2-positive"
    LOW = "HER2-low"
    ULTRALOW = "HER2-ultralow"
    ZERO = "HER2-0"
    EQUIVOCAL = "equivocal"


class Subtype(StrEnum):
    """The four receptor subtypes (HR-positive means ER and/or PR positive)."""

    HR_POS_HER2_NEG = "HR+/HER2-"
    HR_POS_HER2_POS = "HR+/HER2+"
    HR_NEG_HER2_POS = "HR-/HER2+"
    TRIPLE_NEGATIVE = "triple-negative"


class TreatmentCondition(StrEnum):
    """What, beyond the subtype, makes a treatment class relevant."""

    ANY = "any"
    HER2_LOW = "HER2-low"
    HER2_ULTRALOW = "HER2-ultralow"
    GERMLINE_BRCA = "germline BRCA"
    PDL1_POSITIVE = "PD-L1 positive"


class Sex(StrEnum):
    """Sex as used by the genetic-testing rules."""

    FEMALE = "female"
    MALE = "male"


# Spellings of IHC scores found in pathology reports (a vocabulary, not a threshold).
_IHC_WORDS: dict[str, HER2IHC] = {
    "0": HER2IHC.ZERO,
    "0+": HER2IHC.ZERO,
    "zero": HER2IHC.ZERO,
    "null": HER2IHC.ZERO,
    ">0<1+": HER2IHC.ULTRALOW,
    "0<1+": HER2IHC.ULTRALOW,
    "ultralow": HER2IHC.ULTRALOW,
    "ultra-low": HER2IHC.ULTRALOW,
    "1+": HER2IHC.ONE,
    "1": HER2IHC.ONE,
    "2+": HER2IHC.TWO,
    "2": HER2IHC.TWO,
    "3+": HER2IHC.THREE,
    "3": HER2IHC.THREE,
}

_PERCENT_RANGE = "a number from 0 to 100"
_NO_SUBTYPE = "no subtype while HER2 is equivocal: ISH needed first"
_CATEGORY_NOTES = {
    HER2Category.LOW: (
        "HER2-low is a label used to choose therapy (antibody-drug conjugates such as "
        "trastuzumab deruxtecan): the tumour stays HER2-negative and the stage does not change."
    ),
    HER2Category.ULTRALOW: (
        "HER2-ultralow (faint, partial staining in a few cells) is a label used to choose "
        "therapy (trastuzumab deruxtecan after endocrine therapy): the tumour stays "
        "HER2-negative and the stage does not change."
    ),
    HER2Category.ZERO: (
        "HER2-0 (no membrane staining) falls outside the HER2-low and ultralow trials; like "
        "them it is HER2-negative, and the stage does not change."
    ),
}


# ------------------------------------------------------------------ data access


@cache
def _thresholds() -> dict[str, float]:
    return {row["name"]: float(row["value"]) for row in _data.rows("receptor_thresholds.csv")}


def threshold(name: str) -> float:
    """A threshold from ``receptor_thresholds.csv`` (the one place it is stored).

    Examples
    --------
    >>> threshold("er_positive_min"), threshold("ish_ratio_min")
    (1.0, 2.0)
    """
    table = _thresholds()
    if name not in table:
        raise ReceptorError("unknown threshold", field="name", value=name, allowed=sorted(table))
    return table[name]


@cache
def _ish_groups() -> dict[tuple[str, str], dict[str, str]]:
    return {(r["ratio_band"], r["copies_band"]): r for r in _data.rows("her2_ish_groups.csv")}


@cache
def _her2_rules() -> dict[tuple[str, str], dict[str, str]]:
    return {(r["ihc"], r["ish_group"]): r for r in _data.rows("her2_rules.csv")}


@cache
def _subtypes() -> dict[tuple[str, str], dict[str, str]]:
    return {(r["hr"], r["her2"]): r for r in _data.rows("receptor_subtypes.csv")}


def her2_rules() -> tuple[dict[str, str], ...]:
    """Every row of the HER2 rule table (IHC score x ISH result), as dicts of text.

    Examples
    --------
    >>> rows = her2_rules()
    >>> len(rows), rows[0]["ihc"], rows[0]["ish_group"], rows[0]["her2_category"]
    (30, '0', 'none', 'HER2-0')
    """
    return tuple(dict(r) for r in _data.rows("her2_rules.csv"))


# ------------------------------------------------------------------ input reading


def _number(value: object, field: str, *, low: float, high: float | None, allowed: str) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ReceptorError("not a number", field=field, value=value, allowed=[allowed])
    number = float(value)
    if math.isnan(number) or math.isinf(number) or number < low or (high and number > high):
        raise ReceptorError("out of range", field=field, value=value, allowed=[allowed])
    return number


def _ihc(value: object) -> HER2IHC:
    allowed = [s.value for s in HER2IHC]
    if isinstance(value, HER2IHC):
        return value
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ReceptorError(
            "unknown HER2 IHC score", field="her2_ihc", value=value, allowed=allowed
        )
    found = _IHC_WORDS.get(str(value).strip().lower().replace(" ", ""))
    if found is None:
        raise ReceptorError(
            "unknown HER2 IHC score", field="her2_ihc", value=value, allowed=allowed
        )
    return found


def _band(value: float, *cuts: tuple[str, str]) -> str:
    """Name of the band ``value`` falls in; ``cuts`` are (threshold name, band at or above)."""
    band = "low"
    for name, label in cuts:
        if value >= threshold(name):
            band = label
    return band


def ish_group(ratio: float, copies: float) -> int:
    """Dual-probe ISH group (1-5) from the HER2/CEP17 ratio and mean HER2 copies per cell.

    Examples
    --------
    >>> ish_group(2.0, 4.0), ish_group(2.5, 3.0), ish_group(1.5, 6.0), ish_group(1.9, 5.0)
    (1, 2, 3, 4)
    >>> ish_group(1.99, 3.99)
    5
    """
    ratio = _number(ratio, "her2_ish_ratio", low=0.0, high=None, allowed="a positive number")
    copies = _number(copies, "her2_copy_number", low=0.0, high=None, allowed="a number >= 0")
    key = (
        _band(ratio, ("ish_ratio_min", "high")),
        _band(copies, ("ish_copies_low", "mid"), ("ish_copies_high", "high")),
    )
    return int(_ish_groups()[key]["group"])


# ------------------------------------------------------------------ results


@dataclass(frozen=True)
class ReceptorResult:
    """ER, PR and HER2 read from a pathology report, with the subtype they give.

    Attributes
    ----------
    er_percent, pr_percent : float
        Share of invasive tumour nuclei staining (0-100).
    her2_ihc : HER2IHC
    her2_ish_ratio, her2_copy_number : float or None
        Dual-probe ISH results, both or neither.
    ish_group : int or None
        ASCO/CAP 2018 ISH group 1-5 (None without ISH).
    er, pr : ReceptorStatus
        Positive at or above the threshold in ``receptor_thresholds.csv``.
    er_low : bool
        ER low positive (ASCO/CAP 2020 reporting category).
    her2 : ReceptorStatus
        Positive, negative or equivocal (IHC 2+ with no ISH yet).
    her2_category : HER2Category
    subtype : Subtype or None
        None while HER2 is equivocal.
    her2_rule : str
        The rule row of ``her2_rules.csv`` that decided HER2, in words.
    her2_source : str
        Its citation.
    """

    er_percent: float
    pr_percent: float
    her2_ihc: HER2IHC
    her2_ish_ratio: float | None
    her2_copy_number: float | None
    ish_group: int | None
    er: ReceptorStatus
    pr: ReceptorStatus
    er_low: bool
    her2: ReceptorStatus
    her2_category: HER2Category
    subtype: Subtype | None
    her2_rule: str
    her2_source: str

    @property
    def hr(self) -> ReceptorStatus:
        """Hormone-receptor status: positive when ER or PR is positive."""
        positive = ReceptorStatus.POSITIVE in (self.er, self.pr)
        return ReceptorStatus.POSITIVE if positive else ReceptorStatus.NEGATIVE

    @property
    def likely_response(self) -> str | None:
        """The guide's Table 3 line for the subtype (None while HER2 is equivocal)."""
        return likely_response(self.subtype) if self.subtype else None

    @property
    def notes(self) -> tuple[str, ...]:
        """Teaching notes: ER low positive, HER2-low/ultralow, ISH needed."""
        out = []
        if self.er_low:
            out.append(
                f"ER low positive ({threshold('er_positive_min'):g}-"
                f"{threshold('er_low_positive_max'):g} % of nuclei): counted as positive, but "
                "the benefit of endocrine therapy is less certain and such tumours can behave "
                "like ER-negative ones."
            )
        if self.her2_category in _CATEGORY_NOTES:
            out.append(_CATEGORY_NOTES[self.her2_category])
        if self.her2 is ReceptorStatus.EQUIVOCAL:
            out.append("HER2 equivocal: ISH needed on the same specimen; no subtype until then.")
        return tuple(out)

    @property
    def subtype_label(self) -> str:
        """The subtype, or why there is none."""
        return self.subtype.value if self.subtype else _NO_SUBTYPE

    def describe(self) -> str:
        """One line, e.g. ``ER-positive (low), PR-negative, HER2-negative (HER2-low): HR+/HER2-``.

        Examples
        --------
        >>> receptor_status(5, 0, "1+").describe()
        'ER-positive (low), PR-negative, HER2-negative (HER2-low): HR+/HER2-'
        """
        er = f"ER-{self.er}" + (" (low)" if self.er_low else "")
        her2 = f"HER2-{self.her2}"
        if self.her2_category not in (HER2Category.POSITIVE, HER2Category.EQUIVOCAL):
            her2 += f" ({self.her2_category})"
        return f"{er}, PR-{self.pr}, {her2}: {self.subtype_label}"

    def explain(self) -> str:
        """Plain-language trace: each receptor, the HER2 rule used, the subtype and notes.

        Examples
        --------
        >>> print(receptor_status(80, 0, "2+").explain())  # doctest: +ELLIPSIS
        ER 80 % of nuclei: positive (positive at >= 1 %).
        PR 0 % of nuclei: negative (positive at >= 1 %).
        HER2 IHC 2+, no ISH: equivocal. IHC 2+ is equivocal: ISH needed ...
        Subtype: no subtype while HER2 is equivocal: ISH needed first.
        ...
        """
        lines = [
            f"ER {self.er_percent:g} % of nuclei: {self.er}"
            + (", low positive" if self.er_low else "")
            + f" (positive at >= {threshold('er_positive_min'):g} %).",
            f"PR {self.pr_percent:g} % of nuclei: {self.pr} "
            f"(positive at >= {threshold('pr_positive_min'):g} %).",
        ]
        if self.ish_group is None:
            ish = "no ISH"
        else:
            ish = (
                f"ISH group {self.ish_group} (ratio {self.her2_ish_ratio:g}, "
                f"{self.her2_copy_number:g} HER2 copies per cell)"
            )
        category = (
            f" Category: {self.her2_category}."
            if self.her2_category not in (HER2Category.POSITIVE, HER2Category.EQUIVOCAL)
            else ""
        )
        lines.append(
            f"HER2 IHC {self.her2_ihc}, {ish}: {self.her2}. {self.her2_rule} "
            f"[{self.her2_source[: self.her2_source.index(')') + 1]}].{category}"
        )
        lines.append(f"Subtype: {self.subtype_label}.")
        if self.likely_response:
            lines.append(f"Likely response (guide, Table 3): {self.likely_response}.")
        lines.extend(self.notes)
        return "\n".join(lines)


def receptor_status(
    er_percent: float,
    pr_percent: float,
    her2_ihc: object,
    her2_ish_ratio: float | None = None,
    her2_copy_number: float | None = None,
) -> ReceptorResult:
    """Read ER, PR and HER2 from raw results: status, HER2 category and subtype.

    Parameters
    ----------
    er_percent, pr_percent : float
        Share of invasive tumour nuclei staining, 0-100.
    her2_ihc : {"0", ">0<1+", "1+", "2+", "3+"}
        IHC score; ``"ultralow"`` and the integers 0-3 are accepted too.
    her2_ish_ratio, her2_copy_number : float, optional
        Dual-probe ISH: HER2/CEP17 ratio and mean HER2 signals per cell. Give both or
        neither.

    Returns
    -------
    ReceptorResult

    Raises
    ------
    ReceptorError
        A percentage that is not a number from 0 to 100, an unknown IHC score, a ratio
        without a copy number (or the reverse), a negative ISH value.

    Examples
    --------
    >>> r = receptor_status(95, 80, "1+")
    >>> print(r.er, r.her2, r.her2_category, r.subtype)
    positive negative HER2-low HR+/HER2-
    >>> receptor_status(0, 0, "2+").subtype is None
    True
    >>> print(receptor_status(0, 0, "2+", her2_ish_ratio=1.6, her2_copy_number=6.4).subtype)
    HR-/HER2+
    """
    er = _number(er_percent, "er_percent", low=0.0, high=100.0, allowed=_PERCENT_RANGE)
    pr = _number(pr_percent, "pr_percent", low=0.0, high=100.0, allowed=_PERCENT_RANGE)
    ihc = _ihc(her2_ihc)
    if (her2_ish_ratio is None) != (her2_copy_number is None):
        given, missing = (
            ("her2_ish_ratio", "her2_copy_number")
            if her2_copy_number is None
            else ("her2_copy_number", "her2_ish_ratio")
        )
        raise ReceptorError(
            f"given without {missing}: dual-probe ISH needs both",
            field=given,
            value=her2_ish_ratio if her2_copy_number is None else her2_copy_number,
            allowed=["both her2_ish_ratio and her2_copy_number, or neither"],
        )
    group = None
    if her2_ish_ratio is not None:
        group = ish_group(her2_ish_ratio, her2_copy_number)  # type: ignore[arg-type]
    rule = _her2_rules()[(ihc.value, str(group) if group else "none")]
    her2 = ReceptorStatus(rule["her2"])
    er_status = _status(er, "er_positive_min")
    pr_status = _status(pr, "pr_positive_min")
    hr = ReceptorStatus.POSITIVE in (er_status, pr_status)
    subtype = None
    if her2 is not ReceptorStatus.EQUIVOCAL:
        row = _subtypes()[("positive" if hr else "negative", her2.value)]
        subtype = Subtype(row["subtype"])
    return ReceptorResult(
        er_percent=er,
        pr_percent=pr,
        her2_ihc=ihc,
        her2_ish_ratio=None if her2_ish_ratio is None else float(her2_ish_ratio),
        her2_copy_number=None if her2_copy_number is None else float(her2_copy_number),
        ish_group=group,
        er=er_status,
        pr=pr_status,
        er_low=er_status is ReceptorStatus.POSITIVE and er <= threshold("er_low_positive_max"),
        her2=her2,
        her2_category=HER2Category(rule["her2_category"]),
        subtype=subtype,
        her2_rule=rule["rule"],
        her2_source=rule["source"],
    )


def _status(percent: float, name: str) -> ReceptorStatus:
    return ReceptorStatus.POSITIVE if percent >= threshold(name) else ReceptorStatus.NEGATIVE


def _subtype(value: object) -> Subtype:
    if isinstance(value, ReceptorResult):
        if value.subtype is None:
            raise ReceptorError(_NO_SUBTYPE, field="subtype", value=value.describe())
        return value.subtype
    try:
        return Subtype(value)
    except ValueError:
        raise ReceptorError(
            "unknown subtype", field="subtype", value=value, allowed=[s.value for s in Subtype]
        ) from None


def likely_response(subtype: object) -> str:
    """The guide's Table 3 line for a subtype (in our words).

    Examples
    --------
    >>> likely_response("HR-/HER2+")
    'usually no response to hormone therapy; usually responds to anti-HER2 drugs'
    """
    sub = _subtype(subtype)
    return next(r["likely_response"] for r in _subtypes().values() if r["subtype"] == sub)


# ------------------------------------------------------------------ treatment classes


@dataclass(frozen=True)
class TreatmentClass:
    """One education-only treatment class for a subtype, with its evidence."""

    subtype: Subtype
    condition: TreatmentCondition
    treatment_class: str
    what_it_means: str
    evidence: str
    url: str

    def explain(self) -> str:
        """One line: class, why it applies, and the trial or guideline behind it."""
        why = "" if self.condition is TreatmentCondition.ANY else f" (because {self.condition})"
        return f"{self.treatment_class}{why}: {self.what_it_means}. Evidence: {self.evidence}."


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
        )
        for r in _data.rows("treatment_classes.csv")
    )


def treatment_classes(
    subtype: object,
    *,
    her2_category: object = None,
    germline_brca: bool = False,
    pdl1_positive: bool = False,
) -> tuple[TreatmentClass, ...]:
    """Education-only treatment classes for a subtype and its modifiers (classes, not doses).

    Parameters
    ----------
    subtype : Subtype, str or ReceptorResult
        A result brings its own HER2 category.
    her2_category : HER2Category or str, optional
    germline_brca : bool
        A germline BRCA1/2 pathogenic variant is known.
    pdl1_positive : bool
        PD-L1 positive (relevant for triple-negative disease).

    Raises
    ------
    ReceptorError
        Unknown subtype, or a result whose HER2 is still equivocal.

    Examples
    --------
    >>> for t in treatment_classes("triple-negative", pdl1_positive=True):
    ...     print(t.treatment_class)
    chemotherapy
    antibody-drug conjugate (sacituzumab govitecan)
    immunotherapy with chemotherapy
    >>> r = receptor_status(90, 50, "1+")
    >>> "antibody-drug conjugate (trastuzumab deruxtecan)" in [
    ...     t.treatment_class for t in treatment_classes(r)]
    True
    """
    sub = _subtype(subtype)
    if isinstance(subtype, ReceptorResult) and her2_category is None:
        her2_category = subtype.her2_category
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
    active: dict[TreatmentCondition, bool] = {
        TreatmentCondition.ANY: True,
        TreatmentCondition.HER2_LOW: category is HER2Category.LOW,
        TreatmentCondition.HER2_ULTRALOW: category is HER2Category.ULTRALOW,
        TreatmentCondition.GERMLINE_BRCA: bool(germline_brca),
        TreatmentCondition.PDL1_POSITIVE: bool(pdl1_positive),
    }
    return tuple(t for t in _treatments() if t.subtype is sub and active[t.condition])


# ------------------------------------------------------------------ genetic testing

_AGE_OPS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
}
_SETTINGS = ("recurrent or metastatic",)


@dataclass(frozen=True)
class GeneticTestingPrompt:
    """A reason to offer germline BRCA1/2 testing, and where it comes from."""

    rule: str
    source_kind: str
    prompt: str
    citation: str
    url: str
    broader_than_guide: bool

    def explain(self) -> str:
        """The prompt with its source, flagged when it goes beyond the guide."""
        flag = " [current guidance, broader than the guide]" if self.broader_than_guide else ""
        return f"{self.prompt} ({self.citation}){flag}"


def genetic_testing_prompts(
    subtype: object = None,
    age: float | None = None,
    sex: str = "female",
    recurrent_or_metastatic: bool = False,
) -> tuple[GeneticTestingPrompt, ...]:
    """Germline BRCA1/2 testing prompts that apply: the guide's rule and current guidance.

    Parameters
    ----------
    subtype : Subtype, str, ReceptorResult or None
    age : float, optional
        Age at diagnosis in years; rules with an age limit need it.
    sex : {"female", "male"}
    recurrent_or_metastatic : bool

    Examples
    --------
    >>> [p.rule for p in genetic_testing_prompts("triple-negative", age=45)]
    ['guide_tnbc_under_60', 'asco_sso_65_or_younger', 'nccn_tnbc_any_age']
    >>> [p.rule for p in genetic_testing_prompts("triple-negative", age=62)]
    ['asco_sso_65_or_younger', 'nccn_tnbc_any_age']
    """
    sub = None if subtype is None else _subtype(subtype)
    if age is not None:
        age = _number(age, "age", low=0.0, high=130.0, allowed="a number of years from 0 to 130")
    try:
        sex_value = Sex(sex)
    except ValueError:
        raise ReceptorError(
            "unknown sex", field="sex", value=sex, allowed=[s.value for s in Sex]
        ) from None
    facts = {
        "subtype": sub.value if sub else None,
        "sex": sex_value.value,
        "setting": _SETTINGS[0] if recurrent_or_metastatic else None,
    }
    out = []
    for row in _data.rows("genetic_testing_rules.csv"):
        if any(row[key] not in ("*", facts[key]) for key in facts):
            continue
        if row["age_op"] and (
            age is None or not _AGE_OPS[row["age_op"]](age, float(row["age_limit"]))
        ):
            continue
        out.append(
            GeneticTestingPrompt(
                rule=row["rule"],
                source_kind=row["source_kind"],
                prompt=row["prompt"],
                citation=row["citation"],
                url=row["url"],
                broader_than_guide=row["broader_than_guide"] == "yes",
            )
        )
    return tuple(out)
