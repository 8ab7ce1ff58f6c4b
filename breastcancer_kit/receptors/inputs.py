"""Reading numbers from pathology reports: one checked path for every receptor input."""

from __future__ import annotations

from ..errors import ReceptorError
from ..limits import bounded_number

__all__ = ["read_number"]


def read_number(value: object, field: str, *, low: float, high: float, allowed: str) -> float:
    """A finite number within ``[low, high]``, else :class:`ReceptorError` naming the field.

    The one bounded-number check of the kit (:func:`breastcancer_kit.limits.bounded_number`),
    raising the receptor family's error.

    Examples
    --------
    >>> read_number(12, "er_percent", low=0.0, high=100.0, allowed="0-100")
    12.0
    """
    return bounded_number(value, field, ReceptorError, low=low, high=high, allowed=allowed)
