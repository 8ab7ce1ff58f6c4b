"""The four receptor subtypes and the guide's Table 3 (likely response), as data.

``receptor_subtypes.csv`` maps hormone-receptor and HER2 status to a subtype and the
guide's "likely response" line, in our own words. Layer: the bottom of
:mod:`breastcancer_kit.receptors`. For education only.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache

from .. import data
from ..errors import ReceptorError
from ..vocabulary import ReceptorStatus

__all__ = ["NO_SUBTYPE", "Subtype", "coerce_subtype", "likely_response", "subtype_of"]

#: Why a result with HER2 still equivocal has no subtype.
NO_SUBTYPE = "no subtype while HER2 is equivocal: ISH needed first"


class Subtype(StrEnum):
    """The four receptor subtypes (HR-positive means ER and/or PR positive)."""

    HR_POS_HER2_NEG = "HR+/HER2-"
    HR_POS_HER2_POS = "HR+/HER2+"
    HR_NEG_HER2_POS = "HR-/HER2+"
    TRIPLE_NEGATIVE = "triple-negative"


@cache
def _subtypes() -> dict[tuple[str, str], dict[str, str]]:
    return {(r["hr"], r["her2"]): r for r in data.rows("receptor_subtypes")}


def subtype_of(hr: ReceptorStatus, her2: ReceptorStatus) -> Subtype:
    """The subtype for a hormone-receptor and a settled HER2 status (``receptor_subtypes.csv``).

    Examples
    --------
    >>> subtype_of(ReceptorStatus.NEGATIVE, ReceptorStatus.NEGATIVE).value
    'triple-negative'
    """
    key = (ReceptorStatus(hr).value, ReceptorStatus(her2).value)
    if key not in _subtypes():
        raise ReceptorError(
            "no subtype for this combination", field="her2", value=her2,
            allowed=[s.value for s in ReceptorStatus.binary()],
        )  # fmt: skip
    return Subtype(_subtypes()[key]["subtype"])


def coerce_subtype(value: object) -> Subtype:
    """A :class:`Subtype` from a subtype, its text, or a result that carries one.

    A result (anything with ``.subtype`` and ``.describe()``, such as a
    :class:`~breastcancer_kit.receptors.ReceptorResult`) whose HER2 is still equivocal has
    no subtype: that raises.

    Examples
    --------
    >>> coerce_subtype("HR+/HER2-") is Subtype.HR_POS_HER2_NEG
    True
    """
    if hasattr(value, "subtype") and hasattr(value, "describe"):
        if value.subtype is None:
            raise ReceptorError(NO_SUBTYPE, field="subtype", value=value.describe())
        return Subtype(value.subtype)
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
    sub = coerce_subtype(subtype)
    return next(r["likely_response"] for r in _subtypes().values() if r["subtype"] == sub)
