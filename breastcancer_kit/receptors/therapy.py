"""Treatment classes per subtype and modifier (classes, not doses), each row cited.

``treatment_classes.csv``: endocrine therapy with or without CDK4/6 inhibitors, anti-HER2
antibodies and conjugates, chemotherapy, PARP inhibitors for germline BRCA carriers,
immunotherapy for PD-L1-positive triple-negative disease, conjugates for HER2-low and
ultralow. For education only: never a treatment recommendation.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from .. import data
from ..errors import ReceptorError
from .status import HER2Category, ReceptorResult
from .subtypes import Subtype, coerce_subtype

__all__ = ["TreatmentClass", "TreatmentCondition", "treatment_classes"]


class TreatmentCondition(StrEnum):
    """What, beyond the subtype, makes a treatment class relevant."""

    ANY = "any"
    HER2_LOW = "HER2-low"
    HER2_ULTRALOW = "HER2-ultralow"
    GERMLINE_BRCA = "germline BRCA"
    PDL1_POSITIVE = "PD-L1 positive"


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
        for r in data.rows("treatment_classes")
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
    >>> from breastcancer_kit.receptors import receptor_status
    >>> r = receptor_status(90, 50, "1+")
    >>> "antibody-drug conjugate (trastuzumab deruxtecan)" in [
    ...     t.treatment_class for t in treatment_classes(r)]
    True
    """
    sub = coerce_subtype(subtype)
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
