"""ER, PR and HER2 from raw pathology results: status, HER2 category and subtype.

Implements, as data under ``breastcancer_kit/data``:

* ``receptor_thresholds.csv``: every numeric threshold, stored once (ER/PR positive at
  >= 1 % of nuclei and ER low positive up to 10 %, ASCO/CAP ER/PR 2020; the dual-probe
  HER2 ISH ratio and copy-number thresholds, ASCO/CAP HER2 2018, affirmed 2023);
* ``her2_ish_groups.csv``: ISH groups 1-5 from the ratio band and copy-number band;
* ``her2_rules.csv``: HER2 status and category for every IHC score x ISH result (30 rows).

HER2-low, HER2-ultralow and HER2-0 are labels for choosing therapy: they never change
HER2-negative status or the stage. For education only.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from .. import data
from ..errors import ReceptorError
from ..limits import MAX_ISH_VALUE, bounded_text, preview
from ..vocabulary import ReceptorStatus
from .inputs import read_number
from .subtypes import NO_SUBTYPE, Subtype, likely_response, subtype_of

__all__ = [
    "HER2IHC",
    "HER2Category",
    "ReceptorResult",
    "ReceptorStatus",
    "her2_rules",
    "ish_group",
    "receptor_status",
    "threshold",
]


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
    EQUIVOCAL = ReceptorStatus.EQUIVOCAL.value


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
_CATEGORY_NOTES = {
    HER2Category.LOW: (
        "HER2-low is a label used to choose therapy, set by trial entry rules and drug labels "
        "(trastuzumab deruxtecan: DESTINY-Breast04 after chemotherapy; DESTINY-Breast06 after "
        "endocrine therapy in hormone-receptor-positive disease), not an ASCO/CAP result "
        "category: the tumour stays HER2-negative and the stage does not change."
    ),
    HER2Category.ULTRALOW: (
        "HER2-ultralow (faint, partial staining in a few cells) is a label used to choose "
        "therapy in hormone-receptor-positive disease only (trastuzumab deruxtecan after "
        "endocrine therapy, DESTINY-Breast06 and its drug label); it has no approved use in "
        "triple-negative disease. The tumour stays HER2-negative and the stage does not change."
    ),
    HER2Category.ZERO: (
        "HER2-0 (no membrane staining) falls outside the HER2-low and ultralow trials; like "
        "them it is HER2-negative, and the stage does not change."
    ),
}


# ------------------------------------------------------------------ data access


@cache
def _thresholds() -> dict[str, float]:
    return {row["name"]: float(row["value"]) for row in data.rows("receptor_thresholds")}


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
    return {(r["ratio_band"], r["copies_band"]): r for r in data.rows("her2_ish_groups")}


@cache
def _her2_rules() -> dict[tuple[str, str], dict[str, str]]:
    return {(r["ihc"], r["ish_group"]): r for r in data.rows("her2_rules")}


def her2_rules() -> tuple[dict[str, str], ...]:
    """Every row of the HER2 rule table (IHC score x ISH result), as dicts of text.

    Examples
    --------
    >>> rows = her2_rules()
    >>> len(rows), rows[0]["ihc"], rows[0]["ish_group"], rows[0]["her2_category"]
    (30, '0', 'none', 'HER2-0')
    """
    return tuple(dict(r) for r in data.rows("her2_rules"))


# ------------------------------------------------------------------ input reading


def _ihc(value: object) -> HER2IHC:
    allowed = [s.value for s in HER2IHC]
    if isinstance(value, HER2IHC):
        return value
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ReceptorError(
            "unknown HER2 IHC score", field="her2_ihc", value=preview(value), allowed=allowed
        )
    # An integer is looked up by value (str() of a huge one would raise), text once bounded.
    key = value if isinstance(value, int) else bounded_text(value, "her2_ihc", ReceptorError)
    if isinstance(key, int):
        found = _IHC_WORDS.get(str(key)) if 0 <= key < len(HER2IHC) else None
    else:
        found = _IHC_WORDS.get(key.strip().lower().replace(" ", ""))
    if found is None:
        raise ReceptorError(
            "unknown HER2 IHC score", field="her2_ihc", value=preview(value), allowed=allowed
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
    top = f"{MAX_ISH_VALUE:g}"
    ratio = read_number(ratio, "her2_ish_ratio", low=0.0, high=MAX_ISH_VALUE, allowed=f"0 to {top}")
    copies = read_number(
        copies, "her2_copy_number", low=0.0, high=MAX_ISH_VALUE, allowed=f"0 to {top}"
    )
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
        """Teaching notes: ER low positive, ER-negative PR-positive, HER2-low/ultralow, ISH."""
        out = []
        if self.er_low:
            out.append(
                f"ER low positive ({threshold('er_positive_min'):g}-"
                f"{threshold('er_low_positive_max'):g} % of nuclei): counted as positive, but "
                "ASCO/CAP 2020 notes that data on endocrine benefit are limited and that such "
                "tumours are varied and often behave like ER-negative cancers, so the guide's "
                "'usually responds to hormone therapy' may not hold; the options for "
                "triple-negative disease are usually discussed too."
            )
        if self.er is ReceptorStatus.NEGATIVE and self.pr is ReceptorStatus.POSITIVE:
            out.append(
                f"ER-negative (below {threshold('er_positive_min'):g} %) but PR-positive: "
                "counted as hormone-receptor-positive, as SEER counts ER and/or PR, but this "
                "pattern is rare, is often not confirmed when retested, and in several studies "
                "behaves more like hormone-receptor-negative disease; the benefit of endocrine "
                "therapy is uncertain."
            )
        if self.her2_category in _CATEGORY_NOTES:
            out.append(_CATEGORY_NOTES[self.her2_category])
        if self.her2 is ReceptorStatus.EQUIVOCAL:
            out.append("HER2 equivocal: ISH needed on the same specimen; no subtype until then.")
        return tuple(out)

    @property
    def subtype_label(self) -> str:
        """The subtype, or why there is none."""
        return self.subtype.value if self.subtype else NO_SUBTYPE

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
    er = read_number(er_percent, "er_percent", low=0.0, high=100.0, allowed=_PERCENT_RANGE)
    pr = read_number(pr_percent, "pr_percent", low=0.0, high=100.0, allowed=_PERCENT_RANGE)
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
        hr_status = ReceptorStatus.POSITIVE if hr else ReceptorStatus.NEGATIVE
        subtype = subtype_of(hr_status, her2)
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
