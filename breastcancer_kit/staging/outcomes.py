"""Every staging outcome a frame row can have, precomputed by calling the scalar engine.

:func:`~breastcancer_kit.frames.stage_frame` answers each row with one lookup; this module
holds the two cached tables the lookups come from. Both are filled lazily, by calling the
same functions :func:`~breastcancer_kit.stage` calls (never a second copy of the rules):

* :func:`combine`: one T, N and M category (as :func:`.parsing.read_category` reads them)
  -> the TNM-level answer: an error (post-therapy prefixes mixed), no anatomic stage (and
  the grid's note), or an anatomic stage and the row's *class*. Built with
  :func:`.parsing.tnm_from_categories` and :func:`.anatomic.decide`.
* :func:`class_table`: for one class, the prognostic stage and its reason for every
  combination of biomarker *slots*, obtained from the engine's own prognostic step.

A class is what the prognostic answer can depend on beyond the biomarkers: the anatomic
stage (its row group), the basis (clinical table, pathological table, or post-therapy) and
whether the grouping cell is one the Oncotype DX rule covers. A slot is what the engine
keeps of a biomarker: grade 1-3 or missing; ER and PR positive, negative or missing; HER2
positive, negative, equivocal or missing; an Oncotype DX score missing, below the rule's
cut-off, or not below it. Each slot has a representative value (the rule's own cut-off and
range, the status words), and the engine reads those representatives to fill the table.
The tests compare :func:`~breastcancer_kit.frames.stage_frame` with
:func:`~breastcancer_kit.stage` row by row, over every category and biomarker profile.

Examples
--------
>>> from .parsing import read_category
>>> out = combine(*(read_category(f, v, "p") for f, v in zip("tnm", ["T2", "N0", "M0"])))
>>> out.anatomic, out.key
('IIA', ('pathological', 'IIA', True))
>>> stages, reasons = class_table(out)
>>> stage_labels()[stages[slot_index(grade=3, er="positive", pr="negative",
...                                   her2="negative", oncotype="below")]]
'IA'
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache

import numpy as np

from ..errors import BreastCancerKitError
from ..vocabulary import ReceptorStatus
from .anatomic import StageRow, decide, stage_labels
from .parsing import TNM, Category, tnm_from_categories
from .prognostic import Biomarkers, biomarkers, grades, oncotype_rule
from .result import _prognostic  # the engine's own prognostic step, as stage() runs it

__all__ = [
    "ONCOTYPE_SLOTS",
    "TnmOutcome",
    "category_id",
    "class_table",
    "clear_caches",
    "combine",
    "combine_ids",
    "frame_memo",
    "marker_slot",
    "outcome_of",
    "reason_text",
    "representatives",
    "slot_index",
    "slot_shape",
    "trim_caches",
]

#: Oncotype DX slots: no score, a score below the rule's cut-off, a score not below it.
ONCOTYPE_SLOTS = ("missing", "below", "not below")
_MARKERS = ("grade", "er", "pr", "her2", "oncotype")
# Combinations of the engine's answers kept per process (canonical categories are few; a
# frame of junk never reaches here, since junk fails in read_category).
_MAX_COMBINATIONS = 1 << 16


@cache
def _slot_values() -> dict[str, tuple[object, ...]]:
    """Per biomarker, the value each slot stands for (slot 0: missing)."""
    rule = oncotype_rule()
    if not rule.score_min < rule.cutoff <= rule.score_max:  # pragma: no cover - data check
        raise BreastCancerKitError(
            "the Oncotype DX cut-off is outside the assay's range",
            field="prognostic_oncotype_rule.csv",
            value=rule.cutoff,
        )
    status = ReceptorStatus.binary()
    return {
        "grade": (None, *grades()),
        "er": (None, *status),
        "pr": (None, *status),
        "her2": (None, *status, ReceptorStatus.EQUIVOCAL),
        "oncotype": (None, rule.score_min, rule.cutoff),
    }


def representatives(name: str) -> tuple[object, ...]:
    """The value each slot of a biomarker stands for (slot 0: missing).

    Examples
    --------
    >>> representatives("oncotype")
    (None, 0.0, 11.0)
    """
    return _slot_values()[name]


@cache
def slot_shape() -> tuple[int, ...]:
    """Slots per biomarker, in the order grade, ER, PR, HER2, Oncotype DX.

    Examples
    --------
    >>> slot_shape()
    (4, 3, 3, 4, 3)
    """
    return tuple(len(_slot_values()[name]) for name in _MARKERS)


def marker_slot(name: str, value: object) -> int:
    """The slot of a biomarker as :func:`.prognostic.biomarkers` read it.

    Parameters
    ----------
    name : {"grade", "er", "pr", "her2", "oncotype"}
    value
        The attribute of :class:`.prognostic.Biomarkers` (``oncotype``: ``oncotype_rs``).

    Examples
    --------
    >>> marker_slot("her2", biomarkers(her2="low").her2), marker_slot("oncotype", 30.0)
    (2, 2)
    """
    if value is None:
        return 0
    if name == "oncotype":
        return 1 if value < oncotype_rule().cutoff else 2
    return _slot_values()[name].index(value)


def slot_index(**slots: object) -> int:
    """Flat index into a :func:`class_table` of one slot per biomarker (by value or name).

    Examples
    --------
    >>> slot_index(grade=None, er=None, pr=None, her2=None, oncotype="missing")
    0
    """
    index = 0
    for name, size in zip(_MARKERS, slot_shape(), strict=True):
        value = slots.get(name)
        slot = ONCOTYPE_SLOTS.index(value) if name == "oncotype" else marker_slot(name, value)
        index = index * size + slot
    return index


@cache
def _slot_markers() -> tuple[Biomarkers, ...]:
    """The representative Biomarkers of every slot combination, read by the engine."""
    values = _slot_values()
    return tuple(
        biomarkers(grade=g, er=e, pr=p, her2=h, oncotype_rs=o)
        for g, e, p, h, o in itertools.product(*(values[name] for name in _MARKERS))
    )


@dataclass(frozen=True)
class TnmOutcome:
    """The TNM-level answer for one combination of categories.

    Attributes
    ----------
    anatomic : str or None
        The anatomic stage group.
    reason : str or None
        The error, or why there is no anatomic stage.
    error : bool
        True when the combination itself is refused (then biomarker errors do not show).
    key : (basis, anatomic stage, Oncotype cell) or None
        The class, for a staged combination.
    tnm, row
        The parsed categories and the deciding table row (the class's representative).
    """

    anatomic: str | None
    reason: str | None
    error: bool = False
    key: tuple[str, str, bool] | None = None
    tnm: TNM | None = None
    row: StageRow | None = None


_combinations: dict[tuple[Category, Category, Category], TnmOutcome] = {}


def outcome_of(tnm: TNM) -> TnmOutcome:
    """The TNM-level answer for parsed categories (anatomic stage and class), cached.

    Examples
    --------
    >>> from .parsing import parse_tnm
    >>> outcome_of(parse_tnm("ypT0 ypN0 cM0")).anatomic is None
    True
    """
    key = (tnm.t, tnm.n, tnm.m)
    got = _combinations.get(key)
    if got is None:
        row = decide(tnm)
        if row.stage is None:
            got = TnmOutcome(anatomic=None, reason=row.note)
        else:
            cell = (tnm.t.group, tnm.n.group, tnm.m.group)
            klass = (tnm.basis.value, row.stage, cell in oncotype_rule().cells)
            got = TnmOutcome(anatomic=row.stage, reason=None, key=klass, tnm=tnm, row=row)
        _combinations[key] = got
    return got


def combine(t: Category, n: Category, m: Category) -> TnmOutcome:
    """The TNM-level answer for one T, N and M category read on their own, cached.

    Examples
    --------
    >>> from .parsing import read_category
    >>> combine(read_category("t", "ypT1"), read_category("n", "cN0"),
    ...         read_category("m", "M0")).reason[:44]
    'text: post-therapy (yc/yp) and pre-treatment'
    """
    got = _combinations.get((t, n, m))
    if got is not None:
        return got
    try:
        tnm = tnm_from_categories(t, n, m)
    except BreastCancerKitError as err:
        got = TnmOutcome(anatomic=None, reason=str(err), error=True)
        _combinations[(t, n, m)] = got
        return got
    return outcome_of(tnm)


_categories: list[Category] = []
_category_ids: dict[Category, int] = {}
_by_ids: dict[tuple[int, int, int], TnmOutcome] = {}


def category_id(cat: Category) -> int:
    """A small int standing for a category in :func:`combine_ids` (same category, same id)."""
    got = _category_ids.get(cat)
    if got is None:
        got = _category_ids[cat] = len(_categories)
        _categories.append(cat)
    return got


def combine_ids(t: int, n: int, m: int) -> TnmOutcome:
    """:func:`combine` for categories given by :func:`category_id`, cached by the ids.

    Examples
    --------
    >>> from .parsing import read_category
    >>> ids = [category_id(read_category(f, v)) for f, v in zip("tnm", ["T4d", "N1", "M0"])]
    >>> combine_ids(*ids).anatomic
    'IIIB'
    """
    key = (t, n, m)
    got = _by_ids.get(key)
    if got is None:
        got = _by_ids[key] = combine(_categories[t], _categories[n], _categories[m])
    return got


def trim_caches() -> None:
    """Empty the caches when they have grown past their bound (called between frames)."""
    if max(len(_combinations), len(_by_ids), len(_categories)) > _MAX_COMBINATIONS:
        clear_caches()


_reason_texts: list[str | None] = [None]
_reason_ids: dict[str | None, int] = {None: 0}


def _reason_id(text: str | None) -> int:
    if text not in _reason_ids:
        _reason_ids[text] = len(_reason_texts)
        _reason_texts.append(text)
    return _reason_ids[text]


def reason_text(reason_id: int) -> str | None:
    """The text of a reason id in a :func:`class_table` (0: no reason)."""
    return _reason_texts[reason_id]


_class_tables: dict[tuple[str, str, bool], tuple[np.ndarray, np.ndarray]] = {}


def class_table(outcome: TnmOutcome) -> tuple[np.ndarray, np.ndarray]:
    """Prognostic stage (index into ``stage_labels()``, -1 none) and reason id per slot.

    Both arrays are read-only, of length ``prod(slot_shape())``, indexed by
    :func:`slot_index`. Computed once per class, by the engine's prognostic step on the
    class's representative categories and each slot combination's representative values.

    Raises
    ------
    BreastCancerKitError
        For an outcome without an anatomic stage.
    """
    if outcome.key is None or outcome.tnm is None or outcome.row is None:
        raise BreastCancerKitError("no class: the case has no anatomic stage", field="outcome",
                                   value=outcome.reason)  # fmt: skip
    got = _class_tables.get(outcome.key)
    if got is None:
        labels = stage_labels()
        markers = _slot_markers()
        stages = np.full(len(markers), -1, dtype=np.int8)
        reasons = np.zeros(len(markers), dtype=np.int32)
        for i, marker in enumerate(markers):
            fields = _prognostic(outcome.tnm, outcome.row, marker, [])
            if fields["prognostic"] is not None:
                stages[i] = labels.index(fields["prognostic"])
            reasons[i] = _reason_id(fields["prognostic_reason"])
        stages.flags.writeable = False
        reasons.flags.writeable = False
        got = _class_tables[outcome.key] = (stages, reasons)
    return got


_frame_memo: dict[object, object] = {}
_MAX_FRAME_MEMO = 32


def frame_memo() -> dict[object, object]:
    """A small store for :func:`.frame.stage_frame`: per set of column values, its answers.

    Emptied with the other caches, and when it holds more than a few dozen entries.
    """
    if len(_frame_memo) > _MAX_FRAME_MEMO:
        _frame_memo.clear()
    return _frame_memo


def clear_caches() -> None:
    """Forget every cached combination and class table (for benchmarks of a cold start)."""
    _frame_memo.clear()
    _combinations.clear()
    _class_tables.clear()
    _by_ids.clear()
    _category_ids.clear()
    _categories.clear()
