"""Closed vocabularies shared by more than one domain package, stored once.

The words a receptor result can take (positive, negative, equivocal) are used by the
staging tables (``prognostic_stage_groups.csv`` spells ER, PR and HER2 this way), by the
receptor rules (``her2_rules.csv``, ``receptor_subtypes.csv``) and by every lesson. They
live here, as one enum, and nowhere else.

Examples
--------
>>> ReceptorStatus("positive") is ReceptorStatus.POSITIVE
True
>>> [s.value for s in ReceptorStatus.binary()]
['positive', 'negative']
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["ReceptorStatus"]


class ReceptorStatus(StrEnum):
    """Result of a receptor test (ER, PR or HER2).

    ``EQUIVOCAL`` is a HER2 IHC 2+ result still waiting for ISH: it cannot be staged and
    gives no subtype.
    """

    POSITIVE = "positive"
    NEGATIVE = "negative"
    EQUIVOCAL = "equivocal"

    @classmethod
    def binary(cls) -> tuple[ReceptorStatus, ReceptorStatus]:
        """The two settled results, positive first (the order every table and lesson uses)."""
        return (cls.POSITIVE, cls.NEGATIVE)

    @property
    def sign(self) -> str:
        """``+``, ``-`` or ``?``: the shorthand clinicians write (ER+, HER2-)."""
        return {"positive": "+", "negative": "-"}.get(self.value, "?")
