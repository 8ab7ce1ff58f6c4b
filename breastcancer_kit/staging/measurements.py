"""From measurements to categories: tumour size to T, positive node count to pN.

AJCC 8th edition, breast chapter: the size ranges of ``tnm_categories.csv``, the rounding
convention of ``size_rounding_rules.csv`` and the node-count rules of
``node_count_rules.csv``. Teaching material only.
"""

from __future__ import annotations

import math
from functools import cache

from .. import data
from ..errors import StagingError
from ..limits import MAX_NODES, MAX_SIZE_MM, bounded_number, preview
from .parsing import Axis, Prefix, _category_defs

__all__ = ["pn_from_positive_nodes", "t_from_size_mm"]


def _check_size(value: object, field_name: str) -> float:
    # Above 0 (no tumour is T0, not a size) and at most MAX_SIZE_MM.
    return bounded_number(
        value, field_name, StagingError, low=0.0, high=MAX_SIZE_MM, low_inclusive=False
    )


_ROUNDING_METHODS = {
    "keep": lambda size, _value: size,
    "set": lambda _size, value: value,
    "nearest-mm": lambda size, _value: float(math.floor(size + 0.5)),  # a half rounds up
}


@cache
def _rounding_rules() -> tuple[tuple[float, bool, float, bool, str, float | None], ...]:
    return tuple(
        (
            float(r["lower_mm"]),
            r["lower_inclusive"] == "yes",
            float(r["upper_mm"]) if r["upper_mm"] else math.inf,
            r["upper_inclusive"] == "yes",
            r["method"],
            float(r["value_mm"]) if r["value_mm"] else None,
        )
        for r in data.rows("size_rounding_rules")
    )


def _rounded(size: float) -> float:
    """Apply ``size_rounding_rules.csv`` to a size above 0 mm."""
    for low, low_in, high, high_in, method, value in _rounding_rules():
        above = size >= low if low_in else size > low
        below = size <= high if high_in else size < high
        if above and below:
            return _ROUNDING_METHODS[method](size, value)
    raise AssertionError("size_rounding_rules.csv does not cover every size")  # pragma: no cover


def t_from_size_mm(size_mm: float, *, round_to_mm: bool = True, prefix: str = "") -> str:
    """T category of an invasive tumour from its largest dimension in millimetres.

    Size alone decides T1mi to T3; T4 needs chest-wall or skin findings, and TX/T0/Tis
    are not sizes, so this helper never returns them.

    Parameters
    ----------
    size_mm : float
        Largest dimension of the invasive tumour, greater than 0.
    round_to_mm : bool, default True
        Apply the AJCC rounding convention first: round to the nearest whole
        millimetre, except that sizes above 1 mm and below 2 mm become 2 mm (so they
        are not called microinvasive).
    prefix : {"", "c", "p", "yc", "yp"}
        Prefix to put in front of the result.

    Returns
    -------
    str
        ``"T1mi"``, ``"T1a"``, ``"T1b"``, ``"T1c"``, ``"T2"`` or ``"T3"`` (with prefix).

    Examples
    --------
    >>> [t_from_size_mm(x) for x in (0.8, 1.2, 5, 5.4, 20, 20.5, 50, 51)]
    ['T1mi', 'T1a', 'T1a', 'T1a', 'T1c', 'T2', 'T2', 'T3']
    >>> t_from_size_mm(20.4, round_to_mm=False, prefix="p")
    'pT2'

    """
    size = _check_size(size_mm, "size_mm")
    if not isinstance(prefix, str) or prefix not in ("", *(p.value for p in Prefix)):
        raise StagingError(
            "unknown prefix", field="prefix", value=prefix, allowed=["", *(p.value for p in Prefix)]
        )
    if round_to_mm:
        size = _rounded(size)
    matches = [
        d
        for d in _category_defs()
        if d.axis is Axis.T
        and d.size_min_mm is not None
        and size > d.size_min_mm
        and (d.size_max_mm is None or size <= d.size_max_mm)
    ]
    # T1 (0-20 mm) and T1a (1-5 mm) both contain 3 mm: the narrowest range is the answer.
    best = min(matches, key=lambda d: (d.size_max_mm or math.inf) - d.size_min_mm)
    return prefix + best.code


@cache
def _node_rules() -> tuple[dict[str, str], ...]:
    return data.rows("node_count_rules")


def pn_from_positive_nodes(
    positive_nodes: int, *, largest_deposit_mm: float | None = None, prefix: str = "p"
) -> str:
    """Pathological N category from the number of axillary nodes with tumour.

    Parameters
    ----------
    positive_nodes : int
        Axillary lymph nodes containing tumour (0 or more).
    largest_deposit_mm : float, optional
        Size of the largest nodal deposit. When omitted, at least one deposit is taken
        to be larger than 2 mm (a macrometastasis), as in most pathology reports that
        give only a count.
    prefix : {"p", "yp"}

    Returns
    -------
    str
        ``pN0``, ``pN0(i+)``, ``pN1mi``, ``pN1a``, ``pN2a`` or ``pN3a`` (with the prefix given).

    Examples
    --------
    >>> [pn_from_positive_nodes(k) for k in (0, 1, 3, 4, 9, 10, 25)]
    ['pN0', 'pN1a', 'pN1a', 'pN2a', 'pN2a', 'pN3a', 'pN3a']
    >>> pn_from_positive_nodes(2, largest_deposit_mm=1.5)
    'pN1mi'
    >>> pn_from_positive_nodes(1, largest_deposit_mm=0.1)
    'pN0(i+)'

    """
    if isinstance(positive_nodes, bool) or not isinstance(positive_nodes, int):
        raise StagingError(
            f"expected a whole number of nodes, not {type(positive_nodes).__name__}",
            field="positive_nodes",
            value=positive_nodes,
        )
    if not 0 <= positive_nodes <= MAX_NODES:
        raise StagingError(
            "node count out of range",
            field="positive_nodes",
            value=preview(positive_nodes),
            allowed=[f"0 to {MAX_NODES}"],
        )
    pathological = [Prefix.PATHOLOGICAL.value, Prefix.POST_THERAPY_PATHOLOGICAL.value]
    if prefix not in pathological:
        raise StagingError(
            "node counts give a pathological category",
            field="prefix",
            value=prefix,
            allowed=pathological,
        )
    deposit = None
    if largest_deposit_mm is not None:
        deposit = _check_size(largest_deposit_mm, "largest_deposit_mm")
        if positive_nodes == 0:
            raise StagingError(
                "a deposit size needs at least one node with tumour",
                field="largest_deposit_mm",
                value=largest_deposit_mm,
            )
    for rule in _node_rules():
        lo = int(rule["nodes_min"])
        hi = int(rule["nodes_max"]) if rule["nodes_max"] else None
        if positive_nodes < lo or (hi is not None and positive_nodes > hi):
            continue
        if rule["deposit_min_mm"]:
            dmin = float(rule["deposit_min_mm"])
            dmax = float(rule["deposit_max_mm"]) if rule["deposit_max_mm"] else math.inf
            if deposit is None:
                if dmax != math.inf:  # an unknown deposit size is taken as a macrometastasis
                    continue
            elif not dmin < deposit <= dmax:
                continue
        return prefix + rule["code"]
    raise AssertionError("node_count_rules.csv does not cover every count")  # pragma: no cover
