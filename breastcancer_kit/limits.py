"""Input bounds shared by every entry point, so that no input can hang or crash a kernel.

These are plausibility bounds on what a student can type, not clinical rules (the rules are
tables in :mod:`breastcancer_kit.data`). Every text field is bounded in length before any
parsing, so all parsing is linear in a short string; every number is checked against a
closed range without converting huge integers to float (which overflows).

Examples
--------
>>> from breastcancer_kit.errors import StagingError
>>> bounded_text("cT2 cN1 cM0", "text", StagingError)
'cT2 cN1 cM0'
>>> try:
...     bounded_text("T2" + "," * 5000, "text", StagingError)
... except StagingError as err:
...     print(err)  # doctest: +ELLIPSIS
text: text is too long: at most 200 characters (got 'T2,,,...'... (5002 characters))
"""

from __future__ import annotations

import math
from numbers import Real

from .errors import BreastCancerKitError

__all__ = [
    "MAX_ISH_VALUE",
    "MAX_NODES",
    "MAX_SIZE_MM",
    "MAX_TEXT_LENGTH",
    "bounded_int",
    "bounded_number",
    "bounded_text",
    "preview",
]

#: The longest text any field accepts: a full classification with every suffix is ~40.
MAX_TEXT_LENGTH = 200
#: The largest tumour size accepted (mm): far above any breast tumour, far below overflow.
MAX_SIZE_MM = 1000.0
#: The most positive nodes accepted (an axilla holds a few dozen).
MAX_NODES = 500
#: The largest HER2/CEP17 ratio or HER2 copy number accepted (reports stay far below).
MAX_ISH_VALUE = 1000.0
_PREVIEW = 40


class _Preview(str):
    """Shown as is in an error message (its repr is the text itself)."""

    def __repr__(self) -> str:
        return str(self)


def preview(value: object) -> object:
    """A value short enough to show in an error message (long values are cut, with a count).

    Examples
    --------
    >>> preview("T2")
    'T2'
    >>> preview(10**400)
    a number with about 401 digits
    """
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**_PREVIEW:
        # Never str() it: Python refuses to print integers over 4,300 digits (ValueError).
        digits = int(abs(value).bit_length() * 0.30103) + 1
        return _Preview(f"a number with about {digits} digits")
    if isinstance(value, str | bytes) and len(value) > _PREVIEW:
        return _Preview(f"{value[:_PREVIEW]!r}... ({len(value)} characters)")
    return value


def bounded_text(value: str, field: str, error: type[BreastCancerKitError]) -> str:
    """``value`` unchanged if it is at most :data:`MAX_TEXT_LENGTH` characters, else ``error``."""
    if len(value) > MAX_TEXT_LENGTH:
        raise error(
            f"text is too long: at most {MAX_TEXT_LENGTH} characters",
            field=field,
            value=preview(value),
        )
    return value


def bounded_number(
    value: object,
    field: str,
    error: type[BreastCancerKitError],
    *,
    low: float,
    high: float,
    low_inclusive: bool = True,
    allowed: str | None = None,
) -> float:
    """``value`` as a float if it is a real number in range, else ``error`` naming the range.

    Bools, NaN, infinities and numbers too large for a float are refused, never converted.
    ``allowed`` replaces the range text shown in the message (e.g. "a CPS from 0 to 100").

    Examples
    --------
    >>> from breastcancer_kit.errors import StagingError
    >>> bounded_number(20, "size_mm", StagingError, low=0, high=1000, low_inclusive=False)
    20.0
    >>> try:
    ...     bounded_number(10**400, "size_mm", StagingError, low=0, high=1000)
    ... except StagingError as err:
    ...     print(err)  # doctest: +ELLIPSIS
    size_mm: number out of range (got a number with about 401 digits); allowed: 0 to 1000 (mm)
    """
    if allowed is None:
        allowed = f"{'over ' if not low_inclusive else ''}{low:g} to {high:g}"
        if "mm" in field:
            allowed += " (mm)"
    if isinstance(value, bool) or not isinstance(value, Real):
        raise error(
            f"expected a number, not {type(value).__name__}",
            field=field,
            value=preview(value),
            allowed=[allowed],
        )
    # Compare before converting: int vs float comparison is exact and never overflows.
    in_range = (value >= low if low_inclusive else value > low) and value <= high
    if not in_range or (isinstance(value, float) and not math.isfinite(value)):
        raise error("number out of range", field=field, value=preview(value), allowed=[allowed])
    return float(value)


def bounded_int(
    value: object,
    field: str,
    error: type[BreastCancerKitError],
    low: int,
    high: int | None = None,
    what: str = "a whole number",
) -> int:
    """``value`` if it is a whole number from ``low`` to ``high``, else ``error`` naming the range.

    ``high=None``: no upper bound. Bools and floats (even ``2.0``) are refused.

    Examples
    --------
    >>> from breastcancer_kit.errors import CaseError
    >>> bounded_int(7, "seed", CaseError, 0, 10)
    7
    >>> try:
    ...     bounded_int(True, "seed", CaseError, 0, 10)
    ... except CaseError as err:
    ...     print(err)
    seed: expected a whole number from 0 to 10 (got True); allowed: 0 to 10
    >>> try:
    ...     bounded_int(-5, "seconds", CaseError, 1, what="whole seconds")
    ... except CaseError as err:
    ...     print(err)
    seconds: expected whole seconds from 1 (got -5); allowed: 1 or more
    """
    allowed = f"{low} or more" if high is None else f"{low} to {high}"
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or value < low
        or (high is not None and value > high)
    ):
        span = f"from {low}" if high is None else f"from {low} to {high}"
        raise error(f"expected {what} {span}", field=field, value=preview(value),
                    allowed=[allowed])  # fmt: skip
    return value
