"""Reading numbers from pathology reports: one checked path for every receptor input."""

from __future__ import annotations

import math
from numbers import Real

from ..errors import ReceptorError
from ..limits import preview

__all__ = ["read_number"]


def read_number(
    value: object, field: str, *, low: float, high: float | None, allowed: str
) -> float:
    """A finite number within ``[low, high]``, else :class:`ReceptorError` naming the field.

    Examples
    --------
    >>> read_number(12, "er_percent", low=0.0, high=100.0, allowed="0-100")
    12.0
    """
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ReceptorError("not a number", field=field, value=preview(value), allowed=[allowed])
    # Compared before converting: a huge integer is refused, never overflowed into a float.
    in_range = value >= low and (high is None or value <= high)
    if not in_range or (isinstance(value, float) and not math.isfinite(value)):
        raise ReceptorError("out of range", field=field, value=preview(value), allowed=[allowed])
    return float(value)
